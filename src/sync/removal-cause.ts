import type { Completeness } from '../roster/snapshot.ts';

/**
 * Why a plan removes a record: `absent`, it is missing from the snapshot; `deleted`, the
 * source marked it deleted (`Snapshot.deleted`); `filtered`, the source sends it but the
 * config's classroom filters leave it out (classrooms only).
 */
export type RemovalCause = 'absent' | 'deleted' | 'filtered';

/**
 * Whether a removal is inferred from absence, which a type read incompletely cannot support.
 * A deleted or filtered record was in the source, so only the deletion threshold judges it.
 */
export function isInferredRemoval(cause: RemovalCause | undefined): boolean {
  return cause !== 'deleted' && cause !== 'filtered';
}

/**
 * The one rule behind every removal the planner considers (SPEC §2, §2.3). A record the source
 * marked deleted, or a classroom the filters leave out, goes whatever its type's completeness:
 * that is no inference. A missing record
 * goes only when its type is not a delta, since a delta leaves out what did not change; in a
 * partial type it is planned and then held by the guard. `null`: leave the record as it is.
 */
export function removalCause(
  isMarkedDeleted: boolean,
  completeness: Completeness,
  isFilteredOut = false,
): RemovalCause | null {
  if (isMarkedDeleted) return 'deleted';
  if (isFilteredOut) return 'filtered';
  return completeness === 'delta' ? null : 'absent';
}
