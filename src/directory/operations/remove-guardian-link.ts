import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const removeGuardianLinkInput = z.strictObject({
  studentId: z.uuid(),
  guardianId: z.uuid(),
});
export type RemoveGuardianLinkInput = z.input<typeof removeGuardianLinkInput>;

/**
 * Removes a guardian's link to a student by hand: one made by hand or with a join code, or
 * one of a disabled sync (SPEC §7 lifts its restrictions). A link an enabled sync made is the
 * source's (`LINK_SYNCED`). The guardian keeps their account and role: they may be linked
 * again, and other links are untouched. Removing a disabled sync's link clears the student's
 * stored links hash, so re-enabling it compares the links in full and puts back what the
 * source still says.
 */
export async function removeGuardianLink(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: RemoveGuardianLinkInput,
): Promise<{ guardianId: string; studentId: string }> {
  const input = parseOperationInput(removeGuardianLinkInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'guardian.unlink', { kind: 'person', personId: input.studentId });
    const link = await tx
      .selectFrom('guardian_links as l')
      .leftJoin('sync_configs as s', 's.id', 'l.config_id')
      .select(['l.config_id', 'l.relationship', 'l.contact_type', 's.is_enabled'])
      .where('l.district_id', '=', principal.districtId)
      .where('l.guardian_id', '=', input.guardianId)
      .where('l.student_id', '=', input.studentId)
      .executeTakeFirst();
    if (!link) {
      throw new DirectoryError(
        'LINK_NOT_FOUND',
        `${input.guardianId} is not linked to the student ${input.studentId}.`,
      );
    }
    if (link.is_enabled === true) {
      throw new DirectoryError(
        'LINK_SYNCED',
        'This guardian link comes from the source (SPEC §3): remove it in the SIS or the guardians file.',
      );
    }
    await tx
      .deleteFrom('guardian_links')
      .where('district_id', '=', principal.districtId)
      .where('guardian_id', '=', input.guardianId)
      .where('student_id', '=', input.studentId)
      .execute();
    if (link.config_id) {
      await tx
        .updateTable('person_roles')
        .set({ links_hash: null })
        .where('district_id', '=', principal.districtId)
        .where('person_id', '=', input.studentId)
        .where('role', '=', 'student')
        .where('config_id', '=', link.config_id)
        .execute();
    }
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'guardianLinks',
        action: 'remove',
        recordId: input.guardianId,
        relatedId: input.studentId,
        before: { relationship: link.relationship, contactType: link.contact_type },
        after: null,
      },
    ]);
    return { guardianId: input.guardianId, studentId: input.studentId };
  });
}
