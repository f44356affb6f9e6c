import type { FindingLog } from '../findings/finding-log.ts';
import {
  addEnrollment,
  emptyClassEnrollments,
  entityTypes,
  type ClassEnrollments,
  type EntityType,
  type Snapshot,
  type SnapshotClass,
  type SnapshotPerson,
  type SnapshotRole,
  personFields,
  type PersonFields,
} from '../roster/snapshot.ts';
import { checkGuardianCredentials } from './check-guardian-credentials.ts';
import { classroomFilter, classroomFilterNames, type ClassroomFilterName } from './classroom-filter.ts';
import { contactFields, type CredentialField } from './contact-fields.ts';
import { contentHash } from './content-hash.ts';
import { noIdentityResolution, type IdentityResolution } from './resolve-identities.ts';
import { matchStudentsByNumber } from './match-students-by-number.ts';
import { schoolSplitRouter, type SchoolSplitRouter } from './school-split-router.ts';
import type { DirectoryView } from './directory-view.ts';
import { groupHash } from './group-hash.ts';
import type { SyncSettings } from './sync-settings.ts';
import type { LinkGroup, SyncTargets } from './sync-targets.ts';
import { TargetPeople, type RoleReach } from './target-people.ts';

export interface TargetScope {
  /** A district-level config also syncs district-level staff; a school-level one does not. */
  isDistrictLevel: boolean;
}

/**
 * Turns a snapshot into the sync's targets: maps source schools to directory schools by
 * School ID, keeps what is in reach (records of mapped schools, guardians of kept students),
 * and hashes classrooms and member and link sets. People are not copied: `targets.people`
 * builds each kept person (with its roles' hashes) from the snapshot when asked. Pure: no I/O.
 */
