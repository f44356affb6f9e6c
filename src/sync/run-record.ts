import { sql, type Kysely } from 'kysely';
import type { Finding } from '../findings/finding.ts';
import type { EntityType } from '../roster/snapshot.ts';
import type { Database } from '../store/database-schema.ts';
import type { Store } from '../store/store.ts';
import type { Hold } from './guard-plan.ts';
import type { EntityCounts, PlannedChange } from './plan.ts';
import type { RunStatus } from './run-status.ts';

/** Rows per insert statement when storing findings and plan changes. */
const insertBatchSize = 10_000;

export async function insertRun(
  db: Kysely<Database>,
  run: {
    id: string;
    districtId: string;
    configId: string;
    isDryRun: boolean;
    trigger: string;
    input: string | null;
    /** For an approval run: the held run it resolves. */
    heldRunId?: string | null;
    /** For a rollback run: the run it rolls back. */
    rolledBackRunId?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('runs')
    .values({
      district_id: run.districtId,
      id: run.id,
      config_id: run.configId,
      status: 'running',
      is_dry_run: run.isDryRun,
      trigger: run.trigger,
      input: run.input,
      held_run_id: run.heldRunId ?? null,
      rolled_back_run_id: run.rolledBackRunId ?? null,
    })
    .execute();
}

/**
 * Runs of a config left `running` by a process that died. Only called while holding the
 * config's run lock, so no live run can be among them.
 */
export async function markInterruptedRuns(db: Kysely<Database>, configId: string): Promise<number> {
  const result = await db
    .updateTable('runs')
    .set({
      status: 'failed_interrupted',
      finished_at: new Date(),
      error: 'The process running it stopped before it finished.',
    })
    .where('config_id', '=', configId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function finishRun(
  db: Kysely<Database>,
  runId: string,
  outcome: {
    status: RunStatus;
    counts: Record<EntityType, EntityCounts>;
    holds: Partial<Record<EntityType, Hold>>;
    findingCounts: Record<string, number>;
    timings: Record<string, number>;
    error?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('runs')
    .set({
      status: outcome.status,
      finished_at: new Date(),
      counts: JSON.stringify(outcome.counts),
      held: JSON.stringify(outcome.holds),
      finding_counts: JSON.stringify(outcome.findingCounts),
      timings: JSON.stringify(outcome.timings),
      error: outcome.error ?? null,
    })
    .where('id', '=', runId)
    .execute();
}

export async function saveFindings(
  db: Kysely<Database>,
  run: { id: string; districtId: string },
  findings: readonly Finding[],
): Promise<void> {
  for (let start = 0; start < findings.length; start += insertBatchSize) {
    const rows = findings.slice(start, start + insertBatchSize).map((finding, index) => ({
      seq: start + index + 1,
      severity: finding.severity,
      code: finding.code,
      entity: finding.entity ?? null,
      sis_id: finding.sisId ?? null,
      file: finding.file ?? null,
      line: finding.line ?? null,
      column: finding.column ?? null,
      value: finding.value ?? null,
      message: finding.message,
    }));
    await sql`
      insert into findings (district_id, run_id, seq, severity, code, entity, sis_id, file, line, "column", value, message)
      select ${run.districtId}, ${run.id}, r.seq, r.severity, r.code, r.entity, r.sis_id, r.file, r.line, r."column", r.value, r.message
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(seq int, severity text, code text, entity text,
        sis_id text, file text, line int, "column" text, value text, message text)
    `.execute(db);
  }
}

const planChangeColumns = [
  { name: 'district_id', type: 'uuid' },
  { name: 'run_id', type: 'uuid' },
  { name: 'seq', type: 'integer' },
  { name: 'entity', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'record_id', type: 'uuid' },
  { name: 'related_id', type: 'uuid' },
  { name: 'sis_id', type: 'text' },
  { name: 'before', type: 'json' },
  { name: 'after', type: 'json' },
  { name: 'state', type: 'text' },
] as const;

/**
 * Stores the changes of a plan that are not applied, as they stream in: a dry run's whole plan
 * (which may be a first sync of a million records) or a run's held removals. COPY, in batches.
 */
export class PlanChangeWriter {
  private buffer: PlannedChange[] = [];
  private written = 0;

  constructor(
    private readonly store: Store,
    private readonly run: { id: string; districtId: string },
    private readonly state: 'planned' | 'held',
  ) {}

  add(change: PlannedChange): Promise<void> | undefined {
    this.buffer.push(change);
    return this.buffer.length >= insertBatchSize ? this.flush() : undefined;
  }

  async finish(): Promise<void> {
    if (this.buffer.length > 0) await this.flush();
  }

  private async flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    const start = this.written;
    this.written += batch.length;
    const rows = batch.map((change, index) => [
      this.run.districtId,
      this.run.id,
      start + index + 1,
      change.entity,
      change.action,
      change.recordId,
      change.relatedId,
      change.sisId,
      change.before,
      change.after,
      this.state,
    ]);
    await this.store.bulkTransaction((tx) => tx.copy('plan_changes', planChangeColumns, rows));
  }
}
