import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { FindingLog } from '../../findings/finding-log.ts';
import { BundleError, openBundle, type Bundle } from './open-bundle.ts';
import { readOneRosterBundle } from './read-oneroster-bundle.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-open-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface ZipEntry {
  name: string;
  content?: string | Buffer;
  /** Unix mode (type and permission bits), as `ls -l` would show it. */
  mode?: number;
}

const users = 'sourcedId,orgSourcedIds,role,givenName,familyName\nu1,s1,student,Zoë,Smith\n';

let zipCount = 0;

/**
 * Writes a ZIP. yazl refuses hostile names, so each entry is written under a harmless name of
 * the same length and the name bytes are swapped afterwards (in the local and the central
 * headers alike), which is exactly what a hand-crafted hostile archive looks like.
 */
async function writeZip(entries: ZipEntry[], patch?: (zip: Buffer) => void): Promise<string> {
  const zip = new yazl.ZipFile();
  const swaps: [Buffer, Buffer][] = [];
  entries.forEach((entry, index) => {
    // yazl would also turn backslashes into slashes: those names are swapped in too.
    const isRefused = /^[/\\]|\.\.|^[a-z]:|\\/i.test(entry.name);
    const name = isRefused ? String(index).padStart(entry.name.length, 'q') : entry.name;
    if (isRefused) swaps.push([Buffer.from(name), Buffer.from(entry.name)]);
    if (name.endsWith('/')) {
      zip.addEmptyDirectory(name);
      return;
    }
    const content = entry.content ?? 'x';
    zip.addBuffer(
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      name,
      entry.mode === undefined ? {} : { mode: entry.mode },
    );
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  for (const [from, to] of swaps) {
    for (let at = bytes.indexOf(from); at !== -1; at = bytes.indexOf(from, at + 1)) to.copy(bytes, at);
  }
  patch?.(bytes);
  const zipPath = path.join(root, `bundle-${++zipCount}.zip`);
  writeFileSync(zipPath, bytes);
  return zipPath;
}

async function refusal(promise: Promise<Bundle>): Promise<BundleError> {
  const error: unknown = await promise.then(
    (bundle) => {
      bundle.close();
      return null;
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function withBundle<T>(bundlePath: string, use: (bundle: Bundle) => Promise<T> | T): Promise<T> {
  const bundle = await openBundle(bundlePath);
  try {
    return await use(bundle);
  } finally {
    bundle.close();
  }
}

describe('openBundle: ZIP safety', () => {
  it.each([
    ['../evil.csv', 'climbs out of the archive'],
    ['roster/../../evil.csv', 'climbs out of the archive'],
    ['..\\evil.csv', 'climbs out of the archive'],
    ['/abs/users.csv', 'absolute path'],
    ['\\abs\\users.csv', 'absolute path'],
    ['C:/users.csv', 'drive letter'],
  ])('refuses the whole bundle when an entry is named %s', async (name, reason) => {
    const zipPath = await writeZip([{ name: 'users.csv', content: users }, { name }]);
    const error = await refusal(openBundle(zipPath));
    expect(error.code).toBe('BUNDLE_UNSAFE');
    expect(error.file).toBe(name);
    expect(error.message).toContain(JSON.stringify(name));
    expect(error.message).toContain(reason);
  });

  it('reads backslash folder separators that stay inside the archive', async () => {
    const zipPath = await writeZip([{ name: 'roster\\users.csv', content: users }]);
    await withBundle(zipPath, async (bundle) => {
      expect(bundle.files.get('users.csv')?.path).toBe('roster/users.csv');
      expect(await readAll(await bundle.files.get('users.csv')!.open())).toBe(users);
    });
  });

  it('skips a symlink entry with an error note and reads the rest', async () => {
    const zipPath = await writeZip([
      { name: 'users.csv', content: users },
      { name: 'classes.csv', content: '/etc/passwd', mode: 0o120777 },
    ]);
    await withBundle(zipPath, (bundle) => {
      expect([...bundle.files.keys()]).toEqual(['users.csv']);
      expect(bundle.notes).toEqual([
        {
          code: 'BUNDLE_SYMLINK',
          entity: 'bundle',
          file: 'classes.csv',
          message: 'classes.csv is a symbolic link; it is not followed or read.',
        },
      ]);
    });
  });

  it('refuses a ZIP with more entries than the limit', async () => {
    const zipPath = await writeZip([
      { name: 'users.csv', content: users },
      { name: 'classes.csv' },
      { name: 'enrollments.csv' },
    ]);
    const error = await refusal(openBundle(zipPath, { maxEntries: 2 }));
    expect(error.code).toBe('BUNDLE_UNSAFE');
    expect(error.message).toContain('it holds 3 entries, more than the 2 accepted');
    await withBundle(zipPath, (bundle) => expect(bundle.files.size).toBe(3));
  });

  it('refuses a ZIP whose files would expand past the total size limit', async () => {
    const zipPath = await writeZip([
      { name: 'users.csv', content: users },
      { name: 'classes.csv', content: 'y'.repeat(2000) },
    ]);
    const error = await refusal(openBundle(zipPath, { maxTotalUncompressedBytes: 1024 }));
    expect(error.code).toBe('BUNDLE_UNSAFE');
    expect(error.message).toContain('would expand to more than 1 KiB');
  });

  it('refuses a zip bomb: an entry over 10 MiB that expands more than 200:1', async () => {
    const zipPath = await writeZip([
      { name: 'users.csv', content: users },
      { name: 'classes.csv', content: Buffer.alloc(20 * 1024 * 1024) },
    ]);
    const error = await refusal(openBundle(zipPath));
    expect(error.code).toBe('BUNDLE_UNSAFE');
    expect(error.file).toBe('classes.csv');
    expect(error.message).toMatch(/"classes\.csv" would expand from .* to 20 MiB .*zip bomb/);
  });

  it('accepts a small file that compresses far past 200:1', async () => {
    const zipPath = await writeZip([{ name: 'users.csv', content: `${users}${'\n'.repeat(1024 * 1024)}` }]);
    await withBundle(zipPath, (bundle) => expect(bundle.files.has('users.csv')).toBe(true));
  });

  it('fails the stream with a BundleError when an entry inflates past its declared size', async () => {
    const content = `${users}${'u2,s1,student,Noah,García\n'.repeat(100)}`;
    const zipPath = await writeZip([{ name: 'users.csv', content }], (bytes) => {
      // The central directory header (signature PK\1\2) declares the size at offset 24.
      const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      bytes.writeUInt32LE(10, central + 24);
    });
    await withBundle(zipPath, async (bundle) => {
      const file = bundle.files.get('users.csv')!;
      expect(file.size).toBe(10);
      const error: unknown = await readAll(await file.open()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BundleError);
      expect(error).toMatchObject({ code: 'BUNDLE_UNREADABLE', file: 'users.csv' });
      expect((error as Error).message).toMatch(
        /users\.csv in bundle-\d+\.zip could not be read \(too many bytes/,
      );
    });
  });

  it('reports an entry that lies about its size as a finding of the run, not a crash', async () => {
    const zipPath = await writeZip(
      [
        { name: 'users.csv', content: `${users}${'u2,s1,student,Noah,García\n'.repeat(100)}` },
        { name: 'classes.csv', content: 'sourcedId,title,schoolSourcedId\n' },
        { name: 'enrollments.csv', content: 'sourcedId,classSourcedId,userSourcedId,role\n' },
      ],
      (bytes) => bytes.writeUInt32LE(10, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24),
    );
    const findings = new FindingLog();
    const result = await readOneRosterBundle(zipPath, { findings, phoneRegion: 'US', today: '2026-01-15' });
    expect(result.snapshot).toBeNull();
    expect(findings.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', code: 'BUNDLE_UNREADABLE', file: 'users.csv' }),
      ]),
    );
  });
});

describe('openBundle: which files are read', () => {
  it('refuses two files whose names differ only in case, naming both', async () => {
    const zipPath = await writeZip([
      { name: 'users.csv', content: users },
      { name: 'Users.csv', content: users },
    ]);
    const error = await refusal(openBundle(zipPath));
    expect(error.code).toBe('BUNDLE_DUPLICATE_FILE');
    expect(error.message).toContain('users.csv and Users.csv');
  });

  it('reads the files of one nested folder and ignores files that are not CSV', async () => {
    const zipPath = await writeZip([
      { name: 'export/users.csv', content: users },
      { name: 'export/classes.csv' },
      { name: 'export/README.txt' },
      { name: 'export/old/' },
      { name: 'logo.png' },
    ]);
    await withBundle(zipPath, async (bundle) => {
      expect([...bundle.files.keys()].sort()).toEqual(['classes.csv', 'users.csv']);
      expect(await readAll(await bundle.files.get('users.csv')!.open())).toBe(users);
      expect(bundle.notes).toEqual([]);
    });
  });

  it('notes CSV files outside the folder it reads', async () => {
    const zipPath = await writeZip([
      { name: 'users.csv', content: users },
      { name: 'classes.csv' },
      { name: 'old/users.csv' },
    ]);
    await withBundle(zipPath, async (bundle) => {
      expect([...bundle.files.keys()].sort()).toEqual(['classes.csv', 'users.csv']);
      expect(bundle.notes).toEqual([
        {
          code: 'BUNDLE_FILE_IGNORED',
          entity: 'bundle',
          message: '1 CSV file is not read (only the CSV files at the root are): old/users.csv.',
        },
      ]);
    });
  });

  it('ignores __MACOSX and other operating-system junk with one note', async () => {
    const zipPath = await writeZip([
      { name: 'roster/users.csv', content: users },
      { name: '__MACOSX/roster/._users.csv' },
      { name: 'roster/.DS_Store' },
      { name: 'roster/Thumbs.db' },
      { name: 'roster/desktop.ini' },
      { name: 'roster/._classes.csv' },
      { name: '__MACOSX/roster/._classes.csv' },
    ]);
    await withBundle(zipPath, (bundle) => {
      expect([...bundle.files.keys()]).toEqual(['users.csv']);
      expect(bundle.notes).toEqual([
        {
          code: 'BUNDLE_JUNK_IGNORED',
          entity: 'bundle',
          message:
            '6 operating-system files are ignored: __MACOSX/roster/._users.csv, roster/.DS_Store, roster/Thumbs.db, roster/desktop.ini, roster/._classes.csv and 1 more.',
        },
      ]);
    });
  });

  it('adds the bundle notes to the run findings', async () => {
    const zipPath = await writeZip([{ name: 'users.csv', content: users }, { name: '.DS_Store' }]);
    const findings = new FindingLog();
    await readOneRosterBundle(zipPath, { findings, phoneRegion: 'US', today: '2026-01-15' });
    expect(findings.list()).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'info', code: 'BUNDLE_JUNK_IGNORED' })]),
    );
  });
});

describe('openBundle: folders', () => {
  it('skips symlinked files and folders with a note', async () => {
    const folder = path.join(root, 'folder-with-links');
    const outside = path.join(root, 'outside');
    mkdirSync(path.join(outside, 'nested'), { recursive: true });
    writeFileSync(path.join(outside, 'secret.csv'), 'secret\n');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'users.csv'), users);
    writeFileSync(path.join(folder, 'notes.txt'), 'hello');
    writeFileSync(path.join(folder, '.DS_Store'), 'junk');
    symlinkSync(path.join(outside, 'secret.csv'), path.join(folder, 'classes.csv'));
    symlinkSync(path.join(outside, 'nested'), path.join(folder, 'linked'));
    await withBundle(folder, (bundle) => {
      expect([...bundle.files.keys()]).toEqual(['users.csv']);
      expect(bundle.notes.map((note) => [note.code, note.file])).toEqual([
        ['BUNDLE_SYMLINK', 'classes.csv'],
        ['BUNDLE_SYMLINK', 'linked'],
        ['BUNDLE_JUNK_IGNORED', undefined],
      ]);
      expect(bundle.notes.at(-1)?.message).toContain('.DS_Store');
    });
  });
});
