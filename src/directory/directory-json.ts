import type { Selectable } from 'kysely';
import type { ClassroomTable, PersonRoleTable, PersonTable } from '../store/database-schema.ts';

/** A person's role as the directory shows it (export, the API). */
export interface RoleJson {
  role: 'student' | 'staff' | 'guardian';
  kind: string | null;
  schoolIds: string[];
  sisId: string | null;
  isDistrictLevel: boolean;
  grade: string | null;
  studentNumber: string | null;
  archived: boolean;
}

/** A person as the directory shows it, with their roles. */
export interface PersonJson {
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
  roles: RoleJson[];
}

/** A classroom as the directory shows it, without its members. */
export interface ClassroomJson {
  id: string;
  name: string;
  schoolId: string;
  sisId: string | null;
  archived: boolean;
  grades: string[];
  subjects: string[];
  periods: string[];
  classType: string | null;
}

export function toRoleJson(row: Selectable<PersonRoleTable>): RoleJson {
  return {
    role: row.role,
    kind: row.kind,
    schoolIds: row.school_ids,
    sisId: row.sis_id,
    isDistrictLevel: row.is_district_level,
    grade: row.grade,
    studentNumber: row.student_number,
    archived: row.archived_at !== null,
  };
}

/** Roles in the order every listing shows them: by role name, then id. */
export function byRoleOrder(a: Selectable<PersonRoleTable>, b: Selectable<PersonRoleTable>): number {
  return a.role.localeCompare(b.role) || a.id.localeCompare(b.id);
}

export function toPersonJson(row: Selectable<PersonTable>, roles: RoleJson[]): PersonJson {
  return {
    id: row.id,
    givenName: row.given_name,
    middleName: row.middle_name,
    familyName: row.family_name,
    email: row.email,
    mobile: row.mobile,
    homePhone: row.home_phone,
    language: row.language,
    accountState: row.account_state,
    archived: row.archived_at !== null,
    roles,
  };
}

export function toClassroomJson(row: Selectable<ClassroomTable>): ClassroomJson {
  return {
    id: row.id,
    name: row.name,
    schoolId: row.school_id,
    sisId: row.sis_id,
    archived: row.archived_at !== null,
    grades: row.grades,
    subjects: row.subjects,
    periods: row.periods,
    classType: row.class_type,
  };
}