export function buildSyncTargets(
  snapshot: Snapshot,
  view: Pick<DirectoryView, 'schoolsBySourceId'> & Partial<Pick<DirectoryView, 'roles'>>,
  settings: SyncSettings,
  scope: TargetScope,
  findings: FindingLog,
  /** SPEC §6 for the people the run would create (see `resolveIdentities`). */
  identity: IdentityResolution = noIdentityResolution(),
): SyncTargets {
  const skipped = Object.fromEntries(entityTypes.map((type) => [type, 0])) as Record<EntityType, number>;
  const unmapped = new Map<string, Partial<Record<EntityType, number>>>();
  const noteUnmapped = (orgSisId: string, entity: EntityType): void => {
    let counts = unmapped.get(orgSisId);
    if (!counts) unmapped.set(orgSisId, (counts = {}));
    counts[entity] = (counts[entity] ?? 0) + 1;
    skipped[entity]++;
  };
  const schoolsOf = internedSchoolLists(view.schoolsBySourceId);
  const isDistrictOrg = (orgSisId: string): boolean => snapshot.orgs.get(orgSisId)?.type === 'district';
  const splits = schoolSplitRouter(settings.schoolMapping.splits);
  const classSchoolOf = (klass: SnapshotClass): string | undefined =>
    splits.hasSplits && splits.isSplit(klass.schoolSisId)
      ? (splits.routeClass(klass) ?? undefined)
      : schoolsOf([klass.schoolSisId])[0];
  const splitClassSchools = splits.hasSplits ? classSchoolsByUser(snapshot, splits) : null;
  // Roles are shared objects (one per role, kind and org list), so their reach is computed once,
  // except at a split school, where each person is routed (by grade, or by their classes).
  const reachByRole = new Map<SnapshotRole, RoleReach>();
  const routedLists = new Map<string, string[]>();
  const internReach = (ids: string[]): string[] => {
    const key = ids.join(',');
    const shared = routedLists.get(key) ?? ids;
    routedLists.set(key, shared);
    return shared;
  };
  const reachOf = (role: SnapshotRole, person: SnapshotPerson): RoleReach => {
    const isRouted = splitClassSchools !== null && role.orgSisIds.some((org) => splits.isSplit(org));
    let reach = isRouted ? undefined : reachByRole.get(role);
    if (reach === undefined) {
      let schoolIds = schoolsOf(role.orgSisIds);
      if (isRouted && role.role !== 'guardian') {
        const ids = new Set(schoolsOf(role.orgSisIds.filter((org) => !splits.isSplit(org))));
        for (const org of role.orgSisIds.filter((id) => splits.isSplit(id))) {
          const classes = splitClassSchools.get(`${org}\u001f${person.sisId}`);
          for (const id of splits.routePerson(org, role.role, person, classes)) ids.add(id);
        }
        schoolIds = internReach([...ids].sort());
      }
      const isDistrictLevel =
        role.role === 'staff' && scope.isDistrictLevel && role.orgSisIds.some(isDistrictOrg);
      reach = schoolIds.length === 0 && !isDistrictLevel ? null : { schoolIds, isDistrictLevel };
      if (!isRouted) reachByRole.set(role, reach);
    }
    return reach;
  };

  for (const person of snapshot.people.values()) {
    for (const role of person.roles) {
      if (role.role === 'guardian' || reachOf(role, person)) continue;
      const org = role.orgSisIds.find((id) => !isDistrictOrg(id)) ?? role.orgSisIds[0] ?? '';
      noteUnmapped(org, role.role === 'student' ? 'students' : 'staff');
    }
  }

  // Student ID `student_number`: students are matched by number; those it cannot identify
  // are withheld (kept as they are, like unreadable rows) and the rest reach as usual.
  const studentIds =
    settings.studentId === 'student_number'
      ? matchStudentsByNumber(keptStudents(snapshot, reachOf), view.roles ?? new Map(), findings)
      : null;
  for (const sisId of studentIds?.withheld ?? []) {
    snapshot.unreadable.people.add(sisId);
    if (snapshot.people.has(sisId)) skipped.students++;
  }
  if (studentIds && studentIds.withheld.size > 0) {
    // A withheld student's guardians may be kept by no one else this run: kept as they are too.
    for (const link of snapshot.guardianLinks) {
      if (studentIds.withheld.has(link.studentSisId)) snapshot.unreadable.people.add(link.guardianSisId);
    }
  }
  const keptReachOf: typeof reachOf =
    studentIds && studentIds.withheld.size > 0
      ? (role, person) =>
          role.role === 'student' && studentIds.withheld.has(person.sisId) ? null : reachOf(role, person)
      : reachOf;

  const studentReach = (sisId: string): RoleReach => {
    const person = snapshot.people.get(sisId);
    const student = person?.roles.find((role) => role.role === 'student');
    return person && student ? keptReachOf(student, person) : null;
  };
  const { guardianSchools, links, withheld } = settings.manageGuardians
    ? buildGuardianTargets(snapshot, studentReach, settings, identity, findings, skipped)
    : {
        guardianSchools: new Map<string, string[]>(),
        links: new Map<string, LinkGroup>(),
        withheld: new Map<string, Set<CredentialField>>(),
      };
  // Credentials nobody gets this run: shared among guardians, held by another person of the
  // district; `findTakenCredentials` adds those of synced people after classification.
  const withheldCredentials = new Map(identity.withheld);
  for (const [sisId, fields] of withheld) {
    withheldCredentials.set(sisId, new Set([...(withheldCredentials.get(sisId) ?? []), ...fields]));
  }
  const ownFields = (person: SnapshotPerson): PersonFields =>
    contactFields(person, settings, withheldCredentials.get(person.sisId));
  // Source records that are one person (`onePersonGroups`) share one set of values: the staff
  // record's first, its gaps filled from the others', so every role's hash describes the person
  // the directory holds and no record's values undo another's on the next full compare.
  const groupOf = new Map<string, string[]>();
  for (const group of onePersonGroups(identity)) for (const sisId of group) groupOf.set(sisId, group);
  const fieldsOf = (person: SnapshotPerson): PersonFields => {
    const group = groupOf.get(person.sisId);
    if (!group) return ownFields(person);
    const records = group
      .map((sisId) => snapshot.people.get(sisId))
      .filter((record): record is SnapshotPerson => record !== undefined)
      .sort((a, b) => Number(!isStaff(a)) - Number(!isStaff(b)) || a.sisId.localeCompare(b.sisId));
    return mergeFields(records.map(ownFields));
  };
  const people = new TargetPeople(snapshot, keptReachOf, guardianSchools, fieldsOf);

  const classrooms: SyncTargets['classrooms'] = new Map();
  const filteredClassrooms = new Set<string>();
  const isFilteredOut = classroomFilter(settings.classroomFilters);
  const filteredBy = new Map<ClassroomFilterName, number>();
  for (const klass of snapshot.classes.values()) {
    const schoolId = classSchoolOf(klass);
    if (!schoolId) {
      noteUnmapped(klass.schoolSisId, 'classrooms');
      continue;
    }
    // A filtered-out class is in the source, so a classroom synced from it before is removed
    // (cause `filtered`), not left alone; its enrollments are not synced.
    const filter = isFilteredOut(klass, schoolId);
    if (filter) {
      filteredClassrooms.add(klass.sisId);
      filteredBy.set(filter, (filteredBy.get(filter) ?? 0) + 1);
      skipped.classrooms++;
      continue;
    }
    const values = {
      sisId: klass.sisId,
      schoolId,
      name: klass.title,
      grades: klass.grades,
      subjects: klass.subjects,
      periods: klass.periods,
      classType: klass.classType,
      classCode: klass.classCode,
      location: klass.location,
      courseSisId: klass.courseSisId,
      termSisIds: klass.termSisIds,
    };
    classrooms.set(klass.sisId, {
      ...values,
      hash: contentHash([
        values.schoolId,
        values.name,
        values.grades,
        values.subjects,
        values.periods,
        values.classType,
        values.classCode,
        values.location,
        values.courseSisId,
        values.termSisIds,
      ]),
    });
  }

  const members: SyncTargets['members'] = new Map();
  for (const sisId of classrooms.keys()) {
    const enrolled = snapshot.enrollments.get(sisId) ?? emptyClassEnrollments();
    const kept = keepMembers(enrolled, people);
    skipped.memberships += enrolled.userSisIds.length - kept.userSisIds.length;
    const keys: string[] = [];
    for (let i = 0; i < kept.userSisIds.length; i++) {
      keys.push(`${kept.userSisIds[i]}\u001d${kept.roles[i]}\u001d${kept.isPrimary[i]}`);
    }
    members.set(sisId, { members: kept, hash: groupHash(keys) });
  }

  if (filteredClassrooms.size > 0) reportFiltered(filteredBy, filteredClassrooms.size, findings);

  for (const [orgSisId, counts] of unmapped) {
    const org = snapshot.orgs.get(orgSisId);
    const what = Object.entries(counts)
      .map(([entity, count]) => `${count} ${entity}`)
      .join(', ');
    findings.add({
      code: 'SCHOOL_NOT_MAPPED',
      entity: 'schools',
      sisId: orgSisId,
      message: !orgSisId
        ? `Records with no school: ${what} not synced.`
        : splits.isSplit(orgSisId)
          ? `Source school ${orgSisId}${org && org.name !== orgSisId ? ` (${org.name})` : ''} is split, but no rule or otherwise routes some of its records: ${what} not synced.`
          : `Source school ${orgSisId}${org && org.name !== orgSisId ? ` (${org.name})` : ''} is not a School ID of any directory school: ${what} not synced.`,
    });
  }

  return {
    people,
    classrooms,
    filteredClassrooms,
    members,
    links,
    managesGuardians: settings.manageGuardians,
    keepsLeavingStudents: settings.archivedStudents === 'keep',
    studentRekeys: studentIds?.rekeys ?? new Map(),
    withheldCredentials,
    joins: { person: identity.joinsPerson, newcomer: identity.joinsNewcomer },
    skipped,
  };
}

