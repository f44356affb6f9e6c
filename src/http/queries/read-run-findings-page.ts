import type { Kysely } from 'kysely';
import type { Finding } from '../../findings/finding.ts';
import type { Database } from '../../store/database-schema.ts';
import { toRunFinding } from '../../sync/read-run-findings.ts';

/** A finding with its place in the run (`seq`), from which the next page's cursor is made. */
export interface RunFindingEntry {
  finding: Finding;
  seq: number;
}

/**
 * Up to `limit` stored findings of a run after a seq, in the order the run noted them, as
 * `run show --json` lists them. One range scan of the key (run_id, seq); the filters are applied
 * on the way, so a rare code may scan the run's findings (at most 1,000 per code are stored).
 */
export async function readRunFindingsPage(
  db: Kysely<Database>,
  page: {
    districtId: string;
    runId: string;
    afterSeq?: number | undefined;
    limit: number;
    filter: { severity?: Finding['severity'] | undefined; code?: string | undefined };
  },
): Promise<RunFindingEntry[]> {
  let select = db
    .selectFrom('findings')
    .selectAll()
    .where('run_id', '=', page.runId)
    .where('district_id', '=', page.districtId)
    .orderBy('seq')
    .limit(page.limit);
  if (page.afterSeq !== undefined) select = select.where('seq', '>', page.afterSeq);
  if (page.filter.severity) select = select.where('severity', '=', page.filter.severity);
  if (page.filter.code) select = select.where('code', '=', page.filter.code);
  const rows = await select.execute();
  return rows.map((row) => ({ finding: toRunFinding(row), seq: row.seq }));
}
