import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { ClassroomTable, PersonRoleTable, PersonTable } from '../store/database-schema.ts';

/**
 * The directory's records as export and the API show them. The schemas describe the API's
 * answers in its OpenAPI document; the types are theirs, so the two cannot drift.
 */

/** A person's role. */
export const roleJson = z.object({
  role: z.enum(['student', 'staff', 'guardian']),
  kind: z.string().nullable(),
  schoolIds: z.array(z.uuid()),
  sisId: z.string().nullable(),
  isDistrictLevel: z.boolean(),
  grade: z.string().nullable(),
  studentNumber: z.string().nullable(),
  archived: z.boolean(),
});
export type RoleJson = z.infer<typeof roleJson>;

/** A person with their roles. */
export const personJson = z.object({
  id: z.uuid(),
  givenName: z.string().nullable(),
  middleName: z.string().nullable(),
  familyName: z.string().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  homePhone: z.string().nullable(),
  language: z.string().nullable(),
  accountState: z.string(),
  archived: z.boolean(),
  roles: z.array(roleJson),
});
export type PersonJson = z.infer<typeof personJson>;

/** A classroom, without its members. */
export const classroomJson = z.object({
  id: z.uuid(),
  name: z.string(),
  schoolId: z.uuid(),
  sisId: z.string().nullable(),
  archived: z.boolean(),
  grades: z.array(z.string()),
  subjects: z.array(z.string()),
  periods: z.array(z.string()),
  classType: z.string().nullable(),
});
export type ClassroomJson = z.infer<typeof classroomJson>;

/** Whether a membership or guardian link was made by hand (the sync never removes it). */
export const isManualJson = { isManual: z.boolean() };

/** A classroom membership. */
export const membershipJson = z.object({
  role: z.string(),
  isPrimary: z.boolean(),
  ...isManualJson,
});

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
