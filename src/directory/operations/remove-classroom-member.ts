import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { loadClassroomForChange } from './load-classroom-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const removeClassroomMemberInput = z.strictObject({
  classroomId: z.uuid(),
  personId: z.uuid(),
});
export type RemoveClassroomMemberInput = z.input<typeof removeClassroomMemberInput>;

/**
 * Removes a member by hand. A membership an enabled sync made is the source's
 * (`MEMBERSHIP_SYNCED`); one made by hand, or by a disabled sync, may go.
 */
export async function removeClassroomMember(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: RemoveClassroomMemberInput,
): Promise<{ classroomId: string; personId: string }> {
  const input = parseOperationInput(removeClassroomMemberInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'classroom.manageMembers', {
      kind: 'classroom',
      classroomId: input.classroomId,
    });
    const classroom = await loadClassroomForChange(tx, principal.districtId, input.classroomId);
    const membership = await tx
      .selectFrom('memberships as m')
      .leftJoin('sync_configs as s', 's.id', 'm.config_id')
      .select(['m.role', 'm.is_primary', 's.is_enabled'])
      .where('m.district_id', '=', principal.districtId)
      .where('m.classroom_id', '=', classroom.id)
      .where('m.person_id', '=', input.personId)
      .executeTakeFirst();
    if (!membership) {
      throw new DirectoryError(
        'MEMBERSHIP_NOT_FOUND',
        `${input.personId} is not a member of ${classroom.name}.`,
      );
    }
    if (membership.is_enabled === true) {
      throw new DirectoryError(
        'MEMBERSHIP_SYNCED',
        `This membership of ${classroom.name} comes from the source (SPEC §3): remove it in the SIS.`,
      );
    }
    await tx
      .deleteFrom('memberships')
      .where('district_id', '=', principal.districtId)
      .where('classroom_id', '=', classroom.id)
      .where('person_id', '=', input.personId)
      .execute();
    await tx.updateTable('classrooms').set({ members_hash: null }).where('id', '=', classroom.id).execute();
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'memberships',
        action: 'remove',
        recordId: classroom.id,
        relatedId: input.personId,
        before: { role: membership.role, isPrimary: membership.is_primary },
        after: null,
      },
    ]);
    return { classroomId: classroom.id, personId: input.personId };
  });
}
