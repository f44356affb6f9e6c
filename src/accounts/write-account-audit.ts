import type { Kysely } from 'kysely';
import type { Principal } from '../directory/principal.ts';
import type { Database } from '../store/database-schema.ts';
import { accountActor } from './account-actor.ts';

/**
 * What an account change writes to the audit log. `invitations` rows carry the person
 * (record) and the invitation (related); `personGrants` rows the person and the school (null:
 * district-wide); `apiTokens` rows the token (record; `personId` holds its id) made or revoked
 * by a district admin over the API. Neither is ever a role, classroom, membership or link, so rollback and hold
 * rechecks, which pair rows by those, never mistake them for directory changes. They are in the
 * change feed, like every audit row. No secret is ever written: no token, no hash.
 */
export interface AccountAuditEntry {
  districtId: string;
  actor: Principal;
  entity: 'invitations' | 'personGrants' | 'apiTokens';
  action: 'create' | 'accept' | 'add' | 'remove';
  personId: string;
  relatedId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes one audit row of an account change, in the caller's transaction. */
export async function writeAccountAudit(tx: Kysely<Database>, entry: AccountAuditEntry): Promise<void> {
  const actor = accountActor(entry.actor);
  await tx
    .insertInto('audit_log')
    .values({
      district_id: entry.districtId,
      actor_type: actor.auditType,
      actor_id: actor.auditId,
      run_id: null,
      entity: entry.entity,
      action: entry.action,
      record_id: entry.personId,
      related_id: entry.relatedId,
      sis_id: null,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
    })
    .execute();
}
