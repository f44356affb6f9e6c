import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from './generate-bundle.ts';
import { readBundleCsv, splitIds, type ParsedCsv } from './read-bundle-csv.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-guardians-csv-'));
const dir = path.join(root, 'guardians');
const dir11 = path.join(root, '1.1');
let guardians: ParsedCsv;
let users: Record<string, string>[];

beforeAll(async () => {
  await generateBundle({ students: 1000, seed: 4, outDir: dir, format: 'guardians-csv' });
  await generateBundle({ students: 1000, seed: 4, outDir: dir11 });
  guardians = readBundleCsv(dir, 'guardians.csv');
  users = readBundleCsv(dir11, 'users.csv').rows;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeGuardiansCsv', () => {
  it('writes guardians.csv with the columns of SPEC §2.5', () => {
    expect(readdirSync(dir).sort()).toEqual(['generator.json', 'guardians.csv']);
    expect(guardians.header.join(',')).toBe(
      'student_id,guardian_id,first_name,last_name,email,mobile_phone,home_phone,language,relationship',
    );
  });

  it('writes one row per guardian–student pair of the roster of the same seed', () => {
    const pairs = new Set<string>();
    for (const user of users) {
      for (const agent of splitIds(user.agentSourcedIds)) {
        pairs.add(user.role === 'student' ? `${user.sourcedId}|${agent}` : `${agent}|${user.sourcedId}`);
      }
    }
    const withIds = guardians.rows.filter((row) => row.guardian_id !== '');
    expect(new Set(withIds.map((row) => `${row.student_id}|${row.guardian_id}`)).size).toBe(withIds.length);
    expect(withIds.every((row) => pairs.has(`${row.student_id}|${row.guardian_id}`))).toBe(true);
    expect(guardians.rows.length).toBe(pairs.size);
  });

  it('leaves some guardian ids blank and carries languages and relationships', () => {
    const blank = guardians.rows.filter((row) => row.guardian_id === '').length;
    expect(blank).toBeGreaterThan(0);
    expect(blank).toBeLessThan(guardians.rows.length * 0.1);
    expect(guardians.rows.filter((row) => row.language === '').length).toBeLessThan(
      guardians.rows.length * 0.1,
    );
    expect(guardians.rows.some((row) => row.language === 'es')).toBe(true);
    const relationships = new Set(guardians.rows.map((row) => row.relationship));
    expect(
      [...relationships].every((r) =>
        ['parent', 'guardian', 'grandparent', 'relative', 'other'].includes(r!),
      ),
    ).toBe(true);
  });
});
