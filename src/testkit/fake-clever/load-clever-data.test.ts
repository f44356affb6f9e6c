import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from '../generator/generate-bundle.ts';
import type { CleverRecord } from './clever-data.ts';
import { startFakeClever } from './fake-clever-server.ts';
import { loadCleverData } from './load-clever-data.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Clever's recorded demo district, shared next to the checkout (not part of the repository). */
const demoDir = path.resolve(repoRoot, '../shared/data/clever-demo-district');
const hasDemo = existsSync(demoDir);
if (!hasDemo) {
  process.stderr.write(
    `load-clever-data.test.ts: ${demoDir} is absent; the demo-district tests are skipped.\n`,
  );
}
const demoNote = hasDemo ? '' : ` — SKIPPED: ${demoDir} not found`;

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-clever-data-'));
beforeAll(async () => {
  await generateBundle({
    students: 120,
    seed: 5,
    outDir: path.join(root, 'generated'),
    format: 'clever-json',
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const roleCount = (users: CleverRecord[], role: string) =>
  users.filter((user) => (user.roles as Record<string, unknown>)[role] !== undefined).length;

function writeFolder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

describe('loadCleverData', () => {
  it('reads the generator’s clever.json given as the file or as its folder', async () => {
    const fromFolder = await loadCleverData(path.join(root, 'generated'));
    const fromFile = await loadCleverData(path.join(root, 'generated', 'clever.json'));
    expect(fromFile).toEqual(fromFolder);
    expect(fromFolder.districts).toHaveLength(1);
    expect(fromFolder.schools.length).toBeGreaterThanOrEqual(3);
    expect(roleCount(fromFolder.users, 'student')).toBe(120);
    expect(fromFolder.sections.length).toBeGreaterThan(0);
    expect(fromFolder.terms).toHaveLength(3);
    expect(fromFolder.events).toEqual([]);
  });

  it.skipIf(!hasDemo)(
    `reads Clever’s recorded demo district: 2098 users, no schools file, nothing derived${demoNote}`,
    async () => {
      const data = await loadCleverData(demoDir);
      expect(data.users).toHaveLength(2098);
      expect(
        ['student', 'contact', 'teacher', 'district_admin'].map((role) => roleCount(data.users, role)),
      ).toEqual([1004, 1002, 89, 3]);
      expect(data.districts.map((district) => district.id)).toEqual(['5a0c91b95c7cc000010d417c']);
      expect(data.sections).toHaveLength(378);
      expect([data.schools, data.terms, data.courses, data.events]).toEqual([[], [], [], []]);
    },
  );

  it.skipIf(!hasDemo)(`serves the demo district page by page with its default token${demoNote}`, async () => {
    const fake = await startFakeClever({ data: await loadCleverData(demoDir) });
    try {
      const headers = { authorization: 'Bearer fake-district-token' };
      let next: string | undefined = '/v3.0/users?role=student&limit=300';
      let students = 0;
      while (next !== undefined) {
        const page = (await (await fetch(fake.url + next, { headers })).json()) as {
          data: unknown[];
          links: { rel: string; uri: string }[];
        };
        students += page.data.length;
        next = page.links.find((link) => link.rel === 'next')?.uri;
      }
      expect(students).toBe(1004);
    } finally {
      await fake.close();
    }
  });

  it('reads a single recorded list file named after its resource', async () => {
    const dir = writeFolder('single', {
      'v3.1-terms.json': JSON.stringify({
        links: [],
        data: [{ data: { id: 'a1', name: 'S1' }, uri: '/v3.1/terms/a1' }],
      }),
    });
    const data = await loadCleverData(path.join(dir, 'v3.1-terms.json'));
    expect(data.terms).toEqual([{ id: 'a1', name: 'S1' }]);
    expect(data.users).toEqual([]);
  });

  it.each([
    [
      'a path that does not exist',
      () => path.join(root, 'nowhere'),
      'FAKE_CLEVER_DATA_UNREADABLE',
      /no such file or folder/,
    ],
    [
      'a file that is not JSON',
      () => path.join(writeFolder('not-json', { 'clever.json': '{"users":[' }), 'clever.json'),
      'FAKE_CLEVER_DATA_MALFORMED',
      /clever\.json is not Clever data: not JSON/,
    ],
    [
      'an unnamed list response',
      () => path.join(writeFolder('unnamed', { 'users.json': '{"data":[],"links":[]}' }), 'users.json'),
      'FAKE_CLEVER_DATA_MALFORMED',
      /name it after its resource, e\.g\. v3\.0-users\.json/,
    ],
    [
      'a record without an id',
      () => writeFolder('no-id', { 'clever.json': '{"users":[{"id":"u1"},{"name":{}}]}' }),
      'FAKE_CLEVER_DATA_MALFORMED',
      /users\[1\] has no string "id"/,
    ],
    [
      'an array that is not one',
      () => writeFolder('not-array', { 'clever.json': '{"users":{}}' }),
      'FAKE_CLEVER_DATA_MALFORMED',
      /"users" is not an array/,
    ],
    [
      'an event without its object',
      () =>
        writeFolder('bad-event', {
          'clever.json': '{"events":[{"id":"e1","type":"users.created","data":{}}]}',
        }),
      'FAKE_CLEVER_DATA_MALFORMED',
      /events\[0\] is not a Clever event/,
    ],
    [
      'a folder with no Clever files',
      () => writeFolder('empty', { 'README.txt': 'nothing here' }),
      'FAKE_CLEVER_DATA_MALFORMED',
      /holds neither clever\.json .* nor recorded list files/,
    ],
    [
      'two files for one resource',
      () =>
        writeFolder('twice', {
          'v3.0-users.json': '{"data":[]}',
          'v3.1-users.json': '{"data":[]}',
        }),
      'FAKE_CLEVER_DATA_MALFORMED',
      /a second file for users next to v3\.0-users\.json/,
    ],
  ])('refuses %s with a clear error', async (_case, makePath, code, message) => {
    const error = await loadCleverData(makePath()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'FakeCleverError', code, message: expect.stringMatching(message) });
  });
});
