import {
  entityOfRole,
  entityTypes,
  enrollmentKey,
  splitEnrollmentKey,
  type Completeness,
  type DeletedRecords,
  type EntityType,
  type SnapshotPerson,
  type UnreadableRecords,
} from '../roster/snapshot.ts';
import { deletedGuardianIds } from './deletions-to-load.ts';
import {
  roleKey,
  type ClassroomRecord,
  type DirectoryView,
  type GuardianLinkRecord,
  type MembershipRecord,
  type PersonRecord,
  type RoleDetails,
  type RoleRecord,
} from './directory-view.ts';
import { emptyGroupHash } from './group-hash.ts';
import type { Plan, PlannedChange } from './plan.ts';
import { removalCause } from './removal-cause.ts';
import type { LinkGroup, SyncTargets, TargetClassroom, TargetPerson, TargetRole } from './sync-targets.ts';

export interface PlanInput {
  targets: SyncTargets;
  /** The kept people, classified (see `classifyPeople`). */
  people: ClassifiedPeople;
  view: DirectoryView;
  /**
   * Current memberships of each synced classroom whose member hash differs (see
   * `groupsToLoad`) or that a deleted enrollment names (see `deletionsToLoad`).
   */
  currentMembers: ReadonlyMap<string, MembershipRecord[]>;
  /**
   * Current guardian links of each synced student whose link hash differs, or that is linked
   * to a guardian marked deleted, by student person id.
   */
  currentLinks: ReadonlyMap<string, GuardianLinkRecord[]>;
  /** Records the source has but could not be read: never removed. */
  unreadable: UnreadableRecords;
  /** Per type, what absence means (see `removalCause`). */
  completeness: Record<EntityType, Completeness>;
  /** Records the source marked deleted: removed whatever their type's completeness. */
  deleted: DeletedRecords;
  /**
   * The `unarchiveClassrooms` setting: revive synced classrooms archived by hand while the
   * source sends them. Default off (SPEC §4).
   */
  unarchiveClassrooms?: boolean;
  /**
   * The `updateActiveContacts` setting (SPEC §6): when off (the default), the contact details
   * of an active user are theirs and their managers' to edit, and the sync leaves them alone;
   * the differences it skipped go into `Plan.keptContacts` for the report.
   */
  updateActiveContacts?: boolean;
  newId: () => string;
}

const personFieldColumns = [
  'givenName',
  'middleName',
  'familyName',
  'email',
  'mobile',
  'homePhone',
  'language',
] as const;
const roleFieldColumns = [
  'kind',
  'grade',
  'studentNumber',
  'stateId',
  'schoolIds',
  'isDistrictLevel',
] as const;
const classroomFieldColumns = [
  'schoolId',
  'name',
  'grades',
  'subjects',
  'periods',
  'classType',
  'classCode',
  'location',
  'courseSisId',
  'termSisIds',
] as const;

const noLinks: LinkGroup = { guardianSisIds: [], relationships: [], contactTypes: [], hash: emptyGroupHash };

type FieldDiff = { before: Record<string, unknown>; after: Record<string, unknown> };

/**
 * Which groups the planner must see in full: the synced classrooms and students whose stored
 * group hash differs from the target. Every other group is compared by hash alone.
 */
export function groupsToLoad(
  targets: SyncTargets,
  view: DirectoryView,
): { classroomIds: string[]; studentPersonIds: string[] } {
  const classroomIds: string[] = [];
  for (const [sisId, group] of targets.members) {
    const existing = view.classrooms.get(sisId);
    if (existing && existing.membersHash !== group.hash) classroomIds.push(existing.id);
  }
  const studentPersonIds: string[] = [];
  if (targets.managesGuardians) {
    for (const sisId of keptStudents(targets)) {
      const existing = view.roles.get(roleKey('student', sisId));
      if (existing && existing.linksHash !== (targets.links.get(sisId)?.hash ?? emptyGroupHash)) {
        studentPersonIds.push(existing.personId);
      }
    }
  }
  return { classroomIds, studentPersonIds };
}

