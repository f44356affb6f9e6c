import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, passwordHashParameters, verifyPassword } from './hash-password.ts';

describe('hashPassword / verifyPassword', () => {
  it('encodes scrypt with its parameters and verifies only the same password', async () => {
    const hash = await hashPassword('correct horse battery');
    const [scheme, N, r, p, salt, key] = hash.split('$');
    expect({ scheme, N, r, p }).toEqual({ scheme: 'scrypt', N: '32768', r: '8', p: '1' });
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(passwordHashParameters.saltBytes);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(passwordHashParameters.keyBytes);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('verifies a hash made with older, weaker parameters and says it needs a new one', async () => {
    // N = 2^10: what a hash from before a parameter rise looks like.
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync('old password 123', salt, 64, { N: 1024, r: 8, p: 1 });
    const old = `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('old password 123', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('verifies nothing against a malformed or outlandish hash', async () => {
    for (const hash of [
      '',
      'plain',
      'scrypt$3$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5',
      'scrypt$1073741824$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5',
      'bcrypt$x$y$z$a$b',
    ]) {
      expect(await verifyPassword('anything at all', hash)).toBe(false);
      expect(needsRehash(hash)).toBe(true);
    }
  });
});
