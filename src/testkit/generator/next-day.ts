import { readSidecar } from './bundle-sidecar.ts';
import type { GenerateSummary, GeneratorFormat } from './district-model.ts';
import { requireRate } from './resolve-district-settings.ts';
import { writeDistrictBundle } from './write-district-bundle.ts';

export interface GenerateNextDayOptions {
  /** A bundle (folder or ZIP) written by the generator. */
  from: string;
  /** Share of each kind of record that changes, e.g. 0.01. */
  rate: number;
  outDir: string;
  /** Default: the format of `from`. */
  format?: GeneratorFormat;
  zip?: boolean;
}

/**
 * Writes the day after `from`: students arrive and leave (with their guardians), people are
 * renamed, emails and mobiles change, classes open and close and students switch class, each
 * at about `rate`. The previous day is not parsed: it is rebuilt from its generator.json
 * (seed, size, the rates of the days so far), which gives exactly the day on disk, and the new
 * day's changes are drawn on top. `changes` in the summary counts exactly what differs.
 */
export async function generateNextDay(options: GenerateNextDayOptions): Promise<GenerateSummary> {
  requireRate(options.rate);
  const previous = await readSidecar(options.from);
  return writeDistrictBundle(
    {
      seed: previous.seed,
      students: previous.students,
      schools: previous.schools,
      schoolYear: previous.schoolYear,
      rates: [...previous.rates, options.rate],
    },
    {
      format: options.format ?? previous.format,
      outDir: options.outDir,
      zip: options.zip ?? false,
      badDay: null,
    },
  );
}