/** What a first look at every kept person found: who needs planning, and what to load for it. */
export interface ClassifiedPeople {
  /** People with a new, changed or archived role: only these are planned in full. */
  toPlan: SnapshotPerson[];
  /** Roles whose field values the planner compares (see `loadRoleDetails`). */
  roleIdsToLoad: string[];
  /** Roles of the other people: their hash matched. */
  unchanged: Record<EntityType, number>;
}

/**
 * Compares each kept person's role hashes with the directory's. An unchanged person costs a
 * hash per role and is done; the others are planned, and the roles among them that exist are
 * loaded in full (and, for a person gaining a new role, one existing role, for its current
 * name and contact values).
 */
export function classifyPeople(targets: SyncTargets, view: DirectoryView): ClassifiedPeople {
  const result: ClassifiedPeople = {
    toPlan: [],
    roleIdsToLoad: [],
    unchanged: Object.fromEntries(entityTypes.map((type) => [type, 0])) as Record<EntityType, number>,
  };
  for (const person of targets.people.kept()) {
    const target = targets.people.target(person) as TargetPerson;
    let hasNewRole = false;
    let hasLoadedRole = false;
    for (const role of target.roles) {
      const existing = view.roles.get(roleKey(role.role, role.sisId));
      if (!existing) {
        hasNewRole = true;
      } else if (
        existing.sourceHash !== role.hash ||
        existing.isArchived ||
        existing.isPersonArchived ||
        existing.previousSisId !== undefined
      ) {
        result.roleIdsToLoad.push(existing.roleId);
        hasLoadedRole = true;
      }
    }
    if (!hasNewRole && !hasLoadedRole) {
      for (const role of target.roles) result.unchanged[entityOfRole[role.role]]++;
      continue;
    }
    result.toPlan.push(person);
    if (hasNewRole && !hasLoadedRole) {
      const known = knownRoleOf(view, person.sisId);
      if (known) result.roleIdsToLoad.push(known.roleId);
    }
  }
  return result;
}

/** The SIS ids of kept people with a student role in reach. */
function* keptStudents(targets: SyncTargets): Generator<string> {
  for (const person of targets.people.kept()) {
    if (
      person.roles.some((role) => role.role === 'student') &&
      targets.people.hasRole(person.sisId, 'student')
    ) {
      yield person.sisId;
    }
  }
}

/**
 * Compares the targets with the directory and yields the changes that make the directory
 * match: creates, field-level updates (before → after), archives, revivals, and membership and
 * link additions, updates and removals. Pure: no I/O. A generator, so a million-record plan
 * streams into the applier instead of sitting in memory; what is not a change (hash refreshes,
 * group hashes, unchanged and skipped counts) accumulates in `totals`. Order: people, their
 * archives, classrooms, theirs, memberships, links — the applier's phases follow it.
 */
export function* planChanges(input: PlanInput, totals: PlanTotals): Generator<PlannedChange, void> {
  const { targets, view, newId } = input;
  const ids = new PlanIds(view, newId, targets.joins);
  for (const entity of entityTypes) totals.unchanged[entity] += input.people.unchanged[entity];
  for (const person of input.people.toPlan) {
    const target = targets.people.target(person);
    if (target) yield* planPerson(target, view, ids, totals, input.updateActiveContacts ?? false);
  }
  yield* planRoleArchives(input);
  for (const target of targets.classrooms.values()) {
    const existing = view.classrooms.get(target.sisId);
    if (existing && isLeftArchived(existing, input)) {
      // Archived by a person: neither it nor its members change while the setting is off.
      ids.leftArchived.add(target.sisId);
      totals.skipped.classrooms++;
      continue;
    }
    const id = existing?.id ?? newId();
    ids.classroomBySisId.set(target.sisId, id);
    yield* planClassroom(target, existing, id, totals);
  }
  yield* planClassroomArchives(input);
  yield* planMemberships(input, ids, totals);
  if (targets.managesGuardians) yield* planLinks(input, ids, totals);
}

