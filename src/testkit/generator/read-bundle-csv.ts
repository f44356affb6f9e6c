import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/** A generated CSV file as tests see it: its header and its rows keyed by column. */
export interface ParsedCsv {
  header: string[];
  rows: Record<string, string>[];
}

/** Reads one CSV file of a bundle folder (tests only: the whole file goes into memory). */
export function readBundleCsv(dir: string, name: string): ParsedCsv {
  const records = parse(readFileSync(path.join(dir, name)), {
    bom: true,
    relax_column_count: false,
  }) as string[][];
  const [header = [], ...lines] = records;
  return {
    header,
    rows: lines.map((fields) => Object.fromEntries(header.map((column, i) => [column, fields[i] ?? '']))),
  };
}

/** Splits a OneRoster list field ("a,b"). */
export function splitIds(value: string | undefined): string[] {
  return value ? value.split(',').filter((id) => id !== '') : [];
}
