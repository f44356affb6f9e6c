import { describe, expect, it } from 'vitest';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/** The synced classrooms by SIS id: whether each is archived, and how many members it has. */
async function classroomsOf(
  districtId: string,
): Promise<Record<string, { archived: boolean; members: number }>> {
  const exported = await exportOf(districtId);
  return Object.fromEntries(
    exported.classrooms.map((c) => [c.sisId, { archived: c.archived, members: c.members.length }]),
  );
}

describe('classroom filters', () => {
  it('creates only homerooms with homeroomOnly, and still syncs every student and teacher', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()), {
      settings: ['classroomFilters.homeroomOnly=on'],
    });
    const { code, summary } = await sync(configId);
    expect(code).toBe(0);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.classrooms).toMatchObject({ created: 1, skipped: 2 });
    expect(summary.counts.memberships).toMatchObject({ created: 6 });
    expect(summary.counts.students).toMatchObject({ created: 8 });
    expect(summary.counts.staff).toMatchObject({ created: 4 });
    expect(summary.findings.filter((f) => f.code === 'CLASSROOMS_FILTERED')).toEqual([
      expect.objectContaining({
        severity: 'info',
        value: '2',
        message: expect.stringContaining('(2 by homeroomOnly)'),
      }),
    ]);
    expect(await classroomsOf(districtId)).toEqual({ C1: { archived: false, members: 6 } });

    const again = await sync(configId);
    expect(again.summary.counts.classrooms).toMatchObject({ created: 0, archived: 0, unchanged: 1 });
  });

  it('archives the classrooms a later filter leaves out, keeping their members, and brings them back when it is lifted', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    await sync(configId);
    expect((await cli('config', 'set', configId, 'classroomFilters.subjects=math')).code).toBe(0);

    const filtered = await sync(configId);
    expect(filtered.code).toBe(0);
    expect(filtered.summary.counts.classrooms).toMatchObject({ archived: 2, unchanged: 1, skipped: 2 });
    expect(filtered.summary.counts.memberships).toMatchObject({ archived: 0 });
    expect(filtered.summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'CLASSROOMS_FILTERED',
          message: expect.stringContaining('2 by subjects'),
        }),
      ]),
    );
    expect(await classroomsOf(districtId)).toEqual({
      C1: { archived: true, members: 6 },
      C2: { archived: false, members: 5 },
      C3: { archived: true, members: 3 },
    });
    const quiet = await sync(configId);
    expect(quiet.summary.counts.classrooms).toMatchObject({ archived: 0, unarchived: 0, unchanged: 1 });

    // The sync archived them, so they come back when the filter goes (unarchiveClassrooms is off).
    expect((await cli('config', 'set', configId, '--reset', 'classroomFilters')).code).toBe(0);
    const lifted = await sync(configId);
    expect(lifted.summary.counts.classrooms).toMatchObject({ unarchived: 2, unchanged: 1 });
    expect(lifted.summary.counts.memberships).toMatchObject({ created: 0, archived: 0 });
    expect(Object.values(await classroomsOf(districtId)).every((c) => !c.archived)).toBe(true);
  });

  it('holds a filter change that would archive more classrooms than the threshold allows', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()), {
      settings: ['threshold.classrooms.floor=1'],
    });
    await sync(configId);
    expect((await cli('config', 'set', configId, 'classroomFilters.homeroomOnly=on')).code).toBe(0);

    const { code, summary } = await sync(configId);
    expect(code).toBe(2);
    expect(summary.status).toBe('held_threshold');
    expect(summary.held.classrooms).toEqual({ reason: 'threshold', tried: 2, percent: 66.7, allowed: 1 });
    expect(Object.values(await classroomsOf(districtId)).every((c) => !c.archived)).toBe(true);

    const approved = await cli('--json', 'approve', summary.id);
    expect(approved.code, approved.stderr).toBe(0);
    expect(await classroomsOf(districtId)).toEqual({
      C1: { archived: false, members: 6 },
      C2: { archived: true, members: 5 },
      C3: { archived: true, members: 3 },
    });
  });
});

describe('classrooms that reappear (unarchiveClassrooms)', () => {
  it('leaves a classroom archived by hand archived, members untouched, until the setting is on', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const math = (await exportOf(districtId)).classrooms.find((c) => c.sisId === 'C2')!;
    // A person archives Math 7; the source keeps sending it, renamed and with one student fewer.
    await harness.store.db
      .updateTable('classrooms')
      .set({ archived_at: new Date() })
      .where('id', '=', math.id)
      .execute();
    const changed = bundles.write({
      ...files,
      'classes.csv': files['classes.csv'].map((row) =>
        row.sourcedId === 'C2' ? { ...row, title: 'Math 7 (Honors)' } : row,
      ),
      'enrollments.csv': files['enrollments.csv'].filter((row) => row.sourcedId !== 'E11'),
    });

    const kept = await sync(configId, '--path', changed);
    expect(kept.code).toBe(0);
    expect(kept.summary.counts.classrooms).toMatchObject({ unarchived: 0, updated: 0, skipped: 1 });
    expect(kept.summary.counts.memberships).toMatchObject({ archived: 0, skipped: 4 });
    expect(kept.summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'CLASSROOMS_LEFT_ARCHIVED',
          value: '1',
          message: expect.stringContaining(': C2.'),
        }),
      ]),
    );
    expect((await exportOf(districtId)).classrooms.find((c) => c.id === math.id)).toMatchObject({
      name: 'Math 7',
      archived: true,
      members: math.members,
    });

    expect((await cli('config', 'set', configId, 'unarchiveClassrooms=on')).code).toBe(0);
    const revived = await sync(configId, '--path', changed);
    expect(revived.summary.counts.classrooms).toMatchObject({ unarchived: 1 });
    expect(revived.summary.counts.memberships).toMatchObject({ archived: 1 });
    expect(revived.summary.findings.map((f) => f.code)).not.toContain('CLASSROOMS_LEFT_ARCHIVED');
    const after = (await exportOf(districtId)).classrooms.find((c) => c.id === math.id);
    expect(after).toMatchObject({ name: 'Math 7 (Honors)', archived: false });
    expect(after?.members).toHaveLength(4);
  });

  it('revives a classroom the sync archived when it comes back, with the setting off', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const without = bundles.write({
      ...files,
      'classes.csv': files['classes.csv'].filter((row) => row.sourcedId !== 'C3'),
      'enrollments.csv': files['enrollments.csv'].filter((row) => row.classSourcedId !== 'C3'),
    });
    expect((await sync(configId, '--path', without)).summary.counts.classrooms).toMatchObject({
      archived: 1,
    });
    expect((await classroomsOf(districtId)).C3).toEqual({ archived: true, members: 3 });

    const back = await sync(configId);
    expect(back.summary.counts.classrooms).toMatchObject({ unarchived: 1 });
    expect(back.summary.findings.map((f) => f.code)).not.toContain('CLASSROOMS_LEFT_ARCHIVED');
    expect((await classroomsOf(districtId)).C3).toEqual({ archived: false, members: 3 });
  });
});
