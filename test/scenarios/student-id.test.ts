import { describe, expect, it } from 'vitest';
import type { CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/** The small district as a SIS that re-issued every student's sourcedId (numbers unchanged). */
function reissuedIds(files: ReturnType<typeof smallDistrict>): ReturnType<typeof smallDistrict> {
  const renamed = (id: string): string => (/^\d{6}$/.test(id) ? `NEW-${id}` : id);
  const renameList = (list: string | undefined): string =>
    (list ?? '')
      .split(',')
      .filter(Boolean)
      .map((id) => renamed(id.trim()))
      .join(',');
  const users: CsvRows = files['users.csv'].map((row) => ({
    ...row,
    sourcedId: renamed(row.sourcedId as string),
    agentSourcedIds: renameList(row.agentSourcedIds as string | undefined),
  }));
  const enrollments: CsvRows = files['enrollments.csv'].map((row) => ({
    ...row,
    userSourcedId: renamed(row.userSourcedId as string),
  }));
  return { ...files, 'users.csv': users, 'enrollments.csv': enrollments };
}

function nothingChanged(counts: Record<string, Record<string, number>>): boolean {
  return Object.values(counts).every((c) => c.created === 0 && c.archived === 0 && c.updated === 0);
}

describe('the Student ID setting', () => {
  it('sis_id (the default): a SIS that re-issues sourcedIds makes new students (and the guard holds the archives)', async () => {
    const files = smallDistrict();
    const { configId } = await createSmallDistrict(cli, bundles.write(files));
    expect((await sync(configId)).code).toBe(0);
    const { summary } = await sync(configId, '--path', bundles.write(reissuedIds(files)));
    expect(summary.counts.students!.created).toBe(8);
    expect(summary.status).toBe('held_threshold');
  });

  it('switching to student_number later matches every student by number: re-keyed, not duplicated, and back again', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    expect((await sync(configId)).code).toBe(0);
    const before = await exportOf(districtId);

    expect((await cli('config', 'set', configId, 'studentId=student_number')).code).toBe(0);
    // Same source, new identity rule: nothing to do.
    const same = await sync(configId);
    expect(same.code).toBe(0);
    expect(nothingChanged(same.summary.counts)).toBe(true);

    // The SIS re-issues every student's sourcedId; numbers (OneRoster identifier) stay.
    const reissued = bundles.write(reissuedIds(files));
    const { code, summary } = await sync(configId, '--path', reissued);
    expect(code).toBe(0);
    expect(summary.counts.students).toMatchObject({ created: 0, archived: 0, updated: 8 });
    expect(summary.counts.memberships).toMatchObject({ created: 0, archived: 0 });
    expect(summary.counts.guardianLinks).toMatchObject({ created: 0, archived: 0 });
    expect(summary.findings.filter((f) => f.code === 'STUDENT_REKEYED')).toHaveLength(8);
    const after = await exportOf(districtId);
    expect(after.people).toHaveLength(before.people.length);
    const ava = after.people.find((p) => p.givenName === 'Ava')!;
    expect(ava.id).toBe(before.people.find((p) => p.givenName === 'Ava')!.id);
    expect(ava.roles.find((role) => role.role === 'student')!.sisId).toBe('NEW-000101');

    // Re-running changes nothing; switching back to sis_id matches the updated SIS ids.
    expect(nothingChanged((await sync(configId, '--path', reissued)).summary.counts)).toBe(true);
    expect((await cli('config', 'set', configId, 'studentId=sis_id')).code).toBe(0);
    expect(nothingChanged((await sync(configId, '--path', reissued)).summary.counts)).toBe(true);
  });

  it('student_number: a student without a number or sharing one is not synced and not archived', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files), {
      settings: ['studentId=student_number'],
    });
    expect((await sync(configId)).code).toBe(0);
    const before = await exportOf(districtId);
    const users = files['users.csv'].map((row) =>
      row.sourcedId === '000101'
        ? { ...row, identifier: '' }
        : row.sourcedId === '000103'
          ? { ...row, identifier: 'S000104' }
          : row,
    );
    const { summary } = await sync(configId, '--path', bundles.write({ ...files, 'users.csv': users }));
    expect(summary.status).toBe('succeeded_with_warnings');
    expect(summary.counts.students).toMatchObject({ created: 0, archived: 0 });
    expect(summary.findings.filter((f) => f.code === 'STUDENT_NUMBER_MISSING').map((f) => f.sisId)).toEqual([
      '000101',
    ]);
    expect(
      summary.findings
        .filter((f) => f.code === 'STUDENT_NUMBER_DUPLICATE')
        .map((f) => f.sisId)
        .sort(),
    ).toEqual(['000103', '000104']);
    // Their memberships and links stay as they were: the records are kept as they are.
    expect(summary.counts.memberships!.archived).toBe(0);
    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived)).toHaveLength(0);
    expect(after.classrooms.map((c) => c.members.length)).toEqual(
      before.classrooms.map((c) => c.members.length),
    );
  });

  it('student_number: a student whose number changes keeps its record (same SIS id, number updated)', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files), {
      settings: ['studentId=student_number'],
    });
    expect((await sync(configId)).code).toBe(0);
    const users = files['users.csv'].map((row) =>
      row.sourcedId === '000202' ? { ...row, identifier: 'S999999' } : row,
    );
    const { summary } = await sync(configId, '--path', bundles.write({ ...files, 'users.csv': users }));
    expect(summary.counts.students).toMatchObject({ created: 0, archived: 0, updated: 1 });
    const ethan = (await exportOf(districtId)).people.find((p) => p.givenName === 'Ethan')!;
    expect(ethan.roles[0]).toMatchObject({ sisId: '000202', studentNumber: 'S999999' });
  });
});
