import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database-schema.ts';
import type { Principal } from '../principal.ts';
import { authorize } from './authorize.ts';
import { linkGuardian } from './link-guardian.ts';
import { loadPersonForChange } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

const word = z.string().trim().min(1).max(50);

export const addGuardianLinkInput = z.strictObject({
  studentId: z.uuid(),
  guardianId: z.uuid(),
  relationship: word.nullable().default(null),
  contactType: word.nullable().default(null),
});
export type AddGuardianLinkInput = z.input<typeof addGuardianLinkInput>;

/**
 * Links a guardian to a student by hand (SPEC §3: leaders and rostering admins add guardians
 * the SIS lacks, to synced students too). The link is manual, so no run removes it; a
 * link that exists already (synced or manual) is left as it is (`isNew` false).
 */
export async function addGuardianLink(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: AddGuardianLinkInput,
): Promise<{ guardianId: string; studentId: string; isNew: boolean }> {
  const input = parseOperationInput(addGuardianLinkInput, rawInput);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'guardian.link', { kind: 'person', personId: input.studentId });
    const guardian = await loadPersonForChange(tx, principal.districtId, input.guardianId);
    const { isNew, audit } = await linkGuardian(tx, {
      districtId: principal.districtId,
      guardian,
      studentId: input.studentId,
      relationship: input.relationship,
      contactType: input.contactType,
    });
    await writeDirectoryAudit(tx, principal, audit);
    return { guardianId: guardian.id, studentId: input.studentId, isNew };
  });
}
