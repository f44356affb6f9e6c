import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const enableStudentAccountInput = z.strictObject({ personId: z.uuid() });
export type EnableStudentAccountInput = z.input<typeof enableStudentAccountInput>;

/**
 * Enables a student's account (SPEC §3: allowed for synced students too): the account becomes
 * `active`, so from then on SPEC §6's rules for active users apply to its contact details.
 */
export async function enableStudentAccount(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: EnableStudentAccountInput,
): Promise<{ personId: string; isChanged: boolean }> {
  const input = parseOperationInput(enableStudentAccountInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'student.enableAccount', { kind: 'person', personId: input.personId });
    const person = await loadPersonForChange(tx, principal.districtId, input.personId);
    const role = openRoleOf(person, 'student');
    if (!role || person.isArchived) {
      throw new DirectoryError('ROLE_REQUIRED', `Person ${person.id} is not an open student.`);
    }
    if (person.accountState === 'active') return { personId: person.id, isChanged: false };
    await tx
      .updateTable('people')
      .set({ account_state: 'active', updated_at: new Date() })
      .where('id', '=', person.id)
      .execute();
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'students',
        action: 'update',
        recordId: person.id,
        relatedId: role.id,
        sisId: role.sisId,
        before: { accountState: 'invitee' },
        after: { accountState: 'active' },
      },
    ]);
    return { personId: person.id, isChanged: true };
  });
}