/** Whether a synced classroom the source sends stays archived: archived by hand, setting off. */
function isLeftArchived(existing: ClassroomRecord, input: Pick<PlanInput, 'unarchiveClassrooms'>): boolean {
  return existing.isArchivedByHand && !(input.unarchiveClassrooms ?? false);
}

/**
 * SIS ids of the target classrooms that stay archived because a person archived them and
 * `unarchiveClassrooms` is off (for the run's report; the planner skips them).
 */
export function classroomsLeftArchived(
  input: Pick<PlanInput, 'targets' | 'view' | 'unarchiveClassrooms'>,
): string[] {
  const left: string[] = [];
  for (const sisId of input.targets.classrooms.keys()) {
    const existing = input.view.classrooms.get(sisId);
    if (existing && isLeftArchived(existing, input)) left.push(sisId);
  }
  return left;
}

/** What a plan amounts to besides its changes. */
export type PlanTotals = Omit<Plan, 'changes'>;

export function emptyPlanTotals(targets: SyncTargets): PlanTotals {
  return {
    hashRefreshes: [],
    groupHashes: [],
    keptContacts: [],
    unchanged: Object.fromEntries(entityTypes.map((type) => [type, 0])) as Record<EntityType, number>,
    skipped: { ...targets.skipped },
  };
}

/** The whole plan in memory: for tests and small plans. */
export function collectPlan(input: PlanInput): Plan {
  const totals = emptyPlanTotals(input.targets);
  const changes = [...planChanges(input, totals)];
  return { changes, ...totals };
}

/** Any synced role this config holds for a SIS id (a person keeps one SIS id per config). */
function knownRoleOf(view: DirectoryView, sisId: string): RoleRecord | undefined {
  return (
    view.roles.get(roleKey('student', sisId)) ??
    view.roles.get(roleKey('staff', sisId)) ??
    view.roles.get(roleKey('guardian', sisId))
  );
}

/**
 * Ids the plan refers to. New people get their id on their target; existing ones are found in
 * the view by SIS id. Nothing here copies the view: at a million people, three maps of it
 * would cost more memory than the directory itself.
 */
class PlanIds {
  readonly classroomBySisId = new Map<string, string>();
  /** Target classrooms left archived (see `isLeftArchived`): their memberships are not planned. */
  readonly leftArchived = new Set<string>();
  /** Ids given to people this plan creates. */
  readonly newPersonBySisId = new Map<string, string>();
  private sisIdByPerson: Map<string, string> | null = null;
  /** Newcomers joining each newcomer (the reverse of `joins.newcomer`), built when first asked. */
  private joiningBySisId: Map<string, string[]> | null = null;

  constructor(
    private readonly view: DirectoryView,
    readonly newId: () => string,
    private readonly joins: SyncTargets['joins'] = { person: new Map(), newcomer: new Map() },
  ) {}

  /**
   * The person a SIS id the config has no role for gets: an existing person it is one with
   * (`isNew` false), the person a new one it is one with was given, or a new one.
   */
  personForNewcomer(sisId: string): { personId: string; isNew: boolean } {
    const given = this.newPersonBySisId.get(sisId);
    if (given) return { personId: given, isNew: false };
    const existing = this.joins.person.get(sisId);
    if (existing) {
      this.newPersonBySisId.set(sisId, existing);
      return { personId: existing, isNew: false };
    }
    const personId = this.newId();
    this.newPersonBySisId.set(sisId, personId);
    // One with another newcomer: whichever of the two is planned first makes the person.
    const other = this.joins.newcomer.get(sisId);
    if (other) this.newPersonBySisId.set(other, personId);
    if (!this.joiningBySisId) {
      this.joiningBySisId = new Map();
      for (const [joining, target] of this.joins.newcomer) {
        this.joiningBySisId.set(target, [...(this.joiningBySisId.get(target) ?? []), joining]);
      }
    }
    for (const joining of this.joiningBySisId.get(sisId) ?? []) this.newPersonBySisId.set(joining, personId);
    return { personId, isNew: true };
  }

