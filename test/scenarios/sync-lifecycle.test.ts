import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/run-sync.ts';
import { type CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

function withRows(rows: CsvRows, change: (row: CsvRows[number]) => CsvRows[number] | null): CsvRows {
  return rows.map(change).filter((row): row is CsvRows[number] => row !== null);
}

describe('a synced directory follows its source', () => {
  it('applies field-level updates and shows them before → after', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    expect((await sync(configId)).code).toBe(0);

    const changed = {
      ...files,
      'users.csv': withRows(files['users.csv'], (row) =>
        row.sourcedId === '000101'
          ? { ...row, familyName: 'Nguyen-Tran', email: 'AVA.TRAN@students.example.org' }
          : row.sourcedId === 'T1'
            ? { ...row, sms: '212 867 5310' }
            : row,
      ),
      'classes.csv': withRows(files['classes.csv'], (row) =>
        row.sourcedId === 'C2' ? { ...row, title: 'Math 7 (Honors)' } : row,
      ),
    };
    const { code, summary } = await sync(configId, '--path', bundles.write(changed));
    expect(code).toBe(0);
    expect(summary.counts.students).toMatchObject({ updated: 1, unchanged: 7 });
    expect(summary.counts.staff).toMatchObject({ updated: 1, unchanged: 3 });
    expect(summary.counts.classrooms).toMatchObject({ updated: 1, unchanged: 2 });

    const shown = (await cli('--json', 'run', 'show', summary.id)).json<{
      changes: { entity: string; action: string; sisId: string; before: unknown; after: unknown }[];
    }>();
    expect(shown.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entity: 'students',
          action: 'update',
          sisId: '000101',
          before: { familyName: 'Nguyễn', email: 'ava.nguyen@students.example.org' },
          after: { familyName: 'Nguyen-Tran', email: 'ava.tran@students.example.org' },
        }),
        expect.objectContaining({
          entity: 'staff',
          sisId: 'T1',
          before: { mobile: '+12128675309' },
          after: { mobile: '+12128675310' },
        }),
        expect.objectContaining({
          entity: 'classrooms',
          sisId: 'C2',
          before: { name: 'Math 7' },
          after: { name: 'Math 7 (Honors)' },
        }),
      ]),
    );
    const ava = (await exportOf(districtId)).people.find((p) => p.givenName === 'Ava');
    expect(ava).toMatchObject({ familyName: 'Nguyen-Tran', email: 'ava.tran@students.example.org' });
  });

  it('archives a student who leaves and revives the same person when they return', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const before = await exportOf(districtId);
    const noah = before.people.find((p) => p.givenName === 'Noah')!;

    const without = {
      ...files,
      'users.csv': withRows(files['users.csv'], (row) => (row.sourcedId === '000104' ? null : row)),
      'enrollments.csv': withRows(files['enrollments.csv'], (row) =>
        row.userSourcedId === '000104' ? null : row,
      ),
    };
    const left = await sync(configId, '--path', bundles.write(without));
    expect(left.code).toBe(0);
    expect(left.summary.counts.students).toMatchObject({ archived: 1, unchanged: 7 });
    expect(left.summary.counts.memberships).toMatchObject({ archived: 1 });
    const during = await exportOf(districtId);
    expect(during.people.find((p) => p.id === noah.id)).toMatchObject({ archived: true });
    expect(during.classrooms.find((c) => c.sisId === 'C1')?.members.map((m) => m.personId)).not.toContain(
      noah.id,
    );

    const back = await sync(configId);
    expect(back.summary.counts.students).toMatchObject({ unarchived: 1, created: 0 });
    expect(back.summary.counts.memberships).toMatchObject({ created: 1 });
    const after = await exportOf(districtId);
    expect(after.people.find((p) => p.givenName === 'Noah')).toMatchObject({ id: noah.id, archived: false });
    expect(after).toEqual(before);
  });

  it('holds a truncated users.csv instead of archiving the district', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const before = await exportOf(districtId);

    // users.csv lost every student but one; a teacher's name changed in the same file.
    const truncated = {
      ...files,
      'users.csv': withRows(files['users.csv'], (row) =>
        row.role === 'student' && row.sourcedId !== '000101'
          ? null
          : row.sourcedId === 'T2'
            ? { ...row, givenName: 'Alan M.' }
            : row,
      ),
    };
    const { code, summary } = await sync(configId, '--path', bundles.write(truncated));
    expect(code).toBe(2);
    expect(summary.status).toBe('held_threshold');
    expect(summary.held.students).toEqual({ reason: 'threshold', tried: 7, percent: 87.5, allowed: 5 });
    expect(summary.counts.students).toMatchObject({ archived: 0 });
    expect(summary.counts.staff).toMatchObject({ updated: 1 });
    expect(summary.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'REMOVALS_HELD_THRESHOLD' })]),
    );

    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived)).toEqual([]);
    expect(after.people.find((p) => p.familyName === 'Turing')?.givenName).toBe('Alan M.');
    expect(after.people.map((p) => p.id).sort()).toEqual(before.people.map((p) => p.id).sort());

    // The guardians of the held students wait with them rather than being archived alone.
    expect(summary.held.guardians).toMatchObject({ reason: 'threshold', tried: 4 });
    const shown = (await cli('--json', 'run', 'show', summary.id)).json<{
      changes: { state: string; action: string; entity: string }[];
    }>();
    const held = shown.changes.filter((c) => c.state === 'held');
    expect(held.filter((c) => c.entity === 'students' && c.action === 'archive')).toHaveLength(7);
    expect(held.filter((c) => c.entity === 'guardians' && c.action === 'archive')).toHaveLength(4);
    const runs = (await cli('--json', 'runs', '--district', districtId)).json<{
      runs: { id: string; status: string }[];
    }>();
    expect(runs.runs[0]).toMatchObject({ id: summary.id, status: 'held_threshold' });
  });

  it('keeps School IDs byte-exact: 42 is not 0042, and the run fails naming it', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files), {
      schools: { 'Lincoln Elementary': ['42'], 'Roosevelt Middle': ['0077'] },
    });
    const { code, summary } = await sync(configId);
    expect(code).toBe(1);
    expect(summary.status).toBe('failed_schools_not_found');
    expect(summary.findings.filter((f) => f.severity !== 'info')).toEqual([
      expect.objectContaining({
        code: 'SCHOOLS_NOT_FOUND',
        sisId: '42',
        message: expect.stringContaining('School ID 42'),
      }),
    ]);
    expect((await exportOf(districtId)).people).toEqual([]);
  });

  it('merges two source schools into one directory school', async () => {
    const files = smallDistrict();
    const { districtId, configId, schools } = await createSmallDistrict(cli, bundles.write(files), {
      schools: { 'Springfield Campus': ['0042', '0077'] },
    });
    expect((await sync(configId)).summary.counts.students).toMatchObject({ created: 8 });
    const exported = await exportOf(districtId);
    const campus = schools['Springfield Campus'];
    expect(
      exported.people.filter((p) => p.roles[0]?.role === 'student').map((p) => p.roles[0]?.schoolIds),
    ).toEqual(Array(8).fill([campus]));
    expect(exported.people.find((p) => p.familyName === 'Lovelace')?.roles[0]?.schoolIds).toEqual([campus]);
    expect(new Set(exported.classrooms.map((c) => c.schoolId))).toEqual(new Set([campus]));
  });

  it('never touches a manual classroom or a manual membership', async () => {
    const files = smallDistrict();
    const { districtId, configId, schools } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const synced = await exportOf(districtId);
    const mia = synced.people.find((p) => p.givenName === 'Mia')!;
    const manualId = '01900000-0000-7000-8000-00000000c0de';
    await harness.store.db
      .insertInto('classrooms')
      .values({
        district_id: districtId,
        id: manualId,
        school_id: schools['Roosevelt Middle']!,
        name: 'Chess Club',
        sis_id: null,
      })
      .execute();
    await harness.store.db
      .insertInto('memberships')
      .values({
        district_id: districtId,
        classroom_id: manualId,
        person_id: mia.id,
        role: 'student',
        config_id: null,
      })
      .execute();
    // A manual co-teacher in a synced classroom stays too.
    const math = synced.classrooms.find((c) => c.sisId === 'C2')!;
    const grace = synced.people.find((p) => p.familyName === 'Hopper')!;
    await harness.store.db
      .insertInto('memberships')
      .values({
        district_id: districtId,
        classroom_id: math.id,
        person_id: grace.id,
        role: 'teacher',
        config_id: null,
      })
      .execute();

    const changed = {
      ...files,
      'users.csv': withRows(files['users.csv'], (row) => (row.sourcedId === '000201' ? null : row)),
      'enrollments.csv': withRows(files['enrollments.csv'], (row) =>
        row.classSourcedId === 'C2' && row.role === 'student' ? null : row,
      ),
    };
    const { summary } = await sync(configId, '--path', bundles.write(changed));
    expect(summary.status, JSON.stringify(summary)).toBe('succeeded_with_warnings');
    // C2 loses its four students; Mia's C3 enrollment now names an unknown user, so that
    // membership is left as it is (REFERENCE_UNKNOWN) rather than guessed away.
    expect(summary.counts.memberships).toMatchObject({ archived: 4 });
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'REFERENCE_UNKNOWN', file: 'enrollments.csv', line: 10 }),
      ]),
    );
    const after = await exportOf(districtId);
    expect(after.classrooms.find((c) => c.id === manualId)).toMatchObject({
      name: 'Chess Club',
      sisId: null,
      archived: false,
      members: [{ personId: mia.id, role: 'student', isPrimary: false, isManual: true }],
    });
    const mathMembers = after.classrooms.find((c) => c.id === math.id)?.members ?? [];
    expect(mathMembers).toHaveLength(2);
    expect(mathMembers).toEqual(
      expect.arrayContaining([
        { personId: grace.id, role: 'teacher', isPrimary: false, isManual: true },
        expect.objectContaining({ role: 'teacher', isPrimary: true, isManual: false }),
      ]),
    );
  });

  it('converges after a crash between apply chunks', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const crashed = await runSync({ store: harness.store, configId, failAfterChunks: 2, applyChunkSize: 5 });
    expect(crashed.status).toBe('failed_error');
    expect(crashed.error).toMatch(/Simulated crash/);
    const partial = await exportOf(districtId);
    expect(partial.people.length).toBeGreaterThan(0);
    expect(partial.people.length).toBeLessThan(17);

    const rerun = await sync(configId);
    expect(rerun.code).toBe(0);
    const finished = await exportOf(districtId);
    expect(finished.people).toHaveLength(17);
    expect(finished.classrooms.flatMap((c) => c.members)).toHaveLength(14);
    expect(finished.guardianLinks).toHaveLength(5);
    const quiet = await sync(configId);
    for (const counts of Object.values(quiet.summary.counts)) {
      expect(counts).toMatchObject({ created: 0, updated: 0, archived: 0, unarchived: 0 });
    }
  });

  it('marks a run left running by a dead process as interrupted, then finishes the job', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const orphanId = '01900000-0000-7000-8000-0000000000aa';
    await harness.store.db
      .insertInto('runs')
      .values({
        district_id: districtId,
        id: orphanId,
        config_id: configId,
        status: 'running',
        is_dry_run: false,
        trigger: 'cli',
        input: null,
      })
      .execute();
    const { code } = await sync(configId);
    expect(code).toBe(0);
    const runs = (await cli('--json', 'runs', '--district', districtId)).json<{
      runs: { id: string; status: string }[];
    }>();
    expect(runs.runs.find((run) => run.id === orphanId)?.status).toBe('failed_interrupted');
  });

  it('refuses a second run of a config while one is running', async () => {
    const { configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    const [a, b] = await Promise.all([cli('--json', 'sync', configId), cli('--json', 'sync', configId)]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    const refused = a.code === 1 ? a : b;
    expect(refused.json()).toEqual({
      error: { code: 'RUN_IN_PROGRESS', message: expect.stringContaining('in progress') },
    });
  });
});
