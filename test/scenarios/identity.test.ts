import { describe, expect, it } from 'vitest';
import { newId } from '../../src/store/new-id.ts';
import type { CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/** A guardian row of the small district's users.csv, linked to student 000104. */
function guardianRow(id: string, given: string, family: string, email: string, sms: string): CsvRows[number] {
  return {
    sourcedId: id,
    enabledUser: 'true',
    orgSourcedIds: 'D1',
    role: 'parent',
    givenName: given,
    familyName: family,
    email,
    sms,
    agentSourcedIds: '000104',
  };
}

function withUsers(
  files: ReturnType<typeof smallDistrict>,
  ...rows: CsvRows
): ReturnType<typeof smallDistrict> {
  return { ...files, 'users.csv': [...files['users.csv'], ...rows] };
}

const codesOf = (findings: { code: string; sisId: string | null }[], code: string): (string | null)[] =>
  findings.filter((finding) => finding.code === code).map((finding) => finding.sisId);

describe('identity: the multi-role rule and unique credentials (SPEC §6)', () => {
  it('a guardian record with the name, email and mobile of a teacher becomes one person with both roles', async () => {
    // Grace Hopper (T1) is also the parent of Noah (000104), under another sourcedId.
    // The guardian record also gives a home phone, which the teacher record lacks.
    const files = withUsers(smallDistrict(), {
      ...guardianRow('G1', 'Grace', 'Hopper', 'ghopper@springfield.example.org', '212-867-5309'),
      phone: '312-555-0142',
    });
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const { code, summary } = await sync(configId);
    expect(code).toBe(0);
    expect(codesOf(summary.findings, 'IDENTITY_MERGED')).toEqual(['G1']);
    const directory = await exportOf(districtId);
    const grace = directory.people.filter((p) => p.givenName === 'Grace');
    expect(grace).toHaveLength(1);
    expect(grace[0]!.homePhone).toBe('+13125550142');
    expect(grace[0]!.roles.map((role) => `${role.role}:${role.sisId}`).sort()).toEqual([
      'guardian:G1',
      'staff:T1',
    ]);
    const noah = directory.people.find((p) => p.givenName === 'Noah')!;
    expect(directory.guardianLinks).toContainEqual(
      expect.objectContaining({ guardianId: grace[0]!.id, studentId: noah.id }),
    );
    // Re-running changes nothing; the guardian leaving archives the role, not the teacher.
    const again = await sync(configId);
    expect(Object.values(again.summary.counts).every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    const { summary: left } = await sync(configId, '--path', bundles.write(smallDistrict()));
    expect(left.counts.guardians!.archived).toBe(1);
    const after = (await exportOf(districtId)).people.find((p) => p.id === grace[0]!.id)!;
    expect(after.archived).toBe(false);
    expect(after.roles.find((role) => role.role === 'guardian')!.archived).toBe(true);
  });

  it('a near-match is kept apart and reported; the shared credential stays with its holder', async () => {
    const files = withUsers(
      smallDistrict(),
      // Same email as the teacher Alan Turing (T2), another name, a mobile of its own.
      guardianRow('G2', 'Alana', 'Turing', 'aturing@springfield.example.org', '312-555-0199'),
      // Same email as the aide Ada Lovelace (T3) and nothing else: no credential left.
      guardianRow('G3', 'Byron', 'Lovelace', 'alovelace@springfield.example.org', ''),
    );
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const { summary } = await sync(configId);
    expect(summary.status).toBe('succeeded_with_warnings');
    expect(codesOf(summary.findings, 'IDENTITY_NEAR_MATCH').sort()).toEqual(['G2', 'G3']);
    expect(codesOf(summary.findings, 'CREDENTIAL_IN_USE')).toEqual(['G2']);
    expect(codesOf(summary.findings, 'GUARDIAN_CREDENTIAL_CONFLICT')).toEqual(['G3']);
    const people = (await exportOf(districtId)).people;
    const alana = people.find((p) => p.givenName === 'Alana')!;
    expect(alana).toMatchObject({ email: null, mobile: '+13125550199' });
    expect(people.find((p) => p.givenName === 'Alan')!.email).toBe('aturing@springfield.example.org');
    expect(people.some((p) => p.givenName === 'Byron')).toBe(false);
    // run show gathers the source values the run did not apply, with why.
    const shown = (await cli('run', 'show', summary.id)).stdout;
    expect(shown).toMatch(/Source values not applied \(\d+\):\n {2}IDENTITY_NEAR_MATCH G2: /);
    expect(shown).toContain('CREDENTIAL_IN_USE G2: Guardian G2 is synced without its email');
    // Nothing to do on a second run: the withheld credential stays withheld.
    const again = await sync(configId);
    expect(Object.values(again.summary.counts).every((c) => c.created === 0 && c.updated === 0)).toBe(true);
  });

  it('a synced guardian whose email changes to another person’s keeps the one on record', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    expect((await sync(configId)).code).toBe(0);
    const users = files['users.csv'].map((row) =>
      row.sourcedId === 'P5' ? { ...row, email: 'dscully@springfield.example.org' } : row,
    );
    const changed = bundles.write({ ...files, 'users.csv': users });
    const { summary } = await sync(configId, '--path', changed);
    expect(codesOf(summary.findings, 'CREDENTIAL_IN_USE')).toEqual(['P5']);
    expect(summary.counts.guardians!.updated).toBe(0);
    const rosa = (await exportOf(districtId)).people.find((p) => p.givenName === 'Rosa')!;
    expect(rosa.email).toBe('rosa@example.com');
    const again = await sync(configId, '--path', changed);
    expect(Object.values(again.summary.counts).every((c) => c.created === 0 && c.updated === 0)).toBe(true);
  });

  it('an existing guardian made by hand whose details match the source keeps their account', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    // Before the first run, the school had added Rosa Rossi (P5) by hand, and she signed in.
    const personId = newId();
    await harness.store.db
      .insertInto('people')
      .values({
        district_id: districtId,
        id: personId,
        given_name: 'Rosa',
        family_name: 'Rossi',
        email: 'rosa@example.com',
        account_state: 'active',
      })
      .execute();
    await harness.store.db
      .insertInto('person_roles')
      .values({ district_id: districtId, id: newId(), person_id: personId, role: 'guardian', kind: 'parent' })
      .execute();
    const { summary } = await sync(configId);
    expect(codesOf(summary.findings, 'IDENTITY_MERGED')).toEqual(['P5']);
    const rosas = (await exportOf(districtId)).people.filter((p) => p.givenName === 'Rosa');
    expect(rosas).toHaveLength(1);
    expect(rosas[0]).toMatchObject({ id: personId, accountState: 'active' });
    expect(rosas[0]!.roles.map((role) => role.sisId).sort()).toEqual(['P5', null].sort());
  });
});
