import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import { readOneRosterBundle } from '../../sources/oneroster-csv/read-oneroster-bundle.ts';
import { sidecarName } from './bundle-sidecar.ts';
import { emptyChangeCounts, type ChangeCounts, type GenerateSummary } from './district-model.ts';
import { generateBundle } from './generate-bundle.ts';
import { GeneratorError } from './generator-error.ts';
import { listConformanceProblems } from './list-conformance-problems.ts';
import { generateNextDay } from './next-day.ts';
import { readBundleCsv } from './read-bundle-csv.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-next-day-'));
const day0 = path.join(root, 'day0');
const day1 = path.join(root, 'day1');
const day2 = path.join(root, 'day2');
let first: GenerateSummary;
let second: GenerateSummary;

beforeAll(async () => {
  await generateBundle({ students: 2000, seed: 11, outDir: day0 });
  first = await generateNextDay({ from: day0, rate: 0.02, outDir: day1 });
  second = await generateNextDay({ from: day1, rate: 0.01, outDir: day2 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const guardianRoles = new Set(['parent', 'guardian', 'relative']);

/** What changed between two bundles, counted from the files alone. */
function diffBundles(before: string, after: string): ChangeCounts {
  const counts = emptyChangeCounts();
  const usersBefore = new Map(readBundleCsv(before, 'users.csv').rows.map((user) => [user.sourcedId!, user]));
  const usersAfter = new Map(readBundleCsv(after, 'users.csv').rows.map((user) => [user.sourcedId!, user]));
  for (const [id, user] of usersAfter) {
    const old = usersBefore.get(id);
    if (!old) {
      if (user.role === 'student') counts.studentsAdded++;
      if (guardianRoles.has(user.role!)) counts.guardiansAdded++;
      continue;
    }
    const name = (u: Record<string, string>) => `${u.givenName}|${u.familyName}|${u.middleName}`;
    if (name(old) !== name(user)) counts.renamed++;
    if (old.email !== user.email) counts.emailChanged++;
    if (old.sms !== user.sms) counts.phoneChanged++;
  }
  for (const [id, user] of usersBefore) {
    if (usersAfter.has(id)) continue;
    if (user.role === 'student') counts.studentsDropped++;
    if (guardianRoles.has(user.role!)) counts.guardiansDropped++;
  }
  const classesBefore = new Set(readBundleCsv(before, 'classes.csv').rows.map((klass) => klass.sourcedId!));
  const classesAfter = new Set(readBundleCsv(after, 'classes.csv').rows.map((klass) => klass.sourcedId!));
  counts.classesAdded = [...classesAfter].filter((id) => !classesBefore.has(id)).length;
  counts.classesDropped = [...classesBefore].filter((id) => !classesAfter.has(id)).length;
  // A move: a student leaves a class that exists on both days for another such class.
  const classesOf = (dir: string): Map<string, Set<string>> => {
    const map = new Map<string, Set<string>>();
    for (const row of readBundleCsv(dir, 'enrollments.csv').rows) {
      if (row.role !== 'student') continue;
      if (!map.has(row.userSourcedId!)) map.set(row.userSourcedId!, new Set());
      map.get(row.userSourcedId!)!.add(row.classSourcedId!);
    }
    return map;
  };
  const enrolledBefore = classesOf(before);
  const enrolledAfter = classesOf(after);
  const onBothDays = (id: string) => classesBefore.has(id) && classesAfter.has(id);
  for (const [student, was] of enrolledBefore) {
    const is = enrolledAfter.get(student);
    if (!is) continue;
    const left = [...was].filter((id) => !is.has(id) && onBothDays(id)).length;
    const joined = [...is].filter((id) => !was.has(id) && onBothDays(id)).length;
    counts.enrollmentsMoved += Math.min(left, joined);
  }
  return counts;
}

function hashFiles(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(path.join(folder, name)))
          .digest('hex'),
      ]),
  );
}

describe('generateNextDay', () => {
  it('makes exactly the changes it reports', () => {
    expect(diffBundles(day0, day1)).toEqual(first.changes);
    expect(diffBundles(day1, day2)).toEqual(second.changes);
  });

  it('changes about the given share of each kind of record', () => {
    for (const [kind, count] of Object.entries(first.changes)) {
      expect({ kind, isChanged: count > 0 }).toEqual({ kind, isChanged: true });
    }
    expect(first.changes.studentsAdded).toBeGreaterThan(2000 * 0.02 * 0.5);
    expect(first.changes.studentsAdded).toBeLessThan(2000 * 0.02 * 1.5);
    expect(first.changes.studentsDropped).toBeGreaterThan(2000 * 0.02 * 0.5);
    expect(first.changes.studentsDropped).toBeLessThan(2000 * 0.02 * 1.5);
    expect(first.students).toBe(2000 + first.changes.studentsAdded - first.changes.studentsDropped);
  });

  it('keeps classes at 32 students at most', () => {
    const sizes = new Map<string, number>();
    for (const row of readBundleCsv(day1, 'enrollments.csv').rows) {
      if (row.role === 'student') sizes.set(row.classSourcedId!, (sizes.get(row.classSourcedId!) ?? 0) + 1);
    }
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(32);
  });

  it('dates new enrollments on the day they were made', () => {
    const rows = readBundleCsv(day1, 'enrollments.csv').rows;
    expect(new Set(rows.map((row) => row.beginDate))).toEqual(new Set(['2026-08-15', '2026-09-16']));
  });

  it('writes days that conform to the OneRoster 1.1 CSV binding, as day 0 does', () => {
    expect(listConformanceProblems(day1)).toEqual([]);
    expect(listConformanceProblems(day2)).toEqual([]);
  });

  it('rebuilds the same day from a folder or a ZIP, and records the days in generator.json', async () => {
    const zipped = path.join(root, 'day0-zipped');
    await generateBundle({ students: 2000, seed: 11, outDir: zipped, zip: true });
    const fromZip = path.join(root, 'day1-from-zip');
    await generateNextDay({ from: `${zipped}.zip`, rate: 0.02, outDir: fromZip });
    expect(hashFiles(fromZip)).toEqual(hashFiles(day1));
    expect(JSON.parse(readFileSync(path.join(day2, 'generator.json'), 'utf8'))).toMatchObject({
      seed: 11,
      students: 2000,
      day: 2,
      rates: [0.02, 0.01],
    });
  });

  it('writes a day the OneRoster reader reads without a finding', async () => {
    const findings = new FindingLog();
    await readOneRosterBundle(day2, { findings, phoneRegion: 'US', today: '2026-11-29' });
    // The reader may note the generator's own sidecar as a file it does not read; nothing else.
    expect(findings.list().filter((finding) => !finding.message.includes(sidecarName))).toEqual([]);
  });

  it('refuses a folder the generator did not write', async () => {
    const other = mkdtempSync(path.join(root, 'not-generated-'));
    await expect(generateNextDay({ from: other, rate: 0.01, outDir: path.join(root, 'x') })).rejects.toThrow(
      GeneratorError,
    );
    await expect(
      generateNextDay({ from: day0, rate: 2, outDir: path.join(root, 'y') }),
    ).rejects.toMatchObject({
      code: 'GENERATOR_OPTION_INVALID',
    });
  });
});
