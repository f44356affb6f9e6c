import type { Kysely } from 'kysely';
import { z } from 'zod';
import { entityOfRole } from '../../roster/snapshot.ts';
import type { Database } from '../../store/database-schema.ts';
import { DirectoryError } from '../directory-error.ts';
import { decideContactEdit } from '../permissions/decide-contact-edit.ts';
import type { Principal } from '../principal.ts';
import { announceCredentialEdit } from './announce-credential-edit.ts';
import { authorize } from './authorize.ts';
import { checkCredentialsFree } from './check-credentials-free.ts';
import { contactDetailsInput, normalizeContactDetails } from './contact-details-input.ts';
import { loadPersonForChange } from './load-person-for-change.ts';
import { parseOperationInput } from './parse-operation-input.ts';
import { writeDirectoryAudit } from './write-directory-audit.ts';

export const editContactDetailsInput = z.strictObject({
  personId: z.uuid(),
  details: contactDetailsInput,
});
export type EditContactDetailsInput = z.input<typeof editContactDetailsInput>;

const columns = {
  givenName: 'given_name',
  middleName: 'middle_name',
  familyName: 'family_name',
  email: 'email',
  mobile: 'mobile',
  homePhone: 'home_phone',
  language: 'language',
} as const;
type Field = keyof typeof columns;

/**
 * Edits a person's contact details: the person themself or a users manager (SPEC §7), when
 * SPEC §6 allows (`decideContactEdit`). Email and phones are normalised as the sync does and
 * stay unique in the district (`CREDENTIAL_IN_USE`). The audit row is the person's, under
 * their first role's entity, so `export --provenance` shows who set each field.
 */
export async function editContactDetails(
  db: Kysely<Database>,
  principal: Principal,
  rawInput: EditContactDetailsInput,
): Promise<{ personId: string; changed: Field[] }> {
  const input = parseOperationInput(editContactDetailsInput, rawInput);
  const details = normalizeContactDetails(input.details);
  return db.transaction().execute(async (tx) => {
    await authorize(tx, principal, 'person.editContacts', { kind: 'person', personId: input.personId });
    const person = await loadPersonForChange(tx, principal.districtId, input.personId);
    if (person.isArchived) {
      throw new DirectoryError('PERSON_ARCHIVED', `Person ${person.id} is archived.`);
    }
    const openRoles = person.roles.filter((role) => !role.isArchived);
    const decision = decideContactEdit({
      accountState: person.accountState,
      syncedRoles: openRoles.filter((role) => role.isSynced),
    });
    if (!decision.allowed) throw new DirectoryError(decision.code, `Refused: ${decision.rule}.`);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Record<string, string | null> = {};
    for (const field of Object.keys(columns) as Field[]) {
      const next = details[field];
      if (next === undefined || next === person[field]) continue;
      before[field] = person[field];
      after[field] = next;
      set[columns[field]] = next;
    }
    const changed = Object.keys(after) as Field[];
    if (changed.length === 0) return { personId: person.id, changed };
    await checkCredentialsFree(tx, principal.districtId, person.id, {
      email: after.email as string | null | undefined,
      mobile: after.mobile as string | null | undefined,
    });
    await tx
      .updateTable('people')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', person.id)
      .execute();
    // The next run compares the edited values with the source in full (a role whose stored hash
    // is cleared is planned): it notes what it leaves alone, or applies the source's values if
    // the school takes contact details over later.
    await tx
      .updateTable('person_roles')
      .set({ source_hash: null })
      .where('district_id', '=', principal.districtId)
      .where('person_id', '=', person.id)
      .where('config_id', 'is not', null)
      .execute();
    const firstRole = openRoles[0] ?? person.roles[0];
    await writeDirectoryAudit(tx, principal, [
      {
        entity: firstRole ? entityOfRole[firstRole.role] : 'staff',
        action: 'update',
        recordId: person.id,
        relatedId: firstRole?.id ?? null,
        sisId: firstRole?.sisId ?? null,
        before,
        after,
      },
    ]);
    await announceCredentialEdit(tx, principal, person, before, after);
    return { personId: person.id, changed };
  });
}
