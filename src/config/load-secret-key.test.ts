import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey, secretKeyFileName } from './load-secret-key.ts';
import { SecretBox } from './secret-box.ts';

const folders: string[] = [];
function dataDir(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'rostersync-key-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('loadSecretKey', () => {
  it('creates secret.key (32 random bytes, base64, mode 0600) on first need and reuses it', () => {
    const dir = path.join(dataDir(), 'not-yet');
    const key = loadSecretKey({ dataDir: dir });
    const file = path.join(dir, secretKeyFileName);
    expect(key).toHaveLength(32);
    expect(readFileSync(file, 'utf8')).toBe(`${key.toString('base64')}\n`);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ dataDir: dir }).equals(key)).toBe(true);
    // No temporary file is left behind.
    expect(readdirSync(dir)).toEqual([secretKeyFileName]);
    // What one opening sealed, the next opens.
    const sealed = new SecretBox(key).seal('token');
    expect(new SecretBox(loadSecretKey({ dataDir: dir })).open(sealed)).toBe('token');
  });

  it('takes ROSTERSYNC_SECRET_KEY over the key file, and then makes no file', () => {
    const configured = randomBytes(32);
    const empty = dataDir();
    expect(
      loadSecretKey({ configuredKey: configured.toString('base64'), dataDir: empty }).equals(configured),
    ).toBe(true);
    expect(existsSync(path.join(empty, secretKeyFileName))).toBe(false);
    const withFile = dataDir();
    const fromFile = loadSecretKey({ dataDir: withFile });
    const key = loadSecretKey({ configuredKey: `${configured.toString('base64')}\n`, dataDir: withFile });
    expect(key.equals(configured)).toBe(true);
    expect(key.equals(fromFile)).toBe(false);
  });

  it('refuses a configured key that is not the base64 of 32 bytes, saying how to make one and not showing it', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => loadSecretKey({ configuredKey: short, dataDir: ':memory:' })).toThrow(
      expect.objectContaining({
        code: 'SECRET_KEY_INVALID',
        message:
          'ROSTERSYNC_SECRET_KEY is not a usable secret key: it must be the base64 of 32 random bytes ' +
          '(44 characters; `openssl rand -base64 32` makes one), but it decodes to 16 bytes.',
      }) as Error,
    );
    const notBase64 = 'correct horse battery staple, not a key!!';
    try {
      loadSecretKey({ configuredKey: notBase64, dataDir: ':memory:' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/but it is not base64\.$/);
      expect((error as Error).message).not.toContain('horse');
    }
  });

  it('refuses a key file that is not a key, naming the file', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, secretKeyFileName), 'hello\n');
    expect(() => loadSecretKey({ dataDir: dir })).toThrow(
      expect.objectContaining({
        code: 'SECRET_KEY_INVALID',
        message: expect.stringContaining(
          `The key file ${path.join(dir, secretKeyFileName)} is not a usable secret key`,
        ) as string,
      }) as Error,
    );
  });

  it('gives in-memory stores one random key per process', () => {
    const key = loadSecretKey({ dataDir: ':memory:' });
    expect(key).toHaveLength(32);
    expect(loadSecretKey({ dataDir: ':memory:' }).equals(key)).toBe(true);
  });
});
