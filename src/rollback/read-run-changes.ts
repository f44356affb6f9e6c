import type { AuditActorType } from '../store/database-schema.ts';
import { sql, type Kysely } from 'kysely';
import type { EntityType } from '../roster/snapshot.ts';
import type { Database } from '../store/database-schema.ts';
import type { ChangeAction } from '../sync/plan.ts';
import type { AuditChange } from './audit-change.ts';

/** Where a run's audit rows lie: the transactions (xid8, as text) that wrote them. */
export interface RunChangeRange {
  districtId: string;
  runId: string;
  firstXid: string;
  lastXid: string;
  count: number;
}

/** Audit rows read per query. */
const pageSize = 10_000;

/** The span of a run's audit rows; `null` when the run changed nothing. */
export async function runChangeRange(
  db: Kysely<Database>,
  run: { districtId: string; runId: string },
): Promise<RunChangeRange | null> {
  const { rows } = await sql<{ first_xid: string | null; last_xid: string | null; count: string | number }>`
    select min(xid)::text as first_xid, max(xid)::text as last_xid, count(*) as count
    from audit_log where district_id = ${run.districtId} and run_id = ${run.runId}`.execute(db);
  const row = rows[0];
  if (!row?.first_xid || !row.last_xid) return null;
  return { ...run, firstXid: row.first_xid, lastXid: row.last_xid, count: Number(row.count) };
}

/**
 * A run's audit rows of the given entities and actions, a page at a time. Pages follow the
 * audit log's key, (district_id, xid, id), between the run's first and last transaction, so
 * each page is one index range scan however large the run (a first import's million rows)
 * rather than a re-sort of all of them.
 */
export async function* readRunChanges(
  db: Kysely<Database>,
  range: RunChangeRange,
  filter: { entities: readonly EntityType[]; actions: readonly ChangeAction[] },
): AsyncGenerator<AuditChange[]> {
  let after = { xid: range.firstXid, id: '0' };
  for (;;) {
    const { rows } = await sql<AuditRow & { xid_text: string }>`
      select xid::text as xid_text, ${auditColumns}
      from audit_log
      where district_id = ${range.districtId}
        and (xid, id) > (${after.xid}::xid8, ${after.id}::bigint)
        and xid <= ${range.lastXid}::xid8
        and run_id = ${range.runId}
        and entity = any(${[...filter.entities]}::text[])
        and action = any(${[...filter.actions]}::text[])
      order by xid, id
      limit ${pageSize}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map(toAuditChange);
    const last = rows[rows.length - 1] as AuditRow & { xid_text: string };
    after = { xid: last.xid_text, id: last.id };
    if (rows.length < pageSize) return;
  }
}

/** An audit row as the rollback selects it (`auditColumns`). */
export interface AuditRow {
  id: string;
  at: Date | string;
  actor_type: AuditActorType;
  actor_id: string | null;
  run_id: string | null;
  entity: string;
  action: string;
  record_id: string;
  related_id: string | null;
  sis_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The columns of `AuditRow`, unqualified. */
export const auditColumns = sql.raw(
  'id::text as id, at, actor_type, actor_id, run_id, entity, action, record_id, related_id, sis_id, before, after',
);

export function toAuditChange(row: AuditRow): AuditChange {
  return {
    id: row.id,
    entity: row.entity as AuditChange['entity'],
    action: row.action as AuditChange['action'],
    recordId: row.record_id,
    relatedId: row.related_id,
    sisId: row.sis_id,
    before: row.before,
    after: row.after,
    at: new Date(row.at).toISOString(),
    actor: {
      type: row.actor_type,
      runId: row.run_id ?? (row.actor_type === 'run' ? row.actor_id : null),
      personId: row.actor_type === 'user' ? row.actor_id : null,
    },
  };
}
