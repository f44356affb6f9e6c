import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { rollbackRun } from '../../src/rollback/rollback-run.ts';
import type { CsvRows } from '../support/bundle-builder.ts';
import type { CliResult } from '../support/cli-harness.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

type Files = ReturnType<typeof smallDistrict>;

interface RollbackJson {
  runId: string;
  rolledBackRunId: string;
  status: string;
  dryRun: boolean;
  partial: boolean;
  reverted: Record<string, number>;
  conflicts: {
    entity: string;
    recordId: string;
    relatedId: string | null;
    sisId: string | null;
    field: string;
    scope: 'field' | 'change';
    changedBy: { type: string; runId: string | null; personId: string | null };
    at: string;
  }[];
  error: string | null;
}

async function rollback(...args: string[]): Promise<{ result: CliResult; json: RollbackJson }> {
  const result = await cli('--json', 'rollback', ...args);
  return { result, json: result.json<RollbackJson>() };
}

function withRows(rows: CsvRows, change: (row: CsvRows[number]) => CsvRows[number] | null): CsvRows {
  return rows.map(change).filter((row): row is CsvRows[number] => row !== null);
}

const reverted = (counts: Partial<Record<string, number>>) => ({
  students: 0,
  staff: 0,
  guardians: 0,
  classrooms: 0,
  memberships: 0,
  guardianLinks: 0,
  ...counts,
});

/**
 * Day 2 of the small district: field updates (a student's name and email, a teacher's mobile,
 * a class title), a student and a class leave (archived), a guardian loses their only link
 * (archived), a student gains a guardian, memberships move and change role. Nothing is created,
 * so rolling it back gives day 1's directory exactly.
 */
function day2(files: Files): Files {
  return {
    'orgs.csv': files['orgs.csv'],
    'users.csv': withRows(files['users.csv'], (row) => {
      switch (row.sourcedId) {
        case '000101':
          return { ...row, familyName: 'Nguyen-Tran', email: 'ava.tran@students.example.org' };
        case '000102':
          return { ...row, agentSourcedIds: 'P2' };
        case '000103':
          return { ...row, agentSourcedIds: 'P5' };
        case '000104':
          return null;
        case 'T1':
          return { ...row, sms: '212 867 5310' };
        case 'P3':
          return { ...row, agentSourcedIds: '' };
        default:
          return row;
      }
    }),
    'classes.csv': withRows(files['classes.csv'], (row) =>
      row.sourcedId === 'C3' ? null : row.sourcedId === 'C2' ? { ...row, title: 'Math 7 (Honors)' } : row,
    ),
    'enrollments.csv': [
      ...withRows(files['enrollments.csv'], (row) => {
        if (row.userSourcedId === '000104' || row.classSourcedId === 'C3' || row.sourcedId === 'E9')
          return null;
        return row.sourcedId === 'E2' ? { ...row, role: 'teacher' } : row;
      }),
      {
        sourcedId: 'E15',
        classSourcedId: 'C1',
        schoolSourcedId: '0042',
        userSourcedId: '000202',
        role: 'student',
        primary: 'false',
        beginDate: '2026-08-15',
        endDate: '2027-06-15',
      },
    ],
  };
}

/** A sync that changed nothing: every count but unchanged and skipped is zero. */
function expectQuiet(counts: Record<string, Record<string, number>>): void {
  for (const [entity, entry] of Object.entries(counts)) {
    expect({ entity, ...entry }).toMatchObject({
      entity,
      created: 0,
      updated: 0,
      archived: 0,
      unarchived: 0,
    });
  }
}

