import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDistrict, type AccountDistrict } from '../../test/support/account-district.ts';
import { openTestStore } from '../../test/support/test-store.ts';
import type { Store } from '../store/store.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { AccountError } from './account-error.ts';
import { grantRole } from './grant-role.ts';
import { invitePerson } from './invite-person.ts';
import { verifyPassword } from './hash-password.ts';
import { createLoginRateLimiter } from './login-rate-limiter.ts';
import { resolveSession } from './resolve-session.ts';
import { sessionAbsoluteMs, sessionIdleMs } from './session-lifetimes.ts';
import { signIn } from './sign-in.ts';
import { signOut } from './sign-out.ts';

let store: Store;
let district: AccountDistrict;
let other: AccountDistrict;
const password = 'a long enough password';

beforeAll(async () => {
  store = await openTestStore();
  district = await createAccountDistrict(store, 'Springfield');
  other = await createAccountDistrict(store, 'Shelbyville');
});
afterAll(() => store?.close());

/** A person of `where` who accepted an invitation, with the credentials they sign in with. */
async function activePerson(
  where: AccountDistrict,
  values: { email?: string | null; mobile?: string | null } = {},
) {
  const personId = await where.addPerson(values);
  const { token } = await invitePerson(store.db, {
    districtId: where.districtId,
    personId,
    actor: where.system,
  });
  await acceptInvitation(store.db, { token, password });
  return personId;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AccountError)) throw new Error(`expected an AccountError, got ${String(error)}`);
  return { code: error.code, status: error.status, message: error.message, details: error.details };
}

const failed = {
  code: 'SIGN_IN_FAILED',
  status: 401,
  message: 'The email or mobile and password do not match an account.',
  details: undefined,
};

