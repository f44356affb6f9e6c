import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { BundleFolder, toCsv } from '../support/bundle-builder.ts';
import { cliHarness } from '../support/cli-harness.ts';
import {
  conformantBundle11,
  judgeBundle,
  writeTestBundle,
  type TestBundle,
} from '../support/conformant-bundle.ts';
import { rowOf, tableOf } from '../support/corpus-edits.ts';

/**
 * `rostersync validate`: exit codes, JSON and CSV output, and passwords kept out of all of them.
 */

const folder = new BundleFolder();
afterAll(() => folder.cleanup());
const judge = (bundle: TestBundle) => judgeBundle(folder, bundle);

/** `rostersync validate` needs no database: a store it touched would fail. */
const cli = cliHarness({} as Store);

describe('passwords', () => {
  const secret = 'Tr0ub4dor-SECRET';

  /** users.csv with the secret in the password of rows that break in every way a row can. */
  function bundleWithPasswords(): TestBundle {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    for (const row of users.rows) row.password = secret;
    rowOf(bundle, 'users.csv', '000103').row.password = `${secret}\nsecond line`;
    rowOf(bundle, 'users.csv', '000104').row.role = 'janitor';
    rowOf(bundle, 'users.csv', '000201').row.sourcedId = '000202';
    const text = toCsv(users.header, users.rows)
      .replace(`${secret}\r\nT1,`, `"${secret}"x\r\nT1,`)
      .replace(`${secret}\r\nT2,`, `${secret},${secret}\r\nT2,`);
    return { ...bundle, 'users.csv': text };
  }

  it('never appear in a finding, whatever is wrong with their rows', async () => {
    const found = await judge(bundleWithPasswords());
    expect(found.conformance.map((finding) => finding.code)).toEqual(
      expect.arrayContaining([
        'ROW_MALFORMED',
        'ROW_COLUMN_COUNT',
        'ROW_EMBEDDED_NEWLINE',
        'ID_DUPLICATE',
        'ROLE_UNKNOWN',
      ]),
    );
    expect(JSON.stringify(found.full)).not.toContain('SECRET');
  });

  it('never appear in the CLI output or its report', async () => {
    const dir = writeTestBundle(folder, bundleWithPasswords());
    const report = path.join(folder.root, 'passwords-report.csv');
    const result = await cli('--json', 'validate', dir, '--level', 'conformance', '--report', report);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('SECRET');
    expect(readFileSync(report, 'utf8')).not.toContain('SECRET');
  });
});

describe('rostersync validate', () => {
  it('exits 0 with warnings only, printing the findings as JSON', async () => {
    const bundle = conformantBundle11();
    rowOf(bundle, 'classes.csv', 'C2').row.classType = 'Scheduled';
    const dir = writeTestBundle(folder, bundle);
    const result = await cli('validate', dir, '--level', 'conformance', '--json');
    expect(result.code).toBe(0);
    const output = result.json<{ version: string; findings: Record<string, unknown>[] }>();
    expect(output.version).toBe('1.1');
    expect(output.findings).toEqual([
      {
        severity: 'warning',
        code: 'VALUE_CASE',
        file: 'classes.csv',
        line: 3,
        column: 'classType',
        value: 'Scheduled',
        message: 'classType "Scheduled" is not spelt "scheduled" (OneRoster values are case-sensitive).',
      },
    ]);
  });

  it('prints null for what a finding does not have', async () => {
    const bundle = conformantBundle11();
    delete bundle['manifest.csv'];
    const result = await cli('--json', 'validate', writeTestBundle(folder, bundle));
    expect(result.code).toBe(0);
    expect(result.json<{ findings: unknown[] }>().findings).toEqual([
      {
        severity: 'info',
        code: 'FILE_ABSENT',
        file: 'manifest.csv',
        line: null,
        column: null,
        value: null,
        message: 'The bundle has no manifest.csv; that is allowed.',
      },
    ]);
  });

  it('exits 1 with an error, and at accept level by default', async () => {
    const bundle = conformantBundle11();
    rowOf(bundle, 'classes.csv', 'C2').row.classType = 'lab';
    const dir = writeTestBundle(folder, bundle);
    const result = await cli('--json', 'validate', dir);
    expect(result.code).toBe(1);
    expect(result.json<{ findings: { code: string }[] }>().findings.map((finding) => finding.code)).toEqual([
      'VALUE_ENUM',
    ]);
    // The same bundle at conformance, as text: one line per finding, then the count.
    const text = await cli('validate', dir, '--level', 'conformance');
    expect(text.code).toBe(1);
    expect(text.stdout).toBe(
      'error   VALUE_ENUM classes.csv:3:classType: classType "lab" is not one of homeroom, scheduled.\n' +
        'OneRoster 1.1, conformance level: 1 error, 0 warnings.\n',
    );
  });

  it('exits 1 for a bundle that is not there', async () => {
    const result = await cli('--json', 'validate', path.join(folder.root, 'nowhere'));
    expect(result.code).toBe(1);
    expect(result.json<{ version: unknown; findings: { code: string }[] }>()).toMatchObject({
      version: null,
      findings: [{ code: 'BUNDLE_NOT_FOUND' }],
    });
  });

  it('--report writes the findings as CSV', async () => {
    const bundle = conformantBundle11();
    rowOf(bundle, 'classes.csv', 'C2').row.classType = 'lab';
    const report = path.join(folder.root, 'report.csv');
    const result = await cli('validate', writeTestBundle(folder, bundle), '--report', report);
    expect(result.code).toBe(1);
    expect(readFileSync(report, 'utf8')).toBe(
      'severity,code,entity,sisId,file,line,column,value,message\r\n' +
        'error,VALUE_ENUM,,,classes.csv,3,classType,lab,"classType ""lab"" is not one of homeroom, scheduled."\r\n',
    );
  });
});
