import type { Kysely } from 'kysely';
import type { EntityType } from '../roster/snapshot.ts';
import type { Database } from '../store/database-schema.ts';
import type { HeldChange } from './held-change.ts';

/** The held changes of a run still waiting for a person, in plan order. */
export async function loadHeldChanges(
  db: Kysely<Database>,
  run: { runId: string; districtId: string },
): Promise<HeldChange[]> {
  const rows = await db
    .selectFrom('plan_changes')
    .select(['seq', 'entity', 'action', 'record_id', 'related_id', 'sis_id', 'before', 'after'])
    .where('run_id', '=', run.runId)
    .where('district_id', '=', run.districtId)
    .where('state', '=', 'held')
    .orderBy('seq')
    .execute();
  return rows.map((row) => {
    if ((row.action !== 'archive' && row.action !== 'remove') || row.record_id === null) {
      throw new Error(`Held change ${row.seq} of run ${run.runId} is not a removal (${row.action}).`);
    }
    return {
      seq: row.seq,
      entity: row.entity as EntityType,
      action: row.action,
      recordId: row.record_id,
      relatedId: row.related_id,
      sisId: row.sis_id,
      before: row.before,
      after: row.after,
    };
  });
}
