import type { Kysely } from 'kysely';
import { readProvenance, type FieldProvenance } from '../directory/read-provenance.ts';
import type { Finding } from '../findings/finding.ts';
import type { Database } from '../store/database-schema.ts';
import type { HoldResolution } from './hold-resolution.ts';

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

/**
 * One change of a run: applied (from the audit log), planned (a dry run), held, or what became
 * of a held one: approved (applied by the approval run), skipped (no longer applied, see
 * `skipReason`), not_approved (beyond the approved count) or discarded.
 */
export interface RunChange {
  state: 'applied' | 'planned' | 'held' | 'approved' | 'skipped' | 'not_approved' | 'discarded';
  entity: string;
  action: string;
  recordId: string | null;
  relatedId: string | null;
  sisId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Why an approval skipped it (`SkipReason`); only on `skipped` changes. */
  skipReason?: string;
  /**
   * Of an applied change to a person: who had set each value it replaced, and when (SPEC §6,
   * per-field provenance). Fields nobody wrote through rostersync (loaded before it) are absent.
   */
  beforeSetBy?: Record<string, FieldProvenance>;
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

export async function readRun(
  db: Kysely<Database>,
  runId: string,
): Promise<{ run: RunRecord; changes: RunChange[]; findings: Finding[] } | null> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!row) return null;
  const [applied, unapplied, findings] = await Promise.all([
    db
      .selectFrom('audit_log')
      .select(['entity', 'action', 'record_id', 'related_id', 'sis_id', 'before', 'after'])
      .where('run_id', '=', runId)
      .where('district_id', '=', row.district_id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('plan_changes')
      .select([
        'state',
        'entity',
        'action',
        'record_id',
        'related_id',
        'sis_id',
        'before',
        'after',
        'skip_reason',
      ])
      .where('run_id', '=', runId)
      .where('district_id', '=', row.district_id)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('findings')
      .selectAll()
      .where('run_id', '=', runId)
      .where('district_id', '=', row.district_id)
      .orderBy('seq')
      .execute(),
  ]);
  const change = (state: RunChange['state'], r: (typeof applied)[number]): RunChange => ({
    state,
    entity: r.entity,
    action: r.action,
    recordId: r.record_id,
    relatedId: r.related_id,
    sisId: r.sis_id,
    before: r.before,
    after: r.after,
  });
  const run = toRunRecord(row);
  const personIds = applied
    .filter((r) => personEntities.has(r.entity) && r.before && r.record_id)
    .map((r) => r.record_id as string);
  const setBy =
    personIds.length === 0
      ? new Map<string, Record<string, FieldProvenance>>()
      : await readProvenance(db, row.district_id, {
          personIds: [...new Set(personIds)],
          beforeRun: { id: run.id, startedAt: run.startedAt },
        });
  const withSetBy = (r: (typeof applied)[number], result: RunChange): RunChange => {
    const known = r.record_id && personEntities.has(r.entity) ? setBy.get(r.record_id) : undefined;
    if (!known || !r.before) return result;
    const fields = Object.keys(r.before).filter((field) => field in known);
    return fields.length === 0
      ? result
      : { ...result, beforeSetBy: Object.fromEntries(fields.map((field) => [field, known[field]!])) };
  };
  return {
    run,
    changes: [
      ...applied.map((r) => withSetBy(r, change('applied', r))),
      ...unapplied.map((r) =>
        r.skip_reason ? { ...change(r.state, r), skipReason: r.skip_reason } : change(r.state, r),
      ),
    ],
    findings: findings.map((f) => ({
      severity: f.severity,
      code: f.code as Finding['code'],
      message: f.message,
      entity: (f.entity ?? undefined) as Finding['entity'],
      sisId: f.sis_id ?? undefined,
      file: f.file ?? undefined,
      line: f.line ?? undefined,
      column: f.column ?? undefined,
      value: f.value ?? undefined,
    })),
  };
}

const personEntities = new Set(['students', 'staff', 'guardians']);

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
