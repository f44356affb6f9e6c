import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { isUuid } from '../directory/change-cursor.ts';
import type { PersonPrincipal } from '../directory/principal.ts';
import { normalizeEmail } from '../roster/normalize-email.ts';
import { normalizePhone } from '../roster/normalize-phone.ts';
import type { Database } from '../store/database-schema.ts';
import { AccountError } from './account-error.ts';
import { newAccountToken } from './account-token.ts';
import { hashPassword, needsRehash, verifyPassword } from './hash-password.ts';
import { loadPersonGrants } from './load-person-grants.ts';
import type { LoginRateLimiter } from './login-rate-limiter.ts';
import { sessionAbsoluteMs, sessionIdleMs } from './session-lifetimes.ts';

export interface SignInInput {
  districtId: string;
  /** An email or a mobile number (read in `phoneRegion` when it has no country code). */
  credential: string;
  password: string;
  /** Where the attempt comes from, for the per-address limit. */
  ip?: string | undefined;
  /** Counts failures; without one nothing is limited (tests, the CLI). */
  limiter?: LoginRateLimiter | undefined;
  /** Default US, as the sync's `phoneRegion`. */
  phoneRegion?: CountryCode;
  /** Default: the current time. */
  now?: Date;
  /** Checks a password against a stored hash; default `verifyPassword` (scrypt). */
  verify?: (password: string, encoded: string) => Promise<boolean>;
}

export interface SignedIn {
  /** The cookie value: shown to the browser once, stored only as its SHA-256, never logged. */
  sessionToken: string;
  /** When the session ends at the latest. */
  expiresAt: Date;
  /** When it ends if unused. */
  idleExpiresAt: Date;
  principal: PersonPrincipal;
}

/**
 * Signs a person in with their email or mobile and password: a new session. Only an active,
 * unarchived person with a password signs in; every other case (unknown credential, wrong
 * password, an invitee, an archived person, a credential two people share) is the same
 * `SIGN_IN_FAILED`, after the same work: a password is always verified, against a stand-in
 * hash when there is no real one, so the answer's time does not tell who has an account.
 */
export async function signIn(db: Kysely<Database>, input: SignInInput): Promise<SignedIn> {
  const now = input.now ?? new Date();
  const credential = readCredential(input.credential, input.phoneRegion ?? 'US');
  const attempt = {
    districtId: input.districtId.toLowerCase(),
    credential: credential?.value ?? input.credential.trim().toLowerCase(),
    ip: input.ip,
  };
  const check = input.limiter?.check(attempt);
  if (check?.isLocked) {
    throw new AccountError(
      'SIGN_IN_LOCKED',
      `Too many failed sign-ins. Try again in ${Math.ceil(check.retryAfterSeconds / 60)} minutes.`,
      { retryAfterSeconds: check.retryAfterSeconds },
    );
  }
  const candidates =
    credential && isUuid(input.districtId) ? await findCandidates(db, input.districtId, credential) : [];
  const candidate = candidates.length === 1 ? candidates[0] : undefined;
  const storedHash = candidate?.password_hash ?? null;
  const verify = input.verify ?? verifyPassword;
  const isMatch = await verify(input.password, storedHash ?? (await standInHash()));
  if (!candidate || storedHash === null || !isMatch || candidate.account_state !== 'active') {
    input.limiter?.recordFailure(attempt);
    throw new AccountError('SIGN_IN_FAILED', 'The email or mobile and password do not match an account.');
  }
  input.limiter?.recordSuccess(attempt);
  if (needsRehash(storedHash)) {
    // Parameters rose since this hash was made: store one made with today's.
    await db
      .updateTable('password_credentials')
      .set({ password_hash: await hashPassword(input.password), updated_at: now })
      .where('district_id', '=', input.districtId)
      .where('person_id', '=', candidate.id)
      .execute();
  }
  const token = newAccountToken(input.districtId);
  const expiresAt = new Date(now.getTime() + sessionAbsoluteMs);
  await db
    .insertInto('sessions')
    .values({
      district_id: input.districtId,
      id_hash: token.hash,
      person_id: candidate.id,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
    })
    .execute();
  return {
    sessionToken: token.value,
    expiresAt,
    idleExpiresAt: new Date(Math.min(expiresAt.getTime(), now.getTime() + sessionIdleMs)),
    principal: {
      kind: 'person',
      districtId: input.districtId,
      personId: candidate.id,
      grants: await loadPersonGrants(db, input.districtId, candidate.id),
    },
  };
}

type Credential = { column: 'email' | 'mobile'; value: string };

function readCredential(text: string, region: CountryCode): Credential | null {
  const normalized = text.includes('@') ? normalizeEmail(text) : normalizePhone(text, region);
  if (!('value' in normalized) || normalized.value === null) return null;
  return { column: text.includes('@') ? 'email' : 'mobile', value: normalized.value };
}

/**
 * The unarchived people of the district holding the credential, with their password hash. One
 * lookup through the `people_email` or `people_mobile` index (district, value). Two rows (a
 * credential shared, which SPEC §6 forbids) sign nobody in.
 */
function findCandidates(db: Kysely<Database>, districtId: string, credential: Credential) {
  return db
    .selectFrom('people as p')
    .leftJoin('password_credentials as c', (join) =>
      join.onRef('c.person_id', '=', 'p.id').on('c.district_id', '=', districtId),
    )
    .select(['p.id', 'p.account_state', 'c.password_hash'])
    .where('p.district_id', '=', districtId)
    .where(`p.${credential.column}`, '=', credential.value)
    .where('p.archived_at', 'is', null)
    .limit(2)
    .execute();
}

let standIn: Promise<string> | undefined;

/** A hash of a random password, made once per process: what an unknown person's attempt is verified against. */
function standInHash(): Promise<string> {
  standIn ??= hashPassword(newAccountToken('00000000-0000-0000-0000-000000000000').value);
  return standIn;
}
