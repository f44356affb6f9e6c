import type { Kysely } from 'kysely';
import { entityOfRole } from '../roster/snapshot.ts';
import type { Database } from '../store/database-schema.ts';
import { DirectoryError } from './directory-error.ts';

export type AccountState = 'invitee' | 'active';
export const accountStates: readonly AccountState[] = ['invitee', 'active'];

export interface AccountStateChange {
  personId: string;
  before: AccountState;
  after: AccountState;
}

/**
 * Sets a person's account state (SPEC §6: an invitee's contact details always follow the
 * source; an active user's follow the *Update contact details of active users* setting). Until
 * invitations and activation exist (issue 7) the CLI sets it. The change is audited with the
 * operator as actor, so the change feed and provenance see it.
 */
export async function setAccountState(
  db: Kysely<Database>,
  input: { districtId: string; personId: string; state: AccountState; actor: string },
): Promise<AccountStateChange> {
  return db.transaction().execute(async (tx) => {
    const person = await tx
      .selectFrom('people')
      .select(['id', 'account_state'])
      .where('district_id', '=', input.districtId)
      .where('id', '=', input.personId)
      .forUpdate()
      .executeTakeFirst();
    if (!person) {
      throw new DirectoryError(
        'PERSON_NOT_FOUND',
        `No person ${input.personId} in district ${input.districtId}.`,
      );
    }
    const before = person.account_state;
    if (before === input.state) return { personId: person.id, before, after: before };
    await tx
      .updateTable('people')
      .set({ account_state: input.state, updated_at: new Date() })
      .where('id', '=', person.id)
      .execute();
    const role = await tx
      .selectFrom('person_roles')
      .select('role')
      .where('person_id', '=', person.id)
      .orderBy('role')
      .executeTakeFirst();
    await tx
      .insertInto('audit_log')
      .values({
        district_id: input.districtId,
        actor_type: 'system',
        actor_id: input.actor,
        run_id: null,
        // The audit entity of a person: their first role's type.
        entity: role ? entityOfRole[role.role] : 'students',
        action: 'update',
        record_id: person.id,
        related_id: null,
        sis_id: null,
        before: JSON.stringify({ accountState: before }),
        after: JSON.stringify({ accountState: input.state }),
      })
      .execute();
    return { personId: person.id, before, after: input.state };
  });
}
