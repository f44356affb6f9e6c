import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import type { Principal } from '../principal.ts';
import { archivePersonRole } from './archive-person-role.ts';
import { authorize } from './authorize.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit, type DirectoryAuditEntry } from './write-directory-audit.ts';

export const archiveManualStudentsInput = z.strictObject({ schoolId: z.uuid() });
export type ArchiveManualStudentsInput = z.input<typeof archiveManualStudentsInput>;

/**
 * Mid-year adoption (SPEC §6): archives every student of a school made by hand (a student
 * role without a config), before the first run, so the sync's records do not stand next to
 * them; each can later be merged into its synced twin. Synced students are left alone.
 */
export async function archiveManualStudents(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: ArchiveManualStudentsInput,
): Promise<{ schoolId: string; archivedIds: string[] }> {
  const input = parseOperationInput(archiveManualStudentsInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'school.archiveManualStudents', {
      kind: 'school',
      schoolId: input.schoolId,
    });
    const rows = await tx
      .selectFrom('person_roles')
      .select('person_id')
      .where('district_id', '=', principal.districtId)
      .where('role', '=', 'student')
      .where('config_id', 'is', null)
      .where('archived_at', 'is', null)
      .where((eb) => eb(eb.val(input.schoolId), '=', eb.fn.any('school_ids')))
      .orderBy('person_id')
      .execute();
    const now = new Date();
    const audit: DirectoryAuditEntry[] = [];
    for (const row of rows) {
      const person = await loadPersonForChange(tx, principal.districtId, row.person_id);
      const role = openRoleOf(person, 'student');
      if (role) audit.push(await archivePersonRole(tx, person, role, now));
    }
    await writeDirectoryAudit(tx, principal, audit);
    return { schoolId: input.schoolId, archivedIds: audit.map((entry) => entry.recordId) };
  });
}
