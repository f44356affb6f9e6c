import type { AuditActorType } from '../store/database-schema.ts';
import { sql, type RawBuilder } from 'kysely';
import type { ChangeCursor } from './change-cursor.ts';

/**
 * One audit row as the change feed reads it. Its position comes as text (xid8 and int8 exceed
 * a JS number), under names of its own: an output column named `xid` would be what
 * `order by xid` sorts, as text.
 */
export interface ChangeRow {
  cursor_xid: string;
  cursor_id: string;
  at: Date | string;
  actor_type: AuditActorType;
  actor_id: string | null;
  run_id: string | null;
  entity: string;
  action: string;
  record_id: string | null;
  related_id: string | null;
  sis_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * The SQL of one page of a district's change feed: the audit rows after `cursor` in
 * (xid, id) order, at most `rowLimit` of them. Pure, so it can be printed or EXPLAINed.
 *
 * Rows are written by transactions that commit out of order (two apply chunks in flight on
 * PostgreSQL), so "committed" is not enough: a transaction with a smaller xid may still be
 * running and commit rows that sort before a cursor already handed out. Only rows of
 * transactions older than the snapshot's xmin are read: every such transaction has ended
 * (committed rows are visible to this very snapshot, aborted ones never will be), and every
 * transaction still to write has an xid at or above it. So nothing can ever appear behind a
 * cursor. The price: a long transaction anywhere in the cluster holds the feed back until it
 * ends (rows appear late, never out of order).
 *
 * One range scan of the (district_id, xid, id) primary key: the district is an equality, the
 * row comparison and the xmin bound (a stable expression, computed once) are its two ends,
 * and the key's order is the feed's, so no sort.
 */
export function changesQuery(cursor: ChangeCursor, rowLimit: number): RawBuilder<ChangeRow> {
  return sql<ChangeRow>`
    select xid::text as cursor_xid, id::text as cursor_id, at, actor_type, actor_id, run_id, entity, action,
      record_id, related_id, sis_id, before, after
    from audit_log
    where district_id = ${cursor.districtId}
      and (xid, id) > (${cursor.xid.toString()}::xid8, ${cursor.id.toString()}::bigint)
      and xid < pg_snapshot_xmin(pg_current_snapshot())
    order by xid, id
    limit ${rowLimit}`;
}
