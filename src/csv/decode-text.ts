import { TextDecoder } from 'node:util';

/** Text encodings a bundle file may arrive in. */
export type TextEncoding = 'utf-8' | 'windows-1252';

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
 * UTF-16 is refused with its own error: it needs an explicit conversion by the sender.
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

function chooseDecoder(start: Buffer, isWholeFile: boolean, events: DecodeEvents): TextDecoder {
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff)) {
    throw new Utf16Error();
  }
  const hasBom = start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf;
  const encoding: TextEncoding = hasBom || isValidUtf8(start, isWholeFile) ? 'utf-8' : 'windows-1252';
  events.onEncoding(encoding, hasBom);
  // The decoder drops a leading UTF-8 BOM itself.
  return new TextDecoder(encoding);
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
