import { decodeText, NotTextError, Utf16Error } from '../csv/decode-text.ts';
import { readCsvRows } from '../csv/read-csv-rows.ts';
import type { BundleFile } from '../sources/oneroster-csv/open-bundle.ts';
import type { HeaderColumns } from './check-header.ts';
import type { RecordFile } from '../oneroster/csv-binding.ts';
import type { DanglingSelfReference } from './bundle-check.ts';
import type { FileChecker } from './file-checker.ts';

/**
 * Receives the rows of a file that the checker found usable (repeats of an earlier row's id
 * included: the reader keeps the first), and the ids of those it could not use.
 */
export interface RowSink {
  row(fields: string[], line: number, columns: HeaderColumns): void;
  /**
   * A row that could not be used (wrong shape, no id, a repeated id): its id when it can be
   * told (the first field, which is the id in every OneRoster file), else null.
   */
  unusable(sisId: string | null, line: number): void;
}

export interface CheckedFile {
  /** False when the file could not be read at all (encoding, no header). */
  isReadable: boolean;
  columns: HeaderColumns | null;
  rowCount: number;
}

export interface CheckCsvOptions {
  sink?: RowSink;
  /** Decides from the header whether rows are worth reading (a reader missing a column stops). */
  shouldReadRows?: (columns: HeaderColumns) => boolean;
  onBytesRead?: (bytes: number) => void;
}

/**
 * Streams one CSV file of a bundle through its checker: decoding (with the encoding
 * findings), CSV records, the header, then every row. The validator calls it with no sink;
 * the sync's readers pass one that builds the snapshot. Nothing here throws on bad input:
 * every problem is a finding and costs at most its row.
 */
export async function checkCsvFile(
  bundleFile: BundleFile,
  checker: FileChecker,
  options: CheckCsvOptions = {},
): Promise<CheckedFile> {
  const { sink, onBytesRead } = options;
  const file = checker.file;
  let columns: HeaderColumns | null = null;
  let rowCount = 0;
  let isReadable = true;
  let idColumn = -1;
  checker.expectBytes(bundleFile.size);
  const stream = await bundleFile.open();
  const text = decodeText(onBytesRead ? countBytes(stream, onBytesRead) : stream, {
    onEncoding(encoding, hasBom) {
      checker.encoding(encoding, hasBom);
    },
  });
  try {
    reading: for await (const batch of readCsvRows(text)) {
      for (const entry of batch) {
        if (entry.kind !== 'row') {
          checker.problem(entry);
          // Before the header there is no record to protect.
          sink?.unusable(columns && idColumn === 0 ? entry.firstField : null, entry.line);
          continue;
        }
        if (!columns) {
          columns = checker.header(entry.fields);
          idColumn = columns.positions.get(checker.binding.columns[0]?.name.toLowerCase() ?? '') ?? -1;
          if (options.shouldReadRows && !options.shouldReadRows(columns)) {
            isReadable = false;
            break reading;
          }
          continue;
        }
        const verdict = checker.row(entry.fields, entry.line);
        // A repeat goes to the reader too: it keeps the first row, but a delta's repeat may
        // be the same record sent as active and as tobedeleted, which the reader settles.
        if (verdict !== 'unusable') {
          rowCount++;
          sink?.row(entry.fields, entry.line, columns);
        } else if (verdict === 'unusable') {
          const id = idColumn === 0 ? entry.fields[0] : undefined;
          sink?.unusable(id ? id : null, entry.line);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof Utf16Error || error instanceof NotTextError)) throw error;
    checker.unreadable(error.code, `${file}: ${error.message}`);
    isReadable = false;
  } finally {
    stream.destroy();
  }
  if (isReadable && !columns) {
    checker.unreadable('FILE_EMPTY', `${file} is empty: it has no header line.`);
    isReadable = false;
  }
  const dangling = checker.end(isReadable);
  if (dangling.length > 0) await settleDangling(bundleFile, checker, dangling);
  return { isReadable, columns, rowCount };
}

/**
 * Reads a file again for the few references (to its own records, or to records checked on
 * another thread) that turned out dangling, so their findings carry the value (ids were kept
 * as hashes while streaming).
 */
export async function settleDangling(
  bundleFile: BundleFile,
  checker: FileChecker,
  dangling: readonly DanglingSelfReference[],
  target: RecordFile | null = checker.binding.record,
): Promise<void> {
  const byLine = new Map<number, DanglingSelfReference[]>();
  for (const reference of dangling) {
    const list = byLine.get(reference.line) ?? [];
    list.push(reference);
    byLine.set(reference.line, list);
  }
  await forEachCsvRow(bundleFile, (fields, line) => {
    const references = byLine.get(line);
    if (references) {
      checker.settleDangling(fields, line, references, target);
      byLine.delete(line);
    }
    return byLine.size > 0;
  });
}

/**
 * Streams a file's records until the callback returns false, with no checks: for reading a
 * header or lines again. Lines that cannot be read are passed over.
 */
export async function forEachCsvRow(
  file: BundleFile,
  onRow: (fields: string[], line: number) => boolean,
): Promise<void> {
  const stream = await file.open();
  try {
    for await (const batch of readCsvRows(decodeText(stream, { onEncoding() {} }))) {
      for (const entry of batch) {
        if (entry.kind === 'row' && !onRow(entry.fields, entry.line)) return;
      }
    }
  } finally {
    stream.destroy();
  }
}

async function* countBytes(
  chunks: AsyncIterable<Buffer>,
  onBytesRead: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    onBytesRead(chunk.length);
    yield chunk;
  }
}