  knownRole(sisId: string): RoleRecord | undefined {
    return knownRoleOf(this.view, sisId);
  }

  /** The person id of a target person's SIS id, once the person is planned. */
  personIdOf(sisId: string): string {
    const id = this.newPersonBySisId.get(sisId) ?? this.knownRole(sisId)?.personId;
    if (!id) throw new Error(`planChanges: no person for SIS id ${sisId}`);
    return id;
  }

  /** The SIS id of a synced person; the reverse map is built only when a removal asks. */
  sisIdOf(personId: string): string | null {
    if (!this.sisIdByPerson) {
      this.sisIdByPerson = new Map();
      for (const role of this.view.roles.values()) this.sisIdByPerson.set(role.personId, role.sisId);
    }
    return this.sisIdByPerson.get(personId) ?? null;
  }
}

function* planPerson(
  person: TargetPerson,
  view: DirectoryView,
  ids: PlanIds,
  plan: PlanTotals,
  updateActiveContacts: boolean,
): Generator<PlannedChange> {
  const known = ids.knownRole(person.sisId);
  let doesPersonExist = known !== undefined;
  let personId = known?.personId;
  // The person's values as the directory holds them: by way of a loaded role, or (a newcomer
  // joining an existing person) the person's own.
  let current = known ? view.roleDetails.get(known.roleId)?.person : undefined;
  if (!personId) {
    const newcomer = ids.personForNewcomer(person.sisId);
    personId = newcomer.personId;
    doesPersonExist = !newcomer.isNew;
    current = view.personDetails?.get(personId);
  }
  // Person-level field changes are planned once, with the first role change of the person;
  // roles that already exist go first so they carry them. The current values are looked at
  // only when some role changed (see `rolesToLoad`).
  let personDiff: FieldDiff | null | undefined;
  const takePersonDiff = (): FieldDiff | null => {
    if (personDiff === undefined) {
      personDiff = current ? diffPersonFields(person, current) : null;
      if (personDiff && current?.accountState === 'active' && !updateActiveContacts) {
        // An active user's contact details are theirs: the source's values are only reported.
        plan.keptContacts.push({
          personId: personId as string,
          sisId: person.sisId,
          fields: Object.fromEntries(
            Object.keys(personDiff.after).map((field) => [
              field,
              { directory: personDiff!.before[field] ?? null, source: personDiff!.after[field] ?? null },
            ]),
          ),
        });
        personDiff = null;
      }
    }
    const diff = personDiff;
    personDiff = null;
    return diff;
  };
  const roles =
    person.roles.length === 1
      ? person.roles
      : [...person.roles].sort(
          (a, b) =>
            Number(!view.roles.has(roleKey(a.role, a.sisId))) -
            Number(!view.roles.has(roleKey(b.role, b.sisId))),
        );
  for (const role of roles) {
    const entity = entityOfRole[role.role];
    const existing = view.roles.get(roleKey(role.role, role.sisId));
    if (!existing) {
      const roleId = ids.newId();
      const isNewPerson = !doesPersonExist;
      const diff = isNewPerson ? null : takePersonDiff();
      doesPersonExist = true;
      yield {
        entity,
        action: 'create',
        recordId: personId,
        relatedId: roleId,
        sisId: role.sisId,
        before: isNewPerson || !diff ? null : diff.before,
        after: isNewPerson ? createValues(person, role) : { ...diff?.after, ...roleFields(role) },
        apply: { kind: 'person', role: role.role, roleId, isNewPerson, hash: role.hash },
      };
      continue;
    }
    const isArchived = existing.isArchived || existing.isPersonArchived;
    if (existing.sourceHash === role.hash && !isArchived && existing.previousSisId === undefined) {
      plan.unchanged[entity]++;
      continue;
    }
    const details = view.roleDetails.get(existing.roleId);
    if (!details) throw new Error(`planChanges: details of role ${existing.roleId} were not loaded`);
    const personPart = takePersonDiff();
    const rolePart = diffRoleFields(role, details);
    if (existing.previousSisId !== undefined) {
      // Re-keyed by its student number (Student ID `student_number`): the SIS id follows.
      rolePart.before.sisId = existing.previousSisId;
      rolePart.after.sisId = role.sisId;
    }
    const before = { ...personPart?.before, ...rolePart.before };
    const after = { ...personPart?.after, ...rolePart.after };
    const change = {
      entity,
      recordId: existing.personId,
      relatedId: existing.roleId,
      sisId: role.sisId,
      apply: {
        kind: 'person',
        role: role.role,
        roleId: existing.roleId,
        isNewPerson: false,
        hash: role.hash,
      },
    } as const;
    if (isArchived) {
      yield {
        ...change,
        action: 'unarchive',
        before: { ...before, archived: true },
        after: { ...after, archived: false },
      };
    } else if (Object.keys(after).length > 0) {
      yield { ...change, action: 'update', before, after };
    } else {
      // The directory already holds the target values (set by hand or by an older version).
      plan.hashRefreshes.push({ kind: 'role', id: existing.roleId, hash: role.hash });
      plan.unchanged[entity]++;
    }
  }
}

