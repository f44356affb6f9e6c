import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { checkCredentialsFree } from './check-credentials-free.ts';
import { newPersonFields, newPersonValues, normalizeContactDetails } from './contact-details-input.ts';
import { insertManualPerson } from './insert-manual-person.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const createStaffInput = z.strictObject({
  schoolId: z.uuid(),
  ...newPersonFields,
  /** The staff kind (teacher, aide, administrator, counselor…). */
  kind: z.string().trim().min(1).max(50).default('teacher'),
});
export type CreateStaffInput = z.input<typeof createStaffInput>;

/**
 * Creates a manual staff member of a school (SPEC §3: manual staff may be added to schools,
 * synced or not; the sync never changes or archives them). A school leader's, like adding a
 * person to a school's staff. Email and mobile are normalised and unique in the district.
 */
export async function createStaff(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: CreateStaffInput,
): Promise<{ personId: string; roleId: string }> {
  const input = parseOperationInput(createStaffInput, rawInput);
  const details = normalizeContactDetails(input);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'school.addStaff', { kind: 'school', schoolId: input.schoolId });
    await checkCredentialsFree(tx, principal.districtId, null, details);
    const { personId, roleId, audit } = await insertManualPerson(tx, principal.districtId, {
      ...newPersonValues({ ...input, ...details }),
      role: 'staff',
      kind: input.kind,
      schoolIds: [input.schoolId],
    });
    await writeDirectoryAudit(tx, principal, [audit]);
    return { personId, roleId };
  });
}
