import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../directory/principal.ts';
import type { Store } from '../store/store.ts';
import { createAccountDistrict, type AccountDistrict } from '../../test/support/account-district.ts';
import { openTestStore } from '../../test/support/test-store.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { AccountError } from './account-error.ts';
import { activationPath, invitationLifetimeMs, invitePerson } from './invite-person.ts';
import { verifyPassword } from './hash-password.ts';

let store: Store;
let district: AccountDistrict;
let other: AccountDistrict;

beforeAll(async () => {
  store = await openTestStore();
  district = await createAccountDistrict(store, 'Springfield');
  other = await createAccountDistrict(store, 'Shelbyville');
});
afterAll(() => store?.close());

const password = 'a long enough password';

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; status: number; message: string }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AccountError)) throw new Error(`expected an AccountError, got ${String(error)}`);
  return { code: error.code, status: error.status, message: error.message };
}

async function auditOf(personId: string) {
  return store.db
    .selectFrom('audit_log')
    .select(['actor_type', 'actor_id', 'entity', 'action', 'record_id', 'related_id', 'before', 'after'])
    .where('district_id', '=', district.districtId)
    .where('record_id', '=', personId)
    .orderBy('id')
    .execute();
}

describe('inviting a person and accepting the invitation (SPEC §6)', () => {
  it('makes an invitee an active user with a password, audited with the person as actor', async () => {
    const personId = await district.addPerson({ email: 'edna@springfield.example.org' });
    const now = new Date('2026-11-29T08:00:00Z');
    const invitation = await invitePerson(store.db, {
      districtId: district.districtId,
      personId,
      actor: district.system,
      now,
    });
    expect(invitation).toMatchObject({
      personId,
      sendTo: { email: 'edna@springfield.example.org', mobile: null },
      expiresAt: new Date(now.getTime() + invitationLifetimeMs),
      revokedCount: 0,
    });
    expect(activationPath(invitation.token)).toBe(`/activate?token=${invitation.token}`);
    const stored = await store.db
      .selectFrom('invitations')
      .selectAll()
      .where('district_id', '=', district.districtId)
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    // Only the hash is stored.
    expect(stored.token_hash).not.toContain(invitation.token.split('.')[1]);
    expect(stored.created_by).toBe('system');

    const accepted = await acceptInvitation(store.db, {
      token: invitation.token,
      password,
      now: new Date(now.getTime() + 60_000),
    });
    expect(accepted).toEqual({ districtId: district.districtId, personId, isNewlyActive: true });
    const person = await store.db
      .selectFrom('people')
      .select('account_state')
      .where('district_id', '=', district.districtId)
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(person.account_state).toBe('active');
    const credential = await store.db
      .selectFrom('password_credentials')
      .select('password_hash')
      .where('district_id', '=', district.districtId)
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(password, credential.password_hash)).toBe(true);
    expect(await auditOf(personId)).toEqual([
      {
        actor_type: 'system',
        actor_id: 'system',
        entity: 'invitations',
        action: 'create',
        record_id: personId,
        related_id: invitation.id,
        before: null,
        after: { expiresAt: '2026-12-13T08:00:00.000Z', revokedInvitations: [] },
      },
      {
        actor_type: 'user',
        actor_id: personId,
        entity: 'staff',
        action: 'update',
        record_id: personId,
        related_id: null,
        before: { accountState: 'invitee' },
        after: { accountState: 'active' },
      },
      {
        actor_type: 'user',
        actor_id: personId,
        entity: 'invitations',
        action: 'accept',
        record_id: personId,
        related_id: invitation.id,
        before: null,
        after: { acceptedAt: '2026-11-29T08:01:00.000Z' },
      },
    ]);

    // A token works once.
    expect(await refusal(acceptInvitation(store.db, { token: invitation.token, password }))).toMatchObject({
      code: 'INVITATION_USED',
      status: 410,
    });
  });

  it('refuses an expired token, and leaves the person an invitee', async () => {
    const personId = await district.addPerson();
    const now = new Date('2026-11-01T08:00:00Z');
    const { token } = await invitePerson(store.db, {
      districtId: district.districtId,
      personId,
      actor: district.system,
      now,
    });
    const later = new Date(now.getTime() + invitationLifetimeMs);
    expect(await refusal(acceptInvitation(store.db, { token, password, now: later }))).toMatchObject({
      code: 'INVITATION_EXPIRED',
      status: 410,
    });
    const person = await store.db
      .selectFrom('people')
      .select('account_state')
      .where('id', '=', personId)
      .where('district_id', '=', district.districtId)
      .executeTakeFirstOrThrow();
    expect(person.account_state).toBe('invitee');
  });

  it('re-inviting revokes the older link; only the newest works', async () => {
    const personId = await district.addPerson({ email: null, mobile: '+13125550143' });
    const first = await invitePerson(store.db, {
      districtId: district.districtId,
      personId,
      actor: district.system,
    });
    const second = await invitePerson(store.db, {
      districtId: district.districtId,
      personId,
      actor: district.system,
    });
    expect(second.revokedCount).toBe(1);
    expect(second.sendTo).toEqual({ email: null, mobile: '+13125550143' });
    expect(await refusal(acceptInvitation(store.db, { token: first.token, password }))).toMatchObject({
      code: 'INVITATION_REVOKED',
    });
    expect((await acceptInvitation(store.db, { token: second.token, password })).personId).toBe(personId);
  });

  it('calls a token of another district, a mangled one and a made-up one unknown, alike', async () => {
    const personId = await other.addPerson();
    const { token } = await invitePerson(store.db, {
      districtId: other.districtId,
      personId,
      actor: other.system,
    });
    const forged = `${district.districtId}.${token.split('.')[1]}`;
    const answers = await Promise.all(
      [
        acceptInvitation(store.db, { token, password, districtId: district.districtId }),
        acceptInvitation(store.db, { token: forged, password }),
        acceptInvitation(store.db, { token: token.slice(0, -3), password }),
        acceptInvitation(store.db, { token: 'nonsense', password }),
      ].map(refusal),
    );
    for (const answer of answers) {
      expect(answer).toEqual({
        code: 'INVITATION_UNKNOWN',
        status: 404,
        message: 'This activation link is not valid. Open it exactly as it was sent, or ask for a new one.',
      });
    }
    // The token still works in its own district.
    expect(
      (await acceptInvitation(store.db, { token, password, districtId: other.districtId })).personId,
    ).toBe(personId);
  });

  it('refuses a weak password without using the token up', async () => {
    const personId = await district.addPerson();
    const { token } = await invitePerson(store.db, {
      districtId: district.districtId,
      personId,
      actor: district.system,
    });
    expect(await refusal(acceptInvitation(store.db, { token, password: 'too short' }))).toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
      status: 400,
    });
    expect(await refusal(acceptInvitation(store.db, { token, password: 'x'.repeat(20) }))).toMatchObject({
      code: 'PASSWORD_TOO_SIMPLE',
    });
    expect((await acceptInvitation(store.db, { token, password })).isNewlyActive).toBe(true);
  });

  it('invites only unarchived people of the district with an email or mobile, and only for those who may', async () => {
    const noCredential = await district.addPerson({ email: null, mobile: null });
    const archived = await district.addPerson({ isArchived: true });
    const elsewhere = await other.addPerson();
    const invite = (personId: string, actor: Principal = district.system) =>
      refusal(invitePerson(store.db, { districtId: district.districtId, personId, actor }));
    expect((await invite(noCredential)).code).toBe('PERSON_NO_CREDENTIAL');
    expect((await invite(archived)).code).toBe('PERSON_ARCHIVED');
    expect((await invite(elsewhere)).code).toBe('PERSON_NOT_FOUND');
    expect((await invite('not-a-uuid')).code).toBe('PERSON_NOT_FOUND');
    const teacher = await district.addPerson();
    expect(
      await invite(noCredential, {
        kind: 'person',
        districtId: district.districtId,
        personId: teacher,
        grants: [],
      }),
    ).toMatchObject({ code: 'ACCOUNTS_NOT_ALLOWED', status: 403 });
    expect(await invite(noCredential, other.system)).toMatchObject({ code: 'ACCOUNTS_NOT_ALLOWED' });
  });

  it('re-inviting an active person resets their password and ends their sessions', async () => {
    const personId = await district.addPerson();
    const first = await invitePerson(store.db, {
      districtId: district.districtId,
      personId,
      actor: district.system,
    });
    await acceptInvitation(store.db, { token: first.token, password });
    await store.db
      .insertInto('sessions')
      .values({
        district_id: district.districtId,
        id_hash: `test-${personId}`,
        person_id: personId,
        expires_at: new Date(Date.now() + 60_000),
      })
      .execute();
    const second = await invitePerson(store.db, {
      districtId: district.districtId,
      personId,
      actor: district.system,
    });
    const accepted = await acceptInvitation(store.db, {
      token: second.token,
      password: 'another long password',
    });
    expect(accepted.isNewlyActive).toBe(false);
    const session = await store.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('district_id', '=', district.districtId)
      .where('id_hash', '=', `test-${personId}`)
      .executeTakeFirstOrThrow();
    expect(session.revoked_at).not.toBeNull();
  });
});
