import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { readProvenance, type FieldProvenance } from './read-provenance.ts';

export interface DirectoryExport {
  district: { id: string; name: string; timeZone: string };
  schools: { id: string; name: string; schoolIds: string[] }[];
  classrooms: {
    id: string;
    name: string;
    schoolId: string;
    sisId: string | null;
    archived: boolean;
    grades: string[];
    subjects: string[];
    periods: string[];
    classType: string | null;
    members: { personId: string; role: string; isPrimary: boolean; isManual: boolean }[];
  }[];
  people: {
    id: string;
    givenName: string | null;
    middleName: string | null;
    familyName: string | null;
    email: string | null;
    mobile: string | null;
    homePhone: string | null;
    language: string | null;
    accountState: string;
    archived: boolean;
    roles: {
      role: 'student' | 'staff' | 'guardian';
      kind: string | null;
      schoolIds: string[];
      sisId: string | null;
      isDistrictLevel: boolean;
      grade: string | null;
      studentNumber: string | null;
      archived: boolean;
    }[];
    /** With `provenance`: who last set each field, and when (SPEC §6). */
    provenance?: Record<string, FieldProvenance>;
  }[];
  guardianLinks: { guardianId: string; studentId: string; relationship: string | null; isManual: boolean }[];
}

/**
 * The whole directory of a district as plain JSON, in a stable order (by name, then id), so
 * two exports of the same directory are byte-identical.
 */
export async function exportDirectory(
  db: Kysely<Database>,
  districtId: string,
  options: { provenance?: boolean } = {},
): Promise<DirectoryExport | null> {
  const district = await db
    .selectFrom('districts')
    .selectAll()
    .where('id', '=', districtId)
    .executeTakeFirst();
  if (!district) return null;
  const [schools, sourceIds, classrooms, memberships, people, roles, links] = await Promise.all([
    db.selectFrom('schools').selectAll().where('district_id', '=', districtId).execute(),
    db
      .selectFrom('school_source_ids')
      .selectAll()
      .where('district_id', '=', districtId)
      .orderBy('source_id')
      .execute(),
    db.selectFrom('classrooms').selectAll().where('district_id', '=', districtId).execute(),
    db.selectFrom('memberships').selectAll().where('district_id', '=', districtId).execute(),
    db.selectFrom('people').selectAll().where('district_id', '=', districtId).execute(),
    db.selectFrom('person_roles').selectAll().where('district_id', '=', districtId).execute(),
    db.selectFrom('guardian_links').selectAll().where('district_id', '=', districtId).execute(),
  ]);
  const byName =
    <T extends { id: string }>(name: (item: T) => string) =>
    (a: T, b: T) =>
      name(a).localeCompare(name(b)) || a.id.localeCompare(b.id);

  const membersOf = new Map<string, DirectoryExport['classrooms'][number]['members']>();
  for (const row of memberships.sort((a, b) => a.person_id.localeCompare(b.person_id))) {
    const list = membersOf.get(row.classroom_id) ?? [];
    list.push({
      personId: row.person_id,
      role: row.role,
      isPrimary: row.is_primary,
      isManual: row.config_id === null,
    });
    membersOf.set(row.classroom_id, list);
  }
  const provenance = options.provenance ? await readProvenance(db, districtId) : null;
  const rolesOf = new Map<string, DirectoryExport['people'][number]['roles']>();
  for (const row of roles.sort((a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id))) {
    const list = rolesOf.get(row.person_id) ?? [];
    list.push({
      role: row.role,
      kind: row.kind,
      schoolIds: row.school_ids,
      sisId: row.sis_id,
      isDistrictLevel: row.is_district_level,
      grade: row.grade,
      studentNumber: row.student_number,
      archived: row.archived_at !== null,
    });
    rolesOf.set(row.person_id, list);
  }

  return {
    district: { id: district.id, name: district.name, timeZone: district.time_zone },
    schools: schools.sort(byName((s) => s.name)).map((school) => ({
      id: school.id,
      name: school.name,
      schoolIds: sourceIds.filter((row) => row.school_id === school.id).map((row) => row.source_id),
    })),
    classrooms: classrooms.sort(byName((c) => c.name)).map((classroom) => ({
      id: classroom.id,
      name: classroom.name,
      schoolId: classroom.school_id,
      sisId: classroom.sis_id,
      archived: classroom.archived_at !== null,
      grades: classroom.grades,
      subjects: classroom.subjects,
      periods: classroom.periods,
      classType: classroom.class_type,
      members: membersOf.get(classroom.id) ?? [],
    })),
    people: people.sort(byName((p) => `${p.family_name ?? ''}\u0000${p.given_name ?? ''}`)).map((person) => ({
      id: person.id,
      givenName: person.given_name,
      middleName: person.middle_name,
      familyName: person.family_name,
      email: person.email,
      mobile: person.mobile,
      homePhone: person.home_phone,
      language: person.language,
      accountState: person.account_state,
      archived: person.archived_at !== null,
      roles: rolesOf.get(person.id) ?? [],
      ...(provenance ? { provenance: provenance.get(person.id) ?? {} } : {}),
    })),
    guardianLinks: links
      .sort((a, b) => a.guardian_id.localeCompare(b.guardian_id) || a.student_id.localeCompare(b.student_id))
      .map((link) => ({
        guardianId: link.guardian_id,
        studentId: link.student_id,
        relationship: link.relationship,
        isManual: link.config_id === null,
      })),
  };
}
