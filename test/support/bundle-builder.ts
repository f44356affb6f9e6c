import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { quoteCsvField } from '../../src/csv/quote-csv-field.ts';
import { sharedHeaders } from '../../src/testkit/generator/oneroster-rows.ts';
import { usersHeader11 } from '../../src/testkit/generator/write-oneroster-11.ts';

export type CsvRows = Record<string, string>[];

/** Column orders of the OneRoster 1.1 files the tests write: the generator's, which follow the binding. */
export const headers = {
  'orgs.csv': sharedHeaders.orgs,
  'users.csv': usersHeader11,
  'classes.csv': sharedHeaders.classes,
  'enrollments.csv': sharedHeaders.enrollments,
} as const;

/** Files of a bundle: rows (written under the standard header) or raw text. */
export type BundleFiles = Record<string, CsvRows | string | undefined>;

/** Renders rows under a header; missing values are empty. */
export function toCsv(header: readonly string[], rows: CsvRows): string {
  return [header, ...rows.map((row) => header.map((column) => row[column] ?? ''))]
    .map((fields) => fields.map(quoteCsvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** A folder of test bundles, removed with `cleanup()`. */
export class BundleFolder {
  readonly root = mkdtempSync(path.join(tmpdir(), 'rostersync-test-'));
  private count = 0;

  /** Writes a bundle; rows go under the standard header, strings are written as they are. */
  write(files: BundleFiles): string {
    const dir = path.join(this.root, `bundle-${++this.count}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      if (content === undefined) continue;
      const header = headers[name as keyof typeof headers];
      const text =
        typeof content === 'string' ? content : toCsv(header ?? Object.keys(content[0] ?? {}), content);
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
