import type { Completeness } from '../roster/snapshot.ts';

/**
 * Why a plan removes a record: `absent`, it is missing from the snapshot; `deleted`, the
 * source marked it deleted (`Snapshot.deleted`).
 */
export type RemovalCause = 'absent' | 'deleted';

/**
 * The one rule behind every removal the planner considers (SPEC §2, §2.3). A record the source
 * marked deleted goes whatever its type's completeness: that is no inference. A missing record
 * goes only when its type is not a delta, since a delta leaves out what did not change; in a
 * partial type it is planned and then held by the guard. `null`: leave the record as it is.
 */
export function removalCause(isMarkedDeleted: boolean, completeness: Completeness): RemovalCause | null {
  if (isMarkedDeleted) return 'deleted';
  return completeness === 'delta' ? null : 'absent';
}
