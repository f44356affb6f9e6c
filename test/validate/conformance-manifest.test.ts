import { afterAll, describe, expect, it } from 'vitest';
import { BundleFolder } from '../support/bundle-builder.ts';
import {
  conformantBundle11,
  conformantBundle12,
  judgeBundle,
  type TestBundle,
} from '../support/conformant-bundle.ts';
import { makeDelta, rowOf, setManifest, tableOf } from '../support/corpus-edits.ts';

/**
 * Conformance corpus (see conformance-corpus.test.ts): manifest.csv, versions and delta files.
 */

const folder = new BundleFolder();
afterAll(() => folder.cleanup());
const judge = (bundle: TestBundle) => judgeBundle(folder, bundle);

describe('manifest', () => {
  it('a file declared bulk that the bundle lacks: MANIFEST_FILE_ABSENT', async () => {
    const bundle = conformantBundle11();
    const line = setManifest(bundle, 'file.demographics', 'bulk');
    const found = await judge(bundle);
    const absent = {
      severity: 'error',
      code: 'MANIFEST_FILE_ABSENT',
      file: 'manifest.csv',
      line,
      column: 'value',
      value: 'bulk',
    };
    expect(found.accept).toEqual([absent]);
    expect(found.conformance).toEqual([absent]);
    expect(found.full.accept[0]!.message).toBe(
      'manifest.csv says demographics.csv is sent (bulk), but the bundle has no demographics.csv.',
    );
  });

  it('a file present but declared absent: MANIFEST_FILE_UNDECLARED, the file read as bulk', async () => {
    const bundle = conformantBundle11();
    const line = setManifest(bundle, 'file.academicSessions', 'absent');
    const found = await judge(bundle);
    const undeclared = {
      severity: 'warning',
      code: 'MANIFEST_FILE_UNDECLARED',
      file: 'manifest.csv',
      line,
      column: 'value',
      value: 'absent',
    };
    expect(found.accept).toEqual([undeclared]);
    expect(found.conformance).toEqual([undeclared]);
    expect(found.full.accept[0]!.message).toContain('academicSessions.csv is absent');
  });

  it('no manifest.csv: a note at accept, one MANIFEST_MISSING at conformance', async () => {
    const bundle = conformantBundle11();
    delete bundle['manifest.csv'];
    const found = await judge(bundle);
    expect(found.accept).toEqual([{ severity: 'info', code: 'FILE_ABSENT', file: 'manifest.csv' }]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'MANIFEST_MISSING', file: 'manifest.csv' },
    ]);
  });

  it('no oneroster.version: the version read from the headers, MANIFEST_PROPERTY_MISSING at conformance', async () => {
    const bundle = conformantBundle11();
    const manifest = tableOf(bundle, 'manifest.csv');
    manifest.rows = manifest.rows.filter((row) => row.propertyName !== 'oneroster.version');
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'MANIFEST_PROPERTY_MISSING',
        file: 'manifest.csv',
        column: 'propertyName',
        value: 'oneroster.version',
      },
    ]);
  });

  it('an empty oneroster.version: read from the headers as the sync does, MANIFEST_PROPERTY_MISSING at conformance', async () => {
    const bundle = conformantBundle11();
    const line = setManifest(bundle, 'oneroster.version', '');
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'MANIFEST_PROPERTY_MISSING',
        file: 'manifest.csv',
        line,
        column: 'value',
        value: 'oneroster.version',
      },
    ]);
  });

  it('oneroster.version 1.0: VERSION_UNSUPPORTED, the files checked as the 1.1 they look like', async () => {
    const bundle = conformantBundle11();
    setManifest(bundle, 'oneroster.version', '1.0');
    const found = await judge(bundle);
    const unsupported = {
      severity: 'error',
      code: 'VERSION_UNSUPPORTED',
      file: 'manifest.csv',
      column: 'value',
      value: '1.0',
    };
    expect(found.accept).toEqual([unsupported]);
    expect(found.conformance).toEqual([unsupported]);
    expect(found.full.accept[0]!.message).toContain('The files look like 1.1 and are checked as such.');
  });

  it('a manifest saying 1.2 over 1.1 files: VERSION_MISMATCH, read as 1.1', async () => {
    const bundle = conformantBundle11();
    setManifest(bundle, 'oneroster.version', '1.2');
    const found = await judge(bundle);
    const mismatch = {
      severity: 'warning',
      code: 'VERSION_MISMATCH',
      file: 'manifest.csv',
      column: 'value',
      value: '1.2',
    };
    expect(found.accept).toEqual([mismatch]);
    expect(found.conformance).toEqual([mismatch]);
  });

  it('a 1.2 bundle without manifest whose users.csv has none of the optional 1.2 columns is told by roles.csv', async () => {
    const bundle = conformantBundle12();
    delete bundle['manifest.csv'];
    const users = tableOf(bundle, 'users.csv');
    const dropped = [
      'userMasterIdentifier',
      'preferredGivenName',
      'preferredMiddleName',
      'preferredFamilyName',
      'primaryOrgSourcedId',
      'pronouns',
    ];
    users.header = users.header.filter((name) => !dropped.includes(name));
    const found = await judge(bundle);
    expect(found.accept).toEqual([{ severity: 'info', code: 'FILE_ABSENT', file: 'manifest.csv' }]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'MANIFEST_MISSING', file: 'manifest.csv' },
      ...dropped.map((column) => ({
        severity: 'error',
        code: 'HEADER_INCOMPLETE',
        file: 'users.csv',
        line: 1,
        column,
      })),
    ]);
  });
});

