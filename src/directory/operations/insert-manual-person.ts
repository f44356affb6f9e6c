import type { Kysely } from 'kysely';
import { entityOfRole, type PersonRoleName } from '../../roster/snapshot.ts';
import type { Database } from '../../store/database-schema.ts';
import { newId } from '../../store/new-id.ts';
import type { DirectoryAuditEntry } from './write-directory-audit.ts';

/** A person made by hand, with the one role they are made in. Contact values are normalised. */
export interface ManualPersonValues {
  givenName: string;
  middleName: string | null;
  familyName: string;
  email: string | null;
  mobile: string | null;
  homePhone: string | null;
  language: string | null;
  role: PersonRoleName;
  /** The role's kind: `student`, a staff kind (teacher, aide…), a guardian's relationship. */
  kind: string;
  /** A student's; null (the default) for others. */
  grade?: string | null;
  studentNumber?: string | null;
  schoolIds: string[];
}

/**
 * Inserts a manual person and their role (no config: no run ever changes or archives them,
 * SPEC §3) and returns the audit entry, shaped like a run's creation so the change feed and
 * provenance read it alike. Permission, the school's sync and credential uniqueness are the
 * caller's to check first.
 */
export async function insertManualPerson(
  db: Kysely<Database>,
  districtId: string,
  values: ManualPersonValues,
): Promise<{ personId: string; roleId: string; audit: DirectoryAuditEntry }> {
  const personId = newId();
  const roleId = newId();
  await db
    .insertInto('people')
    .values({
      district_id: districtId,
      id: personId,
      given_name: values.givenName,
      middle_name: values.middleName,
      family_name: values.familyName,
      email: values.email,
      mobile: values.mobile,
      home_phone: values.homePhone,
      language: values.language,
      archived_at: null,
    })
    .execute();
  await db
    .insertInto('person_roles')
    .values({
      district_id: districtId,
      id: roleId,
      person_id: personId,
      role: values.role,
      kind: values.kind,
      config_id: null,
      sis_id: null,
      student_number: values.studentNumber ?? null,
      state_id: null,
      grade: values.grade ?? null,
      school_ids: values.schoolIds,
      source_hash: null,
      links_hash: null,
      archived_at: null,
    })
    .execute();
  const audit: DirectoryAuditEntry = {
    entity: entityOfRole[values.role],
    action: 'create',
    recordId: personId,
    relatedId: roleId,
    before: null,
    after: {
      givenName: values.givenName,
      middleName: values.middleName,
      familyName: values.familyName,
      email: values.email,
      mobile: values.mobile,
      homePhone: values.homePhone,
      language: values.language,
      role: values.role,
      kind: values.kind,
      grade: values.grade ?? null,
      studentNumber: values.studentNumber ?? null,
      stateId: null,
      schoolIds: values.schoolIds,
      isDistrictLevel: false,
    },
  };
  return { personId, roleId, audit };
}
