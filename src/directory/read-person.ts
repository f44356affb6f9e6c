import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { z } from 'zod';
import {
  byRoleOrder,
  isManualJson,
  membershipJson,
  personJson,
  toPersonJson,
  toRoleJson,
} from './directory-json.ts';
import { fieldProvenance, readProvenance } from './read-provenance.ts';

/** One person as the console shows them: roles, who set each field, links and classes. */
export const personDetail = personJson.extend({
  /** Who last set each field, and when (SPEC §6: "why is this value what it is"). */
  provenance: z.record(z.string(), fieldProvenance),
  /** The students this person is a guardian of. */
  students: z.array(z.object({ studentId: z.uuid(), relationship: z.string().nullable(), ...isManualJson })),
  /** This person's guardians (as a student). */
  guardians: z.array(
    z.object({ guardianId: z.uuid(), relationship: z.string().nullable(), ...isManualJson }),
  ),
  /** The classrooms this person is a member of. */
  memberships: z.array(membershipJson.extend({ classroomId: z.uuid() })),
});
export type PersonDetail = z.infer<typeof personDetail>;

/** A person of the district with everything the directory knows of them, or null. */
export async function readPerson(
  db: Kysely<Database>,
  districtId: string,
  personId: string,
): Promise<PersonDetail | null> {
  const person = await db
    .selectFrom('people')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) return null;
  const [roles, asGuardian, asStudent, memberships, provenance] = await Promise.all([
    db
      .selectFrom('person_roles')
      .selectAll()
      .where('district_id', '=', districtId)
      .where('person_id', '=', personId)
      .execute(),
    db
      .selectFrom('guardian_links')
      .selectAll()
      .where('district_id', '=', districtId)
      .where('guardian_id', '=', personId)
      .orderBy('student_id')
      .execute(),
    db
      .selectFrom('guardian_links')
      .selectAll()
      .where('district_id', '=', districtId)
      .where('student_id', '=', personId)
      .orderBy('guardian_id')
      .execute(),
    db
      .selectFrom('memberships')
      .selectAll()
      .where('district_id', '=', districtId)
      .where('person_id', '=', personId)
      .orderBy('classroom_id')
      .execute(),
    readProvenance(db, districtId, { recordIds: [personId] }),
  ]);
  return {
    ...toPersonJson(person, roles.sort(byRoleOrder).map(toRoleJson)),
    provenance: provenance.get(personId) ?? {},
    students: asGuardian.map((link) => ({
      studentId: link.student_id,
      relationship: link.relationship,
      isManual: link.config_id === null,
    })),
    guardians: asStudent.map((link) => ({
      guardianId: link.guardian_id,
      relationship: link.relationship,
      isManual: link.config_id === null,
    })),
    memberships: memberships.map((row) => ({
      classroomId: row.classroom_id,
      role: row.role,
      isPrimary: row.is_primary,
      isManual: row.config_id === null,
    })),
  };
}
