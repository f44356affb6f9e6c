import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { newId } from '../../store/new-id.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

const text = z.string().trim().min(1).max(200);

export const createClassroomInput = z.strictObject({
  schoolId: z.uuid(),
  name: text,
  grades: z.array(text).max(20).default([]),
  subjects: z.array(text).max(20).default([]),
  periods: z.array(text).max(20).default([]),
  classType: text.nullable().default(null),
  location: text.nullable().default(null),
});
export type CreateClassroomInput = z.input<typeof createClassroomInput>;

/** Creates a manual classroom (SPEC §3: no config, no SIS id; the sync never touches it). */
export async function createClassroom(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: CreateClassroomInput,
): Promise<{ classroomId: string }> {
  const input = parseOperationInput(createClassroomInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'classroom.create', { kind: 'school', schoolId: input.schoolId });
    const school = await tx
      .selectFrom('schools')
      .select(['archived_at', 'name'])
      .where('district_id', '=', principal.districtId)
      .where('id', '=', input.schoolId)
      .executeTakeFirstOrThrow();
    if (school.archived_at !== null) {
      throw new DirectoryError('SCHOOL_ARCHIVED', `School ${school.name} is archived.`);
    }
    const id = newId();
    const values = {
      schoolId: input.schoolId,
      name: input.name,
      grades: input.grades,
      subjects: input.subjects,
      periods: input.periods,
      classType: input.classType,
      location: input.location,
    };
    await tx
      .insertInto('classrooms')
      .values({
        district_id: principal.districtId,
        id,
        school_id: input.schoolId,
        name: input.name,
        grades: input.grades,
        subjects: input.subjects,
        periods: input.periods,
        class_type: input.classType,
        location: input.location,
        config_id: null,
        sis_id: null,
      })
      .execute();
    await writeDirectoryAudit(tx, principal, [
      { entity: 'classrooms', action: 'create', recordId: id, before: null, after: values },
    ]);
    return { classroomId: id };
  });
}
