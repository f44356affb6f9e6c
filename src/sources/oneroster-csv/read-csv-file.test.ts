import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FindingLog } from '../../findings/finding-log.ts';
import { BundleCheck } from '../../validate/bundle-check.ts';
import type { BundleFile } from './open-bundle.ts';
import { usersFile } from './oneroster-files.ts';
import { readCsvFile } from './read-csv-file.ts';

const header = [...usersFile.required, ...usersFile.optional].join(',');
const user = (givenName: string, familyName: string): string =>
  `u1,s1,student,${givenName},${familyName},active,,,,,,,`;

/** The bundle check a sync reads users.csv through, at accept level. */
function checkOf(findings: FindingLog): BundleCheck {
  return new BundleCheck({
    level: 'accept',
    findings,
    version: '1.1',
    present: new Set(['users.csv']),
    modes: new Map(),
  });
}

function fileOf(bytes: Buffer): BundleFile {
  return { path: 'users.csv', size: bytes.length, open: async () => Readable.from([bytes]) };
}

async function read(bytes: Buffer): Promise<{ findings: FindingLog; names: string[]; isUsable: boolean }> {
  const findings = new FindingLog();
  const names: string[] = [];
  const result = await readCsvFile(fileOf(bytes), usersFile, checkOf(findings), {
    onRow: (fields, _line, columns) => names.push(fields[columns.givenName] ?? ''),
    onUnusableRow: () => {},
  });
  return { findings, names, isUsable: result.isUsable };
}

describe('readCsvFile: encodings', () => {
  it('names ISO-8859-1 in the warning for a Latin-1 file', async () => {
    const { findings, names } = await read(Buffer.from(`${header}\n${user('Zoë', 'Smith')}\n`, 'latin1'));
    expect(names).toEqual(['Zoë']);
    expect(findings.list()).toEqual([
      {
        severity: 'warning',
        code: 'ENCODING_WINDOWS_1252',
        file: 'users.csv',
        entity: undefined,
        message:
          'users.csv is not UTF-8; it was read as ISO-8859-1 (Latin-1). Check that accented names look right, and export UTF-8 next time.',
      },
    ]);
  });

  it('names Windows-1252 in the warning when the file holds its curly quotes', async () => {
    // Byte 0x92 is ’ in Windows-1252, an unused control code in ISO-8859-1.
    const bytes = Buffer.from(`${header}\n${user('Zoë', 'O\x92Brien')}\n`, 'latin1');
    const families: string[] = [];
    const findings = new FindingLog();
    await readCsvFile(fileOf(bytes), usersFile, checkOf(findings), {
      onRow: (fields, _line, columns) => families.push(fields[columns.familyName] ?? ''),
      onUnusableRow: () => {},
    });
    expect(families).toEqual(['O’Brien']);
    expect(findings.list().map((finding) => finding.message)).toEqual([
      'users.csv is not UTF-8; it was read as Windows-1252. Check that accented names look right, and export UTF-8 next time.',
    ]);
  });

  it('refuses a spreadsheet saved under a .csv name with FILE_NOT_TEXT', async () => {
    const xlsx = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(200, 3)]);
    const { findings, isUsable } = await read(xlsx);
    expect(isUsable).toBe(false);
    expect(findings.list()).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'FILE_NOT_TEXT',
        file: 'users.csv',
        message: expect.stringContaining('save it as "CSV UTF-8 (Comma delimited)"'),
      }),
    ]);
  });

  it('refuses a UTF-16 file with ENCODING_UTF16', async () => {
    const { findings, isUsable } = await read(Buffer.from(`${header}\n${user('Zoë', 'Smith')}\n`, 'utf16le'));
    expect(isUsable).toBe(false);
    expect(findings.list().map((finding) => finding.code)).toEqual(['ENCODING_UTF16']);
  });
});