/**
 * Synced roles the targets no longer have are archived, unless their row was unreadable, their
 * type is a delta that did not mark them deleted, or they are students and the config keeps
 * students who leave.
 */
function* planRoleArchives(input: PlanInput): Generator<PlannedChange> {
  const { targets, view, unreadable } = input;
  for (const role of view.roles.values()) {
    if (role.isArchived) continue;
    if (targets.people.hasRole(role.sisId, role.role)) continue;
    if (role.role === 'guardian' && !targets.managesGuardians) continue;
    // *Archived students* `keep`: a student who leaves (or is marked deleted) stays active;
    // their memberships and links still follow the source.
    if (role.role === 'student' && targets.keepsLeavingStudents) continue;
    if (unreadable.people.has(role.sisId)) continue;
    const entity = entityOfRole[role.role];
    const cause = removalCause(input.deleted.people.has(role.sisId), input.completeness[entity]);
    if (!cause) continue;
    yield {
      removalCause: cause,
      entity,
      action: 'archive',
      recordId: role.personId,
      relatedId: role.roleId,
      sisId: role.sisId,
      before: { archived: false },
      after: { archived: true },
      apply: {
        kind: 'person',
        role: role.role,
        roleId: role.roleId,
        isNewPerson: false,
        hash: role.sourceHash ?? '',
      },
    };
  }
}

function* planClassroom(
  target: TargetClassroom,
  existing: ClassroomRecord | undefined,
  id: string,
  plan: PlanTotals,
): Generator<PlannedChange> {
  const base = {
    entity: 'classrooms',
    relatedId: null,
    recordId: id,
    sisId: target.sisId,
    apply: { kind: 'classroom', hash: target.hash },
  } as const;
  if (!existing) {
    const after: Record<string, unknown> = {};
    for (const column of classroomFieldColumns) after[column] = target[column];
    yield { ...base, action: 'create', before: null, after };
    return;
  }
  if (existing.sourceHash === target.hash && !existing.isArchived) {
    plan.unchanged.classrooms++;
    return;
  }
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const column of classroomFieldColumns) {
    if (!sameValue(existing[column], target[column])) {
      before[column] = existing[column];
      after[column] = target[column];
    }
  }
  if (existing.isArchived) {
    yield {
      ...base,
      action: 'unarchive',
      before: { ...before, archived: true },
      after: { ...after, archived: false },
    };
  } else if (Object.keys(after).length > 0) {
    yield { ...base, action: 'update', before, after };
  } else {
    plan.hashRefreshes.push({ kind: 'classroom', id, hash: target.hash });
    plan.unchanged.classrooms++;
  }
}

