import { sql, type Kysely } from 'kysely';
import { batches } from '../store/batches.ts';
import type { Database } from '../store/database-schema.ts';
import type {
  ClassroomRecord,
  DirectoryView,
  GuardianLinkRecord,
  MembershipRecord,
  OwnedCounts,
  PersonRecord,
  RoleRecord,
} from './directory-view.ts';
import { roleKey } from './directory-view.ts';

export interface ViewScope {
  districtId: string;
  configId: string;
  /** A school-level config sees only its school's School IDs. */
  schoolId: string | null;
  /** Load students' numbers too (Student ID `student_number`: they identify students). */
  withStudentNumbers?: boolean;
}

/** Loads what the planner needs to know of the directory for one config. */
export async function loadDirectoryView(db: Kysely<Database>, scope: ViewScope): Promise<DirectoryView> {
  const { districtId, configId } = scope;
  let schoolIdsQuery = db
    .selectFrom('school_source_ids as s')
    .innerJoin('schools', 'schools.id', 's.school_id')
    .select(['s.source_id', 's.school_id'])
    .where('s.district_id', '=', districtId)
    .where('schools.archived_at', 'is', null);
  if (scope.schoolId) schoolIdsQuery = schoolIdsQuery.where('s.school_id', '=', scope.schoolId);
  const schoolsBySourceId = new Map<string, string[]>();
  for (const row of await schoolIdsQuery.execute()) {
    const list = schoolsBySourceId.get(row.source_id) ?? [];
    list.push(row.school_id);
    schoolsBySourceId.set(row.source_id, list);
  }

  const roleRows = await db
    .selectFrom('person_roles as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'r.id as role_id',
      'r.person_id',
      'r.role',
      'r.sis_id',
      'r.source_hash',
      'r.links_hash',
      'r.archived_at',
      'p.archived_at as person_archived_at',
      'r.student_number',
    ])
    .where('r.config_id', '=', configId)
    .where('r.district_id', '=', districtId)
    .execute();
  const roles = new Map<string, RoleRecord>();
  for (const row of roleRows) {
    const record: RoleRecord = {
      roleId: row.role_id,
      personId: row.person_id,
      role: row.role,
      sisId: row.sis_id as string,
      sourceHash: row.source_hash,
      linksHash: row.links_hash,
      isArchived: row.archived_at !== null,
      isPersonArchived: row.person_archived_at !== null,
    };
    if (scope.withStudentNumbers && row.role === 'student') record.studentNumber = row.student_number;
    roles.set(roleKey(record.role, record.sisId), record);
  }

  const classroomRows = await db
    .selectFrom('classrooms')
    .selectAll()
    .where('config_id', '=', configId)
    .where('district_id', '=', districtId)
    .execute();
  const archivedBySync = await classroomsArchivedByRuns(
    db,
    districtId,
    classroomRows.filter((row) => row.archived_at !== null).map((row) => row.id),
  );
  const classrooms = new Map<string, ClassroomRecord>();
  for (const row of classroomRows) {
    classrooms.set(row.sis_id as string, {
      id: row.id,
      sisId: row.sis_id as string,
      schoolId: row.school_id,
      name: row.name,
      grades: row.grades,
      subjects: row.subjects,
      periods: row.periods,
      classType: row.class_type,
      classCode: row.class_code,
      location: row.location,
      courseSisId: row.course_sis_id,
      termSisIds: row.term_sis_ids,
      sourceHash: row.source_hash,
      membersHash: row.members_hash,
      isArchived: row.archived_at !== null,
      isArchivedByHand: row.archived_at !== null && !archivedBySync.has(row.id),
    });
  }

  const ownedCounts = await countOwned(db, scope, roles, classrooms);
  return { districtId, configId, schoolsBySourceId, roles, roleDetails: new Map(), classrooms, ownedCounts };
}

/**
 * The given (archived) classrooms whose last audit row is an archive by a run. The audit log
 * already says who archived what, so no column has to be kept in step with it; a classroom
 * archived straight in the database has no such row and counts as archived by hand.
 */
async function classroomsArchivedByRuns(
  db: Kysely<Database>,
  districtId: string,
  classroomIds: string[],
): Promise<Set<string>> {
  const archived = new Set<string>();
  for (const ids of batches(classroomIds)) {
    const rows = await sql<{ record_id: string; action: string; actor_type: string }>`
      select distinct on (record_id) record_id, action, actor_type
      from audit_log
      where district_id = ${districtId} and entity = 'classrooms' and record_id = any(${ids}::uuid[])
      order by record_id, id desc
    `.execute(db);
    for (const row of rows.rows) {
      if (row.action === 'archive' && row.actor_type === 'run') archived.add(row.record_id);
    }
  }
  return archived;
}

async function countOwned(
  db: Kysely<Database>,
  scope: ViewScope,
  roles: Map<string, RoleRecord>,
  classrooms: Map<string, ClassroomRecord>,
): Promise<OwnedCounts> {
  const counts: OwnedCounts = {
    students: 0,
    staff: 0,
    guardians: 0,
    classrooms: 0,
    memberships: 0,
    guardianLinks: 0,
  };
  for (const role of roles.values()) {
    if (role.isArchived) continue;
    if (role.role === 'student') counts.students++;
    else if (role.role === 'staff') counts.staff++;
    else counts.guardians++;
  }
  for (const classroom of classrooms.values()) if (!classroom.isArchived) counts.classrooms++;
  const row = await sql<{ memberships: number; links: number }>`
    select
      (select count(*)::int from memberships where config_id = ${scope.configId} and district_id = ${scope.districtId}) as memberships,
      (select count(*)::int from guardian_links where config_id = ${scope.configId} and district_id = ${scope.districtId}) as links
  `.execute(db);
  counts.memberships = row.rows[0]?.memberships ?? 0;
  counts.guardianLinks = row.rows[0]?.links ?? 0;
  return counts;
}

