import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { conflictBetween } from './conflict-between.ts';
import { toAuditChange, type AuditRow, type RunChangeRange } from './read-run-changes.ts';
import type { RollbackConflict } from './rollback-conflict.ts';
import { revertedKey } from './reverted-key.ts';

type PairRow = { [K in keyof AuditRow as `t_${K}`]: AuditRow[K] } & {
  [K in keyof AuditRow as `l_${K}`]: AuditRow[K];
};

const columns = [
  'id',
  'at',
  'actor_type',
  'actor_id',
  'run_id',
  'entity',
  'action',
  'record_id',
  'related_id',
  'sis_id',
  'before',
  'after',
] as const;

/**
 * The changes of a run that later changes stand in the way of rolling back, one entry per
 * change, field and later actor (its first such change), in the run's order. The database
 * pairs each change of the run with the later changes (by other runs or people, except
 * `excludedRunIds`: earlier attempts at this very rollback, runs a rollback cancelled) of the same record, or, for
 * people, of a membership or link naming them; `conflictBetween` judges each pair. Changes in
 * `alreadyReverted` (by an attempt that stopped halfway) are not judged: they are done.
 *
 * "Later" is by audit row id, and only transactions from the run's first one on are scanned
 * (the key's range, so the scan covers the run and what came after it, not the district's
 * whole history).
 */
export async function findRollbackConflicts(
  db: Kysely<Database>,
  range: RunChangeRange,
  options: { excludedRunIds: readonly string[]; alreadyReverted: ReadonlySet<string> },
): Promise<RollbackConflict[]> {
  const select = (alias: 't' | 'l') =>
    sql.raw(
      columns
        .map((column) =>
          column === 'id' ? `${alias}.id::text as ${alias}_id` : `${alias}.${column} as ${alias}_${column}`,
        )
        .join(', '),
    );
  const { rows } = await sql<PairRow>`
    with target as (
      select * from audit_log
      where district_id = ${range.districtId} and run_id = ${range.runId}
        and xid between ${range.firstXid}::xid8 and ${range.lastXid}::xid8
    ),
    later as (
      select * from audit_log
      where district_id = ${range.districtId} and xid >= ${range.firstXid}::xid8
        and run_id is distinct from ${range.runId}
        and (run_id is null or run_id <> all(${[...options.excludedRunIds]}::uuid[]))
    ),
    pairs as (
      select t.id as target_id, l.id as later_id from target t join later l on l.record_id = t.record_id and l.id > t.id
      union
      select t.id, l.id from target t join later l on l.related_id = t.record_id and l.id > t.id
      where t.entity in ('students', 'staff', 'guardians')
    )
    select ${select('t')}, ${select('l')}
    from pairs p join target t on t.id = p.target_id join later l on l.id = p.later_id
    order by t.id, l.id`.execute(db);
  const conflicts: RollbackConflict[] = [];
  // One entry per change, field and actor: a run that moved a student twice collides once.
  const seen = new Set<string>();
  for (const row of rows) {
    const target = toAuditChange(unprefix(row, 't'));
    if (options.alreadyReverted.has(revertedKey(target))) continue;
    const later = toAuditChange(unprefix(row, 'l'));
    const collision = conflictBetween(target, later);
    if (collision === null) continue;
    const key = `${target.id}|${collision.field}|${later.actor.type}|${later.actor.runId}|${later.actor.personId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    conflicts.push({
      changeId: target.id,
      entity: target.entity,
      recordId: target.recordId,
      relatedId: target.relatedId,
      sisId: target.sisId,
      field: collision.field,
      isWholeChange: collision.isWholeChange,
      changedBy: later.actor,
      at: later.at,
    });
  }
  return conflicts;
}

function unprefix(row: PairRow, alias: 't' | 'l'): AuditRow {
  const source = row as unknown as Record<string, unknown>;
  return Object.fromEntries(
    columns.map((column) => [column, source[`${alias}_${column}`]]),
  ) as unknown as AuditRow;
}
