import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { normalizeJoinCode } from './generate-join-code.ts';
import { linkGuardian } from './link-guardian.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

const word = z.string().trim().min(1).max(50);

export const joinWithCodeInput = z.strictObject({
  code: z.string().max(40),
  /** Who joins: a signed-in person joins as themself; an operator or the system names them. */
  guardianId: z.uuid().optional(),
  relationship: word.nullable().default(null),
  contactType: word.nullable().default(null),
});
export type JoinWithCodeInput = z.input<typeof joinWithCodeInput>;

/**
 * A guardian attaches themself to a student with the student's join code (SPEC §6): a manual
 * link (no config), which no run removes. A code can be used by several guardians (both
 * parents) until it is rotated. An unknown code, or one of an archived student, is
 * `JOIN_CODE_INVALID` without saying which (the API limits wrong attempts: `limit-join-attempts.ts`). A
 * student joining is refused (`JOIN_BY_STUDENT`).
 */
export async function joinWithCode(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: JoinWithCodeInput,
): Promise<{ guardianId: string; studentId: string; isNew: boolean }> {
  const input = parseOperationInput(joinWithCodeInput, rawInput);
  const guardianId = principal.kind === 'person' ? principal.personId : input.guardianId;
  if (principal.kind === 'person' && input.guardianId && input.guardianId !== guardianId) {
    throw new DirectoryError('JOIN_FOR_ANOTHER', 'A person joins with a code only as themself.');
  }
  if (!guardianId) {
    throw new DirectoryError(
      'INPUT_INVALID',
      'Invalid input: guardianId: a person joins as themself; an operator names the guardian.',
    );
  }
  const code = normalizeJoinCode(input.code);
  const invalid = new DirectoryError('JOIN_CODE_INVALID', 'This join code is not valid.');
  if (!code) throw invalid;
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'guardian.joinWithCode', { kind: 'person', personId: guardianId });
    const found = await tx
      .selectFrom('join_codes')
      .select('student_id')
      .where('district_id', '=', principal.districtId)
      .where('code', '=', code)
      .executeTakeFirst();
    if (!found) throw invalid;
    const guardian = await loadPersonForChange(tx, principal.districtId, guardianId);
    // Codes travel home in students' bags: a student must not attach themself to a sibling
    // (or a classmate) and receive what their guardians receive.
    if (openRoleOf(guardian, 'student') && !openRoleOf(guardian, 'guardian')) {
      throw new DirectoryError(
        'JOIN_BY_STUDENT',
        'A student cannot join as a guardian with a join code; a school leader can link them if they really are one.',
      );
    }
    const { isNew, audit } = await linkGuardian(tx, {
      districtId: principal.districtId,
      guardian,
      studentId: found.student_id,
      relationship: input.relationship,
      contactType: input.contactType,
    }).catch((error: unknown) => {
      // An archived student's code says nothing about the student.
      if (error instanceof DirectoryError && error.code === 'ROLE_REQUIRED') throw invalid;
      throw error;
    });
    await writeDirectoryAudit(tx, principal, audit);
    return { guardianId, studentId: found.student_id, isNew };
  });
}
