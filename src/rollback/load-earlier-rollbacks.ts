import type { Kysely } from 'kysely';
import type { EntityType } from '../roster/snapshot.ts';
import type { Database } from '../store/database-schema.ts';
import { revertedKey } from './reverted-key.ts';

/** Statuses of a rollback run that count as done: a second rollback of its run is refused. */
export const finishedRollbackStatuses: readonly string[] = ['succeeded', 'succeeded_with_warnings'];

/** What earlier rollbacks of a run (dry runs aside) did. */
export interface EarlierRollbacks {
  /** A finished rollback of the run, if there is one. */
  finishedId: string | null;
  /** Attempts that stopped halfway (failed or interrupted) and were not rolled back since. */
  unfinishedIds: string[];
  /** The changes of the run those attempts reverted, as `revertedKey`s. */
  alreadyReverted: Set<string>;
}

/**
 * The rollbacks that name a run. Only called under the run's config lock, after runs left
 * `running` by a dead process were marked interrupted, so none is still going. An attempt that
 * was itself rolled back since no longer counts: what it reverted was put back.
 */
export async function loadEarlierRollbacks(
  db: Kysely<Database>,
  run: { id: string; districtId: string },
): Promise<EarlierRollbacks> {
  const rollbacks = await db
    .selectFrom('runs as attempt')
    .select(['attempt.id', 'attempt.status'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('runs as undo')
            .select('undo.id')
            .whereRef('undo.rolled_back_run_id', '=', 'attempt.id')
            .where('undo.is_dry_run', '=', false)
            .where('undo.status', 'in', finishedRollbackStatuses),
        )
        .as('is_undone'),
    )
    .where('attempt.rolled_back_run_id', '=', run.id)
    .where('attempt.is_dry_run', '=', false)
    .orderBy('attempt.started_at')
    .execute();
  const finished = rollbacks.find((rollback) => finishedRollbackStatuses.includes(rollback.status));
  const unfinishedIds = rollbacks
    .filter((rollback) => rollback.status.startsWith('failed_') && !rollback.is_undone)
    .map((rollback) => rollback.id);
  const alreadyReverted = new Set<string>();
  if (unfinishedIds.length > 0) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['entity', 'record_id', 'related_id'])
      .where('district_id', '=', run.districtId)
      .where('run_id', 'in', unfinishedIds)
      .execute();
    for (const row of rows) {
      alreadyReverted.add(
        revertedKey({
          entity: row.entity as EntityType,
          recordId: row.record_id ?? '',
          relatedId: row.related_id,
        }),
      );
    }
  }
  return { finishedId: finished?.id ?? null, unfinishedIds, alreadyReverted };
}
