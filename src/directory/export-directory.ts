import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import {
  byRoleOrder,
  toClassroomJson,
  toPersonJson,
  toRoleJson,
  type ClassroomJson,
  type PersonJson,
  type RoleJson,
} from './directory-json.ts';
import { readProvenance, type FieldProvenance } from './read-provenance.ts';

export interface DirectoryExport {
  district: { id: string; name: string; timeZone: string };
  schools: { id: string; name: string; schoolIds: string[] }[];
  classrooms: (ClassroomJson & {
    members: { personId: string; role: string; isPrimary: boolean; isManual: boolean }[];
  })[];
  people: (PersonJson & {
    /** With `provenance`: who last set each field, and when (SPEC §6). */
    provenance?: Record<string, FieldProvenance>;
  })[];
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
  const rolesOf = new Map<string, RoleJson[]>();
  for (const row of roles.sort(byRoleOrder)) {
    const list = rolesOf.get(row.person_id) ?? [];
    list.push(toRoleJson(row));
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
      ...toClassroomJson(classroom),
      members: membersOf.get(classroom.id) ?? [],
    })),
    people: people.sort(byName((p) => `${p.family_name ?? ''}\u0000${p.given_name ?? ''}`)).map((person) => ({
      ...toPersonJson(person, rolesOf.get(person.id) ?? []),
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
