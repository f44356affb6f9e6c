import { entityTypes, type Completeness, type EntityType } from '../roster/snapshot.ts';
import type { OwnedCounts } from './directory-view.ts';
import { removalActions, type PlannedChange } from './plan.ts';
import { thresholdFor, type SyncSettings } from './sync-settings.ts';

/** Why removals of a type were held. */
export type HoldReason = 'incomplete' | 'threshold';

export interface Hold {
  reason: HoldReason;
  /** Removals the run tried to make. */
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
 * Holds the removals (archives, link and membership removals) of every type that came from a
 * partial source, or that exceed the deletion threshold: more than
 * max(floor, percent × active sync-owned records). Only removals are guarded; everything else
 * in a plan goes ahead.
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
  for (const entity of entityTypes) {
    const tried = removals.get(entity)?.length ?? 0;
    if (tried === 0) continue;
    const { percent, floor } = thresholdFor(settings, entity);
    const allowed = Math.max(floor, Math.floor((percent / 100) * owned[entity]));
    const share = owned[entity] > 0 ? Math.round((tried / owned[entity]) * 1000) / 10 : 100;
    // Absence means nothing in a partial type: hold whatever it would remove.
    if (completeness[entity] === 'partial') {
      holds[entity] = {
        reason: 'incomplete',
        tried,
        percent: share,
        allowed,
        detail: partialReasons[entity],
      };
    } else if (tried > allowed) {
      holds[entity] = { reason: 'threshold', tried, percent: share, allowed };
    }
  }
  const isHeld = (change: PlannedChange): boolean =>
    removalActions.has(change.action) && holds[change.entity] !== undefined;

  // A guardian is archived because its links or its students went; while those removals
  // wait, so does it.
  const waitingGuardians = new Set<string>();
  if (holds.guardianLinks) {
    for (const change of removals.get('guardianLinks') ?? []) waitingGuardians.add(change.recordId);
  }
  if (holds.students) {
    const heldStudents = new Set((removals.get('students') ?? []).map((change) => change.recordId));
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