/** Loads the field values of the given roles (and their people) into the view. */
export async function loadRoleDetails(
  db: Kysely<Database>,
  view: DirectoryView,
  roleIds: string[],
): Promise<void> {
  for (const ids of batches(roleIds)) {
    const rows = await db
      .selectFrom('person_roles as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .select([
        'r.id',
        'r.kind',
        'r.student_number',
        'r.state_id',
        'r.grade',
        'r.school_ids',
        'r.is_district_level',
        'p.given_name',
        'p.middle_name',
        'p.family_name',
        'p.email',
        'p.mobile',
        'p.home_phone',
        'p.language',
        'p.account_state',
      ])
      .where('r.district_id', '=', view.districtId)
      .where('r.id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) {
      view.roleDetails.set(row.id, {
        kind: row.kind,
        studentNumber: row.student_number,
        stateId: row.state_id,
        grade: row.grade,
        schoolIds: row.school_ids,
        isDistrictLevel: row.is_district_level,
        person: personRecordOf(row),
      });
    }
  }
}

/** Current memberships of the given classrooms (synced and manual). */
export async function loadMemberships(
  db: Kysely<Database>,
  districtId: string,
  classroomIds: string[],
): Promise<Map<string, MembershipRecord[]>> {
  const byClassroom = new Map<string, MembershipRecord[]>(classroomIds.map((id) => [id, []]));
  for (const ids of batches(classroomIds)) {
    const rows = await db
      .selectFrom('memberships')
      .select(['classroom_id', 'person_id', 'role', 'is_primary', 'config_id'])
      .where('district_id', '=', districtId)
      .where('classroom_id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) {
      byClassroom.get(row.classroom_id)?.push({
        classroomId: row.classroom_id,
        personId: row.person_id,
        role: row.role,
        isPrimary: row.is_primary,
        configId: row.config_id,
      });
    }
  }
  return byClassroom;
}

/** Current guardian links of the given students (synced and manual), by student person id. */
export async function loadGuardianLinks(
  db: Kysely<Database>,
  districtId: string,
  studentIds: string[],
): Promise<Map<string, GuardianLinkRecord[]>> {
  const byStudent = new Map<string, GuardianLinkRecord[]>(studentIds.map((id) => [id, []]));
  for (const ids of batches(studentIds)) {
    const rows = await db
      .selectFrom('guardian_links')
      .select(['guardian_id', 'student_id', 'relationship', 'contact_type', 'config_id'])
      .where('district_id', '=', districtId)
      .where('student_id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) {
      byStudent.get(row.student_id)?.push({
        guardianId: row.guardian_id,
        studentId: row.student_id,
        relationship: row.relationship,
        contactType: row.contact_type,
        configId: row.config_id,
      });
    }
  }
  return byStudent;
}

/** The students (person ids) each of the given guardians is linked to, by any link. */
export async function loadStudentsOfGuardians(
  db: Kysely<Database>,
  districtId: string,
  guardianIds: string[],
): Promise<Map<string, string[]>> {
  const byGuardian = new Map<string, string[]>();
  for (const ids of batches(guardianIds)) {
    const rows = await db
      .selectFrom('guardian_links')
      .select(['guardian_id', 'student_id'])
      .where('district_id', '=', districtId)
      .where('guardian_id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) {
      const list = byGuardian.get(row.guardian_id) ?? [];
      list.push(row.student_id);
      byGuardian.set(row.guardian_id, list);
    }
  }
  return byGuardian;
}

/** Loads the values of the given people into `view.personDetails` (see there). */
export async function loadPersonDetails(
  db: Kysely<Database>,
  view: DirectoryView,
  personIds: readonly string[],
): Promise<void> {
  view.personDetails ??= new Map();
  for (const ids of batches(personIds)) {
    const rows = await db
      .selectFrom('people')
      .select([
        'id',
        'given_name',
        'middle_name',
        'family_name',
        'email',
        'mobile',
        'home_phone',
        'language',
        'account_state',
      ])
      .where('district_id', '=', view.districtId)
      .where('id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) {
      view.personDetails.set(row.id, personRecordOf(row));
    }
  }
}

/**
 * Groups of the config's SIS ids whose roles belong to one person (a teacher who is also a
 * parent under another SIS id, joined by `resolveIdentities`). One grouped scan of the config's
 * roles; almost every person has one SIS id, so few groups come back.
 */
export async function loadOnePersonGroups(
  db: Kysely<Database>,
  districtId: string,
  configId: string,
): Promise<string[][]> {
  const rows = await sql<{ sis_ids: string[] }>`
    select array_agg(distinct sis_id order by sis_id) as sis_ids
    from person_roles
    where district_id = ${districtId} and config_id = ${configId}
    group by person_id
    having count(distinct sis_id) > 1
  `.execute(db);
  return rows.rows.map((row) => row.sis_ids);
}

/** A person's values as the planner compares them, from a `people` row's columns. */
function personRecordOf(row: {
  account_state: 'invitee' | 'active';
  given_name: string | null;
  middle_name: string | null;
  family_name: string | null;
  email: string | null;
  mobile: string | null;
  home_phone: string | null;
  language: string | null;
}): PersonRecord {
  return {
    accountState: row.account_state,
    givenName: row.given_name,
    middleName: row.middle_name,
    familyName: row.family_name,
    email: row.email,
    mobile: row.mobile,
    homePhone: row.home_phone,
    language: row.language,
  };
}
