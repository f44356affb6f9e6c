import type { EntityType, PersonRoleName } from '../roster/snapshot.ts';

/**
 * A removal a held run stored instead of applying: a `plan_changes` row of the run in state
 * `held`. Its ids say what it removes (as `PlannedChange` does): for students, staff and
 * guardians the person and the role (`relatedId`), for classrooms the classroom, for
 * memberships the classroom and the member, for guardian links the guardian and the student.
 */
export interface HeldChange {
  /** The row's place in the held run's plan (`plan_changes.seq`). */
  seq: number;
  entity: EntityType;
  action: 'archive' | 'remove';
  recordId: string;
  relatedId: string | null;
  sisId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The record a held change is about, as the directory holds it now. */
export type CurrentRecord =
  | { kind: 'role'; personId: string; role: PersonRoleName; configId: string | null; isArchived: boolean }
  | { kind: 'classroom'; configId: string | null; isArchived: boolean }
  | { kind: 'membership'; configId: string | null; values: Record<string, unknown> }
  | { kind: 'link'; configId: string | null; values: Record<string, unknown> };

/**
 * Why an approval did not apply a held change. Stable: scripts read them from
 * `approve --json` and `run show`.
 */
export const skipReasons = [
  'record_missing',
  'not_owned',
  'already_archived',
  'already_removed',
  'changed_since',
  'kept_by_later_run',
  'waits_for_students',
] as const;
export type SkipReason = (typeof skipReasons)[number];

/** What each reason means, in the words the run report uses. */
export const skipReasonText: Record<SkipReason, string> = {
  record_missing: 'the record no longer exists',
  not_owned: 'the record is no longer owned by this sync config',
  already_archived: 'the record is archived already',
  already_removed: 'the membership or link is gone already',
  changed_since: 'the record changed after the held run',
  kept_by_later_run: 'a later run read the source and kept the record',
  waits_for_students: 'the guardian’s students or links were not removed, so it stays (as the guard rules)',
};

/** Identifies what a change is about across runs: type, record and related record. */
export function heldChangeKey(change: {
  entity: string;
  recordId: string | null;
  relatedId: string | null;
}): string {
  return `${change.entity}|${change.recordId ?? ''}|${change.relatedId ?? ''}`;
}
