import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sidecarName, writeSidecar } from './bundle-sidecar.ts';
import type {
  BadDayKind,
  DistrictSettings,
  FileStats,
  GenerateSummary,
  GeneratorFormat,
} from './district-model.ts';
import { generateDistrict, type DistrictDay } from './generate-district.ts';
import { GeneratorError } from './generator-error.ts';
import { exportTime } from './school-calendar.ts';
import { writeCleverJson } from './write-clever-json.ts';
import { writeGuardiansCsv } from './write-guardians-csv.ts';
import { writeOneRoster11 } from './write-oneroster-11.ts';
import { writeOneRoster12 } from './write-oneroster-12.ts';
import { zipBundle } from './zip-bundle.ts';

export interface BundleTarget {
  format: GeneratorFormat;
  /** The folder to write; with `zip`, the ZIP is `outDir` if it ends in .zip, else `outDir.zip`. */
  outDir: string;
  zip: boolean;
  badDay: BadDayKind | null;
  /** Breaks the written folder before it is zipped (bad days). */
  breakBundle?: (dir: string, files: Record<string, FileStats>) => Promise<void>;
}

const writers: Record<
  GeneratorFormat,
  (district: DistrictDay, dir: string) => Promise<Record<string, FileStats>>
> = {
  'oneroster-1.1': writeOneRoster11,
  'oneroster-1.2': writeOneRoster12,
  'clever-json': writeCleverJson,
  'guardians-csv': writeGuardiansCsv,
};

/**
 * Generates the district of `settings` and writes it in one format, with the generator.json
 * sidecar that `--next-day` continues from; optionally breaks it and zips it.
 */
export async function writeDistrictBundle(
  settings: DistrictSettings,
  target: BundleTarget,
): Promise<GenerateSummary> {
  const district = generateDistrict(settings);
  const zipPath = target.zip
    ? target.outDir.endsWith('.zip')
      ? target.outDir
      : `${target.outDir}.zip`
    : null;
  const dir = zipPath ? `${zipPath}.partial` : target.outDir;
  await prepareFolder(dir);
  const files = await writers[target.format](district, dir);
  await writeSidecar(dir, {
    generator: 'rostersync-generator',
    version: 1,
    seed: settings.seed,
    students: settings.students,
    schools: settings.schools,
    schoolYear: settings.schoolYear,
    format: target.format,
    day: district.day,
    rates: [...settings.rates],
    badDay: target.badDay,
  });
  if (target.breakBundle) await target.breakBundle(dir, files);
  if (zipPath) {
    await zipBundle(dir, zipPath, exportTime(settings.seed, settings.schoolYear, district.day));
    await rm(dir, { recursive: true, force: true });
  }
  return {
    out: zipPath ?? dir,
    format: target.format,
    seed: settings.seed,
    day: district.day,
    badDay: target.badDay,
    ...district.totals,
    files,
    changes: district.changes,
  };
}

/**
 * Makes an empty output folder. A folder the generator wrote before (it holds generator.json)
 * is replaced; any other non-empty folder is refused, so a mistyped `--out` cannot wipe data.
 */
async function prepareFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info) {
    if (!info.isDirectory()) {
      throw new GeneratorError('GENERATOR_OUTPUT_EXISTS', `${dir} exists and is not a folder.`);
    }
    const names = await readdir(dir);
    if (names.length > 0 && !names.includes(sidecarName) && !dir.endsWith('.zip.partial')) {
      throw new GeneratorError(
        'GENERATOR_OUTPUT_EXISTS',
        `${dir} is not empty and was not written by the generator; choose another --out.`,
      );
    }
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(path.resolve(dir), { recursive: true });
}