function isStaff(person: SnapshotPerson): boolean {
  return person.roles.some((role) => role.role === 'staff');
}

/** The groups of this config's SIS ids that are one person: stored ones, and this run's joins. */
function onePersonGroups(identity: IdentityResolution): string[][] {
  const groups = identity.onePerson.map((group) => [...group]);
  const groupOf = new Map<string, string[]>();
  for (const group of groups) for (const sisId of group) groupOf.set(sisId, group);
  for (const [joining, target] of identity.joinsNewcomer) {
    let group = groupOf.get(target);
    if (!group) {
      group = [target];
      groups.push(group);
      groupOf.set(target, group);
    }
    if (!group.includes(joining)) group.push(joining);
    groupOf.set(joining, group);
  }
  return groups;
}

/** Each field from the first record that has a value for it. */
function mergeFields(records: readonly PersonFields[]): PersonFields {
  const merged = { ...records[0] } as PersonFields;
  for (const record of records.slice(1)) {
    for (const field of personFields) {
      if (merged[field] === undefined || merged[field] === null)
        merged[field] = record[field] ?? merged[field];
    }
  }
  return merged;
}

/** Students in reach, with the number that identifies them under `student_number`. */
function* keptStudents(
  snapshot: Snapshot,
  reachOf: (role: SnapshotRole, person: SnapshotPerson) => RoleReach,
): Generator<SnapshotPerson> {
  for (const person of snapshot.people.values()) {
    const student = person.roles.find((role) => role.role === 'student');
    if (student && reachOf(student, person)) yield person;
  }
}

