import { sql, type Kysely } from 'kysely';
import { runChangeRange } from '../../rollback/read-run-changes.ts';
import type { Database } from '../../store/database-schema.ts';
import {
  appliedChangeColumns,
  toUnappliedChange,
  unappliedChangeColumns,
  type RunChange,
} from '../../sync/run-change.ts';
import { withBeforeSetBy } from '../../sync/with-before-set-by.ts';
import type { RunChangePosition } from './run-change-position.ts';

/** A change with its position, from which the next page's cursor is made. */
export interface RunChangeEntry {
  change: RunChange;
  position: RunChangePosition;
}

export interface RunChangesFilter {
  entity?: string | undefined;
  action?: string | undefined;
  state?: RunChange['state'] | undefined;
}

export interface RunChangesPageRequest {
  districtId: string;
  runId: string;
  /** The position of the previous page's last change; none for the first page. */
  after?: RunChangePosition | undefined;
  limit: number;
  filter: RunChangesFilter;
}

/**
 * Up to `limit` changes of a run after a position, as `run show --json` lists them (with
 * `beforeSetBy`, read for this page's people only). The run must be of the district (the
 * caller checks); every query filters on it anyway.
 *
 * Applied changes come in commit order, (xid, id), rather than `run show`'s id order: the
 * same changes, in the same order unless the applier's chunks committed in parallel. The audit
 * log has only a BRIN index on run_id, so paging by id would re-read and re-sort the whole run
 * for every page; paging its key does that once, on the first page, to find the run's
 * transactions (as rollback does, `runChangeRange`). Measured on PostgreSQL 15, a run of
 * 700,000 changes among 600,000 others: 150–220 ms a page by id; by key 130 ms for the first
 * page, 3 ms for each later one. A run still applying is read as of its first page.
 */
export async function readRunChangesPage(
  db: Kysely<Database>,
  page: RunChangesPageRequest,
): Promise<RunChangeEntry[]> {
  const { after, filter } = page;
  const entries: RunChangeEntry[] = [];
  if ((filter.state === undefined || filter.state === 'applied') && after?.part !== 'unapplied') {
    entries.push(...(await readApplied(db, page)));
  }
  if (filter.state !== 'applied' && entries.length < page.limit) {
    entries.push(
      ...(await readUnapplied(db, {
        ...page,
        afterSeq: after?.part === 'unapplied' ? after.seq : undefined,
        limit: page.limit - entries.length,
        state: filter.state,
      })),
    );
  }
  return entries;
}

async function readApplied(db: Kysely<Database>, page: RunChangesPageRequest): Promise<RunChangeEntry[]> {
  let from = page.after?.part === 'applied' ? page.after : undefined;
  if (!from) {
    const range = await runChangeRange(db, { districtId: page.districtId, runId: page.runId });
    if (!range) return [];
    // Audit ids start at 1, so (firstXid, 0) is before the run's first row.
    from = { part: 'applied', xid: range.firstXid, id: '0', lastXid: range.lastXid };
  }
  let select = db
    .selectFrom('audit_log')
    .select([
      ...appliedChangeColumns,
      sql<string>`xid::text`.as('xid_text'),
      sql<string>`id::text`.as('id_text'),
    ])
    .where('district_id', '=', page.districtId)
    .where(sql<boolean>`(xid, id) > (${from.xid}::xid8, ${from.id}::bigint)`)
    .where(sql<boolean>`xid <= ${from.lastXid}::xid8`)
    .where('run_id', '=', page.runId)
    .orderBy('xid')
    .orderBy('id')
    .limit(page.limit);
  if (page.filter.entity) select = select.where('entity', '=', page.filter.entity);
  if (page.filter.action) select = select.where('action', '=', page.filter.action);
  const rows = await select.execute();
  if (rows.length === 0) return [];
  const run = await db
    .selectFrom('runs')
    .select('started_at')
    .where('id', '=', page.runId)
    .where('district_id', '=', page.districtId)
    .executeTakeFirstOrThrow();
  const changes = await withBeforeSetBy(
    db,
    { id: page.runId, districtId: page.districtId, startedAt: new Date(run.started_at).toISOString() },
    rows,
  );
  const lastXid = from.lastXid;
  return rows.map((row, index) => ({
    change: changes[index]!,
    position: { part: 'applied', xid: row.xid_text, id: row.id_text, lastXid },
  }));
}

async function readUnapplied(
  db: Kysely<Database>,
  page: RunChangesPageRequest & {
    afterSeq: number | undefined;
    state: Exclude<RunChange['state'], 'applied'> | undefined;
  },
): Promise<RunChangeEntry[]> {
  let select = db
    .selectFrom('plan_changes')
    .select([...unappliedChangeColumns, 'seq'])
    .where('run_id', '=', page.runId)
    .where('district_id', '=', page.districtId)
    .orderBy('seq')
    .limit(page.limit);
  if (page.afterSeq !== undefined) select = select.where('seq', '>', page.afterSeq);
  if (page.state) select = select.where('state', '=', page.state);
  if (page.filter.entity) select = select.where('entity', '=', page.filter.entity);
  if (page.filter.action) select = select.where('action', '=', page.filter.action);
  const rows = await select.execute();
  return rows.map((row) => ({
    change: toUnappliedChange(row),
    position: { part: 'unapplied', seq: row.seq },
  }));
}
