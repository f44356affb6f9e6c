import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateBadDay } from '../testkit/generator/bad-day.ts';
import { generateBundle } from '../testkit/generator/generate-bundle.ts';
import { generateNextDay } from '../testkit/generator/next-day.ts';
import { schoolYearOf } from '../testkit/generator/school-year-of.ts';
import { benchSizes, type BenchSize } from './bench-sizes.ts';

export interface BenchBundles {
  day0: string;
  /** The next day, about 1 % changed. */
  day1: string;
  /** The day after day 1 with users.csv truncated. */
  bad: string;
}

/** The seed the benchmark's districts are generated with. */
export const benchSeed = 7;

/**
 * Generates (or reuses, when already there) the bundles of a size. The generator is
 * deterministic, so a folder with its sidecar holds exactly what would be generated again.
 */
export async function prepareBenchBundles(
  root: string,
  size: BenchSize,
  now: Date,
  /** Only the first day (what the validation scenarios read). */
  isDay0Only = false,
): Promise<BenchBundles> {
  const schoolYear = schoolYearOf(now);
  const base = path.join(root, `${size}-seed${benchSeed}-${schoolYear}`);
  const bundles = {
    day0: path.join(base, 'day0'),
    day1: path.join(base, 'day1'),
    bad: path.join(base, 'bad'),
  };
  const isThere = (dir: string): boolean => existsSync(path.join(dir, 'generator.json'));
  if (!isThere(bundles.day0)) {
    await generateBundle({ students: benchSizes[size], seed: benchSeed, schoolYear, outDir: bundles.day0 });
  }
  if (isDay0Only) return bundles;
  if (!isThere(bundles.day1)) await generateNextDay({ from: bundles.day0, rate: 0.01, outDir: bundles.day1 });
  if (!isThere(bundles.bad))
    await generateBadDay({ kind: 'truncated-users', from: bundles.day1, outDir: bundles.bad });
  return bundles;
}
