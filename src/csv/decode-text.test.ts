import { describe, expect, it } from 'vitest';
import { decodeText, NotTextError, Utf16Error, type TextEncoding } from './decode-text.ts';
import { readCsvRows, type CsvEntry } from './read-csv-rows.ts';

async function* chunked(bytes: Buffer, chunkSize: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

interface Decoded {
  text: string;
  encodings: [TextEncoding, boolean][];
}

async function decode(bytes: Buffer, chunkSize = 4096): Promise<Decoded> {
  const encodings: [TextEncoding, boolean][] = [];
  let text = '';
  for await (const part of decodeText(chunked(bytes, chunkSize), {
    onEncoding: (encoding, hasBom) => encodings.push([encoding, hasBom]),
  })) {
    text += part;
  }
  return { text, encodings };
}

async function decodeError(bytes: Buffer): Promise<unknown> {
  return decode(bytes).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM, dropping the BOM', async () => {
    const text = 'givenName\nZoë\n';
    expect(await decode(Buffer.from(text))).toEqual({ text, encodings: [['utf-8', false]] });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(await decode(withBom)).toEqual({ text, encodings: [['utf-8', true]] });
  });

  it('reads plain ASCII as UTF-8', async () => {
    expect((await decode(Buffer.from('a,b\n1,2\n'))).encodings).toEqual([['utf-8', false]]);
  });

  it('calls a file ISO-8859-1 when it has no bytes 0x80–0x9F, and decodes its accents', async () => {
    const text = 'givenName,familyName\nZoë,García\nFrançois,Müller\n';
    expect(await decode(Buffer.from(text, 'latin1'))).toEqual({ text, encodings: [['iso-8859-1', false]] });
  });

  it('calls a file Windows-1252 when it holds bytes only Windows-1252 prints', async () => {
    // 0x93/0x94 are curly quotes and 0x80 is € in Windows-1252, control codes in ISO-8859-1.
    const bytes = Buffer.concat([
      Buffer.from('name,note\n', 'latin1'),
      Buffer.from([0x5a, 0x6f, 0xeb, 0x2c, 0x93, 0x68, 0x69, 0x94, 0x20, 0x80, 0x35, 0x0a]),
    ]);
    expect(await decode(bytes)).toEqual({
      text: 'name,note\nZoë,“hi” €5\n',
      encodings: [['windows-1252', false]],
    });
  });

  it('decides the encoding from the first 64 KiB even when they come in small chunks', async () => {
    const bytes = Buffer.from(`${'a,b\n'.repeat(20_000)}Zoë,García\n`, 'latin1');
    const { text, encodings } = await decode(bytes, 1000);
    // The sample is valid UTF-8 (ASCII): the later Latin-1 bytes become U+FFFD, never mojibake.
    expect(encodings).toEqual([['utf-8', false]]);
    expect(text.endsWith('Zo\ufffd,Garc\ufffda\n')).toBe(true);
  });

  it('refuses UTF-16 with a BOM, little- and big-endian', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(await decodeError(le)).toBeInstanceOf(Utf16Error);
    expect(await decodeError(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBeInstanceOf(Utf16Error);
  });

  it('refuses UTF-16 without a BOM as UTF-16, not as binary', async () => {
    const le = Buffer.from('sourcedId,givenName\nu1,Zoë\n', 'utf16le');
    expect(await decodeError(le)).toBeInstanceOf(Utf16Error);
    expect(await decodeError(Buffer.from(le).swap16())).toBeInstanceOf(Utf16Error);
  });

  it('refuses an .xlsx workbook renamed to .csv', async () => {
    const xlsx = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(100, 7)]);
    const error = await decodeError(xlsx);
    expect(error).toBeInstanceOf(NotTextError);
    expect(error).toMatchObject({ code: 'FILE_NOT_TEXT', message: expect.stringContaining('(.xlsx)') });
  });

  it('refuses text in an encoding it cannot tell (GBK), instead of garbling it as Windows-1252', async () => {
    // 张伟 in GBK: D5 C5 CE B0; 0x81 and 0x90 occur in many GBK names and are undefined in 1252.
    const gbk = Buffer.concat([
      Buffer.from('sourcedId,givenName\r\n1,', 'latin1'),
      Buffer.from([0xd5, 0xc5, 0x81, 0x90]),
      Buffer.from('\r\n', 'latin1'),
    ]);
    expect(await decodeError(gbk)).toMatchObject({
      code: 'FILE_NOT_TEXT',
      message: expect.stringContaining('other than UTF-8'),
    });
  });

  it('refuses an old .xls workbook renamed to .csv', async () => {
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(100, 1),
    ]);
    expect(await decodeError(xls)).toMatchObject({ message: expect.stringContaining('(.xls)') });
  });

  it('refuses any other file holding NUL bytes as binary', async () => {
    const binary = Buffer.from([
      0x25, 0x50, 0x44, 0x46, 0x00, 0x00, 0x01, 0x02, 0x00, 0x03, 0x00, 0x00, 0x7f,
    ]);
    const error = await decodeError(binary);
    expect(error).toBeInstanceOf(NotTextError);
    expect((error as Error).message).toContain('binary file');
  });
});

describe('decodeText with readCsvRows', () => {
  it('reports an invalid UTF-8 byte past the sniffed 64 KiB as an undecodable row on its line', async () => {
    const header = 'sourcedId,givenName\n';
    const rows = Array.from({ length: 10_000 }, (_, i) => `u${i},Zoë\n`).join('');
    const bytes = Buffer.concat([
      Buffer.from(header + rows),
      Buffer.from('u-bad,Jos'),
      Buffer.from([0xe9]), // é in Latin-1: not valid UTF-8
      Buffer.from('\nu-after,Zoë\n'),
    ]);
    expect(Buffer.from(header + rows).length).toBeGreaterThan(64 * 1024);
    const entries: CsvEntry[] = [];
    const encodings: TextEncoding[] = [];
    const text = decodeText(chunked(bytes, 8192), { onEncoding: (encoding) => encodings.push(encoding) });
    for await (const batch of readCsvRows(text)) entries.push(...batch);
    expect(encodings).toEqual(['utf-8']);
    expect(entries.filter((entry) => entry.kind !== 'row')).toEqual([
      { kind: 'undecodable', line: 10_002, firstField: 'u-bad', message: expect.any(String) },
    ]);
    expect(entries.at(-1)).toEqual({ kind: 'row', line: 10_003, fields: ['u-after', 'Zoë'] });
  });
});
