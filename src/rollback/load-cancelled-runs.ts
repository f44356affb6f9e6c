import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { finishedRollbackStatuses } from './load-earlier-rollbacks.ts';

/**
 * Runs of a district whose changes are cancelled out: each run rolled back in full (the
 * rollback ended `succeeded`, so it left no conflict behind) together with that rollback,
 * unless the rollback was itself rolled back since (then the run's changes stand again). The
 * rows of such a pair put back every value they changed, so they do not stand in the way of
 * rolling back an earlier run: undoing yesterday after undoing today works.
 */
export async function loadCancelledRuns(db: Kysely<Database>, districtId: string): Promise<string[]> {
  const pairs = await db
    .selectFrom('runs as rollback')
    .select(['rollback.id', 'rollback.rolled_back_run_id'])
    .where('rollback.district_id', '=', districtId)
    .where('rollback.rolled_back_run_id', 'is not', null)
    .where('rollback.is_dry_run', '=', false)
    .where('rollback.status', '=', 'succeeded')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('runs as undo')
            .select('undo.id')
            .whereRef('undo.rolled_back_run_id', '=', 'rollback.id')
            .where('undo.is_dry_run', '=', false)
            .where('undo.status', 'in', finishedRollbackStatuses),
        ),
      ),
    )
    .execute();
  return pairs.flatMap((pair) => [pair.id, pair.rolled_back_run_id as string]);
}
