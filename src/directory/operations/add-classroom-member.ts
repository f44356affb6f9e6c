import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { loadClassroomForChange } from './load-classroom-for-change.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const addClassroomMemberInput = z.strictObject({
  classroomId: z.uuid(),
  personId: z.uuid(),
  role: z.enum(['student', 'teacher', 'aide']),
  /** A primary teacher; a co-teacher (the default) is not. */
  isPrimary: z.boolean().default(false),
});
export type AddClassroomMemberInput = z.input<typeof addClassroomMemberInput>;

/**
 * Adds a member by hand: a manual membership (no config), which the sync never touches
 * (SPEC §3). Teachers (co-teachers) and aides go into any classroom and must hold a staff
 * role; students must hold a student role, synced or not, and go only into classrooms no
 * enabled sync owns: a synced classroom's students are the source's (`CLASSROOM_SYNCED`).
 * A teacher is added under `classroom.addTeacher` (a teacher of the classroom may); other
 * members under `classroom.manageMembers`.
 */
export async function addClassroomMember(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: AddClassroomMemberInput,
): Promise<{ classroomId: string; personId: string }> {
  const input = parseOperationInput(addClassroomMemberInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(
      tx,
      principal,
      input.role === 'teacher' ? 'classroom.addTeacher' : 'classroom.manageMembers',
      { kind: 'classroom', classroomId: input.classroomId },
    );
    const classroom = await loadClassroomForChange(tx, principal.districtId, input.classroomId);
    if (input.role === 'student' && classroom.isSynced) {
      throw new DirectoryError(
        'CLASSROOM_SYNCED',
        `Classroom ${classroom.name} is synced: its students come from the source (SPEC §3). Add the student in the SIS, or to a manual classroom.`,
      );
    }
    const person = await loadPersonForChange(tx, principal.districtId, input.personId);
    const neededRole = input.role === 'student' ? 'student' : 'staff';
    if (person.isArchived || !openRoleOf(person, neededRole)) {
      throw new DirectoryError(
        'ROLE_REQUIRED',
        `A classroom's ${input.role} must be a ${neededRole} of the district, and ${person.id} holds no open ${neededRole} role.`,
      );
    }
    const existing = await tx
      .selectFrom('memberships')
      .select(['role', 'config_id'])
      .where('district_id', '=', principal.districtId)
      .where('classroom_id', '=', classroom.id)
      .where('person_id', '=', person.id)
      .executeTakeFirst();
    if (existing) {
      throw new DirectoryError(
        'MEMBERSHIP_EXISTS',
        `${person.id} is already a member of ${classroom.name} (${existing.role}${existing.config_id ? ', synced' : ''}).`,
      );
    }
    const isPrimary = input.role === 'teacher' && input.isPrimary;
    await tx
      .insertInto('memberships')
      .values({
        district_id: principal.districtId,
        classroom_id: classroom.id,
        person_id: person.id,
        role: input.role,
        is_primary: isPrimary,
        config_id: null,
      })
      .execute();
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'memberships',
        action: 'add',
        recordId: classroom.id,
        relatedId: person.id,
        before: null,
        after: { role: input.role, isPrimary },
      },
    ]);
    return { classroomId: classroom.id, personId: person.id };
  });
}
