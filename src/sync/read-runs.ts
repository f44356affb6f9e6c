import type { Kysely } from 'kysely';
import type { Finding } from '../findings/finding.ts';
import type { Database } from '../store/database-schema.ts';
import type { HoldResolution } from './hold-resolution.ts';
import { readRunFindings } from './read-run-findings.ts';
import {
  appliedChangeColumns,
  toUnappliedChange,
  unappliedChangeColumns,
  type RunChange,
} from './run-change.ts';
import { withBeforeSetBy } from './with-before-set-by.ts';

// `run show` and its callers know the change type from here.
export type { RunChange } from './run-change.ts';

export interface RunRecord {
  id: string;
  districtId: string;
  configId: string;
  status: string;
  isDryRun: boolean;
  trigger: string;
  input: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, Record<string, number>>;
  held: Record<string, { reason: string; tried: number; percent: number; allowed: number; detail?: string }>;
  findingCounts: Record<string, number>;
  /** Seconds per phase: read, view, plan, guard, apply, report… */
  timings: Record<string, number>;
  error: string | null;
  /** On a rollback run (trigger `rollback`): the run it rolls back. */
  rolledBackRunId: string | null;
  /** On an approval run (trigger `approve`): the held run it resolves. */
  heldRunId: string | null;
  /** On a held run: how its hold was resolved; null while it is open (or the run held nothing). */
  holdResolution: HoldResolution | null;
}

export async function listRuns(
  db: Kysely<Database>,
  filter: { districtId: string; configId?: string | undefined; limit?: number | undefined },
): Promise<RunRecord[]> {
  let query = db.selectFrom('runs').selectAll().where('district_id', '=', filter.districtId);
  if (filter.configId) query = query.where('config_id', '=', filter.configId);
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 50)
    .execute();
  return rows.map(toRunRecord);
}

/**
 * A run with every change and every stored finding: what `run show --json` prints. Unbounded
 * (a first import has a change per record, membership and link); the API pages them instead
 * (`src/http/queries/read-run-changes-page.ts`, `read-run-findings-page.ts`).
 */
export async function readRun(
  db: Kysely<Database>,
  runId: string,
): Promise<{ run: RunRecord; changes: RunChange[]; findings: Finding[] } | null> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!row) return null;
  const run = toRunRecord(row);
  const [applied, unapplied, findings] = await Promise.all([
    db
      .selectFrom('audit_log')
      .select(appliedChangeColumns)
      .where('run_id', '=', runId)
      .where('district_id', '=', row.district_id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('plan_changes')
      .select(unappliedChangeColumns)
      .where('run_id', '=', runId)
      .where('district_id', '=', row.district_id)
      .orderBy('seq')
      .execute(),
    readRunFindings(db, run),
  ]);
  return {
    run,
    changes: [...(await withBeforeSetBy(db, run, applied)), ...unapplied.map(toUnappliedChange)],
    findings,
  };
}

/** A `runs` row as the record `listRuns`, `readRun` and the API's run pages return. */
export function toRunRecord(row: {
  id: string;
  district_id: string;
  config_id: string;
  status: string;
  is_dry_run: boolean;
  trigger: string;
  input: string | null;
  started_at: Date;
  finished_at: Date | null;
  counts: Record<string, Record<string, number>>;
  held: RunRecord['held'];
  finding_counts: Record<string, number>;
  timings: Record<string, number>;
  error: string | null;
  rolled_back_run_id: string | null;
  held_run_id: string | null;
  hold_resolution: Record<string, unknown> | null;
}): RunRecord {
  return {
    id: row.id,
    districtId: row.district_id,
    configId: row.config_id,
    status: row.status,
    isDryRun: row.is_dry_run,
    trigger: row.trigger,
    input: row.input,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    counts: row.counts,
    held: row.held,
    findingCounts: row.finding_counts,
    timings: row.timings,
    error: row.error,
    rolledBackRunId: row.rolled_back_run_id,
    heldRunId: row.held_run_id,
    holdResolution: row.hold_resolution as HoldResolution | null,
  };
}
