import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { z } from 'zod';
import { classroomJson, membershipJson, toClassroomJson } from './directory-json.ts';
import { fieldProvenance, readProvenance } from './read-provenance.ts';

/** One classroom with its members and where it comes from. */
export const classroomDetail = classroomJson.extend({
  /** The sync config that owns it (null: made by hand). */
  configId: z.uuid().nullable(),
  /** Who last set each field, and when: a run, or a person renaming it by hand. */
  provenance: z.record(z.string(), fieldProvenance),
  members: z.array(membershipJson.extend({ personId: z.uuid() })),
});
export type ClassroomDetail = z.infer<typeof classroomDetail>;

/** A classroom of the district with its members, or null. */
export async function readClassroom(
  db: Kysely<Database>,
  districtId: string,
  classroomId: string,
): Promise<ClassroomDetail | null> {
  const classroom = await db
    .selectFrom('classrooms')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', classroomId)
    .executeTakeFirst();
  if (!classroom) return null;
  const provenance = await readProvenance(db, districtId, { recordIds: [classroomId] }, 'classroom');
  const members = await db
    .selectFrom('memberships')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('classroom_id', '=', classroomId)
    .orderBy('role')
    .orderBy('person_id')
    .execute();
  return {
    ...toClassroomJson(classroom),
    configId: classroom.config_id,
    provenance: provenance.get(classroomId) ?? {},
    members: members.map((row) => ({
      personId: row.person_id,
      role: row.role,
      isPrimary: row.is_primary,
      isManual: row.config_id === null,
    })),
  };
}
