import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { newId } from '../../store/new-id.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { loadPersonForChange, openRoleOf } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const addStaffToSchoolInput = z.strictObject({
  personId: z.uuid(),
  schoolId: z.uuid(),
  /** The staff kind of a new staff role (teacher, administrator, aide…). */
  kind: z.string().trim().min(1).max(50).default('teacher'),
});
export type AddStaffToSchoolInput = z.input<typeof addStaffToSchoolInput>;

/**
 * Adds a person to a school's staff by hand (SPEC §3: manual staff may be added to schools).
 * A person without a staff role gets a manual one; a manual staff role gains the school. A
 * synced staff role's schools are the source's (`STAFF_SYNCED`): the next run would undo it.
 */
export async function addStaffToSchool(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: AddStaffToSchoolInput,
): Promise<{ personId: string; roleId: string; isChanged: boolean }> {
  const input = parseOperationInput(addStaffToSchoolInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'school.addStaff', { kind: 'school', schoolId: input.schoolId });
    const person = await loadPersonForChange(tx, principal.districtId, input.personId);
    if (person.isArchived) throw new DirectoryError('PERSON_ARCHIVED', `Person ${person.id} is archived.`);
    const role = openRoleOf(person, 'staff');
    if (role?.isSynced) {
      throw new DirectoryError(
        'STAFF_SYNCED',
        'This staff member comes from the source, which sets their schools every run (SPEC §3): add the school in the SIS.',
      );
    }
    if (role) {
      if (role.schoolIds.includes(input.schoolId)) {
        return { personId: person.id, roleId: role.id, isChanged: false };
      }
      const schoolIds = [...role.schoolIds, input.schoolId];
      await tx
        .updateTable('person_roles')
        .set({ school_ids: schoolIds, updated_at: new Date() })
        .where('id', '=', role.id)
        .execute();
      await writeDirectoryAudit(tx, principal, [
        {
          entity: 'staff',
          action: 'update',
          recordId: person.id,
          relatedId: role.id,
          sisId: role.sisId,
          before: { schoolIds: role.schoolIds },
          after: { schoolIds },
        },
      ]);
      return { personId: person.id, roleId: role.id, isChanged: true };
    }
    const roleId = newId();
    await tx
      .insertInto('person_roles')
      .values({
        district_id: principal.districtId,
        id: roleId,
        person_id: person.id,
        role: 'staff',
        kind: input.kind,
        config_id: null,
        sis_id: null,
        student_number: null,
        state_id: null,
        grade: null,
        school_ids: [input.schoolId],
        source_hash: null,
        links_hash: null,
        archived_at: null,
      })
      .execute();
    await writeDirectoryAudit(tx, principal, [
      {
        entity: 'staff',
        action: 'create',
        recordId: person.id,
        relatedId: roleId,
        before: null,
        after: { role: 'staff', kind: input.kind, schoolIds: [input.schoolId], isDistrictLevel: false },
      },
    ]);
    return { personId: person.id, roleId, isChanged: true };
  });
}