function* planClassroomArchives(input: PlanInput): Generator<PlannedChange> {
  const { targets, view, unreadable } = input;
  for (const classroom of view.classrooms.values()) {
    if (
      classroom.isArchived ||
      targets.classrooms.has(classroom.sisId) ||
      unreadable.classes.has(classroom.sisId)
    ) {
      continue;
    }
    const cause = removalCause(
      input.deleted.classes.has(classroom.sisId),
      input.completeness.classrooms,
      targets.filteredClassrooms.has(classroom.sisId),
    );
    if (!cause) continue;
    yield {
      removalCause: cause,
      entity: 'classrooms',
      action: 'archive',
      recordId: classroom.id,
      relatedId: null,
      sisId: classroom.sisId,
      before: { archived: false },
      after: { archived: true },
      apply: { kind: 'classroom', hash: classroom.sourceHash ?? '' },
    };
  }
}

/**
 * Memberships of each target classroom, then the removals of enrollments the source marked
 * deleted in classrooms planned no other way. Only memberships this config made are updated or
 * removed; one added by hand stays as it is, even for a person the source also enrolls.
 */
function* planMemberships(input: PlanInput, ids: PlanIds, plan: PlanTotals): Generator<PlannedChange> {
  const { targets, view, unreadable, deleted } = input;
  const isDelta = input.completeness.memberships === 'delta';
  // Classrooms planned here, so the deletions below are not planned twice (kept only when
  // there are deletions: a first import plans every classroom).
  const planned = deleted.enrollments.size > 0 ? new Set<string>() : null;
  for (const [classSisId, group] of targets.members) {
    if (ids.leftArchived.has(classSisId)) {
      plan.skipped.memberships += group.members.userSisIds.length;
      continue;
    }
    const classroomId = ids.classroomBySisId.get(classSisId) as string;
    const existing = view.classrooms.get(classSisId);
    if (existing && existing.membersHash === group.hash) {
      plan.unchanged.memberships += group.members.userSisIds.length;
      continue;
    }
    const current = existing ? input.currentMembers.get(existing.id) : [];
    if (!current) throw new Error(`planChanges: memberships of classroom ${existing?.id} were not loaded`);
    planned?.add(classSisId);
    let changeCount = 0;
    const currentByPerson = new Map(current.map((membership) => [membership.personId, membership]));
    const wanted = new Set<string>();
    const { userSisIds, roles, isPrimary } = group.members;
    for (let i = 0; i < userSisIds.length; i++) {
      const member = { userSisId: userSisIds[i] as string, role: roles[i]!, isPrimary: isPrimary[i]! };
      const personId = ids.personIdOf(member.userSisId);
      wanted.add(personId);
      const now = currentByPerson.get(personId);
      const after = { role: member.role, isPrimary: member.isPrimary };
      if (!now) {
        changeCount++;
        yield membershipChange('add', classroomId, personId, member.userSisId, null, after, !existing);
      } else if (
        now.configId === view.configId &&
        (now.role !== member.role || now.isPrimary !== member.isPrimary)
      ) {
        const before = { role: now.role, isPrimary: now.isPrimary };
        changeCount++;
        yield membershipChange('update', classroomId, personId, member.userSisId, before, after, false);
      } else {
        plan.unchanged.memberships++;
      }
    }
    for (const now of current) {
      if (now.configId !== view.configId || wanted.has(now.personId)) continue;
      const sisId = ids.sisIdOf(now.personId);
      const key = sisId ? enrollmentKey(classSisId, sisId) : null;
      const cause = removalCause(
        key !== null && deleted.enrollments.has(key),
        input.completeness.memberships,
      );
      if (!cause) continue;
      if (
        cause === 'absent' &&
        sisId &&
        (unreadable.people.has(sisId) || (key !== null && unreadable.enrollments.has(key)))
      ) {
        continue;
      }
      const before = { role: now.role, isPrimary: now.isPrimary };
      changeCount++;
      yield {
        ...membershipChange('remove', classroomId, now.personId, sisId, before, null, false),
        removalCause: cause,
      };
    }
    // A delta lists only some members, so its hash is not the group's: nothing is stored, the
    // applier clears the hash of a group it changes, and the next run compares that one in full.
    if (isDelta) continue;
    plan.groupHashes.push({
      kind: 'members',
      id: classroomId,
      hash: group.hash,
      hasChanges: changeCount > 0,
    });
  }
  for (const key of deleted.enrollments) {
    const { classSisId, userSisId } = splitEnrollmentKey(key);
    const classroom = view.classrooms.get(classSisId);
    if (!classroom || planned?.has(classSisId) || ids.leftArchived.has(classSisId)) continue;
    const current = input.currentMembers.get(classroom.id);
    if (!current) throw new Error(`planChanges: memberships of classroom ${classroom.id} were not loaded`);
    const personId = knownRoleOf(view, userSisId)?.personId;
    const now = current.find((membership) => membership.personId === personId);
    // Not a member, or a member by hand: a deletion of nothing this config made is a no-op.
    if (!now || now.configId !== view.configId) continue;
    const before = { role: now.role, isPrimary: now.isPrimary };
    yield {
      ...membershipChange('remove', classroom.id, now.personId, userSisId, before, null, false),
      removalCause: 'deleted',
    };
  }
}

