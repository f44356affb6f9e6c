import type { Kysely } from 'kysely';
import { isUuid } from '../directory/change-cursor.ts';
import type { Principal } from '../directory/principal.ts';
import type { Database } from '../store/database-schema.ts';
import { newId } from '../store/new-id.ts';
import { accountActor } from './account-actor.ts';
import { AccountError } from './account-error.ts';
import { newAccountToken } from './account-token.ts';
import { assertMayManageAccounts } from './assert-may-manage-accounts.ts';
import { writeAccountAudit } from './write-account-audit.ts';

/**
 * How long an invitation can be accepted: two weeks covers a holiday or a term start without
 * leaving a working link in an old mailbox for long.
 */
export const invitationLifetimeMs = 14 * 24 * 60 * 60 * 1000;

export interface InvitePersonInput {
  districtId: string;
  personId: string;
  actor: Principal;
  /** Default: the current time. */
  now?: Date;
}

export interface Invitation {
  id: string;
  personId: string;
  /** Where the activation link can be sent: the person's email, else their mobile. */
  sendTo: { email: string | null; mobile: string | null };
  expiresAt: Date;
  /** Open invitations of the person this one replaced. */
  revokedCount: number;
  /**
   * The token, shown this once (stored only as its SHA-256): hand it to the person, never log
   * it. The activation link is `activationPath(token)`.
   */
  token: string;
}

/**
 * Invites a person of the district to set a password (SPEC §6: accepting makes them an active
 * user). The person needs an email or a mobile, the credentials they will sign in with.
 * Re-inviting revokes the person's open invitations, so only the newest link works; the same
 * serves as a password reset for an active person. Audited (`invitations`, `create`).
 */
export async function invitePerson(db: Kysely<Database>, input: InvitePersonInput): Promise<Invitation> {
  assertMayManageAccounts(input.actor, input.districtId);
  const now = input.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    // Locking the person makes two invitations at once take turns, so one revokes the other.
    const person = isUuid(input.personId)
      ? await tx
          .selectFrom('people')
          .select(['id', 'email', 'mobile', 'archived_at'])
          .where('district_id', '=', input.districtId)
          .where('id', '=', input.personId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (!person) {
      throw new AccountError('PERSON_NOT_FOUND', `No person ${input.personId} in this district.`);
    }
    if (person.archived_at) {
      throw new AccountError('PERSON_ARCHIVED', `Person ${person.id} is archived and cannot be invited.`);
    }
    if (!person.email && !person.mobile) {
      throw new AccountError(
        'PERSON_NO_CREDENTIAL',
        `Person ${person.id} has no email and no mobile to sign in with.`,
      );
    }
    const revoked = await tx
      .updateTable('invitations')
      .set({ revoked_at: now })
      .where('district_id', '=', input.districtId)
      .where('person_id', '=', person.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('id')
      .execute();
    const token = newAccountToken(input.districtId);
    const id = newId();
    const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
    await tx
      .insertInto('invitations')
      .values({
        district_id: input.districtId,
        id,
        person_id: person.id,
        token_hash: token.hash,
        expires_at: expiresAt,
        created_at: now,
        created_by: accountActor(input.actor).name,
      })
      .execute();
    await writeAccountAudit(tx, {
      districtId: input.districtId,
      actor: input.actor,
      entity: 'invitations',
      action: 'create',
      personId: person.id,
      relatedId: id,
      after: {
        expiresAt: expiresAt.toISOString(),
        revokedInvitations: revoked.map((row) => row.id),
      },
    });
    return {
      id,
      personId: person.id,
      sendTo: { email: person.email, mobile: person.mobile },
      expiresAt,
      revokedCount: revoked.length,
      token: token.value,
    };
  });
}

/** The console's activation page for a token: the path of the link an invitation sends. */
export function activationPath(token: string): string {
  return `/activate?token=${encodeURIComponent(token)}`;
}