describe('signing in and sessions', () => {
  it('signs an active person in by email (any case) or mobile, and the session resolves to them with their grants', async () => {
    const personId = await activePerson(district, {
      email: 'lisa@springfield.example.org',
      mobile: '+13125550199',
    });
    await grantRole(store.db, {
      districtId: district.districtId,
      personId,
      role: 'school_leader',
      schoolId: district.schoolId,
      actor: district.system,
    });
    const now = new Date('2026-11-29T08:00:00Z');
    const byEmail = await signIn(store.db, {
      districtId: district.districtId,
      credential: ' Lisa@Springfield.example.org ',
      password,
      now,
    });
    expect(byEmail.expiresAt).toEqual(new Date(now.getTime() + sessionAbsoluteMs));
    expect(byEmail.idleExpiresAt).toEqual(new Date(now.getTime() + sessionIdleMs));
    const principal = {
      kind: 'person',
      districtId: district.districtId,
      personId,
      grants: [{ role: 'school_leader', schoolId: district.schoolId }],
    };
    expect(byEmail.principal).toEqual(principal);
    expect(await resolveSession(store.db, { sessionToken: byEmail.sessionToken, now })).toEqual(principal);
    const byMobile = await signIn(store.db, {
      districtId: district.districtId,
      credential: '(312) 555-0199',
      password,
    });
    expect(byMobile.principal.personId).toBe(personId);
    // The session id is stored only as its hash.
    const rows = await store.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('district_id', '=', district.districtId)
      .where('person_id', '=', personId)
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(byEmail.sessionToken).not.toContain(row.id_hash);
  });

  it('gives one refusal for a wrong password, an unknown person, an invitee, an archived person and another district', async () => {
    await activePerson(district, { email: 'bart@springfield.example.org' });
    await district.addPerson({ email: 'milhouse@springfield.example.org' });
    await activePerson(other, { email: 'nelson@shelbyville.example.org' });
    const archived = await activePerson(district, { email: 'archived@springfield.example.org' });
    await store.db
      .updateTable('people')
      .set({ archived_at: new Date() })
      .where('district_id', '=', district.districtId)
      .where('id', '=', archived)
      .execute();
    const attempt = (credential: string, attempted = password) =>
      refusal(signIn(store.db, { districtId: district.districtId, credential, password: attempted }));
    expect(await attempt('bart@springfield.example.org', 'the wrong password')).toEqual(failed);
    expect(await attempt('nobody@springfield.example.org')).toEqual(failed);
    expect(await attempt('milhouse@springfield.example.org')).toEqual(failed);
    expect(await attempt('archived@springfield.example.org')).toEqual(failed);
    expect(await attempt('nelson@shelbyville.example.org')).toEqual(failed);
    expect(await attempt('not a credential')).toEqual(failed);
    expect(
      await refusal(
        signIn(store.db, { districtId: 'nonsense', credential: 'bart@springfield.example.org', password }),
      ),
    ).toEqual(failed);
  });

  it('does the same work for an unknown person as for a wrong password: one scrypt verification each', async () => {
    await activePerson(district, { email: 'maggie@springfield.example.org' });
    const verified: string[] = [];
    const attempt = (credential: string) =>
      refusal(
        signIn(store.db, {
          districtId: district.districtId,
          credential,
          password: 'the wrong password',
          verify: async (password, encoded) => {
            verified.push(encoded.split('$')[0]!);
            return verifyPassword(password, encoded);
          },
        }),
      );
    expect(await attempt('maggie@springfield.example.org')).toEqual(failed);
    expect(await attempt('ghost@springfield.example.org')).toEqual(failed);
    // Without the stand-in hash an unknown person would answer after a database round trip
    // alone, and the time would tell who has an account.
    expect(verified).toEqual(['scrypt', 'scrypt']);
  });

  it('locks a credential after 5 failures and says how long; a success clears the count', async () => {
    await activePerson(district, { email: 'homer@springfield.example.org' });
    let time = Date.UTC(2026, 10, 29, 8);
    const limiter = createLoginRateLimiter({ now: () => time });
    const attempt = (attempted: string) =>
      signIn(store.db, {
        districtId: district.districtId,
        credential: 'homer@springfield.example.org',
        password: attempted,
        ip: '10.1.2.3',
        limiter,
      });
    for (let i = 0; i < 4; i++)
      expect((await refusal(attempt('donut donut donut'))).code).toBe('SIGN_IN_FAILED');
    await attempt(password);
    for (let i = 0; i < 5; i++)
      expect((await refusal(attempt('donut donut donut'))).code).toBe('SIGN_IN_FAILED');
    time += 60_000;
    expect(await refusal(attempt(password))).toEqual({
      code: 'SIGN_IN_LOCKED',
      status: 429,
      message: 'Too many failed sign-ins. Try again in 14 minutes.',
      details: { retryAfterSeconds: 840 },
    });
    time += 14 * 60_000;
    expect((await attempt(password)).principal.districtId).toBe(district.districtId);
  });

  it('ends a session on sign-out, after 12 idle hours, after 7 days, and when its person is archived', async () => {
    const personId = await activePerson(district, { email: 'marge@springfield.example.org' });
    const start = new Date('2026-11-29T08:00:00Z');
    const hours = (count: number) => new Date(start.getTime() + count * 3_600_000);
    const session = () =>
      signIn(store.db, {
        districtId: district.districtId,
        credential: 'marge@springfield.example.org',
        password,
        now: start,
      });
    const resolve = (sessionToken: string, now: Date) => resolveSession(store.db, { sessionToken, now });

    const idle = await session();
    expect(await resolve(idle.sessionToken, hours(11))).not.toBeNull();
    // Used at hour 11, so the idle end moved to hour 23.
    expect(await resolve(idle.sessionToken, hours(22))).not.toBeNull();
    expect(await resolve(idle.sessionToken, hours(22 + 12))).toBeNull();

    const busy = await session();
    for (let hour = 10; hour < 7 * 24; hour += 10)
      expect(await resolve(busy.sessionToken, hours(hour))).not.toBeNull();
    expect(await resolve(busy.sessionToken, hours(7 * 24))).toBeNull();

    const ended = await session();
    expect(await signOut(store.db, { sessionToken: ended.sessionToken })).toEqual({ wasSignedIn: true });
    expect(await signOut(store.db, { sessionToken: ended.sessionToken })).toEqual({ wasSignedIn: false });
    expect(await resolve(ended.sessionToken, hours(1))).toBeNull();

    const archived = await session();
    await store.db
      .updateTable('people')
      .set({ archived_at: new Date() })
      .where('district_id', '=', district.districtId)
      .where('id', '=', personId)
      .execute();
    expect(await resolve(archived.sessionToken, hours(1))).toBeNull();
  });

  it('resolves nothing for a made-up cookie or a session moved to another district', async () => {
    await activePerson(district, { email: 'abe@springfield.example.org' });
    const { sessionToken } = await signIn(store.db, {
      districtId: district.districtId,
      credential: 'abe@springfield.example.org',
      password,
    });
    const secret = sessionToken.split('.')[1]!;
    expect(await resolveSession(store.db, { sessionToken: `${other.districtId}.${secret}` })).toBeNull();
    expect(await resolveSession(store.db, { sessionToken: secret })).toBeNull();
    expect(await resolveSession(store.db, { sessionToken: '' })).toBeNull();
    expect(await signOut(store.db, { sessionToken: `${other.districtId}.${secret}` })).toEqual({
      wasSignedIn: false,
    });
    expect(await resolveSession(store.db, { sessionToken })).not.toBeNull();
  });
});