/**
 * Guardian links of each target student, then the links of guardians the source marked
 * deleted to students planned no other way; links made by hand are never touched.
 */
function* planLinks(input: PlanInput, ids: PlanIds, plan: PlanTotals): Generator<PlannedChange> {
  const { targets, view, unreadable, deleted } = input;
  const isDelta = input.completeness.guardianLinks === 'delta';
  const deletedGuardians = deletedGuardianIds(deleted, view);
  // Students planned here, so the deleted guardians' links below are not planned twice.
  const planned = deletedGuardians.size > 0 ? new Set<string>() : null;
  for (const sisId of keptStudents(targets)) {
    const group = targets.links.get(sisId) ?? noLinks;
    const existing = view.roles.get(roleKey('student', sisId));
    if (existing && existing.linksHash === group.hash) {
      plan.unchanged.guardianLinks += group.guardianSisIds.length;
      continue;
    }
    const studentId = ids.personIdOf(sisId);
    const current = existing ? input.currentLinks.get(existing.personId) : [];
    if (!current) throw new Error(`planChanges: links of student ${existing?.personId} were not loaded`);
    planned?.add(studentId);
    let changeCount = 0;
    const currentByGuardian = new Map(current.map((link) => [link.guardianId, link]));
    const wanted = new Set<string>();
    for (let i = 0; i < group.guardianSisIds.length; i++) {
      const link = {
        guardianSisId: group.guardianSisIds[i] as string,
        relationship: group.relationships[i] ?? null,
        contactType: group.contactTypes[i] ?? null,
      };
      const guardianId = ids.personIdOf(link.guardianSisId);
      wanted.add(guardianId);
      const now = currentByGuardian.get(guardianId);
      const after = { relationship: link.relationship, contactType: link.contactType };
      if (!now) {
        changeCount++;
        yield linkChange('add', guardianId, studentId, link.guardianSisId, null, after, !existing);
      } else if (
        now.configId === view.configId &&
        (now.relationship !== link.relationship || now.contactType !== link.contactType)
      ) {
        const before = { relationship: now.relationship, contactType: now.contactType };
        changeCount++;
        yield linkChange('update', guardianId, studentId, link.guardianSisId, before, after, false);
      } else {
        plan.unchanged.guardianLinks++;
      }
    }
    for (const now of current) {
      if (now.configId !== view.configId || wanted.has(now.guardianId)) continue;
      const guardianSisId = ids.sisIdOf(now.guardianId);
      const cause = removalCause(
        guardianSisId !== null && deleted.people.has(guardianSisId),
        input.completeness.guardianLinks,
      );
      if (!cause) continue;
      if (cause === 'absent' && guardianSisId && unreadable.people.has(guardianSisId)) continue;
      const before = { relationship: now.relationship, contactType: now.contactType };
      changeCount++;
      yield {
        ...linkChange('remove', now.guardianId, studentId, guardianSisId, before, null, false),
        removalCause: cause,
      };
    }
    // As for members: a delta's links of a student are not the whole set, so no hash is stored.
    if (isDelta) continue;
    plan.groupHashes.push({
      kind: 'links',
      id: studentId,
      hash: group.hash,
      hasChanges: changeCount > 0,
    });
  }
  if (!planned) return;
  for (const [studentId, current] of input.currentLinks) {
    if (planned.has(studentId)) continue;
    for (const now of current) {
      if (now.configId !== view.configId || !deletedGuardians.has(now.guardianId)) continue;
      const before = { relationship: now.relationship, contactType: now.contactType };
      yield {
        ...linkChange('remove', now.guardianId, studentId, ids.sisIdOf(now.guardianId), before, null, false),
        removalCause: 'deleted',
      };
    }
  }
}