describe('rostersync rollback', () => {
  it('rolls day 2 back to day 1 exactly, as a run of its own the next sync agrees with', async () => {
    const files = smallDistrict();
    const day1Path = bundles.write(files);
    const { districtId, configId } = await createSmallDistrict(cli, day1Path);
    expect((await sync(configId)).code).toBe(0);
    const afterDay1 = await exportOf(districtId);

    const second = await sync(configId, '--path', bundles.write(day2(files)));
    expect(second.code, JSON.stringify(second.summary.findings)).toBe(0);
    expect(second.summary.counts).toMatchObject({
      students: { created: 0, updated: 1, archived: 1 },
      staff: { created: 0, updated: 1 },
      guardians: { created: 0, updated: 1, archived: 1 },
      classrooms: { created: 0, updated: 1, archived: 1 },
      memberships: { created: 1, updated: 1, archived: 2 },
      guardianLinks: { created: 1, archived: 1 },
    });
    const afterDay2 = await exportOf(districtId);
    expect(afterDay2).not.toEqual(afterDay1);

    const { result, json } = await rollback(second.summary.id);
    expect(result.code, result.stderr).toBe(0);
    expect(json).toEqual({
      runId: expect.any(String),
      rolledBackRunId: second.summary.id,
      status: 'succeeded',
      dryRun: false,
      partial: false,
      reverted: reverted({
        students: 2,
        staff: 1,
        guardians: 2,
        classrooms: 2,
        memberships: 4,
        guardianLinks: 2,
      }),
      conflicts: [],
      error: null,
    });
    expect(await exportOf(districtId)).toEqual(afterDay1);

    // The rollback is a run: listed, linked to the run it rolled back, its changes audited.
    const runs = (await cli('--json', 'runs', '--district', districtId)).json<{
      runs: { id: string; trigger: string; status: string; rolledBackRunId: string | null }[];
    }>().runs;
    expect(runs[0]).toMatchObject({
      id: json.runId,
      trigger: 'rollback',
      status: 'succeeded',
      rolledBackRunId: second.summary.id,
    });
    const shown = (await cli('--json', 'run', 'show', json.runId)).json<{
      changes: {
        state: string;
        entity: string;
        action: string;
        sisId: string | null;
        before: unknown;
        after: unknown;
      }[];
    }>();
    expect(shown.changes).toHaveLength(13);
    expect(shown.changes.every((change) => change.state === 'applied')).toBe(true);
    expect(shown.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entity: 'students',
          action: 'update',
          sisId: '000101',
          before: { familyName: 'Nguyen-Tran', email: 'ava.tran@students.example.org' },
          after: { familyName: 'Nguyễn', email: 'ava.nguyen@students.example.org' },
        }),
        expect.objectContaining({ entity: 'students', action: 'unarchive', sisId: '000104' }),
        expect.objectContaining({ entity: 'classrooms', action: 'unarchive', sisId: 'C3' }),
        expect.objectContaining({ entity: 'memberships', action: 'remove', sisId: '000202' }),
        expect.objectContaining({ entity: 'guardianLinks', action: 'add', sisId: 'P3' }),
      ]),
    );

    // Hashes stayed consistent: day 1's bundle finds nothing to do, and day 2's changes the
    // same records the same way again.
    expectQuiet((await sync(configId, '--path', day1Path)).summary.counts);
    expect(await exportOf(districtId)).toEqual(afterDay1);
    const again = await sync(configId, '--path', bundles.write(day2(files)));
    expect(again.summary.counts).toEqual(second.summary.counts);
    expect(await exportOf(districtId)).toEqual(afterDay2);
  });

  it('rolls a rollback back, which restores day 2; each run is rolled back once', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const afterDay1 = await exportOf(districtId);
    const second = await sync(configId, '--path', bundles.write(day2(files)));
    const afterDay2 = await exportOf(districtId);

    const undo = await rollback(second.summary.id);
    expect(await exportOf(districtId)).toEqual(afterDay1);
    const redo = await rollback(undo.json.runId);
    expect(redo.result.code, redo.result.stderr).toBe(0);
    expect(redo.json).toMatchObject({ status: 'succeeded', rolledBackRunId: undo.json.runId, conflicts: [] });
    expect(redo.json.reverted).toEqual(undo.json.reverted);
    expect(await exportOf(districtId)).toEqual(afterDay2);

    for (const runId of [second.summary.id, undo.json.runId]) {
      const refused = await cli('--json', 'rollback', runId);
      expect(refused.code).toBe(1);
      expect(refused.json()).toEqual({
        error: { code: 'RUN_ALREADY_ROLLED_BACK', message: expect.stringContaining('rolled back already') },
      });
    }
    expect(await exportOf(districtId)).toEqual(afterDay2);
  });

  it('undoes yesterday after today: a run rolled back in full no longer stands in the way', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const first = await sync(configId);
    const second = await sync(configId, '--path', bundles.write(day2(files)));

    // Day 2 changed records the first import created, so it stands in the way…
    const refused = await cli('--json', 'rollback', first.summary.id);
    expect(refused.json()).toMatchObject({ error: { code: 'ROLLBACK_CONFLICTS' } });
    // …until it is rolled back itself: its changes and their reverses cancel out.
    expect((await rollback(second.summary.id)).json.status).toBe('succeeded');
    const { result, json } = await rollback(first.summary.id);
    expect(result.code, result.stderr).toBe(0);
    expect(json).toMatchObject({ status: 'succeeded', conflicts: [] });
    const after = await exportOf(districtId);
    expect(after.people.every((person) => person.archived)).toBe(true);
    expect(after.classrooms.every((classroom) => classroom.archived && classroom.members.length === 0)).toBe(
      true,
    );
    expect(after.guardianLinks).toEqual([]);
  });

  it('rolls the first import back by archiving everything it created; the next sync revives the same ids', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const first = await sync(configId);
    const imported = await exportOf(districtId);

    const { result, json } = await rollback(first.summary.id);
    expect(result.code, result.stderr).toBe(0);
    expect(json.reverted).toEqual(
      reverted({ students: 8, staff: 4, guardians: 5, classrooms: 3, memberships: 14, guardianLinks: 5 }),
    );
    const rolledBack = await exportOf(districtId);
    expect(rolledBack.people.map((person) => person.id).sort()).toEqual(
      imported.people.map((person) => person.id).sort(),
    );
    expect(
      rolledBack.people.every((person) => person.archived && person.roles.every((role) => role.archived)),
    ).toBe(true);
    expect(
      rolledBack.classrooms.map((classroom) => [classroom.id, classroom.archived, classroom.members]),
    ).toEqual(imported.classrooms.map((classroom) => [classroom.id, true, []]));
    expect(rolledBack.guardianLinks).toEqual([]);

    const back = await sync(configId);
    expect(back.summary.counts).toMatchObject({
      students: { created: 0, unarchived: 8 },
      classrooms: { created: 0, unarchived: 3 },
      memberships: { created: 14 },
    });
    expect(await exportOf(districtId)).toEqual(imported);
  });

  it('refuses when a later run changed the same person, listing the conflict; --partial reverts the rest', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const afterDay1 = await exportOf(districtId);
    const changeUsers = (changes: Record<string, Record<string, string>>) => ({
      ...files,
      'users.csv': withRows(files['users.csv'], (row) => ({ ...row, ...changes[row.sourcedId!] })),
    });
    const second = await sync(
      configId,
      '--path',
      bundles.write({
        ...changeUsers({
          '000101': { familyName: 'Nguyen-Tran', email: 'ava.tran@students.example.org' },
          '000102': { givenName: 'William' },
        }),
        'classes.csv': withRows(files['classes.csv'], (row) =>
          row.sourcedId === 'C2' ? { ...row, title: 'Math 7 (Honors)' } : row,
        ),
      }),
    );
    expect(second.summary.counts).toMatchObject({ students: { updated: 2 }, classrooms: { updated: 1 } });
    // Day 3 changes Ava's email again (her family name stays as day 2 made it).
    const third = await sync(
      configId,
      '--path',
      bundles.write({
        ...changeUsers({
          '000101': { familyName: 'Nguyen-Tran', email: 'ava.nt@students.example.org' },
          '000102': { givenName: 'William' },
        }),
        'classes.csv': withRows(files['classes.csv'], (row) =>
          row.sourcedId === 'C2' ? { ...row, title: 'Math 7 (Honors)' } : row,
        ),
      }),
    );
    expect(third.summary.counts).toMatchObject({ students: { updated: 1 } });
    const afterDay3 = await exportOf(districtId);
    const ava = afterDay3.people.find((person) => person.givenName === 'Ava')!;
    const avaRole = (
      await harness.store.db
        .selectFrom('person_roles')
        .select('id')
        .where('person_id', '=', ava.id)
        .executeTakeFirstOrThrow()
    ).id;
    const conflict = {
      entity: 'students',
      recordId: ava.id,
      relatedId: avaRole,
      sisId: '000101',
      field: 'email',
      scope: 'field',
      changedBy: { type: 'run', runId: third.summary.id, personId: null },
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    };

    for (const args of [[], ['--dry-run']]) {
      const refused = await cli('--json', 'rollback', second.summary.id, ...args);
      expect(refused.code).toBe(1);
      expect(refused.json()).toEqual({
        error: {
          code: 'ROLLBACK_CONFLICTS',
          message: expect.stringContaining('--partial'),
          details: { rolledBackRunId: second.summary.id, conflicts: [conflict] },
        },
      });
    }
    const human = await cli('rollback', second.summary.id);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`students 000101 email: changed by run ${third.summary.id}`);
    expect(await exportOf(districtId)).toEqual(afterDay3);
    // A refusal changes nothing and records no run.
    const runs = (await cli('--json', 'runs', '--district', districtId)).json<{ runs: unknown[] }>().runs;
    expect(runs).toHaveLength(3);

    const dry = await rollback(second.summary.id, '--partial', '--dry-run');
    expect(dry.result.code, dry.result.stderr).toBe(0);
    expect(dry.json).toMatchObject({ status: 'succeeded_with_warnings', dryRun: true, partial: true });
    expect(await exportOf(districtId)).toEqual(afterDay3);
    const planned = (await cli('--json', 'run', 'show', dry.json.runId)).json<{
      changes: { state: string; sisId: string; after: unknown }[];
    }>();
    expect(planned.changes.map((change) => [change.state, change.sisId, change.after])).toEqual([
      ['planned', '000101', { familyName: 'Nguyễn' }],
      ['planned', '000102', { givenName: 'Liam' }],
      ['planned', 'C2', { name: 'Math 7' }],
    ]);

    const partial = await rollback(second.summary.id, '--partial');
    expect(partial.result.code, partial.result.stderr).toBe(0);
    expect(partial.json).toEqual({
      runId: expect.any(String),
      rolledBackRunId: second.summary.id,
      status: 'succeeded_with_warnings',
      dryRun: false,
      partial: true,
      reverted: reverted({ students: 2, classrooms: 1 }),
      conflicts: [conflict],
      error: null,
    });
    const after = await exportOf(districtId);
    const day1Ava = afterDay1.people.find((person) => person.id === ava.id)!;
    expect(after.people.find((person) => person.id === ava.id)).toEqual({
      ...day1Ava,
      email: 'ava.nt@students.example.org',
    });
    expect(after).toEqual({
      ...afterDay1,
      people: afterDay1.people.map((person) =>
        person.id === ava.id ? { ...person, email: 'ava.nt@students.example.org' } : person,
      ),
    });
    const findings = (await cli('--json', 'run', 'show', partial.json.runId)).json<{
      findings: { code: string; sisId: string; column: string }[];
    }>().findings;
    expect(findings).toEqual([
      expect.objectContaining({ code: 'ROLLBACK_CONFLICT', sisId: '000101', column: 'email' }),
    ]);

    const twice = await cli('--json', 'rollback', second.summary.id, '--partial');
    expect(twice.json()).toMatchObject({ error: { code: 'RUN_ALREADY_ROLLED_BACK' } });
  });

  it('leaves a whole change when a later run changed the state of the same record', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const renamed = {
      ...files,
      'users.csv': withRows(files['users.csv'], (row) =>
        row.sourcedId === '000104' ? { ...row, givenName: 'Noé' } : row,
      ),
    };
    const second = await sync(configId, '--path', bundles.write(renamed));
    const gone = {
      ...files,
      'users.csv': withRows(files['users.csv'], (row) => (row.sourcedId === '000104' ? null : row)),
      'enrollments.csv': withRows(files['enrollments.csv'], (row) =>
        row.userSourcedId === '000104' ? null : row,
      ),
    };
    const third = await sync(configId, '--path', bundles.write(gone));
    expect(third.summary.counts.students).toMatchObject({ archived: 1 });
    const before = await exportOf(districtId);

    const refused = await cli('--json', 'rollback', second.summary.id);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'ROLLBACK_CONFLICTS',
        details: {
          conflicts: [
            expect.objectContaining({
              sisId: '000104',
              field: 'archived',
              scope: 'change',
              changedBy: { type: 'run', runId: third.summary.id, personId: null },
            }),
          ],
        },
      },
    });
    const partial = await rollback(second.summary.id, '--partial');
    expect(partial.json).toMatchObject({ status: 'succeeded_with_warnings', reverted: reverted({}) });
    expect(await exportOf(districtId)).toEqual(before);
  });

  it('makes a rollback of a run that changed nothing a run that changes nothing', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const quiet = await sync(configId);
    expectQuiet(quiet.summary.counts);
    const before = await exportOf(districtId);

    const { result, json } = await rollback(quiet.summary.id);
    expect(result.code, result.stderr).toBe(0);
    expect(json).toMatchObject({ status: 'succeeded', reverted: reverted({}), conflicts: [] });
    expect(await exportOf(districtId)).toEqual(before);
    const shown = (await cli('--json', 'run', 'show', json.runId)).json<{ changes: unknown[] }>();
    expect(shown.changes).toEqual([]);
    expect((await cli('--json', 'rollback', quiet.summary.id)).json()).toMatchObject({
      error: { code: 'RUN_ALREADY_ROLLED_BACK' },
    });
  });

  it('finishes a rollback that stopped halfway when run again', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const afterDay1 = await exportOf(districtId);
    const second = await sync(configId, '--path', bundles.write(day2(files)));

    const crashed = await rollbackRun({
      store: harness.store,
      runId: second.summary.id,
      applyChunkSize: 3,
      failAfterChunks: 2,
    });
    expect(crashed.status).toBe('failed_error');
    expect(crashed.error).toMatch(/Simulated crash/);
    const halfway = await exportOf(districtId);
    expect(halfway).not.toEqual(afterDay1);

    const { result, json } = await rollback(second.summary.id);
    expect(result.code, result.stderr).toBe(0);
    expect(json).toMatchObject({ status: 'succeeded', conflicts: [] });
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(json.reverted) + total(crashed.reverted)).toBe(13);
    expect(await exportOf(districtId)).toEqual(afterDay1);
  });

  it('refuses an unknown run', async () => {
    for (const runId of ['01900000-0000-7000-8000-000000000000', 'not-a-run']) {
      const refused = await cli('--json', 'rollback', runId);
      expect(refused.code).toBe(1);
      expect(refused.json()).toEqual({ error: { code: 'RUN_NOT_FOUND', message: `No run ${runId}.` } });
    }
  });
});

export type { DirectoryExport };
