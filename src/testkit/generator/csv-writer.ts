import { quoteCsvField } from '../../csv/quote-csv-field.ts';
import { openBufferedFile } from './buffered-file.ts';
import type { FileStats } from './district-model.ts';

/** A CSV file being written row by row. */
export interface CsvFile {
  /** Appends a row; fields are quoted when they need it (RFC 4180). */
  row(fields: readonly string[]): void;
  /** Appends a row whose fields are known not to need quoting (ids, dates, enums). */
  plainRow(fields: readonly string[]): void;
  /**
   * Appends a row already joined with commas, each field quoted as needed by the caller
   * (`quoteCsvField`): the fastest way for the million-row files.
   */
  line(text: string): void;
  /** Writes what has gathered once there is enough; waits while the disk catches up. */
  flush(): Promise<void>;
  close(): Promise<FileStats>;
}

/** Opens a CSV file and writes its header. Rows end with CRLF, as RFC 4180 has it. */
export async function openCsvFile(path: string, header: readonly string[]): Promise<CsvFile> {
  const file = await openBufferedFile(path);
  let rows = 0;
  file.append(`${header.map(quoteCsvField).join(',')}\r\n`);
  return {
    row(fields) {
      let line = '';
      for (let i = 0; i < fields.length; i++) {
        if (i > 0) line += ',';
        line += quoteCsvField(fields[i]!);
      }
      file.append(`${line}\r\n`);
      rows++;
    },
    plainRow(fields) {
      file.append(`${fields.join(',')}\r\n`);
      rows++;
    },
    line(text) {
      file.append(`${text}\r\n`);
      rows++;
    },
    flush: () => file.flush(),
    close: async () => ({ rows, bytes: await file.close() }),
  };
}