function membershipChange(
  action: 'add' | 'update' | 'remove',
  classroomId: string,
  personId: string,
  sisId: string | null,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  isNewGroup: boolean,
): PlannedChange {
  return {
    entity: 'memberships',
    action,
    recordId: classroomId,
    relatedId: personId,
    sisId,
    before,
    after,
    apply: { kind: 'membership', isNewGroup },
  };
}

function linkChange(
  action: 'add' | 'update' | 'remove',
  guardianId: string,
  studentId: string,
  sisId: string | null,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  isNewGroup: boolean,
): PlannedChange {
  return {
    entity: 'guardianLinks',
    action,
    recordId: guardianId,
    relatedId: studentId,
    sisId,
    before,
    after,
    apply: { kind: 'link', isNewGroup },
  };
}

/** The after-values of a new person with its first role. */
function createValues(person: TargetPerson, role: TargetRole): Record<string, unknown> {
  const { fields } = person;
  return {
    givenName: fields.givenName ?? null,
    middleName: fields.middleName ?? null,
    familyName: fields.familyName ?? null,
    email: fields.email ?? null,
    mobile: fields.mobile ?? null,
    homePhone: fields.homePhone ?? null,
    language: fields.language ?? null,
    ...roleFields(role),
  };
}

function diffPersonFields(person: TargetPerson, current: PersonRecord): FieldDiff | null {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const column of personFieldColumns) {
    const value = person.fields[column];
    // undefined: the source has no usable value, so the directory keeps its own.
    if (value === undefined || value === current[column]) continue;
    before[column] = current[column];
    after[column] = value;
  }
  return Object.keys(after).length > 0 ? { before, after } : null;
}

function roleFields(role: TargetRole): Record<string, unknown> {
  return {
    role: role.role,
    kind: role.kind,
    grade: role.grade ?? null,
    studentNumber: role.studentNumber ?? null,
    stateId: role.stateId ?? null,
    schoolIds: role.schoolIds,
    isDistrictLevel: role.isDistrictLevel,
  };
}

function diffRoleFields(role: TargetRole, current: RoleDetails): FieldDiff {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const column of roleFieldColumns) {
    const value = role[column];
    if (value === undefined || sameValue(value, current[column])) continue;
    before[column] = current[column];
    after[column] = value;
  }
  return { before, after };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}
