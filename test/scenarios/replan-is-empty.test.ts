import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBundle } from '../../src/testkit/generator/generate-bundle.ts';
import { generateNextDay } from '../../src/testkit/generator/next-day.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { createDistrictForBundle } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync } = harness;

const changesOf = (counts: Record<string, Record<string, number>>): number =>
  Object.values(counts).reduce(
    (total, count) =>
      total + (count.created ?? 0) + (count.updated ?? 0) + (count.archived ?? 0) + (count.unarchived ?? 0),
    0,
  );

let bundleCount = 0;

describe('a re-plan after apply is empty (property, generated districts)', () => {
  it('for any seed, format and next-day rate, syncing the same bundle twice changes nothing the second time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('oneroster-1.1' as const, 'oneroster-1.2' as const),
        fc.double({ min: 0.01, max: 0.2, noNaN: true }),
        async (seed, format, rate) => {
          const root = path.join(bundles.root, `replan-${++bundleCount}`);
          const day0 = path.join(root, 'day0');
          const day1 = path.join(root, 'day1');
          await generateBundle({ students: 120, seed, format, outDir: day0 });
          await generateNextDay({ from: day0, rate, outDir: day1 });
          const { configId } = await createDistrictForBundle(cli, day0, {
            settings: ['deletion_threshold_percent=50'],
          });
          for (const day of [day0, day1]) {
            const first = await sync(configId, '--path', day);
            expect(first.code, JSON.stringify(first.summary.findings.slice(0, 3))).toBe(0);
            // Each day brings changes (the whole district, then the next day's), so the
            // second run's emptiness means something.
            expect(changesOf(first.summary.counts as Record<string, Record<string, number>>)).toBeGreaterThan(
              0,
            );
            const again = await sync(configId, '--path', day);
            expect(again.code).toBe(0);
            expect(changesOf(again.summary.counts as Record<string, Record<string, number>>)).toBe(0);
          }
        },
      ),
      { numRuns: 4 },
    );
  });
});
