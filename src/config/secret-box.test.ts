import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';
import { SecretError } from './secret-error.ts';

const plain = 'district-token-0123456789abcdef';

function openError(box: SecretBox, sealed: string): SecretError {
  try {
    box.open(sealed);
  } catch (error) {
    if (error instanceof SecretError) return error;
    throw error;
  }
  throw new Error('the sealed value opened');
}

describe('SecretBox', () => {
  it('seals into a v1: text that holds no trace of the value and opens it again', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal(plain);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain(plain);
    expect(Buffer.from(sealed.slice(3), 'base64').toString('latin1')).not.toContain(plain);
    expect(box.open(sealed)).toBe(plain);
    expect(box.open(box.seal(''))).toBe('');
    expect(box.open(box.seal('é ✓ 🔑'))).toBe('é ✓ 🔑');
  });

  it('seals the same value differently each time (a random IV per value)', () => {
    const box = new SecretBox(randomBytes(32));
    expect(box.seal(plain)).not.toBe(box.seal(plain));
  });

  it('refuses to open with another key, with SECRET_UNREADABLE and without the value', () => {
    const sealed = new SecretBox(randomBytes(32)).seal(plain);
    const error = openError(new SecretBox(randomBytes(32)), sealed);
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(error.message).toMatch(/sealed with another secret key/);
    expect(error.message).not.toContain(plain);
    expect(error.message).not.toContain(sealed.slice(3, 20));
  });

  it('refuses a sealed value with any byte changed, cut short, or not sealed at all', () => {
    const box = new SecretBox(randomBytes(32));
    const bytes = Buffer.from(box.seal(plain).slice(3), 'base64');
    for (const position of [0, 12, 28, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[position]! ^= 1;
      expect(openError(box, `v1:${tampered.toString('base64')}`).code).toBe('SECRET_UNREADABLE');
    }
    expect(openError(box, `v1:${bytes.subarray(0, 20).toString('base64')}`).code).toBe('SECRET_UNREADABLE');
    expect(openError(box, plain).code).toBe('SECRET_UNREADABLE');
    expect(openError(box, `v2:${bytes.toString('base64')}`).code).toBe('SECRET_UNREADABLE');
  });

  it('asks a key function once, and only when a secret is first sealed or opened', () => {
    let calls = 0;
    const key = randomBytes(32);
    const box = new SecretBox(() => {
      calls++;
      return key;
    });
    expect(calls).toBe(0);
    const sealed = box.seal(plain);
    expect(box.open(sealed)).toBe(plain);
    expect(calls).toBe(1);
    expect(new SecretBox(key).open(sealed)).toBe(plain);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(
      expect.objectContaining({ code: 'SECRET_KEY_INVALID' }) as Error,
    );
    expect(() => new SecretBox(() => randomBytes(31)).seal(plain)).toThrow(/must be 32 bytes/);
  });
});
