import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteCsvField } from '../../csv/quote-csv-field.ts';
import { openCsvFile } from './csv-writer.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-csv-writer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('openCsvFile', () => {
  it('quotes what needs quoting and reads back byte-exact values', async () => {
    const file = path.join(root, 'quoted.csv');
    const csv = await openCsvFile(file, ['id', 'name', 'list']);
    const rows = [
      ['0001', 'Robert "Bobby"', 'a,b'],
      ['0002', "O'Brien", ''],
      ['0003', 'Nguyễn', 'line\r\nbreak'],
      ['0004', ' spaced ', 'plain'],
    ];
    for (const row of rows) csv.row(row);
    csv.line(`0005,${quoteCsvField('Smith-Jones')},${quoteCsvField('x,y')}`);
    expect(await csv.close()).toEqual({ rows: 5, bytes: readFileSync(file).length });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"Robert ""Bobby"""');
    expect(text).toContain("0002,O'Brien,\r\n");
    expect(parse(text)).toEqual([['id', 'name', 'list'], ...rows, ['0005', 'Smith-Jones', 'x,y']]);
  });

  it('writes large files in blocks without losing rows', async () => {
    const file = path.join(root, 'large.csv');
    const csv = await openCsvFile(file, ['n', 'text']);
    for (let i = 0; i < 50_000; i++) {
      csv.plainRow([String(i), 'é'.repeat(i % 50)]);
      if (i % 1000 === 0) await csv.flush();
    }
    await csv.close();
    const records = parse(readFileSync(file)) as string[][];
    expect(records).toHaveLength(50_001);
    expect(records[49_999]).toEqual(['49998', 'é'.repeat(49_998 % 50)]);
  });
});
