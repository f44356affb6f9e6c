import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import type { CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness, type SyncSummary } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/** The small district with some users' columns changed. */
function districtWith(changes: Record<string, Record<string, string>>) {
  const files = smallDistrict();
  const users: CsvRows = files['users.csv'].map((row) => ({ ...row, ...changes[row.sourcedId!] }));
  return bundles.write({ ...files, 'users.csv': users });
}

function personOf(exported: DirectoryExport, sisId: string) {
  return exported.people.find((person) => person.roles.some((role) => role.sisId === sisId));
}

function codesOf(summary: SyncSummary, ...codes: string[]) {
  return summary.findings
    .filter((finding) => codes.includes(finding.code))
    .map(({ code, sisId, column }) => ({ code, sisId, column }));
}

describe('guardian eligibility and the phone credential column', () => {
  it('makes the source phone the mobile when phoneCredential is phone, for staff and guardians alike', async () => {
    const bundle = districtWith({
      T1: { phone: '(212) 555-0188' },
      P2: { phone: '415-202-9900' },
    });
    const { districtId, configId } = await createSmallDistrict(cli, bundle);
    expect((await sync(configId)).code).toBe(0);
    let exported = await exportOf(districtId);
    expect(personOf(exported, 'T1')).toMatchObject({ mobile: '+12128675309', homePhone: '+12125550188' });
    expect(personOf(exported, 'P2')).toMatchObject({ mobile: '+14152023344', homePhone: '+14152029900' });

    expect((await cli('config', 'set', configId, 'phoneCredential=phone')).code).toBe(0);
    const { code, summary } = await sync(configId);
    expect(code).toBe(0);
    exported = await exportOf(districtId);
    expect(personOf(exported, 'T1')).toMatchObject({ mobile: '+12125550188', homePhone: '+12128675309' });
    expect(personOf(exported, 'P2')).toMatchObject({ mobile: '+14152029900', homePhone: '+14152023344' });
    // P1's only phone is its sms: it becomes the home phone, and P1 signs in by email.
    expect(personOf(exported, 'P1')).toMatchObject({ mobile: null, homePhone: '+13125550101' });
    // P3 had only an sms, so with the phone column it has no credential left: kept as it was.
    expect(codesOf(summary, 'GUARDIAN_NO_CREDENTIAL')).toEqual([
      { code: 'GUARDIAN_NO_CREDENTIAL', sisId: 'P3', column: null },
    ]);
    expect(personOf(exported, 'P3')).toMatchObject({ mobile: '+16173034455', archived: false });
    expect(summary.counts.guardians).toMatchObject({ archived: 0 });
    expect(summary.counts.guardianLinks).toMatchObject({ archived: 0, skipped: 1 });

    const again = await sync(configId);
    expect(again.summary.counts.staff).toMatchObject({ updated: 0 });
    expect(again.summary.counts.guardians).toMatchObject({ updated: 0, created: 0 });
  });

  it('skips and reports a guardian with neither a valid email nor a mobile, and keeps one synced before', async () => {
    // P4 (Mia's guardian) has only an email; P5 (Sofia's) gets an invalid one.
    const bundle = districtWith({ P5: { email: 'rosa(at)example.com' } });
    const { districtId, configId } = await createSmallDistrict(cli, bundle);
    const first = await sync(configId);
    expect(first.code).toBe(0);
    expect(first.summary.status).toBe('succeeded_with_warnings');
    expect(codesOf(first.summary, 'EMAIL_INVALID', 'GUARDIAN_NO_CREDENTIAL')).toEqual([
      { code: 'EMAIL_INVALID', sisId: 'P5', column: 'email' },
      { code: 'GUARDIAN_NO_CREDENTIAL', sisId: 'P5', column: null },
    ]);
    expect(first.summary.counts.guardians).toMatchObject({ created: 4 });
    expect(first.summary.counts.guardianLinks).toMatchObject({ created: 4 });
    let exported = await exportOf(districtId);
    expect(personOf(exported, 'P5')).toBeUndefined();

    // The next export loses P4's email: P4 stays as it is, linked, until the source fixes it.
    const files = smallDistrict();
    const users = files['users.csv'].map((row) => (row.sourcedId === 'P4' ? { ...row, email: '' } : row));
    const lost = bundles.write({ ...files, 'users.csv': users });
    const second = await sync(configId, '--path', lost);
    expect(codesOf(second.summary, 'GUARDIAN_NO_CREDENTIAL')).toEqual([
      { code: 'GUARDIAN_NO_CREDENTIAL', sisId: 'P4', column: null },
    ]);
    expect(second.summary.counts.guardians).toMatchObject({ created: 1, updated: 0, archived: 0 });
    expect(second.summary.counts.guardianLinks).toMatchObject({ created: 1, archived: 0 });
    exported = await exportOf(districtId);
    const chidi = personOf(exported, 'P4')!;
    expect(chidi).toMatchObject({ email: 'chidi@example.com', archived: false });
    expect(exported.guardianLinks.filter((link) => link.guardianId === chidi.id)).toHaveLength(1);
    expect(personOf(exported, 'P5')).toMatchObject({ email: 'rosa@example.com' });
  });

  it('reports two guardians sharing an email and gives it to neither', async () => {
    // Liam's parents share one address; P3 has a mobile of its own, P5 (Sofia's) has nothing else.
    const bundle = districtWith({
      P2: { email: 'obriens@example.com' },
      P3: { email: 'OBriens@Example.com' },
      P5: { email: 'obriens@example.com' },
    });
    const { districtId, configId } = await createSmallDistrict(cli, bundle);
    const { code, summary } = await sync(configId);
    expect(code).toBe(0);
    expect(codesOf(summary, 'GUARDIAN_CREDENTIAL_CONFLICT', 'GUARDIAN_NO_CREDENTIAL')).toEqual([
      { code: 'GUARDIAN_CREDENTIAL_CONFLICT', sisId: 'P2', column: 'email' },
      { code: 'GUARDIAN_CREDENTIAL_CONFLICT', sisId: 'P3', column: 'email' },
      { code: 'GUARDIAN_CREDENTIAL_CONFLICT', sisId: 'P5', column: 'email' },
    ]);
    expect(summary.findings.find((finding) => finding.sisId === 'P5')?.message).toMatch(
      /no other credential, so the guardian is not synced/,
    );
    const exported = await exportOf(districtId);
    expect(personOf(exported, 'P2')).toMatchObject({ email: null, mobile: '+14152023344' });
    expect(personOf(exported, 'P3')).toMatchObject({ email: null, mobile: '+16173034455' });
    expect(personOf(exported, 'P5')).toBeUndefined();
    expect(summary.counts.guardians).toMatchObject({ created: 4, skipped: 1 });
  });
});
