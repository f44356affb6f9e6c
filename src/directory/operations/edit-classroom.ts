import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { loadClassroomForChange } from './load-classroom-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

const text = z.string().trim().min(1).max(200);

export const editClassroomInput = z.strictObject({
  classroomId: z.uuid(),
  name: text.optional(),
  grades: z.array(text).max(20).optional(),
  subjects: z.array(text).max(20).optional(),
  periods: z.array(text).max(20).optional(),
  classType: text.nullable().optional(),
  location: text.nullable().optional(),
});
export type EditClassroomInput = z.input<typeof editClassroomInput>;

const columns = {
  name: 'name',
  grades: 'grades',
  subjects: 'subjects',
  periods: 'periods',
  classType: 'class_type',
  location: 'location',
} as const;
type Field = keyof typeof columns;

/**
 * Renames or edits a classroom. A manual one takes every field. A synced one (its sync
 * enabled) takes only a new name (SPEC §3): grade, subject and period are the source's, so
 * changing them by hand is refused (`CLASSROOM_SYNCED`).
 *
 * A synced classroom's name is the source's too: the sync updates it every run (§3). A rename
 * by hand is therefore a label until the next run, which puts the source's name back: its
 * content hash is cleared here so that run compares the classroom in full even when the
 * source did not change. The alternative, a hand-set name the sync stops updating, would
 * contradict "updated every run" and leave a renamed class stuck when the SIS renames it. To
 * keep a name for good: rename it in the SIS, or disable the sync.
 */
export async function editClassroom(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: EditClassroomInput,
): Promise<{ classroomId: string; changed: Field[] }> {
  const input = parseOperationInput(editClassroomInput, rawInput);
  const fields = (Object.keys(columns) as Field[]).filter((field) => input[field] !== undefined);
  const isRenameOnly = fields.length === 1 && fields[0] === 'name';
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, isRenameOnly ? 'classroom.rename' : 'classroom.edit', {
      kind: 'classroom',
      classroomId: input.classroomId,
    });
    const classroom = await loadClassroomForChange(tx, principal.districtId, input.classroomId);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    for (const field of fields) {
      const now = classroom[field];
      const next = input[field];
      if (JSON.stringify(now) === JSON.stringify(next)) continue;
      if (classroom.isSynced && field !== 'name') {
        throw new DirectoryError(
          'CLASSROOM_SYNCED',
          `Classroom ${classroom.name} is synced: its ${field} comes from the source every run (SPEC §3); only its name, co-teachers and archive are changed by hand.`,
        );
      }
      before[field] = now;
      after[field] = next;
      set[columns[field]] = next;
    }
    const changed = Object.keys(after) as Field[];
    if (changed.length === 0) return { classroomId: classroom.id, changed };
    await tx
      .updateTable('classrooms')
      .set({ ...set, ...(classroom.configId ? { source_hash: null } : {}), updated_at: new Date() })
      .where('id', '=', classroom.id)
      .execute();
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'classrooms',
        action: 'update',
        recordId: classroom.id,
        sisId: classroom.sisId,
        before,
        after,
      },
    ]);
    return { classroomId: classroom.id, changed };
  });
}
