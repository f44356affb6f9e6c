import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed with scrypt from `node:crypto` (OpenSSL's implementation, kept with
 * Node itself). Argon2id would need a native package to build and keep; scrypt is equally
 * memory-hard and is what OWASP lists next to it, so no dependency is added for it.
 *
 * Parameters follow OWASP's scrypt minimum (N = 2^15, r = 8, p = 1: 32 MiB and tens of milliseconds
 * per hash on a server core). They are stored with each hash, `scrypt$N$r$p$salt$hash`
 * (salt and hash base64url), so they can rise later: old hashes still verify with their own
 * parameters and `needsRehash` tells when to store a new one.
 */
export const passwordHashParameters = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 64 } as const;

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, saltBytes, keyBytes } = passwordHashParameters;
  const salt = randomBytes(saltBytes);
  const key = await deriveKey(password, salt, keyBytes, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether `password` is the one `encoded` was made from. A malformed hash verifies nothing
 * (false), so a damaged row locks its owner out rather than letting anyone in.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const key = await deriveKey(password, parsed.salt, parsed.key.length, parsed.options);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash was made with weaker parameters than today's. */
export function needsRehash(encoded: string): boolean {
  const parsed = parseHash(encoded);
  const { N, r, p, keyBytes } = passwordHashParameters;
  return (
    !parsed ||
    parsed.options.N < N ||
    parsed.options.r < r ||
    parsed.options.p < p ||
    parsed.key.length < keyBytes
  );
}

interface ParsedHash {
  options: { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a forged row from asking for gigabytes of memory.
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) return null;
  if (r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || key.length < 16) return null;
  return { options: { N, r, p }, salt, key };
}

function deriveKey(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: ScryptOptions,
): Promise<Buffer> {
  const N = options.N ?? 0;
  const r = options.r ?? 0;
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly today's need and
  // too tight, so the ceiling is twice the need.
  const maxmem = 2 * 128 * N * r;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, { ...options, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
