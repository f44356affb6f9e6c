import { entityTypes, type Completeness, type EntityType } from '../roster/snapshot.ts';
import type { OwnedCounts } from './directory-view.ts';
import { removalActions, type PlannedChange } from './plan.ts';
import { isInferredRemoval } from './removal-cause.ts';
import { thresholdFor, type SyncSettings } from './sync-settings.ts';

/** Why removals of a type were held. */
export type HoldReason = 'incomplete' | 'threshold';

export interface Hold {
  reason: HoldReason;
  /** Removals of the type this hold keeps back. */
  tried: number;
  /** `tried` as a percentage of the type's active sync-owned records. */
  percent: number;
  /** Removals the threshold allows for this type. */
  allowed: number;
  /** Why the source was partial, for `incomplete`. */
  detail?: string;
}

export interface GuardedPlan {
  toApply: PlannedChange[];
  held: PlannedChange[];
  holds: Partial<Record<EntityType, Hold>>;
}

export interface GuardInput {
  /** The plan's removals: archives, and membership and link removals. */
  removals: readonly PlannedChange[];
  completeness: Record<EntityType, Completeness>;
  partialReasons: Partial<Record<EntityType, string>>;
  owned: OwnedCounts;
  settings: SyncSettings;
  /** Students (person ids) each guardian planned for archive is linked to in the directory. */
  studentsOfArchivedGuardians: ReadonlyMap<string, readonly string[]>;
}

/**
 * Holds the removals (archives, link and membership removals) of every type that the source
 * did not send completely and that are inferred from absence, and those beyond the deletion
 * threshold: more than max(floor, percent × active sync-owned records). A removal the source
 * asked for (a record marked deleted) or the config's filters make (a classroom filtered out)
 * is not an inference, so only the threshold judges it.
 * Only removals are guarded; everything else in a plan goes ahead.
 */
export function guardPlan(input: GuardInput): GuardedPlan {
  const { completeness, partialReasons, owned, settings } = input;
  const removals = new Map<EntityType, PlannedChange[]>();
  for (const change of input.removals) {
    if (!removalActions.has(change.action)) throw new Error(`guardPlan: ${change.action} is not a removal`);
    const list = removals.get(change.entity) ?? [];
    list.push(change);
    removals.set(change.entity, list);
  }
  const holds: GuardedPlan['holds'] = {};
  const heldChanges = new Set<PlannedChange>();
  for (const entity of entityTypes) {
    const list = removals.get(entity) ?? [];
    if (list.length === 0) continue;
    const { percent, floor } = thresholdFor(settings, entity);
    const allowed = Math.max(floor, Math.floor((percent / 100) * owned[entity]));
    const share = (count: number): number =>
      owned[entity] > 0 ? Math.round((count / owned[entity]) * 1000) / 10 : 100;
    // Absence means nothing in a type that was not read completely: whatever it would remove
    // waits for a person. (The planner infers nothing from a delta; a removal of one that is
    // not marked deleted would be a bug, and is held too.)
    const isComplete = completeness[entity] === 'complete';
    const inferred = isComplete ? [] : list.filter((change) => isInferredRemoval(change.removalCause));
    const judged = isComplete ? list : list.filter((change) => !isInferredRemoval(change.removalCause));
    const isOverThreshold = judged.length > allowed;
    for (const change of inferred) heldChanges.add(change);
    if (isOverThreshold) for (const change of judged) heldChanges.add(change);
    if (inferred.length > 0) {
      const tried = inferred.length + (isOverThreshold ? judged.length : 0);
      holds[entity] = {
        reason: 'incomplete',
        tried,
        percent: share(tried),
        allowed,
        detail: partialReasons[entity],
      };
    } else if (isOverThreshold) {
      holds[entity] = { reason: 'threshold', tried: judged.length, percent: share(judged.length), allowed };
    }
  }
  const isHeld = (change: PlannedChange): boolean => heldChanges.has(change);

  // A guardian is archived because its links or its students went; while those removals
  // wait, so does it.
  const waitingGuardians = new Set<string>();
  for (const change of removals.get('guardianLinks') ?? []) {
    if (isHeld(change)) waitingGuardians.add(change.recordId);
  }
  const heldStudents = new Set(
    (removals.get('students') ?? []).filter(isHeld).map((change) => change.recordId),
  );
  if (heldStudents.size > 0) {
    for (const [guardianId, studentIds] of input.studentsOfArchivedGuardians) {
      if (studentIds.some((id) => heldStudents.has(id))) waitingGuardians.add(guardianId);
    }
  }
  const toApply: PlannedChange[] = [];
  const held: PlannedChange[] = [];
  let guardiansWaiting = 0;
  for (const change of input.removals) {
    const isWaiting =
      change.entity === 'guardians' && change.action === 'archive' && waitingGuardians.has(change.recordId);
    if (isHeld(change)) {
      held.push(change);
    } else if (isWaiting) {
      held.push(change);
      guardiansWaiting++;
    } else {
      toApply.push(change);
    }
  }
  const cause = holds.students ?? holds.guardianLinks;
  if (guardiansWaiting > 0 && !holds.guardians && cause) {
    const { percent, floor } = thresholdFor(settings, 'guardians');
    holds.guardians = {
      reason: cause.reason,
      tried: guardiansWaiting,
      percent: owned.guardians > 0 ? Math.round((guardiansWaiting / owned.guardians) * 1000) / 10 : 100,
      allowed: Math.max(floor, Math.floor((percent / 100) * owned.guardians)),
      detail: 'their students’ or links’ removals are held',
    };
  }
  return { toApply, held, holds };
}
