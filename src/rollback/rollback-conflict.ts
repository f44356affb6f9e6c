import type { EntityType } from '../roster/snapshot.ts';
import type { ChangeActor } from './audit-change.ts';

/** A change of the rolled-back run that a later change stands in the way of (see `conflictBetween`). */
export interface RollbackConflict {
  /** The audit row of the change that is not rolled back. */
  changeId: string;
  entity: EntityType;
  /** The person, the classroom, or (memberships, links) the classroom or the guardian. */
  recordId: string;
  /** The role, or (memberships, links) the member or the student. */
  relatedId: string | null;
  sisId: string | null;
  /** The field both changed, `archived` / `present` for a change of state, or what was attached. */
  field: string;
  /** Whether the whole change was left as it is, or only this field (the others were put back). */
  isWholeChange: boolean;
  /** Who made the later change, and when (ISO 8601). */
  changedBy: ChangeActor;
  at: string;
}
