import { describe, expect, it } from 'vitest';
import { readCsvRows, type CsvProblem } from './read-csv-rows.ts';

interface Read {
  rows: { line: number; fields: string[] }[];
  problems: CsvProblem[];
}

async function read(text: string, chunkSize = 7): Promise<Read> {
  const chunks = async function* () {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  };
  const result: Read = { rows: [], problems: [] };
  for await (const batch of readCsvRows(chunks())) {
    for (const entry of batch) {
      if (entry.kind === 'row') result.rows.push({ line: entry.line, fields: entry.fields });
      else result.problems.push(entry);
    }
  }
  return result;
}

describe('readCsvRows', () => {
  it('reads plain, quoted and CRLF records with their line numbers', async () => {
    const { rows, problems } = await read('a,b,c\r\n1,"x,y",3\r\n\r\n4,"say ""hi""",6\n7,8,9');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x,y', '3'] },
      { line: 4, fields: ['4', 'say "hi"', '6'] },
      { line: 5, fields: ['7', '8', '9'] },
    ]);
  });

  it('keeps a quoted field that spans lines when the record has the header’s width', async () => {
    const { rows, problems } = await read('a,b,c\n1,"line one\r\nline two",3\n4,5,6\n');
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'line one\r\nline two', '3']],
      [4, ['4', '5', '6']],
    ]);
  });

  it('loses only the line of an unclosed quote and reads on', async () => {
    const { rows, problems } = await read('a,b,c\n1,"bad,3\n4,5,6\n7,8,9\n');
    expect(problems).toEqual([
      { line: 2, kind: 'malformed', firstField: '1', message: expect.stringContaining('quote') },
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 3, 4]);
  });

  it('reports an unclosed quote on the last line', async () => {
    const { rows, problems } = await read('a,b\n1,"open\n');
    expect(rows.map((r) => r.line)).toEqual([1]);
    expect(problems.map((p) => p.line)).toEqual([2]);
  });

  it('reports text after a closing quote, and gives no id for a line that starts quoted', async () => {
    const { rows, problems } = await read('a,b\n"x"y,2\n3,4\n');
    expect(problems.map((p) => [p.line, p.kind, p.firstField])).toEqual([[2, 'malformed', null]]);
    expect(rows.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['3', '4'],
    ]);
  });

  it('keeps a quote inside an unquoted field as text', async () => {
    const { rows } = await read('a,b\nO"Brien,2\n');
    expect(rows[1]?.fields).toEqual(['O"Brien', '2']);
  });

  it('keeps fields byte-exact: leading zeros, inner spaces, empty fields', async () => {
    const { rows } = await read('id,name,x\n00042, Ann  Lee ,\n');
    expect(rows[1]?.fields).toEqual(['00042', ' Ann  Lee ', '']);
  });

  it('reports problems in file order with the rows', async () => {
    const chunks = async function* () {
      yield 'a,b\n"x,1\n2,3\n';
    };
    const order: string[] = [];
    for await (const batch of readCsvRows(chunks()))
      order.push(...batch.map((entry) => `${entry.kind}@${entry.line}`));
    expect(order).toEqual(['row@1', 'malformed@2', 'row@3']);
  });

  it('reports rows holding undecodable bytes', async () => {
    const { rows, problems } = await read('a,b\nJos\ufffd,1\nok,2\n');
    expect(problems).toEqual([
      { line: 2, kind: 'undecodable', firstField: null, message: expect.any(String) },
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
  });

  it('reads the same records whatever the chunk size', async () => {
    const text = 'a,b,c\r\n1,"x\r\ny",3\r\n"q""",,\r\n4,5,6';
    const expected = (await read(text, 1000)).rows;
    for (const size of [1, 2, 3, 5, 11]) expect((await read(text, size)).rows).toEqual(expected);
  });
});
