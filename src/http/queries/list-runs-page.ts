import type { Kysely } from 'kysely';
import { toRunRecord, type RunRecord } from '../../sync/read-runs.ts';
import type { Database } from '../../store/database-schema.ts';

/**
 * A page of a district's runs, newest first, after a run id (keyset: run ids are UUIDv7 made
 * when the run starts, so id order is start order and a page never shifts when runs are
 * added). The records are those `listRuns` returns.
 */
export async function listRunsPage(
  db: Kysely<Database>,
  page: {
    districtId: string;
    configId?: string | undefined;
    /** Only these configs' runs (a school leader's); null or absent: every config's. */
    readableConfigIds?: readonly string[] | null;
    afterId?: string | undefined;
    limit: number;
  },
): Promise<RunRecord[]> {
  let select = db
    .selectFrom('runs')
    .selectAll()
    .where('district_id', '=', page.districtId)
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.configId) select = select.where('config_id', '=', page.configId);
  if (page.readableConfigIds) {
    if (page.readableConfigIds.length === 0) return [];
    select = select.where('config_id', 'in', page.readableConfigIds);
  }
  if (page.afterId) select = select.where('id', '<', page.afterId);
  const rows = await select.execute();
  return rows.map(toRunRecord);
}
