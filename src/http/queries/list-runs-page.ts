import type { Kysely } from 'kysely';
import type { RunRecord } from '../../sync/read-runs.ts';
import type { HoldResolution } from '../../sync/hold-resolution.ts';
import type { Database } from '../../store/database-schema.ts';

/**
 * A page of a district's runs, newest first, after a run id (keyset: run ids are UUIDv7 made
 * when the run starts, so id order is start order and a page never shifts when runs are
 * added). The records are those `listRuns` returns.
 */
export async function listRunsPage(
  db: Kysely<Database>,
  page: { districtId: string; configId?: string | undefined; afterId?: string | undefined; limit: number },
): Promise<RunRecord[]> {
  let select = db
    .selectFrom('runs')
    .selectAll()
    .where('district_id', '=', page.districtId)
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.configId) select = select.where('config_id', '=', page.configId);
  if (page.afterId) select = select.where('id', '<', page.afterId);
  const rows = await select.execute();
  return rows.map((row) => ({
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
  }));
}
