import type { GenerateSummary, GeneratorFormat } from './district-model.ts';
import { resolveDistrictSettings, type DistrictOptions } from './resolve-district-settings.ts';
import { writeDistrictBundle } from './write-district-bundle.ts';

export interface GenerateBundleOptions extends DistrictOptions {
  /** The folder to write (with `zip`, the ZIP is this path plus .zip unless it ends in .zip). */
  outDir: string;
  /** Default `oneroster-1.1`. */
  format?: GeneratorFormat;
  zip?: boolean;
}

/**
 * Writes a synthetic district (day 0) as a bundle. The same options give the same bytes; see
 * `generateNextDay` for the days after and `generateBadDay` for broken ones.
 */
export async function generateBundle(options: GenerateBundleOptions): Promise<GenerateSummary> {
  return writeDistrictBundle(resolveDistrictSettings(options), {
    format: options.format ?? 'oneroster-1.1',
    outDir: options.outDir,
    zip: options.zip ?? false,
    badDay: null,
  });
}
