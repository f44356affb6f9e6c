import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { loadClassroomForChange } from './load-classroom-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const archiveClassroomInput = z.strictObject({ classroomId: z.uuid() });
export type ArchiveClassroomInput = z.input<typeof archiveClassroomInput>;

/**
 * Archives a classroom, manual or synced (SPEC §3). Soft: members stay. A synced one the
 * source still sends stays archived unless its config's *Unarchive classrooms that reappear*
 * is on: the sync tells an archive by hand from its own by this audit row's actor.
 */
export async function archiveClassroom(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: ArchiveClassroomInput,
): Promise<{ classroomId: string; isChanged: boolean }> {
  const input = parseOperationInput(archiveClassroomInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'classroom.archive', {
      kind: 'classroom',
      classroomId: input.classroomId,
    });
    const classroom = await loadClassroomForChange(tx, principal.districtId, input.classroomId, {
      allowArchived: true,
    });
    if (classroom.isArchived) return { classroomId: classroom.id, isChanged: false };
    const now = new Date();
    await tx
      .updateTable('classrooms')
      .set({ archived_at: now, updated_at: now })
      .where('id', '=', classroom.id)
      .execute();
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'classrooms',
        action: 'archive',
        recordId: classroom.id,
        sisId: classroom.sisId,
        before: { archived: false },
        after: { archived: true },
      },
    ]);
    return { classroomId: classroom.id, isChanged: true };
  });
}
