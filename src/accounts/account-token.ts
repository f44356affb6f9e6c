import { createHash, randomBytes } from 'node:crypto';

/** Random bytes in a token: 256 bits, beyond guessing, so a plain SHA-256 is enough to store it. */
const tokenSecretBytes = 32;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const secretShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * A secret given to one person of one district: an invitation token or a session id. Its text
 * is `DISTRICT.SECRET` (the district id, then 32 random bytes base64url) so it names the
 * district it belongs to, as a change cursor does: every lookup filters on that district, and a
 * token of another district is simply not found there. Only `hash` is ever stored.
 */
export interface AccountToken {
  districtId: string;
  /** The whole token, shown once (an activation link, a session cookie) and never stored or logged. */
  value: string;
  /** SHA-256 of the secret part, base64url: what the store keeps and looks up. */
  hash: string;
}

/** A new token of a district. */
export function newAccountToken(districtId: string): AccountToken {
  const secret = randomBytes(tokenSecretBytes).toString('base64url');
  return { districtId, value: `${districtId}.${secret}`, hash: hashSecret(secret) };
}

/** Reads a token's district and hash; null when the text is not a token at all. */
export function readAccountToken(value: string): Omit<AccountToken, 'value'> | null {
  const dot = value.indexOf('.');
  const districtId = value.slice(0, dot).toLowerCase();
  const secret = value.slice(dot + 1);
  if (dot < 0 || !uuidShape.test(districtId) || !secretShape.test(secret)) return null;
  return { districtId, hash: hashSecret(secret) };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
