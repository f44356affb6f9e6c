import { bindingFor } from '../../oneroster/csv-bindings.ts';
import type { BundleCheck } from '../../validate/bundle-check.ts';
import { checkCsvFile } from '../../validate/check-csv-file.ts';
import type { HeaderColumns } from '../../validate/check-header.ts';
import type { BundleFile } from './open-bundle.ts';
import type { ColumnOf, OneRosterFileSpec } from './oneroster-files.ts';

/** Column positions of a file's header; -1 for a column the file does not have. */
export type ColumnIndex<S extends OneRosterFileSpec> = Record<ColumnOf<S>, number>;

export interface CsvFileHandler<S extends OneRosterFileSpec> {
  /** Receives each row the validator found usable (right shape, an id that is not a repeat). */
  onRow(fields: string[], line: number, columns: ColumnIndex<S>): void;
  /**
   * Receives the id of a row that could not be used (wrong field count, no id), or `null`
   * when even its id is unknown; the reader protects the record or marks its types partial.
   */
  onUnusableRow(sisId: string | null, line: number): void;
}

export type CsvFileResult<S extends OneRosterFileSpec> =
  { isUsable: true; columns: ColumnIndex<S>; rowCount: number } | { isUsable: false };

export interface CsvFileOptions {
  /** Called as bytes are read, for progress bars. */
  onBytesRead?: (bytes: number) => void;
}

/**
 * Reads one OneRoster CSV file for the sync: the bundle's validator checks every line as it
 * streams (encoding, header, shape, ids, types, references: the findings are all its own),
 * and the rows it finds usable go to the handler, with the columns the reader's spec names.
 * A file without a column the sync needs is not read past its header.
 */
export async function readCsvFile<S extends OneRosterFileSpec>(
  bundleFile: BundleFile,
  spec: S,
  check: BundleCheck,
  handler: CsvFileHandler<S>,
  options: CsvFileOptions = {},
): Promise<CsvFileResult<S>> {
  const binding = bindingFor(check.version, spec.name);
  if (!binding) throw new Error(`OneRoster ${check.version} has no ${spec.name}`);
  const checker = check.fileChecker(binding);
  let columns: ColumnIndex<S> | null = null;
  const indexOf = (header: HeaderColumns): ColumnIndex<S> => {
    const index: Record<string, number> = {};
    for (const name of [...spec.required, ...spec.optional]) {
      index[name] = header.positions.get(name.toLowerCase()) ?? -1;
    }
    return index as ColumnIndex<S>;
  };
  const result = await checkCsvFile(bundleFile, checker, {
    onBytesRead: options.onBytesRead,
    shouldReadRows(header) {
      columns = indexOf(header);
      return spec.required.every((name) => header.positions.has(name.toLowerCase()));
    },
    sink: {
      row: (fields, line) => handler.onRow(fields, line, columns!),
      unusable: (sisId, line) => handler.onUnusableRow(sisId, line),
    },
  });
  return result.isReadable && columns
    ? { isUsable: true, columns, rowCount: result.rowCount }
    : { isUsable: false };
}
