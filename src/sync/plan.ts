import { entityTypes, type EntityType } from '../roster/snapshot.ts';
import type { RemovalCause } from './removal-cause.ts';

/**
 * What a change does: people and classrooms are created, updated, archived and unarchived;
 * memberships and guardian links are added, updated and removed.
 */
export type ChangeAction = 'create' | 'update' | 'archive' | 'unarchive' | 'add' | 'remove';

/** Actions that take something away: the ones the guard may hold. */
export const removalActions: ReadonlySet<ChangeAction> = new Set(['archive', 'remove']);

/**
 * One change of a plan, with the values before and after. `recordId` is the person (for
 * students, staff and guardians), the classroom (for classrooms and memberships) or the
 * guardian (for links); `relatedId` is the role, the member person or the linked student.
 */
export interface PlannedChange {
  entity: EntityType;
  action: ChangeAction;
  recordId: string;
  relatedId: string | null;
  sisId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Bookkeeping the applier writes with the change (content hash, new-person flag…). */
  apply: ApplyDetails;
  /**
   * Why a removal (archive, remove) is planned; the planner sets it on every removal. The
   * guard holds `absent` removals of a type that was not read completely, and judges
   * `deleted` and `filtered` ones by the threshold alone. A removal without one is taken as `absent`.
   */
  removalCause?: RemovalCause;
}

/**
 * `hash` is the content hash the applier stores with the record; `null` clears it (a rollback
 * puts back older values whose hash it does not know), so the next run compares the record in
 * full.
 */
export type ApplyDetails =
  | { kind: 'person'; role: string; roleId: string; isNewPerson: boolean; hash: string | null }
  | { kind: 'classroom'; hash: string | null }
  /** `isNewGroup`: the classroom (or student) is created by this plan, so no row can be in the way. */
  | { kind: 'membership'; isNewGroup: boolean }
  | { kind: 'link'; isNewGroup: boolean };

/** A group hash (classroom members, student links) to store once its changes are applied. */
export interface GroupHash {
  kind: 'members' | 'links';
  /** The classroom id, or the student's person id. */
  id: string;
  hash: string;
  /** Whether changes of this group are in the plan (its stored hash is cleared first). */
  hasChanges: boolean;
}

export interface EntityCounts {
  created: number;
  updated: number;
  /** Archived records, or removed memberships and links. */
  archived: number;
  unarchived: number;
  unchanged: number;
  skipped: number;
}

/** A person whose source contact details differ from the directory's and were left alone. */
export interface KeptContact {
  personId: string;
  sisId: string;
  fields: Record<string, { directory: unknown; source: unknown }>;
}

export interface Plan {
  changes: PlannedChange[];
  /** Hashes to store without a change (the record already had the target values). */
  hashRefreshes: { kind: 'role' | 'classroom'; id: string; hash: string }[];
  groupHashes: GroupHash[];
  /** Source contact details not applied to active users (`updateActiveContacts` off). */
  keptContacts: KeptContact[];
  /** Records compared and found unchanged, per type. */
  unchanged: Record<EntityType, number>;
  skipped: Record<EntityType, number>;
}

export function emptyCounts(): EntityCounts {
  return { created: 0, updated: 0, archived: 0, unarchived: 0, unchanged: 0, skipped: 0 };
}

/** Zero counts for every entity type. */
export function newRunCounts(): Record<EntityType, EntityCounts> {
  return Object.fromEntries(entityTypes.map((entity) => [entity, emptyCounts()])) as Record<
    EntityType,
    EntityCounts
  >;
}

/** Counts one change under its type and action, as the run report shows them. */
export function countChange(counts: Record<EntityType, EntityCounts>, change: PlannedChange): void {
  const entry = counts[change.entity];
  if (change.action === 'create' || change.action === 'add') entry.created++;
  else if (change.action === 'update') entry.updated++;
  else if (change.action === 'archive' || change.action === 'remove') entry.archived++;
  else entry.unarchived++;
}

/** Adds a plan's unchanged and skipped counts. */
export function countTotals(
  counts: Record<EntityType, EntityCounts>,
  plan: Pick<Plan, 'unchanged' | 'skipped'>,
): void {
  for (const entity of entityTypes) {
    counts[entity].unchanged += plan.unchanged[entity];
    counts[entity].skipped += plan.skipped[entity];
  }
}
