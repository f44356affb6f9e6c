import type { Kysely } from 'kysely';
import type { PersonPrincipal } from '../directory/principal.ts';
import { entityOfRole } from '../roster/snapshot.ts';
import type { Database } from '../store/database-schema.ts';
import { AccountError } from './account-error.ts';
import { readAccountToken } from './account-token.ts';
import { checkPasswordPolicy } from './check-password-policy.ts';
import { hashPassword } from './hash-password.ts';
import { writeAccountAudit } from './write-account-audit.ts';

export interface AcceptInvitationInput {
  /** The token of the activation link. */
  token: string;
  password: string;
  /**
   * The district the caller serves, when it serves one (a district's own console): a token of
   * another district is then unknown, like any token this district never issued.
   */
  districtId?: string;
  /** Default: the current time. */
  now?: Date;
}

export interface AcceptedInvitation {
  districtId: string;
  personId: string;
  /** Whether the person became an active user now (false: already active, a password reset). */
  isNewlyActive: boolean;
}

/**
 * Accepts an invitation: sets the person's password and makes them an active user (SPEC §6:
 * from now on their contact details follow the *Update contact details of active users*
 * setting). The token works once and only until it expires; a newer invitation revokes it.
 * Each of unknown, expired, used and revoked has its own code; a token of another district is
 * unknown, never "exists elsewhere". A new password ends the person's open sessions. Audited
 * with the person as actor: the account state change (under the person's entity, as
 * `account set-state` writes it) and the invitation's `accept`.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  input: AcceptInvitationInput,
): Promise<AcceptedInvitation> {
  const now = input.now ?? new Date();
  const token = readAccountToken(input.token.trim());
  const unknown = () =>
    new AccountError(
      'INVITATION_UNKNOWN',
      'This activation link is not valid. Open it exactly as it was sent, or ask for a new one.',
    );
  if (!token || (input.districtId !== undefined && input.districtId.toLowerCase() !== token.districtId)) {
    throw unknown();
  }
  const found = await findInvitation(db, token.districtId, token.hash);
  if (!found) throw unknown();
  refuseClosed(found, now);
  const refusal = checkPasswordPolicy(input.password);
  if (refusal) throw new AccountError(refusal.code, refusal.message);
  // Hashed before the transaction: ~100 ms of CPU should not hold the invitation's lock.
  const passwordHash = await hashPassword(input.password);

  return db.transaction().execute(async (tx) => {
    // Locked and read again: two acceptances of one token at once, or a re-invitation between
    // the first read and now, leave exactly one winner.
    const invitation = await findInvitation(tx, token.districtId, token.hash, true);
    if (!invitation) throw unknown();
    refuseClosed(invitation, now);
    const person = await tx
      .selectFrom('people')
      .select(['id', 'account_state', 'archived_at'])
      .where('district_id', '=', token.districtId)
      .where('id', '=', invitation.person_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (person.archived_at) {
      throw new AccountError(
        'PERSON_ARCHIVED',
        'This account was archived after the invitation was sent; ask the district for help.',
      );
    }
    const actor: PersonPrincipal = {
      kind: 'person',
      districtId: token.districtId,
      personId: person.id,
      grants: [],
    };
    await tx
      .insertInto('password_credentials')
      .values({
        district_id: token.districtId,
        person_id: person.id,
        password_hash: passwordHash,
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict.column('person_id').doUpdateSet({ password_hash: passwordHash, updated_at: now }),
      )
      .execute();
    // A new password ends every session signed in with the old one.
    await tx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('district_id', '=', token.districtId)
      .where('person_id', '=', person.id)
      .where('revoked_at', 'is', null)
      .execute();
    await tx
      .updateTable('invitations')
      .set({ accepted_at: now })
      .where('district_id', '=', token.districtId)
      .where('id', '=', invitation.id)
      .execute();
    const isNewlyActive = person.account_state !== 'active';
    if (isNewlyActive) {
      await tx
        .updateTable('people')
        .set({ account_state: 'active', updated_at: now })
        .where('district_id', '=', token.districtId)
        .where('id', '=', person.id)
        .execute();
      const role = await tx
        .selectFrom('person_roles')
        .select('role')
        .where('district_id', '=', token.districtId)
        .where('person_id', '=', person.id)
        .orderBy('role')
        .executeTakeFirst();
      await tx
        .insertInto('audit_log')
        .values({
          district_id: token.districtId,
          actor_type: 'user',
          actor_id: person.id,
          run_id: null,
          // The audit entity of a person: their first role's type (as `setAccountState`).
          entity: role ? entityOfRole[role.role] : 'students',
          action: 'update',
          record_id: person.id,
          related_id: null,
          sis_id: null,
          before: JSON.stringify({ accountState: person.account_state }),
          after: JSON.stringify({ accountState: 'active' }),
        })
        .execute();
    }
    await writeAccountAudit(tx, {
      districtId: token.districtId,
      actor,
      entity: 'invitations',
      action: 'accept',
      personId: person.id,
      relatedId: invitation.id,
      after: { acceptedAt: now.toISOString() },
    });
    return { districtId: token.districtId, personId: person.id, isNewlyActive };
  });
}

interface InvitationRow {
  id: string;
  person_id: string;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

async function findInvitation(
  db: Kysely<Database>,
  districtId: string,
  tokenHash: string,
  isForUpdate = false,
): Promise<InvitationRow | undefined> {
  const query = db
    .selectFrom('invitations')
    .select(['id', 'person_id', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('district_id', '=', districtId)
    .where('token_hash', '=', tokenHash);
  return isForUpdate ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}

/** Used first, then revoked, then expired: a used link says so even after its time ran out. */
function refuseClosed(invitation: InvitationRow, now: Date): void {
  if (invitation.accepted_at) {
    throw new AccountError(
      'INVITATION_USED',
      'This activation link was already used. Sign in with your password, or ask for a new link.',
    );
  }
  if (invitation.revoked_at) {
    throw new AccountError(
      'INVITATION_REVOKED',
      'A newer invitation replaced this link. Use the newest link you received.',
    );
  }
  if (new Date(invitation.expires_at).getTime() <= now.getTime()) {
    throw new AccountError('INVITATION_EXPIRED', 'This activation link has expired. Ask for a new one.');
  }
}
