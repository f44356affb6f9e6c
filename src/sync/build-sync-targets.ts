import type { FindingLog } from '../findings/finding-log.ts';
import {
  addEnrollment,
  emptyClassEnrollments,
  entityTypes,
  type ClassEnrollments,
  type EntityType,
  type Snapshot,
  type SnapshotPerson,
} from '../roster/snapshot.ts';
import { contentHash } from './content-hash.ts';
import { groupHash } from './group-hash.ts';
import type { DirectoryView } from './directory-view.ts';
import type { SyncSettings } from './sync-settings.ts';
import type { SyncTargets, TargetLink, TargetPerson, TargetRole } from './sync-targets.ts';

export interface TargetScope {
  /** A district-level config also syncs district-level staff; a school-level one does not. */
  isDistrictLevel: boolean;
}

/**
 * Turns a snapshot into the sync's targets: maps source schools to directory schools by
 * School ID, keeps what is in reach (records of mapped schools, guardians of kept students),
 * and hashes each record's target state. Pure: no I/O.
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

  const people = new Map<string, TargetPerson>();
  const guardianCandidates = new Map<string, SnapshotPerson>();
  for (const person of snapshot.people.values()) {
    const roles: TargetRole[] = [];
    for (const sourceRole of person.roles) {
      if (sourceRole.role === 'guardian') {
        if (settings.manageGuardians) guardianCandidates.set(person.sisId, person);
        continue;
      }
      const schoolIds = schoolsOf(sourceRole.orgSisIds);
      const isDistrictLevel =
        sourceRole.role === 'staff' && scope.isDistrictLevel && sourceRole.orgSisIds.some(isDistrictOrg);
      if (schoolIds.length === 0 && !isDistrictLevel) {
        const entity = sourceRole.role === 'student' ? 'students' : 'staff';
        const org = sourceRole.orgSisIds.find((id) => !isDistrictOrg(id)) ?? sourceRole.orgSisIds[0] ?? '';
        noteUnmapped(org, entity);
        continue;
      }
      roles.push(targetRole(person, sourceRole.role, sourceRole.kind, schoolIds, isDistrictLevel));
    }
    // The snapshot person itself is the target's fields: no copy of a million names.
    if (roles.length > 0) people.set(person.sisId, { sisId: person.sisId, fields: person, roles });
  }

  const classrooms: SyncTargets['classrooms'] = new Map();
  for (const klass of snapshot.classes.values()) {
    const schoolIds = schoolsOf([klass.schoolSisId]);
    const schoolId = schoolIds[0];
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

  const links: SyncTargets['links'] = new Map();
  if (settings.manageGuardians) {
    buildGuardianTargets(snapshot, people, guardianCandidates, links, settings, findings, skipped);
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
  people: Map<string, TargetPerson>,
  candidates: Map<string, SnapshotPerson>,
  links: SyncTargets['links'],
  settings: SyncSettings,
  findings: FindingLog,
  skipped: Record<EntityType, number>,
): void {
  const byStudent = new Map<string, TargetLink[]>();
  const studentsOfGuardian = new Map<string, string[]>();
  const everLinked = new Set<string>();
  for (const link of snapshot.guardianLinks) {
    everLinked.add(link.guardianSisId);
    const student = people.get(link.studentSisId)?.roles.find((role) => role.role === 'student');
    if (!student || !candidates.has(link.guardianSisId)) continue;
    let list = byStudent.get(link.studentSisId);
    if (!list) byStudent.set(link.studentSisId, (list = []));
    if (list.length >= settings.maxGuardiansPerStudent) {
      skipped.guardianLinks++;
      if (list.length === settings.maxGuardiansPerStudent) {
        findings.add({
          code: 'GUARDIANS_OVER_LIMIT',
          entity: 'guardianLinks',
          sisId: link.studentSisId,
          message: `Student ${link.studentSisId} has more than ${settings.maxGuardiansPerStudent} guardians; ${link.guardianSisId} and any after it are not linked.`,
        });
      }
      continue;
    }
    list.push({
      guardianSisId: link.guardianSisId,
      relationship: link.relationship,
      contactType: link.contactType,
    });
    let students = studentsOfGuardian.get(link.guardianSisId);
    if (!students) studentsOfGuardian.set(link.guardianSisId, (students = []));
    students.push(link.studentSisId);
  }

  for (const [sisId, person] of candidates) {
    const students = studentsOfGuardian.get(sisId);
    if (!students) {
      if (!everLinked.has(sisId)) {
        skipped.guardians++;
        findings.add({
          code: 'GUARDIAN_NOT_LINKED',
          entity: 'guardians',
          sisId,
          message: `Guardian ${sisId} is linked to no student (agentSourcedIds is empty on both sides); the guardian is not synced.`,
        });
      }
      continue;
    }
    const schoolIds = new Set<string>();
    for (const studentSisId of students) {
      const role = people.get(studentSisId)?.roles.find((r) => r.role === 'student');
      for (const id of role?.schoolIds ?? []) schoolIds.add(id);
    }
    const guardianRole = person.roles.find((role) => role.role === 'guardian');
    const role = targetRole(
      person,
      'guardian',
      guardianRole?.kind ?? 'guardian',
      [...schoolIds].sort(),
      false,
    );
    const existing = people.get(sisId);
    if (existing) existing.roles.push(role);
    else people.set(sisId, { sisId, fields: person, roles: [role] });
  }

  for (const [studentSisId, items] of byStudent) {
    links.set(studentSisId, {
      items,
      hash: groupHash(items.map((l) => `${l.guardianSisId}\u001d${l.relationship}\u001d${l.contactType}`)),
    });
  }
}

/** The class's members that are kept people; the class's own arrays when all of them are. */
function keepMembers(enrolled: ClassEnrollments, people: ReadonlyMap<string, unknown>): ClassEnrollments {
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

function targetRole(
  person: SnapshotPerson,
  role: TargetRole['role'],
  kind: string,
  schoolIds: string[],
  isDistrictLevel: boolean,
): TargetRole {
  const grade = role === 'student' ? person.grade : null;
  const studentNumber = role === 'student' ? person.studentNumber : null;
  const stateId = role === 'student' ? person.stateId : null;
  return {
    role,
    kind,
    sisId: person.sisId,
    schoolIds,
    isDistrictLevel,
    grade,
    studentNumber,
    stateId,
    hash: contentHash([
      person.givenName,
      person.middleName,
      person.familyName,
      person.email,
      person.mobile,
      person.homePhone,
      person.language,
      kind,
      schoolIds,
      isDistrictLevel,
      grade,
      studentNumber,
      stateId,
    ]),
  };
}
