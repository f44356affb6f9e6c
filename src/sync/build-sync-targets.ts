import type { FindingLog } from '../findings/finding-log.ts';
import {
  addEnrollment,
  emptyClassEnrollments,
  entityTypes,
  type ClassEnrollments,
  type EntityType,
  type Snapshot,
  type SnapshotRole,
} from '../roster/snapshot.ts';
import { contentHash } from './content-hash.ts';
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
  view: Pick<DirectoryView, 'schoolsBySourceId'>,
  settings: SyncSettings,
  scope: TargetScope,
  findings: FindingLog,
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
  // Roles are shared objects (one per role, kind and org list), so their reach is computed once.
  const reachByRole = new Map<SnapshotRole, RoleReach>();
  const reachOf = (role: SnapshotRole): RoleReach => {
    let reach = reachByRole.get(role);
    if (reach === undefined) {
      const schoolIds = schoolsOf(role.orgSisIds);
      const isDistrictLevel =
        role.role === 'staff' && scope.isDistrictLevel && role.orgSisIds.some(isDistrictOrg);
      reach = schoolIds.length === 0 && !isDistrictLevel ? null : { schoolIds, isDistrictLevel };
      reachByRole.set(role, reach);
    }
    return reach;
  };

  for (const person of snapshot.people.values()) {
    for (const role of person.roles) {
      if (role.role === 'guardian' || reachOf(role)) continue;
      const org = role.orgSisIds.find((id) => !isDistrictOrg(id)) ?? role.orgSisIds[0] ?? '';
      noteUnmapped(org, role.role === 'student' ? 'students' : 'staff');
    }
  }

  const studentReach = (sisId: string): RoleReach => {
    const student = snapshot.people.get(sisId)?.roles.find((role) => role.role === 'student');
    return student ? reachOf(student) : null;
  };
  const { guardianSchools, links } = settings.manageGuardians
    ? buildGuardianTargets(snapshot, studentReach, settings, findings, skipped)
    : { guardianSchools: new Map<string, string[]>(), links: new Map<string, LinkGroup>() };
  const people = new TargetPeople(snapshot, reachOf, guardianSchools);

  const classrooms: SyncTargets['classrooms'] = new Map();
  for (const klass of snapshot.classes.values()) {
    const schoolId = schoolsOf([klass.schoolSisId])[0];
    if (!schoolId) {
      noteUnmapped(klass.schoolSisId, 'classrooms');
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

  for (const [orgSisId, counts] of unmapped) {
    const org = snapshot.orgs.get(orgSisId);
    const what = Object.entries(counts)
      .map(([entity, count]) => `${count} ${entity}`)
      .join(', ');
    findings.add({
      code: 'SCHOOL_NOT_MAPPED',
      entity: 'schools',
      sisId: orgSisId,
      message: orgSisId
        ? `Source school ${orgSisId}${org && org.name !== orgSisId ? ` (${org.name})` : ''} is not a School ID of any directory school: ${what} not synced.`
        : `Records with no school: ${what} not synced.`,
    });
  }

  return { people, classrooms, members, links, managesGuardians: settings.manageGuardians, skipped };
}

/**
 * Links each kept student to its guardians (up to the limit, in source order) and keeps the
 * guardians that end up linked to at least one kept student, placed in their students' schools.
 */
function buildGuardianTargets(
  snapshot: Snapshot,
  studentReach: (sisId: string) => RoleReach,
  settings: SyncSettings,
  findings: FindingLog,
  skipped: Record<EntityType, number>,
): { guardianSchools: Map<string, string[]>; links: Map<string, LinkGroup> } {
  const isGuardian = (sisId: string): boolean =>
    snapshot.people.get(sisId)?.roles.some((role) => role.role === 'guardian') ?? false;
  const links = new Map<string, LinkGroup>();
  const schoolSets = new Map<string, Set<string[]>>();
  const everLinked = new Set<string>();
  for (const link of snapshot.guardianLinks) {
    everLinked.add(link.guardianSisId);
    const reach = studentReach(link.studentSisId);
    if (!reach || !isGuardian(link.guardianSisId)) continue;
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
  return { guardianSchools, links };
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