/** One count for the run: how many classes the classroom filters left out, and by which. */
function reportFiltered(
  filteredBy: ReadonlyMap<ClassroomFilterName, number>,
  total: number,
  findings: FindingLog,
): void {
  const byFilter = classroomFilterNames
    .filter((name) => filteredBy.has(name))
    .map((name) => `${filteredBy.get(name)} by ${name}`)
    .join(', ');
  findings.add({
    code: 'CLASSROOMS_FILTERED',
    entity: 'classrooms',
    value: String(total),
    message: `${total} ${total === 1 ? 'class is' : 'classes are'} left out by the classroom filters (${byFilter}): not synced, and archived if synced before.`,
  });
}

/**
 * Links each kept student to its guardians (up to the limit, in source order) and keeps the
 * guardians that end up linked to at least one kept student, placed in their students' schools.
 * Guardians without a credential of their own (SPEC §6, `checkGuardianCredentials`) are left
 * out and added to `snapshot.unreadable.people`: skipped until the source fixes them, they are
 * kept in the directory as they are, like a record this read could not use (their role is not
 * archived, their links are not removed).
 */
function buildGuardianTargets(
  snapshot: Snapshot,
  studentReach: (sisId: string) => RoleReach,
  settings: SyncSettings,
  identity: IdentityResolution,
  findings: FindingLog,
  skipped: Record<EntityType, number>,
): {
  guardianSchools: Map<string, string[]>;
  links: Map<string, LinkGroup>;
  withheld: Map<string, Set<CredentialField>>;
} {
  const isGuardian = (sisId: string): boolean =>
    snapshot.people.get(sisId)?.roles.some((role) => role.role === 'guardian') ?? false;
  const links = new Map<string, LinkGroup>();
  const schoolSets = new Map<string, Set<string[]>>();
  const everLinked = new Set<string>();
  // Credentials are judged among the guardians the sync would keep, with the mobile the phone
  // credential setting picks.
  const candidates = new Set<string>();
  for (const link of snapshot.guardianLinks) {
    if (identity.skippedGuardians.has(link.guardianSisId)) continue;
    if (isGuardian(link.guardianSisId) && studentReach(link.studentSisId)) candidates.add(link.guardianSisId);
  }
  const credentials = checkGuardianCredentials(
    {
      *[Symbol.iterator]() {
        for (const sisId of candidates) {
          const person = snapshot.people.get(sisId) as SnapshotPerson;
          yield { sisId, fields: contactFields(person, settings, identity.withheld.get(sisId)) };
        }
      },
    },
    findings,
  );
  for (const sisId of [...credentials.skipped, ...identity.skippedGuardians]) {
    credentials.skipped.add(sisId);
    snapshot.unreadable.people.add(sisId);
    skipped.guardians++;
  }
  for (const link of snapshot.guardianLinks) {
    everLinked.add(link.guardianSisId);
    const reach = studentReach(link.studentSisId);
    if (!reach || !isGuardian(link.guardianSisId)) continue;
    if (credentials.skipped.has(link.guardianSisId)) {
      skipped.guardianLinks++;
      continue;
    }
    let group = links.get(link.studentSisId);
    if (!group) {
      group = { guardianSisIds: [], relationships: [], contactTypes: [], hash: '' };
      links.set(link.studentSisId, group);
    }
    if (group.guardianSisIds.length >= settings.maxGuardiansPerStudent) {
      skipped.guardianLinks++;
      if (group.guardianSisIds.length === settings.maxGuardiansPerStudent) {
        findings.add({
          code: 'GUARDIANS_OVER_LIMIT',
          entity: 'guardianLinks',
          sisId: link.studentSisId,
          message: `Student ${link.studentSisId} has more than ${settings.maxGuardiansPerStudent} guardians; ${link.guardianSisId} and any after it are not linked.`,
        });
      }
      continue;
    }
    group.guardianSisIds.push(link.guardianSisId);
    group.relationships.push(link.relationship);
    group.contactTypes.push(link.contactType);
    let schools = schoolSets.get(link.guardianSisId);
    if (!schools) schoolSets.set(link.guardianSisId, (schools = new Set()));
    schools.add(reach.schoolIds);
  }

  // A guardian's schools are the union of its students' (shared) school lists.
  const unions = new Map<string, string[]>();
  const guardianSchools = new Map<string, string[]>();
  for (const [sisId, lists] of schoolSets) {
    const ids = lists.size === 1 ? ([...lists][0] as string[]) : [...new Set([...lists].flat())].sort();
    const key = ids.join(',');
    const shared = unions.get(key) ?? ids;
    unions.set(key, shared);
    guardianSchools.set(sisId, shared);
  }
  for (const person of snapshot.people.values()) {
    if (guardianSchools.has(person.sisId) || everLinked.has(person.sisId)) continue;
    if (!person.roles.some((role) => role.role === 'guardian')) continue;
    skipped.guardians++;
    findings.add({
      code: 'GUARDIAN_NOT_LINKED',
      entity: 'guardians',
      sisId: person.sisId,
      message: `Guardian ${person.sisId} is linked to no student (agentSourcedIds is empty on both sides); the guardian is not synced.`,
    });
  }

  for (const group of links.values()) {
    group.hash = linkGroupHash(group);
  }
  return { guardianSchools, links, withheld: credentials.withheld };
}

