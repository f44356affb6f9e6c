import { TextDecoder } from 'node:util';

/**
 * Text encodings a bundle file may arrive in. `iso-8859-1` and `windows-1252` are both decoded
 * as Windows-1252; they are told apart only to name the right one to the user.
 */
export type TextEncoding = 'utf-8' | 'iso-8859-1' | 'windows-1252';

export interface DecodeEvents {
  /** Called once the encoding is known (from the BOM, or by sniffing the start of the file). */
  onEncoding(encoding: TextEncoding, hasBom: boolean): void;
}

/** How much of a file decides its encoding. */
const sniffBytes = 64 * 1024;

/**
 * Turns a file's bytes into text. UTF-8 (with or without BOM) is the norm. A file whose start
 * is not valid UTF-8 is read as Windows-1252 (the superset of ISO-8859-1 that Excel and older
 * SIS exports write), so names keep their accents instead of becoming mojibake. Bytes that are
 * invalid further into a UTF-8 file become U+FFFD, which the CSV reader reports per row.
 * UTF-16 is refused with its own error: it needs an explicit conversion by the sender. A file
 * that is not text at all (a workbook renamed to .csv) is refused with `NotTextError`.
 */
export async function* decodeText(
  chunks: AsyncIterable<Buffer>,
  events: DecodeEvents,
): AsyncGenerator<string> {
  let head: Buffer[] = [];
  let headLength = 0;
  let decoder: TextDecoder | null = null;
  for await (const chunk of chunks) {
    if (decoder) {
      yield decoder.decode(chunk, { stream: true });
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength < sniffBytes) continue;
    const start = Buffer.concat(head);
    head = [];
    decoder = chooseDecoder(start, false, events);
    yield decoder.decode(start, { stream: true });
  }
  if (!decoder) {
    const start = Buffer.concat(head);
    decoder = chooseDecoder(start, true, events);
    yield decoder.decode(start, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export class Utf16Error extends Error {
  readonly code = 'ENCODING_UTF16';
  constructor() {
    super('The file is UTF-16 encoded; save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)").');
  }
}

/** The file's bytes are not text: a spreadsheet or another binary file saved under a .csv name. */
export class NotTextError extends Error {
  readonly code = 'FILE_NOT_TEXT';
  constructor(looksLike: 'xlsx' | 'xls' | 'binary' | 'unknown-encoding') {
    const what = {
      xlsx: 'an Excel workbook (.xlsx) or another ZIP archive renamed to .csv',
      xls: 'an old Excel workbook (.xls) renamed to .csv',
      binary: 'a spreadsheet or other binary file (it holds NUL bytes)',
      'unknown-encoding':
        'text in an encoding other than UTF-8, ISO-8859-1 or Windows-1252 (it holds bytes none of them define), so it cannot be read without garbling names',
    }[looksLike];
    super(
      `The file is not CSV text: it looks like ${what}. Open it in Excel and save it as "CSV UTF-8 (Comma delimited)", or export CSV from the SIS again.`,
    );
  }
}

/** File signatures of the spreadsheets most often renamed to .csv. */
const zipMagic = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const oleMagic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** How much of the start decides whether NUL bytes are UTF-16 without a BOM. */
const utf16SniffBytes = 1024;

function chooseDecoder(start: Buffer, isWholeFile: boolean, events: DecodeEvents): TextDecoder {
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff)) {
    throw new Utf16Error();
  }
  if (start.subarray(0, 4).equals(zipMagic)) throw new NotTextError('xlsx');
  if (start.subarray(0, 4).equals(oleMagic)) throw new NotTextError('xls');
  // No CSV export holds NUL, but every UTF-16 text does, and every binary file soon does.
  if (start.includes(0)) throw looksLikeUtf16(start) ? new Utf16Error() : new NotTextError('binary');
  const hasBom = start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf;
  if (hasBom || isValidUtf8(start, isWholeFile)) {
    events.onEncoding('utf-8', hasBom);
    // The decoder drops a leading UTF-8 BOM itself.
    return new TextDecoder('utf-8');
  }
  // Bytes Windows-1252 leaves undefined are a sign of another encoding (GBK, Shift-JIS…):
  // reading such a file as Windows-1252 would put mojibake in the directory.
  if (hasUndefined1252Bytes(start)) throw new NotTextError('unknown-encoding');
  // Windows-1252 puts printable characters (€, curly quotes, œ…) where ISO-8859-1 has unused
  // control codes, so a sample without bytes 0x80–0x9F reads the same either way: it is then
  // called ISO-8859-1, the encoding such a file most likely was written in.
  events.onEncoding(hasC1Bytes(start) ? 'windows-1252' : 'iso-8859-1', false);
  return new TextDecoder('windows-1252');
}

function hasUndefined1252Bytes(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte === 0x81 || byte === 0x8d || byte === 0x8f || byte === 0x90 || byte === 0x9d) return true;
  }
  return false;
}

function hasC1Bytes(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte >= 0x80 && byte <= 0x9f) return true;
  }
  return false;
}

/**
 * UTF-16 without a BOM: Latin text has a NUL in every other byte, all on the same side
 * (odd positions for little-endian, even for big-endian). A binary file has them anywhere.
 */
function looksLikeUtf16(start: Buffer): boolean {
  const sample = start.subarray(0, utf16SniffBytes);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  }
  const pairs = Math.floor(sample.length / 2);
  return (evenNuls === 0) !== (oddNuls === 0) && Math.max(evenNuls, oddNuls) * 2 >= pairs;
}

function isValidUtf8(bytes: Buffer, isWholeFile: boolean): boolean {
  try {
    // In streaming mode a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !isWholeFile });
    return true;
  } catch {
    return false;
  }
}
