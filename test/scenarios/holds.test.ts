import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { approveHold } from '../../src/sync/approve-hold.ts';
import { withConfigLock } from '../../src/sync/with-config-lock.ts';
import { headers, toCsv, type CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

interface HoldJson {
  runId: string | null;
  heldRunId: string;
  resolution: 'approved' | 'discarded';
  held: number;
  approved: number;
  skipped: { reason: string; count: number }[];
  remaining: number;
  discarded: number;
  at: string;
}
interface RunJson {
  id: string;
  status: string;
  trigger: string;
  heldRunId: string | null;
  holdResolution: Omit<HoldJson, 'heldRunId'> | null;
  counts: Record<string, Record<string, number>>;
}
interface ShownRun {
  run: RunJson;
  changes: { state: string; entity: string; action: string; sisId: string; skipReason?: string }[];
  findings: { code: string; value: string; message: string }[];
}

const files = smallDistrict();
const without = (rows: CsvRows, drop: (row: CsvRows[number]) => boolean): CsvRows =>
  rows.filter((row) => !drop(row));

/** users.csv lost every student but 000101: 7 student archives held, and 4 guardians wait with them. */
const truncated = {
  ...files,
  'users.csv': without(files['users.csv'], (r) => r.role === 'student' && r.sourcedId !== '000101'),
};

async function heldDistrict(): Promise<{ districtId: string; configId: string; heldRunId: string }> {
  const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
  expect((await sync(configId)).code).toBe(0);
  const held = await sync(configId, '--path', bundles.write(truncated));
  expect(held.code).toBe(2);
  expect(held.summary.status).toBe('held_threshold');
  return { districtId, configId, heldRunId: held.summary.id };
}

const show = async (runId: string): Promise<ShownRun> =>
  (await cli('--json', 'run', 'show', runId)).json<ShownRun>();
const runsOf = async (districtId: string): Promise<RunJson[]> =>
  (await cli('--json', 'runs', '--district', districtId)).json<{ runs: RunJson[] }>().runs;
const archivedStudents = (directory: DirectoryExport): string[] =>
  directory.people
    .filter((person) => person.archived && person.roles.some((role) => role.role === 'student'))
    .map((person) => person.roles[0]!.sisId!)
    .sort();
const statesOf = (shown: ShownRun): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const change of shown.changes) counts[change.state] = (counts[change.state] ?? 0) + 1;
  return counts;
};

