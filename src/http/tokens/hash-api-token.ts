import { createHash } from 'node:crypto';

/** What a token is stored as: its SHA-256, hex. A token is 256 random bits, so no salt or slow hash is needed. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const apiTokenPrefix = 'rs_';
