import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { checkCredentialsFree } from './check-credentials-free.ts';
import { newPersonFields, newPersonValues, normalizeContactDetails } from './contact-details-input.ts';
import { insertManualPerson } from './insert-manual-person.ts';
import { linkGuardian } from './link-guardian.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

const word = z.string().trim().min(1).max(50);

export const createGuardianInput = z.strictObject({
  /** The student the new guardian is linked to. */
  studentId: z.uuid(),
  ...newPersonFields,
  relationship: word.nullable().default(null),
  contactType: word.nullable().default(null),
});
export type CreateGuardianInput = z.input<typeof createGuardianInput>;

/**
 * Adds a guardian the SIS lacks (SPEC §3: leaders and rostering admins add guardians, to
 * synced students too): a new manual person with a guardian role in the student's schools and
 * a manual link, neither of which a run ever removes. A guardian needs an email or a mobile to
 * sign in and be reached (`GUARDIAN_NO_CREDENTIAL`, as the sync skips one); a credential
 * someone holds already is refused (`CREDENTIAL_IN_USE`): that person is linked instead.
 */
export async function createGuardian(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: CreateGuardianInput,
): Promise<{ personId: string; roleId: string; studentId: string }> {
  const input = parseOperationInput(createGuardianInput, rawInput);
  const details = normalizeContactDetails(input);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'guardian.link', { kind: 'person', personId: input.studentId });
    if (!details.email && !details.mobile) {
      throw new DirectoryError(
        'GUARDIAN_NO_CREDENTIAL',
        'A guardian needs an email or a mobile: it is how they sign in and how the school reaches them (SPEC §6).',
      );
    }
    const student = await loadPersonForChange(tx, principal.districtId, input.studentId);
    const studentRole = openRoleOf(student, 'student');
    if (!studentRole || student.isArchived) {
      throw new DirectoryError('ROLE_REQUIRED', `Person ${student.id} is not an open student.`);
    }
    await checkCredentialsFree(tx, principal.districtId, null, details);
    const { personId, roleId, audit } = await insertManualPerson(tx, principal.districtId, {
      ...newPersonValues({ ...input, ...details }),
      role: 'guardian',
      kind: input.relationship ?? 'guardian',
      schoolIds: studentRole.schoolIds,
    });
    const guardian = await loadPersonForChange(tx, principal.districtId, personId);
    const linked = await linkGuardian(tx, {
      districtId: principal.districtId,
      guardian,
      studentId: student.id,
      relationship: input.relationship,
      contactType: input.contactType,
    });
    await writeDirectoryAudit(tx, principal, [audit, ...linked.audit]);
    return { personId, roleId, studentId: student.id };
  });
}
