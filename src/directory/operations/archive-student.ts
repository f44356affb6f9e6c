import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { archivePersonRole } from './archive-person-role.ts';
import { authorize } from './authorize.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const archiveStudentInput = z.strictObject({ personId: z.uuid() });
export type ArchiveStudentInput = z.input<typeof archiveStudentInput>;

/**
 * Archives a student made by hand. A synced student is the source's to archive (SPEC §3:
 * **not** archive; `STUDENT_SYNCED`), unless its sync is disabled (§7).
 */
export async function archiveStudent(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: ArchiveStudentInput,
): Promise<{ personId: string; isChanged: boolean }> {
  const input = parseOperationInput(archiveStudentInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'student.archive', { kind: 'person', personId: input.personId });
    const person = await loadPersonForChange(tx, principal.districtId, input.personId);
    const role = openRoleOf(person, 'student');
    if (!role) {
      if (person.roles.some((candidate) => candidate.role === 'student')) {
        return { personId: person.id, isChanged: false };
      }
      throw new DirectoryError('ROLE_REQUIRED', `Person ${person.id} is not a student.`);
    }
    if (role.isSynced) {
      throw new DirectoryError(
        'STUDENT_SYNCED',
        'This student comes from the source (SPEC §3): the sync archives them when they leave it. Remove them in the SIS, or merge a manual duplicate into them.',
      );
    }
    const entry = await archivePersonRole(tx, person, role, new Date());
    await writeDirectoryAudit(tx, principal, [entry]);
    return { personId: person.id, isChanged: true };
  });
}
