import type { Kysely } from 'kysely';
import type { Severity } from '../../findings/finding.ts';
import type { Database } from '../../store/database-schema.ts';
import { toRunRecord, type RunRecord } from '../../sync/read-runs.ts';

/**
 * A run without its lists: the record `run show --json` prints as `run` (status, trigger,
 * times, counts per entity and action, holds, hold resolution, finding counts per code), and
 * how many findings it stored, by severity and by code. `run.findingCounts` counts every
 * finding the run noted; a run stores at most 1,000 per code (and a FINDINGS_TRUNCATED note),
 * and `listedFindings` counts those, the ones `…/findings` pages through.
 */
export interface RunDetail {
  run: RunRecord;
  listedFindings: { total: number; bySeverity: Record<Severity, number>; byCode: Record<string, number> };
}

/** A run of the district without its changes and findings; null when the district has no such run. */
export async function readRunDetail(
  db: Kysely<Database>,
  run: { districtId: string; runId: string },
): Promise<RunDetail | null> {
  const row = await db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', run.runId)
    .where('district_id', '=', run.districtId)
    .executeTakeFirst();
  if (!row) return null;
  // Bounded: at most 1,000 stored findings per code, one group per (severity, code).
  const groups = await db
    .selectFrom('findings')
    .select(['severity', 'code', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('run_id', '=', run.runId)
    .where('district_id', '=', run.districtId)
    .groupBy(['severity', 'code'])
    .orderBy('code')
    .execute();
  const listedFindings: RunDetail['listedFindings'] = {
    total: 0,
    bySeverity: { error: 0, warning: 0, info: 0 },
    byCode: {},
  };
  for (const group of groups) {
    const count = Number(group.count);
    listedFindings.total += count;
    listedFindings.bySeverity[group.severity] += count;
    listedFindings.byCode[group.code] = (listedFindings.byCode[group.code] ?? 0) + count;
  }
  return { run: toRunRecord(row), listedFindings };
}
