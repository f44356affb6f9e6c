import type { Kysely } from 'kysely';
import { isUuid } from '../directory/change-cursor.ts';
import type { Grant, Principal } from '../directory/principal.ts';
import type { Database } from '../store/database-schema.ts';
import { AccountError } from './account-error.ts';
import { assertMayManageAccounts } from './assert-may-manage-accounts.ts';
import { readGrant } from './grant-role.ts';
import { writeAccountAudit } from './write-account-audit.ts';

export interface RevokeGrantInput {
  districtId: string;
  personId: string;
  role: string;
  /** The school of the grant; absent or null: the district-wide grant. */
  schoolId?: string | null | undefined;
  actor: Principal;
}

/**
 * Takes a grant back. It is matched exactly: taking back a district-wide rostering admin grant
 * leaves the person's school ones. A grant the person does not hold is `GRANT_NOT_FOUND`.
 * Open sessions keep going; the principal they resolve to no longer carries the grant.
 * Audited (`personGrants`, `remove`).
 */
export async function revokeGrant(
  db: Kysely<Database>,
  input: RevokeGrantInput,
): Promise<{ personId: string; grant: Grant }> {
  assertMayManageAccounts(input.actor, input.districtId);
  const grant = readGrant(input.role, input.schoolId ?? null);
  const schoolId = 'schoolId' in grant ? grant.schoolId : null;
  const notFound = () =>
    new AccountError(
      'GRANT_NOT_FOUND',
      `Person ${input.personId} holds no ${grant.role} grant ${schoolId ? `for school ${schoolId}` : 'for the whole district'}.`,
    );
  if (!isUuid(input.personId) || (schoolId !== null && !isUuid(schoolId))) throw notFound();
  return db.transaction().execute(async (tx) => {
    let query = tx
      .deleteFrom('person_grants')
      .where('district_id', '=', input.districtId)
      .where('person_id', '=', input.personId)
      .where('role', '=', grant.role);
    query =
      schoolId === null ? query.where('school_id', 'is', null) : query.where('school_id', '=', schoolId);
    const deleted = await query.returning('person_id').execute();
    if (deleted.length === 0) throw notFound();
    await writeAccountAudit(tx, {
      districtId: input.districtId,
      actor: input.actor,
      entity: 'personGrants',
      action: 'remove',
      personId: input.personId,
      relatedId: schoolId,
      before: { role: grant.role, schoolId },
    });
    return { personId: input.personId, grant };
  });
}
