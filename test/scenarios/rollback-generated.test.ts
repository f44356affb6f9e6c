import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { generateBundle } from '../../src/testkit/generator/generate-bundle.ts';
import { generateNextDay } from '../../src/testkit/generator/next-day.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { createDistrictForBundle } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/**
 * The directory without the records a run created: the rollback archives them (ids stay
 * stable), so they are the only difference from the day before. Each must be archived with
 * nothing attached.
 */
function withoutCreated(directory: DirectoryExport, before: DirectoryExport): DirectoryExport {
  const people = new Set(before.people.map((person) => person.id));
  const classrooms = new Set(before.classrooms.map((classroom) => classroom.id));
  const created = {
    people: directory.people.filter((person) => !people.has(person.id)),
    classrooms: directory.classrooms.filter((classroom) => !classrooms.has(classroom.id)),
  };
  for (const person of created.people) {
    expect({
      id: person.id,
      archived: person.archived,
      roles: person.roles.map((role) => role.archived),
    }).toEqual({
      id: person.id,
      archived: true,
      roles: person.roles.map(() => true),
    });
  }
  for (const classroom of created.classrooms) {
    expect({ id: classroom.id, archived: classroom.archived, members: classroom.members }).toEqual({
      id: classroom.id,
      archived: true,
      members: [],
    });
  }
  return {
    ...directory,
    people: directory.people.filter((person) => people.has(person.id)),
    classrooms: directory.classrooms.filter((classroom) => classrooms.has(classroom.id)),
  };
}

/**
 * Day 0, day 1, roll back day 1: the directory is day 0's again (minus the archived records day
 * 1 created), and day 0 once more changes nothing (the stored hashes agree with it).
 */
async function rollbackRestores(
  seed: number,
  format: 'oneroster-1.1' | 'oneroster-1.2',
  rate: number,
): Promise<void> {
  const day0 = path.join(bundles.root, `seed-${seed}-${format}-${rate}-day0`);
  const day1 = path.join(bundles.root, `seed-${seed}-${format}-${rate}-day1`);
  await generateBundle({ students: 200, seed, format, outDir: day0 });
  const next = await generateNextDay({ from: day0, rate, outDir: day1 });
  const { districtId, configId } = await createDistrictForBundle(cli, day0, {
    settings: ['deletion_threshold_percent=50'],
  });

  const first = await sync(configId);
  expect(first.code, JSON.stringify(first.summary.findings.slice(0, 5))).toBe(0);
  const afterDay0 = await exportOf(districtId);
  const second = await sync(configId, '--path', day1);
  expect(second.code, JSON.stringify(second.summary.held)).toBe(0);
  expect(second.summary.counts.students).toMatchObject({
    created: next.changes.studentsAdded,
    archived: next.changes.studentsDropped,
  });

  const rolledBack = await cli('--json', 'rollback', second.summary.id);
  expect(rolledBack.code, rolledBack.stdout + rolledBack.stderr).toBe(0);
  expect(rolledBack.json()).toMatchObject({ status: 'succeeded', conflicts: [] });
  const after = await exportOf(districtId);
  expect(withoutCreated(after, afterDay0)).toEqual(afterDay0);

  const again = await sync(configId, '--path', day0);
  for (const [entity, counts] of Object.entries(again.summary.counts)) {
    expect({ entity, ...counts }).toMatchObject({
      entity,
      created: 0,
      updated: 0,
      archived: 0,
      unarchived: 0,
    });
  }
  expect(await exportOf(districtId)).toEqual(after);
}

describe('rollback of a generated district’s next day', () => {
  // Seed 3 has a teacher who is also a parent under another sourcedId (one person, two records).
  it('gives back day 0’s directory (seed 3, a multi-role person)', async () => {
    await rollbackRestores(3, 'oneroster-1.1', 0.05);
  });

  it('gives back day 0’s directory for any seed, format and next-day rate (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('oneroster-1.1' as const, 'oneroster-1.2' as const),
        fc.double({ min: 0.01, max: 0.1, noNaN: true }),
        rollbackRestores,
      ),
      { numRuns: 3 },
    );
  });
});
