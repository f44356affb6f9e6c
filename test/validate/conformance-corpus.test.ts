import { afterAll, describe, expect, it } from 'vitest';
import { BundleFolder, toCsv } from '../support/bundle-builder.ts';
import {
  conformantBundle11,
  conformantBundle12,
  judgeBundle,
  type TestBundle,
} from '../support/conformant-bundle.ts';
import { renameColumn, rowOf, tableOf } from '../support/corpus-edits.ts';

/**
 * The validator's conformance corpus: a fully conformant bundle of each version, then one broken
 * bundle per rule, grouped like the 1EdTech conformance groups (this file: headers and rows;
 * conformance-values, -references and -manifest hold the others). Each test asserts every
 * finding at both levels (code, severity, file, line, column, value), so a rule that starts
 * firing where it should not fails too.
 */

const folder = new BundleFolder();
afterAll(() => folder.cleanup());
const judge = (bundle: TestBundle) => judgeBundle(folder, bundle);

describe('the conformant bundle', () => {
  it('OneRoster 1.1: no finding at either level', async () => {
    const found = await judge(conformantBundle11());
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([]);
  });

  it('OneRoster 1.2 (users.csv with the 1.2 columns, roles.csv): no finding at either level', async () => {
    const found = await judge(conformantBundle12());
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([]);
  });
});

describe('headers', () => {
  it('a column the sync needs is missing: HEADER_MISSING at both levels', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    users.header = users.header.filter((name) => name !== 'role');
    const found = await judge(bundle);
    const missing = { severity: 'error', code: 'HEADER_MISSING', file: 'users.csv', line: 1, column: 'role' };
    expect(found.accept).toEqual([missing]);
    expect(found.conformance).toEqual([missing]);
    expect(found.full.accept[0]!.message).toContain('which the sync needs');
  });

  it('a column only the binding requires is missing: HEADER_MISSING at conformance only', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    users.header = users.header.filter((name) => name !== 'username');
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'HEADER_MISSING', file: 'users.csv', line: 1, column: 'username' },
    ]);
  });

  it('an optional column the sync does not read is missing: HEADER_INCOMPLETE at conformance only', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    users.header = users.header.filter((name) => name !== 'password');
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'HEADER_INCOMPLETE', file: 'users.csv', line: 1, column: 'password' },
    ]);
  });

  it('an optional column the sync reads is missing: a warning at accept, HEADER_INCOMPLETE at conformance', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    users.header = users.header.filter((name) => name !== 'middleName');
    const found = await judge(bundle);
    expect(found.accept).toEqual([
      {
        severity: 'warning',
        code: 'HEADER_OPTIONAL_MISSING',
        file: 'users.csv',
        line: 1,
        column: 'middleName',
      },
    ]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'HEADER_INCOMPLETE', file: 'users.csv', line: 1, column: 'middleName' },
    ]);
  });

  it('a misspelt column is named with the column it probably means', async () => {
    const bundle = conformantBundle11();
    renameColumn(tableOf(bundle, 'users.csv'), 'orgSourcedIds', 'orgSourceIds');
    const found = await judge(bundle);
    const expected = [
      { severity: 'warning', code: 'HEADER_MISSPELT', file: 'users.csv', line: 1, column: 'orgSourceIds' },
      { severity: 'error', code: 'HEADER_MISSING', file: 'users.csv', line: 1, column: 'orgSourcedIds' },
    ];
    expect(found.accept).toEqual(expected);
    expect(found.conformance).toEqual(expected);
    expect(found.full.accept[0]!.message).toContain('did you mean "orgSourcedIds"?');
    expect(found.full.accept[1]!.message).toContain('(the header has "orgSourceIds")');
  });

  it('a misspelt sourcedId makes the file unusable without calling every reference to it dangling', async () => {
    const bundle = conformantBundle11();
    renameColumn(tableOf(bundle, 'users.csv'), 'sourcedId', 'sourceId');
    const found = await judge(bundle);
    const expected = [
      { severity: 'warning', code: 'HEADER_MISSPELT', file: 'users.csv', line: 1, column: 'sourceId' },
      { severity: 'error', code: 'HEADER_MISSING', file: 'users.csv', line: 1, column: 'sourcedId' },
    ];
    expect(found.accept).toEqual(expected);
    expect(found.conformance).toEqual(expected);
  });

  it('header case and surrounding spaces: HEADER_CASE at conformance only', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    renameColumn(users, 'givenName', 'GivenName');
    renameColumn(users, 'familyName', ' familyName');
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'warning',
        code: 'HEADER_CASE',
        file: 'users.csv',
        line: 1,
        column: 'givenName',
        value: 'GivenName',
      },
      {
        severity: 'warning',
        code: 'HEADER_CASE',
        file: 'users.csv',
        line: 1,
        column: 'familyName',
        value: ' familyName',
      },
    ]);
  });

  it('scrambled column order: HEADER_ORDER at conformance only, naming the standard order', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    const given = users.header.indexOf('givenName');
    users.header.splice(given, 2, 'familyName', 'givenName');
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'HEADER_ORDER', file: 'users.csv', line: 1, column: 'familyName' },
    ]);
    expect(found.full.conformance[0]!.message).toContain(
      'The order is sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,',
    );
  });

  it('a column named twice: HEADER_DUPLICATE at both levels', async () => {
    const bundle = conformantBundle11();
    const users = tableOf(bundle, 'users.csv');
    const text = toCsv([...users.header, 'email'], users.rows);
    const found = await judge({ ...bundle, 'users.csv': text });
    const duplicate = {
      severity: 'warning',
      code: 'HEADER_DUPLICATE',
      file: 'users.csv',
      line: 1,
      column: 'email',
    };
    expect(found.accept).toEqual([duplicate]);
    expect(found.conformance).toEqual([duplicate]);
  });

  it('a byte order mark: FILE_BOM at conformance only, nothing at accept', async () => {
    const bundle = conformantBundle11();
    const orgs = tableOf(bundle, 'orgs.csv');
    const found = await judge({ ...bundle, 'orgs.csv': `\uFEFF${toCsv(orgs.header, orgs.rows)}` });
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([{ severity: 'info', code: 'FILE_BOM', file: 'orgs.csv' }]);
  });
});