/** The hash of a student's link set. */
export function linkGroupHash(
  group: Pick<LinkGroup, 'guardianSisIds' | 'relationships' | 'contactTypes'>,
): string {
  return groupHash(
    group.guardianSisIds.map(
      (sisId, i) => `${sisId}\u001d${group.relationships[i]}\u001d${group.contactTypes[i]}`,
    ),
  );
}

/**
 * The directory schools each person's classes at each split source school were routed to, by
 * `sourceSchoolId \u001f userSisId`: staff, and students of a class split, follow their classes.
 */
function classSchoolsByUser(snapshot: Snapshot, splits: SchoolSplitRouter): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>();
  for (const klass of snapshot.classes.values()) {
    if (!splits.isSplit(klass.schoolSisId)) continue;
    const schoolId = splits.routeClass(klass);
    if (!schoolId) continue;
    for (const userSisId of snapshot.enrollments.get(klass.sisId)?.userSisIds ?? []) {
      const key = `${klass.schoolSisId}\u001f${userSisId}`;
      let schools = byUser.get(key);
      if (!schools) byUser.set(key, (schools = new Set()));
      schools.add(schoolId);
    }
  }
  return byUser;
}

/** The class's members that are kept people; the class's own arrays when all of them are. */
function keepMembers(enrolled: ClassEnrollments, people: TargetPeople): ClassEnrollments {
  if (enrolled.userSisIds.every((sisId) => people.has(sisId))) return enrolled;
  const kept = emptyClassEnrollments();
  enrolled.userSisIds.forEach((userSisId, i) => {
    if (people.has(userSisId)) {
      addEnrollment(kept, { userSisId, role: enrolled.roles[i]!, isPrimary: enrolled.isPrimary[i]! });
    }
  });
  return kept;
}

/**
 * Maps source org ids to sorted directory school ids, handing out one shared array per
 * distinct result: a million students of two thousand schools need two thousand arrays.
 */
function internedSchoolLists(
  schoolsBySourceId: ReadonlyMap<string, string[]>,
): (orgSisIds: readonly string[]) => string[] {
  const byOrgs = new Map<string, string[]>();
  const byResult = new Map<string, string[]>();
  return (orgSisIds) => {
    const orgKey = orgSisIds.length === 1 ? (orgSisIds[0] as string) : orgSisIds.join('\u001f');
    const cached = byOrgs.get(orgKey);
    if (cached) return cached;
    const ids = new Set<string>();
    for (const org of orgSisIds) for (const id of schoolsBySourceId.get(org) ?? []) ids.add(id);
    const sorted = [...ids].sort();
    const resultKey = sorted.join(',');
    const shared = byResult.get(resultKey) ?? sorted;
    byResult.set(resultKey, shared);
    byOrgs.set(orgKey, shared);
    return shared;
  };
}
