import type { AuditActorType } from '../store/database-schema.ts';
import type { ChangeRow } from './changes-query.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';

/** One change of a record, as the console shows a record's history. */
export interface RecordAuditEntry {
  at: string;
  /** Who: a run, a person, an operator's token, or rostersync itself. */
  actor: { type: AuditActorType; id: string | null };
  runId: string | null;
  entity: string;
  action: string;
  /** The record the row is about: the person or classroom asked for, or one merged into it. */
  recordId: string | null;
  relatedId: string | null;
  sisId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** An audit row as the change feed reads it, less its cursor. */
type AuditRow = Omit<ChangeRow, 'cursor_xid' | 'cursor_id'>;

/**
 * The history of one person or classroom (issue 7 item 5), newest first: every audit row about
 * it, by runs and by hand — its own changes, a classroom's memberships, a person's memberships
 * and guardian links on either side — with actor and before/after values. A student's history
 * includes that of the manual records merged into it (`mergeStudent` writes `mergedFrom`), so
 * a merge moves history without rewriting the log. Rows are read in the log's commit order
 * (xid, id), the change feed's, so "newest" is the order changes took effect.
 */
export async function readRecordAudit(
  db: Kysely<Database>,
  input: { districtId: string; recordId: string; limit?: number },
): Promise<RecordAuditEntry[]> {
  const limit = Math.min(Math.max(input.limit ?? 500, 1), 5000);
  const ids = await withMergedRecords(db, input.districtId, input.recordId);
  const { rows } = await sql<AuditRow>`
    select at, actor_type, actor_id, run_id, entity, action, record_id, related_id, sis_id, before, after
    from audit_log
    where district_id = ${input.districtId}
      and (record_id = any(${ids}::uuid[])
        or (entity in ('memberships', 'guardianLinks') and related_id = any(${ids}::uuid[])))
    order by xid desc, id desc
    limit ${limit}
  `.execute(db);
  return rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    actor: { type: row.actor_type, id: row.actor_id },
    runId: row.run_id,
    entity: row.entity,
    action: row.action,
    recordId: row.record_id,
    relatedId: row.related_id,
    sisId: row.sis_id,
    before: row.before,
    after: row.after,
  }));
}

/** The record and, transitively, every record merged into it. */
async function withMergedRecords(
  db: Kysely<Database>,
  districtId: string,
  recordId: string,
): Promise<string[]> {
  const ids = [recordId];
  for (let i = 0; i < ids.length && ids.length < 100; i++) {
    const { rows } = await sql<{ merged: string }>`
      select distinct after->>'mergedFrom' as merged
      from audit_log
      where district_id = ${districtId} and record_id = ${ids[i]}::uuid
        and entity = 'students' and action = 'update' and (after->>'mergedFrom') is not null
    `.execute(db);
    for (const row of rows) if (!ids.includes(row.merged)) ids.push(row.merged);
  }
  return ids;
}
