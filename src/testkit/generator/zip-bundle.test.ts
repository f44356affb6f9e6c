import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBundle } from './generate-bundle.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-zip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function listEntries(zipPath: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('zipBundle', () => {
  it('writes a real ZIP with the files at its root, the same bytes for the same seed', async () => {
    const first = await generateBundle({ students: 300, seed: 2, outDir: path.join(root, 'a'), zip: true });
    const second = await generateBundle({
      students: 300,
      seed: 2,
      outDir: path.join(root, 'b.zip'),
      zip: true,
    });
    const folder = await generateBundle({ students: 300, seed: 2, outDir: path.join(root, 'c') });
    expect(first.out).toBe(path.join(root, 'a.zip'));
    expect(second.out).toBe(path.join(root, 'b.zip'));
    expect(existsSync(path.join(root, 'a'))).toBe(false);
    expect(existsSync(`${first.out}.partial`)).toBe(false);
    expect(sha(first.out)).toBe(sha(second.out));
    const entries = await listEntries(first.out);
    expect([...entries.keys()]).toEqual([
      'academicSessions.csv',
      'classes.csv',
      'courses.csv',
      'enrollments.csv',
      'generator.json',
      'manifest.csv',
      'orgs.csv',
      'users.csv',
    ]);
    expect(entries.get('users.csv')!.equals(readFileSync(path.join(folder.out, 'users.csv')))).toBe(true);
  });
});
