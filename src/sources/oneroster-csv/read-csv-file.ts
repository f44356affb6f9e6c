import type { EntityType } from '../../roster/snapshot.ts';
import type { FindingLog } from '../../findings/finding-log.ts';
import { decodeText, NotTextError, Utf16Error } from '../../csv/decode-text.ts';
import type { BundleFile } from './open-bundle.ts';
import type { ColumnOf, OneRosterFileSpec } from './oneroster-files.ts';
import { readCsvRows } from '../../csv/read-csv-rows.ts';

/** Column positions of a file's header; -1 for a column the file does not have. */
export type ColumnIndex<S extends OneRosterFileSpec> = Record<ColumnOf<S>, number>;

export interface CsvFileHandler<S extends OneRosterFileSpec> {
  /** Receives each well-formed row (as many fields as the header). */
  onRow(fields: string[], line: number, columns: ColumnIndex<S>): void;
  /**
   * Receives the id of a row that could not be used (wrong field count), or `null` when even
   * its id is unknown; the reader protects the record or marks its types partial.
   */
  onUnusableRow(sisId: string | null, line: number): void;
}

export type CsvFileResult<S extends OneRosterFileSpec> =
  { isUsable: true; columns: ColumnIndex<S>; rowCount: number } | { isUsable: false };

/**
 * Reads one OneRoster CSV file: checks its header against the spec (case-insensitively, as
 * real exports vary), then streams every row to the handler. Every problem becomes a finding
 * with file, line and column; a bad row never stops the file.
 */
export interface CsvFileOptions {
  /** The entity findings about this file are filed under. */
  entity?: EntityType | 'orgs' | 'bundle';
  /** Called as bytes are read, for progress bars. */
  onBytesRead?: (bytes: number) => void;
}

export async function readCsvFile<S extends OneRosterFileSpec>(
  bundleFile: BundleFile,
  spec: S,
  findings: FindingLog,
  handler: CsvFileHandler<S>,
  options: CsvFileOptions = {},
): Promise<CsvFileResult<S>> {
  const { entity, onBytesRead } = options;
  const file = spec.name;
  let columns: ColumnIndex<S> | null = null;
  let headerWidth = 0;
  let idColumn = -1;
  let rowCount = 0;
  let isUsable = true;
  const stream = await bundleFile.open();
  const text = decodeText(onBytesRead ? countBytes(stream, onBytesRead) : stream, {
    onEncoding(encoding) {
      if (encoding !== 'utf-8') {
        // One code for both: the fix is the same, only the name of what was detected differs.
        const detected = encoding === 'iso-8859-1' ? 'ISO-8859-1 (Latin-1)' : 'Windows-1252';
        findings.add({
          code: 'ENCODING_WINDOWS_1252',
          file,
          entity,
          message: `${file} is not UTF-8; it was read as ${detected}. Check that accented names look right, and export UTF-8 next time.`,
        });
      }
    },
  });
  try {
    for await (const batch of readCsvRows(text)) {
      for (const entry of batch) {
        if (entry.kind !== 'row') {
          findings.add({
            code: entry.kind === 'undecodable' ? 'ROW_UNDECODABLE' : 'ROW_MALFORMED',
            file,
            line: entry.line,
            entity,
            message: entry.message,
          });
          // Before the header there is no record to protect; after it, the first field is the
          // id in every OneRoster file.
          handler.onUnusableRow(idColumn === 0 ? entry.firstField : null, entry.line);
          continue;
        }
        if (!columns) {
          const mapped = mapHeader(entry.fields, spec, findings, entity);
          if (!mapped) {
            isUsable = false;
            break;
          }
          columns = mapped;
          headerWidth = entry.fields.length;
          idColumn = (columns as Record<string, number>)[spec.required[0] ?? ''] ?? -1;
          continue;
        }
        if (entry.fields.length !== headerWidth) {
          findings.add({
            code: 'ROW_COLUMN_COUNT',
            file,
            line: entry.line,
            entity,
            message: `The row has ${entry.fields.length} fields but the header has ${headerWidth}; it is skipped.`,
          });
          // The first column is the id in every OneRoster file; a shifted row still has it right.
          const id = idColumn === 0 ? entry.fields[0] : undefined;
          handler.onUnusableRow(id ? id : null, entry.line);
          continue;
        }
        rowCount++;
        handler.onRow(entry.fields, entry.line, columns);
      }
      if (!isUsable) break;
    }
  } catch (error) {
    if (!(error instanceof Utf16Error || error instanceof NotTextError)) throw error;
    findings.add({ code: error.code, file, entity, message: `${file}: ${error.message}` });
    isUsable = false;
  } finally {
    stream.destroy();
  }
  if (isUsable && !columns) {
    findings.add({ code: 'FILE_EMPTY', file, entity, message: `${file} is empty: it has no header line.` });
    return { isUsable: false };
  }
  return isUsable && columns ? { isUsable: true, columns, rowCount } : { isUsable: false };
}

function mapHeader<S extends OneRosterFileSpec>(
  header: string[],
  spec: S,
  findings: FindingLog,
  entity: EntityType | 'orgs' | 'bundle' | undefined,
): ColumnIndex<S> | null {
  const file = spec.name;
  const known = new Map<string, string>(
    [...spec.required, ...spec.optional].map((name) => [name.toLowerCase(), name]),
  );
  const unused = new Set(spec.unused.map((name) => name.toLowerCase()));
  const columns = Object.fromEntries([...known.values()].map((name) => [name, -1])) as Record<string, number>;
  header.forEach((raw, index) => {
    const name = raw.trim();
    const canonical = known.get(name.toLowerCase());
    if (unused.has(name.toLowerCase())) return;
    if (canonical === undefined) {
      if (!name.toLowerCase().startsWith('metadata.')) {
        findings.add({
          code: 'HEADER_UNKNOWN',
          file,
          line: 1,
          column: name,
          entity,
          message: `${file} has a column "${name}" that OneRoster does not define; it is ignored.`,
        });
      }
    } else if (columns[canonical] !== -1) {
      findings.add({
        code: 'HEADER_DUPLICATE',
        file,
        line: 1,
        column: name,
        entity,
        message: `${file} names the column "${canonical}" twice; the first is used.`,
      });
    } else {
      columns[canonical] = index;
    }
  });
  const missing = spec.required.filter((name) => columns[name] === -1);
  for (const name of missing) {
    findings.add({
      code: 'HEADER_MISSING',
      file,
      line: 1,
      column: name,
      entity,
      message: `${file} has no "${name}" column, which the sync needs; the file is not used.`,
    });
  }
  for (const name of spec.optional) {
    if (columns[name] === -1 && name !== 'status') {
      findings.add({
        code: 'HEADER_OPTIONAL_MISSING',
        file,
        line: 1,
        column: name,
        entity,
        message: `${file} has no "${name}" column; the field it feeds is left as it is.`,
      });
    }
  }
  return missing.length > 0 ? null : (columns as ColumnIndex<S>);
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
