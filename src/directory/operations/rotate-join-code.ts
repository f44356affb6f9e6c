import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { generateJoinCode } from './generate-join-code.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const rotateJoinCodeInput = z.strictObject({ studentId: z.uuid() });
export type RotateJoinCodeInput = z.input<typeof rotateJoinCodeInput>;

/** Codes tried before giving up: with 2^39 codes a clash is already a one in a million event. */
const maxAttempts = 5;

/**
 * Gives a student a new join code (SPEC §6), replacing the old one, which stops working at
 * once. Codes are unique in the district. The audit row says that the code changed, never the
 * code: the change feed is read by host apps, and a code is a bearer secret.
 */
export async function rotateJoinCode(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: RotateJoinCodeInput,
  random?: (max: number) => number,
): Promise<{ studentId: string; code: string }> {
  const input = parseOperationInput(rotateJoinCodeInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'student.rotateJoinCode', { kind: 'person', personId: input.studentId });
    const student = await loadPersonForChange(tx, principal.districtId, input.studentId);
    const role = openRoleOf(student, 'student');
    if (!role || student.isArchived) {
      throw new DirectoryError('ROLE_REQUIRED', `Person ${student.id} is not an open student.`);
    }
    let code: string | null = null;
    for (let attempt = 0; attempt < maxAttempts && code === null; attempt++) {
      const candidate = generateJoinCode(random);
      const taken = await tx
        .selectFrom('join_codes')
        .select('student_id')
        .where('district_id', '=', principal.districtId)
        .where('code', '=', candidate)
        .executeTakeFirst();
      if (!taken) code = candidate;
    }
    if (code === null) throw new Error('rotateJoinCode: no free join code after several attempts');
    const previous = await tx
      .deleteFrom('join_codes')
      .where('district_id', '=', principal.districtId)
      .where('student_id', '=', student.id)
      .returning('student_id')
      .executeTakeFirst();
    await tx
      .insertInto('join_codes')
      .values({ district_id: principal.districtId, student_id: student.id, code })
      .execute();
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'joinCodes',
        action: previous ? 'update' : 'create',
        recordId: student.id,
        relatedId: role.id,
        before: previous ? { hasCode: true } : null,
        after: { hasCode: true },
      },
    ]);
    return { studentId: student.id, code };
  });
}
