import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { archivePersonRole } from './archive-person-role.ts';
import { authorize } from './authorize.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit, type DirectoryAuditEntry } from './write-directory-audit.ts';

export const mergeStudentInput = z.strictObject({
  /** The manual record, archived by the merge. */
  manualStudentId: z.uuid(),
  /** Its synced twin, which keeps everything. */
  syncedStudentId: z.uuid(),
});
export type MergeStudentInput = z.input<typeof mergeStudentInput>;

export interface MergeStudentResult {
  syncedStudentId: string;
  movedMemberships: number;
  movedLinks: number;
  isJoinCodeMoved: boolean;
}

/**
 * Merges a manual student into its synced twin (SPEC §6 mid-year adoption): the manual
 * record's memberships and guardian links (all made by hand) move to the twin, except where
 * the twin already has one (the twin's wins), its join code too when the twin has none; the
 * manual record is archived with `mergedInto`, and the twin's audit gets a `mergedFrom` row,
 * so the twin's history (`readRecordAudit`) includes the manual record's: history is joined,
 * not rewritten. The twin's own values are the source's and stay. Both records must be
 * students the principal may merge; the manual one must hold no synced role.
 */
export async function mergeStudent(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: MergeStudentInput,
): Promise<MergeStudentResult> {
  const input = parseOperationInput(mergeStudentInput, rawInput);
  if (input.manualStudentId === input.syncedStudentId) {
    throw new DirectoryError('INPUT_INVALID', 'Invalid input: a student cannot be merged into itself.');
  }
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'student.merge', { kind: 'person', personId: input.syncedStudentId });
    await authorize(tx, principal, 'student.merge', { kind: 'person', personId: input.manualStudentId });
    const twin = await loadPersonForChange(tx, principal.districtId, input.syncedStudentId);
    const manual = await loadPersonForChange(tx, principal.districtId, input.manualStudentId);
    const twinRole = openRoleOf(twin, 'student');
    if (!twinRole || twin.isArchived || twinRole.configId === null) {
      throw new DirectoryError('MERGE_TARGET_NOT_SYNCED', 'The merge target must be an open synced student.');
    }
    const manualRole = openRoleOf(manual, 'student');
    if (!manualRole || manual.roles.some((role) => role.configId !== null)) {
      throw new DirectoryError(
        'MERGE_SOURCE_NOT_MANUAL',
        'Only an open student made by hand (no synced role) is merged into a synced twin.',
      );
    }
    const { districtId } = principal;
    const audit: DirectoryAuditEntry[] = [];

    const memberships = await tx
      .selectFrom('memberships')
      .select(['classroom_id', 'role', 'is_primary'])
      .where('district_id', '=', districtId)
      .where('person_id', '=', manual.id)
      .execute();
    const twinClassrooms = new Set(
      (
        await tx
          .selectFrom('memberships')
          .select('classroom_id')
          .where('district_id', '=', districtId)
          .where('person_id', '=', twin.id)
          .execute()
      ).map((row) => row.classroom_id),
    );
    let movedMemberships = 0;
    for (const membership of memberships) {
      const values = { role: membership.role, isPrimary: membership.is_primary };
      await tx
        .deleteFrom('memberships')
        .where('district_id', '=', districtId)
        .where('classroom_id', '=', membership.classroom_id)
        .where('person_id', '=', manual.id)
        .execute();
      audit.push({
        entity: 'memberships',
        action: 'remove',
        recordId: membership.classroom_id,
        relatedId: manual.id,
        before: values,
        after: null,
      });
      if (twinClassrooms.has(membership.classroom_id)) continue;
      await tx
        .insertInto('memberships')
        .values({
          district_id: districtId,
          classroom_id: membership.classroom_id,
          person_id: twin.id,
          role: membership.role,
          is_primary: membership.is_primary,
          config_id: null,
        })
        .execute();
      audit.push({
        entity: 'memberships',
        action: 'add',
        recordId: membership.classroom_id,
        relatedId: twin.id,
        before: null,
        after: values,
      });
      movedMemberships++;
    }

    const links = await tx
      .selectFrom('guardian_links')
      .select(['guardian_id', 'relationship', 'contact_type'])
      .where('district_id', '=', districtId)
      .where('student_id', '=', manual.id)
      .execute();
    const twinGuardians = new Set(
      (
        await tx
          .selectFrom('guardian_links')
          .select('guardian_id')
          .where('district_id', '=', districtId)
          .where('student_id', '=', twin.id)
          .execute()
      ).map((row) => row.guardian_id),
    );
    let movedLinks = 0;
    for (const link of links) {
      const values = { relationship: link.relationship, contactType: link.contact_type };
      await tx
        .deleteFrom('guardian_links')
        .where('district_id', '=', districtId)
        .where('guardian_id', '=', link.guardian_id)
        .where('student_id', '=', manual.id)
        .execute();
      audit.push({
        entity: 'guardianLinks',
        action: 'remove',
        recordId: link.guardian_id,
        relatedId: manual.id,
        before: values,
        after: null,
      });
      if (twinGuardians.has(link.guardian_id)) continue;
      await tx
        .insertInto('guardian_links')
        .values({
          district_id: districtId,
          guardian_id: link.guardian_id,
          student_id: twin.id,
          relationship: link.relationship,
          contact_type: link.contact_type,
          config_id: null,
        })
        .execute();
      audit.push({
        entity: 'guardianLinks',
        action: 'add',
        recordId: link.guardian_id,
        relatedId: twin.id,
        before: null,
        after: values,
      });
      movedLinks++;
    }

    const twinCode = await tx
      .selectFrom('join_codes')
      .select('code')
      .where('district_id', '=', districtId)
      .where('student_id', '=', twin.id)
      .executeTakeFirst();
    let isJoinCodeMoved = false;
    if (twinCode) {
      await tx
        .deleteFrom('join_codes')
        .where('district_id', '=', districtId)
        .where('student_id', '=', manual.id)
        .execute();
    } else {
      const moved = await tx
        .updateTable('join_codes')
        .set({ student_id: twin.id })
        .where('district_id', '=', districtId)
        .where('student_id', '=', manual.id)
        .returning('code')
        .executeTakeFirst();
      isJoinCodeMoved = moved !== undefined;
    }

    audit.push(await archivePersonRole(tx, manual, manualRole, new Date(), { mergedInto: twin.id }));
    audit.push({
      entity: 'students',
      action: 'update',
      recordId: twin.id,
      relatedId: twinRole.id,
      sisId: twinRole.sisId,
      before: null,
      after: { mergedFrom: manual.id },
    });
    await writeDirectoryAudit(tx, principal, audit);
    return { syncedStudentId: twin.id, movedMemberships, movedLinks, isJoinCodeMoved };
  });
}