describe('rows', () => {
  it('a row with more fields than the header: ROW_COLUMN_COUNT on its line', async () => {
    const bundle = conformantBundle11();
    const orgs = tableOf(bundle, 'orgs.csv');
    const text = `${toCsv(orgs.header, orgs.rows)}0099,,,Annex,school,,D1,extra\r\n`;
    const found = await judge({ ...bundle, 'orgs.csv': text });
    const count = { severity: 'error', code: 'ROW_COLUMN_COUNT', file: 'orgs.csv', line: 5 };
    expect(found.accept).toEqual([count]);
    expect(found.conformance).toEqual([count]);
  });

  it('an unbalanced quote: ROW_MALFORMED on its line, the rows after it still read', async () => {
    const bundle = conformantBundle11();
    const orgs = tableOf(bundle, 'orgs.csv');
    const text = toCsv(orgs.header, orgs.rows).replace('Lincoln Elementary', '"Lincoln Elementary');
    const found = await judge({ ...bundle, 'orgs.csv': text });
    // 0042 stays a known org (its id is readable) and 0077 on the next line is read: no dangling school.
    const malformed = { severity: 'error', code: 'ROW_MALFORMED', file: 'orgs.csv', line: 3 };
    expect(found.accept).toEqual([malformed]);
    expect(found.conformance).toEqual([malformed]);
  });

  it('a value with a line break: ROW_EMBEDDED_NEWLINE at conformance; later lines keep their physical numbers', async () => {
    const bundle = conformantBundle11();
    rowOf(bundle, 'classes.csv', 'C2').row.location = 'Room 12\nBuilding B';
    rowOf(bundle, 'classes.csv', 'C3').row.classType = 'lab';
    const found = await judge(bundle);
    const badType = {
      severity: 'error',
      code: 'VALUE_ENUM',
      file: 'classes.csv',
      line: 5,
      column: 'classType',
      value: 'lab',
    };
    expect(found.accept).toEqual([badType]);
    expect(found.conformance).toEqual([
      { severity: 'warning', code: 'ROW_EMBEDDED_NEWLINE', file: 'classes.csv', line: 3 },
      badType,
    ]);
  });

  it('an empty sourcedId: ID_MISSING', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'users.csv', 'A1');
    row.sourcedId = '';
    const found = await judge(bundle);
    const missing = { severity: 'error', code: 'ID_MISSING', file: 'users.csv', line, column: 'sourcedId' };
    expect(found.accept).toEqual([missing]);
    expect(found.conformance).toEqual([missing]);
  });

  it('a repeated sourcedId: ID_DUPLICATE on the second row', async () => {
    const bundle = conformantBundle11();
    tableOf(bundle, 'orgs.csv').rows.push({ sourcedId: '0077', name: 'Roosevelt Annex', type: 'school' });
    const found = await judge(bundle);
    const duplicate = {
      severity: 'error',
      code: 'ID_DUPLICATE',
      file: 'orgs.csv',
      line: 5,
      column: 'sourcedId',
      value: '0077',
    };
    expect(found.accept).toEqual([duplicate]);
    expect(found.conformance).toEqual([duplicate]);
  });

  it('an empty value the sync needs: VALUE_REQUIRED at both levels', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'users.csv', 'T2');
    row.role = '';
    const found = await judge(bundle);
    const required = { severity: 'error', code: 'VALUE_REQUIRED', file: 'users.csv', line, column: 'role' };
    expect(found.accept).toEqual([required]);
    expect(found.conformance).toEqual([required]);
  });

  it('an empty value only the binding requires: VALUE_REQUIRED at conformance only', async () => {
    const bundle = conformantBundle11();
    const user = rowOf(bundle, 'users.csv', 'P4');
    user.row.username = '';
    const klass = rowOf(bundle, 'classes.csv', 'C1');
    klass.row.title = '';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'VALUE_REQUIRED', file: 'classes.csv', line: klass.line, column: 'title' },
      { severity: 'error', code: 'VALUE_REQUIRED', file: 'users.csv', line: user.line, column: 'username' },
    ]);
  });
});