describe('approving and discarding a held run', () => {
  it('approves at most --max held removals as a run of its own, and only once', async () => {
    const { districtId, heldRunId } = await heldDistrict();

    const approval = await cli('--json', 'approve', heldRunId, '--max', '2');
    expect(approval.code, approval.stderr).toBe(0);
    const outcome = approval.json<HoldJson>();
    expect(outcome).toEqual({
      runId: expect.any(String),
      heldRunId,
      resolution: 'approved',
      held: 11,
      approved: 2,
      skipped: [],
      remaining: 9,
      discarded: 0,
      at: expect.any(String),
    });

    // Exactly two archives, the first two students by SIS id; everyone else stays active.
    const directory = await exportOf(districtId);
    expect(archivedStudents(directory)).toEqual(['000102', '000103']);
    expect(directory.people.filter((person) => person.archived)).toHaveLength(2);

    // The approval is a run: trigger approve, linked to the held run, its changes audited.
    const approvalRun = await show(outcome.runId!);
    expect(approvalRun.run).toMatchObject({ status: 'succeeded', trigger: 'approve', heldRunId });
    expect(approvalRun.run.counts.students).toMatchObject({ archived: 2 });
    expect(approvalRun.changes).toEqual([
      expect.objectContaining({ state: 'applied', entity: 'students', action: 'archive', sisId: '000102' }),
      expect.objectContaining({ state: 'applied', entity: 'students', action: 'archive', sisId: '000103' }),
    ]);
    expect(approvalRun.findings).toEqual([
      expect.objectContaining({ code: 'HELD_CHANGES_NOT_APPROVED', value: '9' }),
    ]);
    const audit = await harness.store.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id'])
      .where('run_id', '=', outcome.runId!)
      .execute();
    expect(audit).toEqual(Array(2).fill({ actor_type: 'run', actor_id: outcome.runId }));

    // The held run stays held (never a success) and shows what became of its hold.
    const heldRun = await show(heldRunId);
    expect(heldRun.run.status).toBe('held_threshold');
    expect(heldRun.run.holdResolution).toMatchObject({
      resolution: 'approved',
      runId: outcome.runId,
      approved: 2,
      held: 11,
    });
    expect(statesOf(heldRun)).toMatchObject({ approved: 2, not_approved: 9 });
    expect(heldRun.changes.filter((c) => c.state === 'approved').map((c) => c.sisId)).toEqual([
      '000102',
      '000103',
    ]);
    const text = await cli('run', 'show', heldRunId);
    expect(text.stdout).toContain(`Hold approved 2 of 11, 9 left by run ${outcome.runId}`);
    const listed = await cli('runs', '--district', districtId);
    expect(listed.stdout).toContain(`approves ${heldRunId}`);
    expect(listed.stdout).toContain('hold approved 2 of 11, 9 left');

    const runs = await runsOf(districtId);
    expect(runs[0]).toMatchObject({ id: outcome.runId, trigger: 'approve', heldRunId });

    // A hold is resolved once.
    for (const command of ['approve', 'discard']) {
      const again = await cli('--json', command, heldRunId);
      expect(again.code).toBe(1);
      expect(again.json()).toEqual({
        error: { code: 'HOLD_ALREADY_RESOLVED', message: expect.stringContaining(heldRunId) },
      });
    }
    expect(archivedStudents(await exportOf(districtId))).toEqual(['000102', '000103']);
  });

  it('skips held removals a later sync already made, and those it kept, saying why', async () => {
    const { districtId, configId, heldRunId } = await heldDistrict();
    // The source is right again, except that 000102–000104 have really left: the next sync
    // archives them (and P2 and P3, guardians of 000102 only) within the threshold.
    const leavers = new Set(['000102', '000103', '000104']);
    const later = await sync(
      configId,
      '--path',
      bundles.write({
        ...files,
        'users.csv': without(files['users.csv'], (row) => leavers.has(row.sourcedId!)),
        'enrollments.csv': without(files['enrollments.csv'], (row) => leavers.has(row.userSourcedId!)),
      }),
    );
    expect(later.code).toBe(0);
    expect(later.summary.counts.students).toMatchObject({ archived: 3 });
    const before = await exportOf(districtId);

    const approval = await cli('--json', 'approve', heldRunId);
    expect(approval.code, approval.stderr).toBe(0);
    expect(approval.json<HoldJson>()).toMatchObject({
      held: 11,
      approved: 0,
      skipped: [
        { reason: 'already_archived', count: 5 },
        { reason: 'kept_by_later_run', count: 6 },
      ],
      remaining: 0,
    });
    expect(await exportOf(districtId)).toEqual(before);

    const heldRun = await show(heldRunId);
    expect(statesOf(heldRun)).toMatchObject({ skipped: 11 });
    expect(
      heldRun.changes
        .filter((change) => change.skipReason === 'already_archived')
        .map((change) => change.sisId)
        .sort(),
    ).toEqual(['000102', '000103', '000104', 'P2', 'P3']);
    const approvalRun = await show(approval.json<HoldJson>().runId!);
    expect(approvalRun.run.status).toBe('succeeded_with_warnings');
    expect(approvalRun.findings).toEqual([
      expect.objectContaining({
        code: 'HELD_CHANGES_SKIPPED',
        value: '5',
        message: expect.stringContaining('already_archived'),
      }),
      expect.objectContaining({
        code: 'HELD_CHANGES_SKIPPED',
        value: '6',
        message: expect.stringContaining('kept_by_later_run'),
      }),
    ]);
  });

  it('applies an older hold that a later run held again, and then has nothing left for the later one', async () => {
    const { districtId, configId, heldRunId } = await heldDistrict();
    const again = await sync(configId, '--path', bundles.write(truncated));
    expect(again.summary.status).toBe('held_threshold');

    const first = (await cli('--json', 'approve', heldRunId)).json<HoldJson>();
    expect(first).toMatchObject({ approved: 11, skipped: [], remaining: 0 });
    const directory = await exportOf(districtId);
    expect(archivedStudents(directory)).toEqual([
      '000102',
      '000103',
      '000104',
      '000201',
      '000202',
      '000203',
      '000204',
    ]);
    expect(directory.people.filter((person) => person.archived)).toHaveLength(11);

    const second = (await cli('--json', 'approve', again.summary.id)).json<HoldJson>();
    expect(second).toMatchObject({ approved: 0, skipped: [{ reason: 'already_archived', count: 11 }] });
  });

  it('discards a hold: nothing applied, the hold marked discarded', async () => {
    const { districtId, heldRunId } = await heldDistrict();
    const before = await exportOf(districtId);
    const discard = await cli('--json', 'discard', heldRunId);
    expect(discard.code, discard.stderr).toBe(0);
    expect(discard.json<HoldJson>()).toEqual({
      runId: null,
      heldRunId,
      resolution: 'discarded',
      held: 11,
      approved: 0,
      skipped: [],
      remaining: 0,
      discarded: 11,
      at: expect.any(String),
    });
    expect(await exportOf(districtId)).toEqual(before);
    const heldRun = await show(heldRunId);
    expect(heldRun.run.status).toBe('held_threshold');
    expect(heldRun.run.holdResolution).toMatchObject({ resolution: 'discarded', discarded: 11 });
    expect(statesOf(heldRun)).toMatchObject({ discarded: 11 });
    expect(statesOf(heldRun).held).toBeUndefined();
    // A discard is no run: the list holds the two syncs only.
    const runs = await runsOf(districtId);
    expect(runs.map((run) => run.trigger)).toEqual(['cli', 'cli']);
    expect((await cli('runs', '--district', districtId)).stdout).toContain('hold discarded 11');

    const approve = await cli('--json', 'approve', heldRunId);
    expect(approve.json()).toMatchObject({ error: { code: 'HOLD_ALREADY_RESOLVED' } });
  });

  it('approves part of an incomplete-source hold; a guardian waits for its student', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    // 000104 left; Rossi's row lost its id to a stray quote, so students are partial.
    const lines = toCsv(
      headers['users.csv'],
      without(files['users.csv'], (row) => row.sourcedId === '000104'),
    ).split('\r\n');
    const rossi = lines.findIndex((line) => line.includes('Rossi,'));
    lines[rossi] = `"${lines[rossi]!}`;
    const held = await sync(configId, '--path', bundles.write({ ...files, 'users.csv': lines.join('\r\n') }));
    expect(held.code).toBe(2);
    expect(held.summary.status).toBe('held_incomplete');
    expect(held.summary.held).toMatchObject({
      students: { reason: 'incomplete', tried: 2 },
      guardians: { reason: 'incomplete', tried: 1 },
    });

    // The admin knows Noah left; Rossi only lost her row. Students come first in the order,
    // and Rossi's guardian (P5) waits with her, as in the guard.
    const outcome = (await cli('--json', 'approve', held.summary.id, '--max', '1')).json<HoldJson>();
    expect(outcome).toMatchObject({ held: 3, approved: 1, skipped: [], remaining: 2 });
    const directory = await exportOf(districtId);
    expect(archivedStudents(directory)).toEqual(['000104']);
    expect(directory.people.filter((person) => person.archived)).toHaveLength(1);
    const heldRun = await show(held.summary.id);
    expect(heldRun.run).toMatchObject({
      status: 'held_incomplete',
      holdResolution: { resolution: 'approved', approved: 1, remaining: 2 },
    });
    expect(
      heldRun.changes.filter((change) => change.state === 'not_approved').map((change) => change.sisId),
    ).toEqual(expect.arrayContaining(['000203', 'P5']));
  });

  it('refuses runs that hold nothing: a successful run, a dry run, an unknown run', async () => {
    const { configId } = await createSmallDistrict(cli, bundles.write(files));
    const ok = await sync(configId);
    const dry = await sync(configId, '--dry-run', '--path', bundles.write(truncated));
    expect(dry.summary.status).toBe('held_threshold');
    for (const [runId, code] of [
      [ok.summary.id, 'RUN_NOT_HELD'],
      [dry.summary.id, 'RUN_NOT_HELD'],
      ['01900000-0000-7000-8000-0000000000ff', 'RUN_NOT_FOUND'],
    ] as const) {
      for (const command of ['approve', 'discard']) {
        const refused = await cli('--json', command, runId);
        expect(refused.code).toBe(1);
        expect(refused.json()).toMatchObject({ error: { code } });
      }
    }
    const bad = await cli('approve', ok.summary.id, '--max', '0');
    expect(bad.code).toBe(1);
  });

  it('waits for the config: an approval while a run holds it is refused', async () => {
    const { configId, heldRunId } = await heldDistrict();
    const refused = await withConfigLock(harness.store, configId, () => cli('--json', 'approve', heldRunId));
    expect(refused.json()).toMatchObject({ error: { code: 'RUN_IN_PROGRESS' } });
    expect((await cli('--json', 'approve', heldRunId)).code).toBe(0);
  });

  it('finishes an approval that crashed when approved again', async () => {
    const { districtId, heldRunId } = await heldDistrict();
    await expect(
      approveHold({ store: harness.store, runId: heldRunId, failAfterChunks: 1, applyChunkSize: 3 }),
    ).rejects.toMatchObject({ code: 'APPROVAL_FAILED' });
    const crashed = (await runsOf(districtId))[0]!;
    expect(crashed).toMatchObject({ trigger: 'approve', status: 'failed_error', heldRunId });
    expect((await show(heldRunId)).run.holdResolution).toBeNull();

    // PostgreSQL commits two chunks at once, so the crash may have let one more through.
    const appliedBefore = (
      await harness.store.db.selectFrom('audit_log').select('id').where('run_id', '=', crashed.id).execute()
    ).length;
    expect(appliedBefore).toBeGreaterThanOrEqual(3);
    const outcome = (await cli('--json', 'approve', heldRunId)).json<HoldJson>();
    expect(outcome).toMatchObject({
      approved: 11 - appliedBefore,
      skipped: [{ reason: 'already_archived', count: appliedBefore }],
    });
    expect((await exportOf(districtId)).people.filter((person) => person.archived)).toHaveLength(11);
  });
});
