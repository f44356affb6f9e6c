import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { checkCredentialsFree } from './check-credentials-free.ts';
import { normalizeContactDetails } from './contact-details-input.ts';
import { findSyncsOfSchool } from './find-syncs-of-school.ts';
import { insertManualPerson } from './insert-manual-person.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

const name = z.string().trim().min(1).max(200);

export const createStudentInput = z.strictObject({
  schoolId: z.uuid(),
  givenName: name,
  middleName: name.nullable().default(null),
  familyName: name,
  email: z.string().max(320).nullable().default(null),
  grade: z.string().trim().min(1).max(20).nullable().default(null),
  studentNumber: z.string().trim().min(1).max(100).nullable().default(null),
});
export type CreateStudentInput = z.input<typeof createStudentInput>;

/**
 * Creates a manual student in a school no enabled sync rosters (SPEC §3: **not** a new student
 * in a synced school; the SIS is where students are made there, and a manual twin would later
 * need merging). A disabled sync lifts the restriction (§7).
 */
export async function createStudent(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: CreateStudentInput,
): Promise<{ personId: string; roleId: string }> {
  const input = parseOperationInput(createStudentInput, rawInput);
  const { email } = normalizeContactDetails({ email: input.email });
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'student.create', { kind: 'school', schoolId: input.schoolId });
    const syncs = await findSyncsOfSchool(tx, principal.districtId, input.schoolId);
    if (syncs.length > 0) {
      throw new DirectoryError(
        'SCHOOL_SYNCED',
        `Students of this school come from the sync ${syncs.map((sync) => sync.name).join(', ')} (SPEC §3): add the student in the SIS; the next run creates them.`,
      );
    }
    await checkCredentialsFree(tx, principal.districtId, null, { email });
    const { personId, roleId, audit } = await insertManualPerson(tx, principal.districtId, {
      givenName: input.givenName,
      middleName: input.middleName,
      familyName: input.familyName,
      email: email ?? null,
      mobile: null,
      homePhone: null,
      language: null,
      role: 'student',
      kind: 'student',
      grade: input.grade,
      studentNumber: input.studentNumber,
      schoolIds: [input.schoolId],
    });
    await writeDirectoryAudit(tx, principal, [audit]);
    return { personId, roleId };
  });
}
