/** One CSV record and the physical line it starts on (the header is line 1). */
export interface CsvRow {
  kind: 'row';
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  kind: 'malformed' | 'undecodable';
  message: string;
  /**
   * The record's first field when it can still be told (unquoted text before the first comma
   * of a malformed line, or the first field of an undecodable row): in OneRoster, the id.
   */
  firstField: string | null;
}

/** What the reader yields, in file order: records, and records that could not be read. */
export type CsvEntry = CsvRow | CsvProblem;

export interface CsvReadOptions {
  /** A quoted field may span lines, but a record longer than this is a stray quote. */
  maxRecordLines?: number;
  maxRecordChars?: number;
}

/** Longest legitimate record: a multi-line address is a few lines, not hundreds. */
const defaultMaxRecordLines = 100;
const defaultMaxRecordChars = 1_000_000;

type QuotedParse =
  | { kind: 'record'; fields: string[]; next: number; lines: number }
  | { kind: 'more' }
  | { kind: 'malformed'; message: string };

/**
 * Streams RFC 4180 records in batches. Written for this job rather than taken from a CSV
 * library because of two things a library did not give us: speed (a line without quotes is
 * one native `split`, ~10x csv-parse) and recovery. A stray quote must cost one row, not the
 * rest of the file: when a quoted field runs past its line and the record then does not have
 * the header's number of fields (or never closes), only its first line is reported and
 * reading resumes on the next line.
 */
export async function* readCsvRows(
  chunks: AsyncIterable<string>,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvEntry[]> {
  const maxLines = options.maxRecordLines ?? defaultMaxRecordLines;
  const maxChars = options.maxRecordChars ?? defaultMaxRecordChars;
  let buffer = '';
  let line = 1;
  let expectedFields = -1;

  const parse = (isEnd: boolean): CsvEntry[] => {
    const rows: CsvEntry[] = [];
    let pos = 0;
    const length = buffer.length;
    // Where the next quote is, found once and reused, so lines without quotes cost no scan.
    let nextQuote = buffer.indexOf('"');
    while (pos < length) {
      let newline = buffer.indexOf('\n', pos);
      if (newline === -1) {
        if (!isEnd) break;
        newline = length;
      }
      const lineEnd = newline > pos && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      if (lineEnd === pos) {
        pos = newline + 1;
        line++;
        continue;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buffer.indexOf('"', pos);
      if (nextQuote === -1 || nextQuote >= lineEnd) {
        const fields = buffer.slice(pos, lineEnd).split(',');
        if (expectedFields < 0) expectedFields = fields.length;
        rows.push({ kind: 'row', line, fields });
        pos = newline + 1;
        line++;
        continue;
      }
      const parsed = parseQuotedRecord(buffer, pos, isEnd, maxLines, maxChars);
      if (parsed.kind === 'more') break;
      if (parsed.kind === 'record' && (parsed.lines === 1 || parsed.fields.length === expectedFields)) {
        if (expectedFields < 0) expectedFields = parsed.fields.length;
        rows.push({ kind: 'row', line, fields: parsed.fields });
        pos = parsed.next;
        line += parsed.lines;
        continue;
      }
      const lineText = buffer.slice(pos, lineEnd);
      const comma = lineText.indexOf(',');
      const first = comma === -1 ? lineText : lineText.slice(0, comma);
      rows.push({
        line,
        kind: 'malformed',
        firstField: first !== '' && !first.includes('"') ? first : null,
        message:
          parsed.kind === 'malformed'
            ? parsed.message
            : 'A quoted field runs onto the next lines and the record does not end with the header’s number of fields: a quote is probably not closed.',
      });
      pos = newline + 1;
      line++;
    }
    buffer = buffer.slice(pos);
    return rows;
  };

  // Rows are checked for U+FFFD only while the text holds one: most files never do.
  let hasReplacement = false;
  for await (const chunk of chunks) {
    buffer = buffer.length === 0 ? chunk : buffer + chunk;
    hasReplacement = buffer.includes('\ufffd');
    const rows = parse(false);
    if (rows.length > 0) yield hasReplacement ? markUndecodable(rows) : rows;
  }
  const rows = parse(true);
  if (rows.length > 0) yield hasReplacement ? markUndecodable(rows) : rows;
}

/** Rows holding U+FFFD came from bytes the decoder could not read: reported, not imported. */
function markUndecodable(rows: CsvEntry[]): CsvEntry[] {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as CsvEntry;
    if (row.kind !== 'row' || !row.fields.some((field) => field.includes('\ufffd'))) continue;
    const first = row.fields[0] ?? '';
    rows[i] = {
      line: row.line,
      kind: 'undecodable',
      firstField: first !== '' && !first.includes('\ufffd') ? first : null,
      message:
        'The row holds bytes that are not valid in the file’s encoding (UTF-8); save the file as UTF-8.',
    };
  }
  return rows;
}

/**
 * Parses one record starting at `start` that contains a quote somewhere. Returns `more` when
 * the buffer ends inside the record and more input may complete it.
 */
function parseQuotedRecord(
  text: string,
  start: number,
  isEnd: boolean,
  maxLines: number,
  maxChars: number,
): QuotedParse {
  const fields: string[] = [];
  let lines = 1;
  let i = start;
  const tooLong = (): QuotedParse =>
    i - start > maxChars || lines > maxLines
      ? { kind: 'malformed', message: 'A quote is not closed: the record runs on past its line.' }
      : isEnd
        ? { kind: 'malformed', message: 'A quote is not closed before the end of the file.' }
        : { kind: 'more' };
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) {
          lines += countNewlines(text, from, text.length);
          i = text.length;
          return tooLong();
        }
        lines += countNewlines(text, from, close);
        if (lines > maxLines || close - start > maxChars) {
          return { kind: 'malformed', message: 'A quote is not closed: the record runs on past its line.' };
        }
        if (text.charCodeAt(close + 1) === 34) {
          value += text.slice(from, close + 1);
          from = close + 2;
          continue;
        }
        value += text.slice(from, close);
        i = close + 1;
        break;
      }
      fields.push(value);
      const next = text.charCodeAt(i);
      if (next === 44) {
        i++;
        continue;
      }
      if (next === 10 || (next === 13 && text.charCodeAt(i + 1) === 10)) {
        return { kind: 'record', fields, next: i + (next === 13 ? 2 : 1), lines };
      }
      if (i >= text.length) {
        return isEnd ? { kind: 'record', fields, next: i, lines } : { kind: 'more' };
      }
      return {
        kind: 'malformed',
        message: 'Text follows a closing quote; a quote inside a quoted field must be doubled ("").',
      };
    }
    // An unquoted field runs to the next comma or line end; a quote inside it is kept as text.
    const comma = text.indexOf(',', i);
    const newline = text.indexOf('\n', i);
    if (newline === -1 && !isEnd) return { kind: 'more' };
    const end = newline === -1 ? text.length : newline;
    if (comma !== -1 && comma < end) {
      fields.push(text.slice(i, comma));
      i = comma + 1;
      continue;
    }
    const fieldEnd = end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    fields.push(text.slice(i, fieldEnd));
    return { kind: 'record', fields, next: end + 1, lines };
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