describe('delta files', () => {
  it('a delta row with no status: VALUE_REQUIRED at both levels', async () => {
    const bundle = conformantBundle11();
    makeDelta(bundle, 'users.csv');
    const { row, line } = rowOf(bundle, 'users.csv', '000104');
    row.status = '';
    const found = await judge(bundle);
    const required = { severity: 'error', code: 'VALUE_REQUIRED', file: 'users.csv', line, column: 'status' };
    expect(found.accept).toEqual([required]);
    expect(found.conformance).toEqual([required]);
  });

  it('a delta row with no dateLastModified: VALUE_REQUIRED at conformance only', async () => {
    const bundle = conformantBundle11();
    makeDelta(bundle, 'users.csv');
    const { row, line } = rowOf(bundle, 'users.csv', '000104');
    row.dateLastModified = '';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'VALUE_REQUIRED', file: 'users.csv', line, column: 'dateLastModified' },
    ]);
  });

  it('status inactive (OneRoster 1.0): STATUS_INACTIVE_LEGACY, read as tobedeleted', async () => {
    const bundle = conformantBundle11();
    makeDelta(bundle, 'users.csv');
    rowOf(bundle, 'users.csv', '000103').row.status = 'tobedeleted';
    const { row, line } = rowOf(bundle, 'users.csv', '000104');
    row.status = 'inactive';
    const found = await judge(bundle);
    const legacy = {
      severity: 'warning',
      code: 'STATUS_INACTIVE_LEGACY',
      file: 'users.csv',
      line,
      column: 'status',
      value: 'inactive',
    };
    expect(found.accept).toEqual([legacy]);
    expect(found.conformance).toEqual([legacy]);
  });

  it('status values in a bulk file: BULK_DELTA_FIELD once per file and column, at conformance only', async () => {
    const bundle = conformantBundle11();
    const first = rowOf(bundle, 'users.csv', '000103');
    first.row.status = 'active';
    rowOf(bundle, 'users.csv', '000104').row.status = 'tobedeleted';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'BULK_DELTA_FIELD', file: 'users.csv', line: first.line, column: 'status' },
    ]);
  });

  it('a reference to a record the delta does not carry is no error: it may be in the directory already', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv').rows;
    // Only two users changed; enrollments (bulk) and the agents still name all the others.
    makeDelta(
      bundle,
      'users.csv',
      users.filter((user) => user.sourcedId === '000101' || user.sourcedId === 'P2'),
    );
    makeDelta(bundle, 'enrollments.csv');
    rowOf(bundle, 'enrollments.csv', 'E3').row.userSourcedId = '000999';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([]);
  });
});
