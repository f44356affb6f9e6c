import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBadDay } from './bad-day.ts';
import type { BadDayKind } from './district-model.ts';
import { generateBundle } from './generate-bundle.ts';
import { listConformanceProblems } from './list-conformance-problems.ts';
import { readBundleCsv, splitIds } from './read-bundle-csv.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-bad-day-'));
const day0 = path.join(root, 'day0');
const day0Of12 = path.join(root, 'day0-1.2');
let day0Users: ReturnType<typeof readBundleCsv>;

beforeAll(async () => {
  await generateBundle({ students: 1000, seed: 5, outDir: day0 });
  await generateBundle({ students: 1000, seed: 5, outDir: day0Of12, format: 'oneroster-1.2' });
  day0Users = readBundleCsv(day0, 'users.csv');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const guardianRoles = new Set(['parent', 'guardian', 'relative']);

describe('generateBadDay', () => {
  it('truncated-users keeps the header and only the first tenth of users.csv', async () => {
    const out = path.join(root, 'truncated');
    const summary = await generateBadDay({ kind: 'truncated-users', from: day0, outDir: out });
    const users = readBundleCsv(out, 'users.csv');
    expect(users.header).toEqual(day0Users.header);
    // Bulk rows carry no export time, so the unchanged day's rows are day 0's.
    expect(users.rows).toEqual(day0Users.rows.slice(0, Math.ceil(day0Users.rows.length / 10)));
    expect(summary.files['users.csv']!.rows).toBe(users.rows.length);
    expect(summary).toMatchObject({ badDay: 'truncated-users', day: 1 });
    // The other files are the full next day.
    expect(readBundleCsv(out, 'enrollments.csv').rows.length).toBe(
      readBundleCsv(day0, 'enrollments.csv').rows.length,
    );
  });

  it('missing-file leaves out enrollments.csv though the manifest still lists it', async () => {
    const out = path.join(root, 'missing');
    await generateBadDay({ kind: 'missing-file', from: day0, outDir: out });
    expect(existsSync(path.join(out, 'enrollments.csv'))).toBe(false);
    expect(existsSync(path.join(out, 'users.csv'))).toBe(true);
    const manifest = readBundleCsv(out, 'manifest.csv').rows;
    expect(manifest).toContainEqual({ propertyName: 'file.enrollments', value: 'bulk' });
  });

  it('no-guardians drops every parent, guardian and relative and every link to them', async () => {
    const out = path.join(root, 'no-guardians');
    const summary = await generateBadDay({ kind: 'no-guardians', from: day0, outDir: out });
    const users = readBundleCsv(out, 'users.csv').rows;
    expect(users.some((user) => guardianRoles.has(user.role!))).toBe(false);
    expect(users.every((user) => splitIds(user.agentSourcedIds).length === 0)).toBe(true);
    expect(users.length).toBe(day0Users.rows.filter((user) => !guardianRoles.has(user.role!)).length);
    expect(summary.guardians).toBe(0);
  });

  it('windows-1252 encodes users.csv in Windows-1252, accented names included', async () => {
    const out = path.join(root, 'windows-1252');
    await generateBadDay({ kind: 'windows-1252', from: day0, outDir: out });
    const bytes = readFileSync(path.join(out, 'users.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder('windows-1252').decode(bytes);
    const accented = day0Users.rows.find((user) => /[éñüóá]/.test(user.familyName! + user.givenName!))!;
    expect(text).toContain(`${accented.givenName},${accented.familyName}`);
    expect(bytes.length).toBeLessThan(readFileSync(path.join(day0, 'users.csv')).length);
    // The other files stay UTF-8.
    expect(() =>
      new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path.join(out, 'classes.csv'))),
    ).not.toThrow();
  });

  it('breaks day 0 of a fresh district when there is no previous day', async () => {
    const out = path.join(root, 'fresh');
    const summary = await generateBadDay({ kind: 'missing-file', students: 1000, seed: 5, outDir: out });
    expect(summary.day).toBe(0);
    expect(readFileSync(path.join(out, 'users.csv')).equals(readFileSync(path.join(day0, 'users.csv')))).toBe(
      true,
    );
    expect(JSON.parse(readFileSync(path.join(out, 'generator.json'), 'utf8'))).toMatchObject({
      badDay: 'missing-file',
    });
  });

  it.each([
    ['1.1', day0, []],
    ['1.2', day0Of12, [['roles.csv', 'userSourcedId', 'refers to no row of users.csv']]],
  ] as const)('breaks a OneRoster %s day only in the way its kind names', async (version, from, roleRefs) => {
    const problemsOf = async (kind: BadDayKind): Promise<string[][]> => {
      const out = path.join(root, `conformance-${version}-${kind}`);
      await generateBadDay({ kind, from, outDir: out });
      return listConformanceProblems(out)
        .map((problem) => [problem.file, problem.column ?? '', problem.rule])
        .sort();
    };
    expect(await problemsOf('truncated-users')).toEqual(
      [
        ['enrollments.csv', 'userSourcedId', 'refers to no row of users.csv'],
        ...roleRefs,
        ['users.csv', 'agentSourcedIds', 'refers to no row of users.csv'],
      ].map((problem) => [...problem]),
    );
    expect(await problemsOf('missing-file')).toEqual([['enrollments.csv', '', 'declared bulk but missing']]);
    expect(await problemsOf('no-guardians')).toEqual([]);
    expect(await problemsOf('windows-1252')).toEqual([['users.csv', '', 'not UTF-8']]);
  });

  it('refuses formats that are not OneRoster', async () => {
    await expect(
      generateBadDay({
        kind: 'missing-file',
        students: 100,
        outDir: path.join(root, 'x'),
        format: 'clever-json' as never,
      }),
    ).rejects.toMatchObject({ code: 'GENERATOR_OPTION_INVALID' });
  });
});
