import type { CsvBinding, CsvFileBinding, OneRosterVersion } from './csv-binding.ts';
import { oneRosterCsv11 } from './csv-binding-11.ts';
import { oneRosterCsv12 } from './csv-binding-12.ts';

/** The CSV binding of each OneRoster version, as `manifest.csv` names it in `oneroster.version`. */
export const csvBindings: Record<OneRosterVersion, CsvBinding> = {
  '1.1': oneRosterCsv11,
  '1.2': oneRosterCsv12,
};

/**
 * The binding of one file of a version, looked up case-insensitively (`Users.CSV` finds users.csv) since
 * bundles from some exporters do not keep the standard's case; `undefined` for a file the version does not
 * define. Whether a wrongly cased name is itself a finding is for the caller to decide.
 */
export function bindingFor(version: OneRosterVersion, fileName: string): CsvFileBinding | undefined {
  return csvBindings[version].get(fileName.toLowerCase());
}
