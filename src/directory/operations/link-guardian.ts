import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { newId } from '../../store/new-id.ts';
import { DirectoryError } from '../directory-error.ts';
import { loadPersonForChange, openRoleOf, type PersonForChange } from './load-person-for-change.ts';
import type { DirectoryAuditEntry } from './write-directory-audit.ts';

/**
 * Makes a manual guardian link (no config: the sync never removes it, SPEC §3), giving the
 * guardian a manual guardian role in the student's schools when they hold none. Shared by
 * `addGuardianLink` (leaders, rostering admins) and `joinWithCode` (the guardian themself).
 * Returns the audit entries and whether a link was made (false: one was there already).
 */
export async function linkGuardian(
  db: Kysely<Database>,
  input: {
    districtId: string;
    guardian: PersonForChange;
    studentId: string;
    relationship: string | null;
    contactType: string | null;
  },
): Promise<{ isNew: boolean; audit: DirectoryAuditEntry[] }> {
  const { districtId, guardian } = input;
  if (guardian.isArchived) {
    throw new DirectoryError('PERSON_ARCHIVED', `Person ${guardian.id} is archived.`);
  }
  if (guardian.id === input.studentId) {
    throw new DirectoryError('LINK_TO_SELF', 'A student cannot be their own guardian.');
  }
  const student = await loadPersonForChange(db, districtId, input.studentId);
  const studentRole = openRoleOf(student, 'student');
  if (!studentRole || student.isArchived) {
    throw new DirectoryError('ROLE_REQUIRED', `Person ${student.id} is not an open student.`);
  }
  const existing = await db
    .selectFrom('guardian_links')
    .select('config_id')
    .where('district_id', '=', districtId)
    .where('guardian_id', '=', guardian.id)
    .where('student_id', '=', student.id)
    .executeTakeFirst();
  if (existing) return { isNew: false, audit: [] };
  const audit: DirectoryAuditEntry[] = [];
  const guardianRole = openRoleOf(guardian, 'guardian');
  if (!guardianRole) {
    const roleId = newId();
    const kind = input.relationship ?? 'guardian';
    await db
      .insertInto('person_roles')
      .values({
        district_id: districtId,
        id: roleId,
        person_id: guardian.id,
        role: 'guardian',
        kind,
        config_id: null,
        sis_id: null,
        student_number: null,
        state_id: null,
        grade: null,
        school_ids: studentRole.schoolIds,
        source_hash: null,
        links_hash: null,
        archived_at: null,
      })
      .execute();
    audit.push({
      entity: 'guardians',
      action: 'create',
      recordId: guardian.id,
      relatedId: roleId,
      before: null,
      after: { role: 'guardian', kind, schoolIds: studentRole.schoolIds, isDistrictLevel: false },
    });
  }
  await db
    .insertInto('guardian_links')
    .values({
      district_id: districtId,
      guardian_id: guardian.id,
      student_id: student.id,
      relationship: input.relationship,
      contact_type: input.contactType,
      config_id: null,
    })
    .execute();
  audit.push({
    entity: 'guardianLinks',
    action: 'add',
    recordId: guardian.id,
    relatedId: student.id,
    before: null,
    after: { relationship: input.relationship, contactType: input.contactType },
  });
  return { isNew: true, audit };
}
