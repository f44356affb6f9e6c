import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { secretKeyBytes } from './secret-box.ts';
import { SecretError } from './secret-error.ts';

/** The key file's name in the data folder. */
export const secretKeyFileName = 'secret.key';

export interface SecretKeyOptions {
  /**
   * `ROSTERSYNC_SECRET_KEY` (environment.ts): the base64 of 32 bytes. When set it wins, and no
   * key file is read or made.
   */
  configuredKey?: string | undefined;
  /** The data folder, where `secret.key` lives; `':memory:'` for an in-memory store. */
  dataDir: string;
}

/**
 * An in-memory store's key: random, and the same for every such store of this process, so a
 * test that opens a PostgreSQL schema twice in one process still opens its secrets. Nothing it
 * sealed outlives the process, which is the point.
 */
let processKey: Buffer | undefined;

/**
 * Finds the key that seals this installation's secrets: `ROSTERSYNC_SECRET_KEY` when set, else
 * `secret.key` in the data folder (32 random bytes, base64, created with mode 0600 on first
 * need and reused after), else, for an in-memory store, a random key of this process.
 * Throws `SECRET_KEY_INVALID` for a key that is not 32 bytes of base64; the message never
 * shows the key.
 */
export function loadSecretKey(options: SecretKeyOptions): Buffer {
  if (options.configuredKey !== undefined) {
    return decodeSecretKey(options.configuredKey, 'ROSTERSYNC_SECRET_KEY');
  }
  if (options.dataDir === ':memory:') {
    processKey ??= randomBytes(secretKeyBytes);
    return processKey;
  }
  const file = path.join(options.dataDir, secretKeyFileName);
  return readKeyFile(file) ?? createKeyFile(file);
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return decodeSecretKey(text, `The key file ${file}`);
}

/**
 * Writes a new key to a private temporary file and links it into place: the link fails when
 * the file exists, so two processes making the key at once end up with the same one, and a
 * reader never sees a half-written file.
 */
function createKeyFile(file: string): Buffer {
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(secretKeyBytes);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = readKeyFile(file);
    if (!existing) throw error;
    return existing;
  } finally {
    unlinkSync(temporary);
  }
  return key;
}

/** The key a base64 text holds; `SECRET_KEY_INVALID` naming `where` (never the text) otherwise. */
function decodeSecretKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
  if (key?.length === secretKeyBytes) return key;
  throw new SecretError(
    'SECRET_KEY_INVALID',
    `${where} is not a usable secret key: it must be the base64 of ${secretKeyBytes} random bytes ` +
      `(44 characters; \`openssl rand -base64 32\` makes one)` +
      (key ? `, but it decodes to ${key.length} bytes.` : ', but it is not base64.'),
  );
}
