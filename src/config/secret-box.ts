import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretError } from './secret-error.ts';

/** AES-256 takes a 32-byte key. */
export const secretKeyBytes = 32;
/** GCM's standard nonce length: 12 random bytes, never reused with a key in practice (2^-96). */
const ivBytes = 12;
const tagBytes = 16;
/** Names the format, so another cipher or key scheme can be told apart later. */
const sealedPrefix = 'v1:';

/**
 * Authenticated encryption of the secrets rostersync stores (source tokens, client secrets):
 * AES-256-GCM with a random IV per value. A sealed value is `v1:` followed by the base64 of
 * iv | tag | ciphertext; opening it with another key, or after any byte changed, fails with
 * `SECRET_UNREADABLE` rather than returning garbage.
 *
 * The key may be given as a function: it is then asked for (once) only when a secret is first
 * sealed or opened, so a key file is not created for commands that never touch a secret.
 */
export class SecretBox {
  #key: Buffer | undefined;
  readonly #loadKey: () => Buffer;

  constructor(key: Buffer | (() => Buffer)) {
    if (typeof key === 'function') {
      this.#loadKey = key;
    } else {
      checkKeyLength(key);
      this.#key = key;
      this.#loadKey = () => key;
    }
  }

  /** Encrypts `plain` into a `v1:…` text that only this key opens. */
  seal(plain: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return sealedPrefix + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  /** Decrypts a sealed text; throws `SECRET_UNREADABLE` (never echoing it) when it does not open. */
  open(sealed: string): string {
    const key = this.key();
    if (!SecretBox.isSealed(sealed)) throw unreadable();
    const bytes = Buffer.from(sealed.slice(sealedPrefix.length), 'base64');
    if (bytes.length < ivBytes + tagBytes) throw unreadable();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
      decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
      return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // Node says only "Unsupported state or unable to authenticate data": wrong key or altered.
      throw unreadable();
    }
  }

  /** Whether a text has the form of a sealed value (says nothing about which key opens it). */
  static isSealed(text: string): boolean {
    return text.startsWith(sealedPrefix);
  }

  private key(): Buffer {
    if (!this.#key) {
      const key = this.#loadKey();
      checkKeyLength(key);
      this.#key = key;
    }
    return this.#key;
  }
}

function checkKeyLength(key: Buffer): void {
  if (key.length !== secretKeyBytes) {
    throw new SecretError(
      'SECRET_KEY_INVALID',
      `The secret key must be ${secretKeyBytes} bytes; this one is ${key.length}.`,
    );
  }
}

function unreadable(): SecretError {
  return new SecretError(
    'SECRET_UNREADABLE',
    'A stored secret cannot be opened: it was sealed with another secret key (ROSTERSYNC_SECRET_KEY, ' +
      'or secret.key in the data folder), or it was altered. Restore the key it was sealed with, ' +
      'or store the secret again.',
  );
}
