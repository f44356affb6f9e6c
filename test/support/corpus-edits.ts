import type { CsvRows } from './bundle-builder.ts';
import type { CsvTable, TestBundle } from './conformant-bundle.ts';

/**
 * In-place edits of a test bundle (a fresh `conformantBundle11()` or `12()`), each breaking one
 * rule for the validator's conformance corpus.
 */

/** A file of the bundle as a table (not raw text). */
export function tableOf(bundle: TestBundle, file: string): CsvTable {
  const table = bundle[file];
  if (table === undefined || typeof table === 'string')
    throw new Error(`the test bundle has no ${file} table`);
  return table;
}

/** The row of `file` whose first column is `id`, to change in place, and its physical line. */
export function rowOf(bundle: TestBundle, file: string, id: string): { row: CsvRows[number]; line: number } {
  const table = tableOf(bundle, file);
  const index = table.rows.findIndex((row) => row[table.header[0]!] === id);
  if (index === -1) throw new Error(`${file} has no row ${id}`);
  return { row: table.rows[index]!, line: index + 2 };
}

/** Sets a manifest property (adding the row when missing); returns its line. */
export function setManifest(bundle: TestBundle, property: string, value: string): number {
  const rows = tableOf(bundle, 'manifest.csv').rows;
  const index = rows.findIndex((row) => row.propertyName === property);
  if (index === -1) return rows.push({ propertyName: property, value }) + 1;
  rows[index]!.value = value;
  return index + 2;
}

/** Takes a file out of the bundle and declares it absent. */
export function removeFile(bundle: TestBundle, file: string): void {
  delete bundle[file];
  setManifest(bundle, `file.${file.slice(0, -4)}`, 'absent');
}

/** Declares a file a delta holding `rows` (default: all of them), each with status and dateLastModified. */
export function makeDelta(bundle: TestBundle, file: string, rows?: CsvRows): void {
  const table = tableOf(bundle, file);
  table.rows = (rows ?? table.rows).map((row) => ({
    ...row,
    status: 'active',
    dateLastModified: '2026-09-01T12:00:00.000Z',
  }));
  setManifest(bundle, `file.${file.slice(0, -4)}`, 'delta');
}

/** Renames a header column, keeping its values. */
export function renameColumn(table: CsvTable, from: string, to: string): void {
  table.header = table.header.map((name) => (name === from ? to : name));
  for (const row of table.rows) row[to] = row[from] ?? '';
}
