import { afterAll, describe, expect, it } from 'vitest';
import { BundleFolder } from '../support/bundle-builder.ts';
import {
  conformantBundle11,
  conformantBundle12,
  judgeBundle,
  type TestBundle,
} from '../support/conformant-bundle.ts';
import { makeDelta, rowOf } from '../support/corpus-edits.ts';

/**
 * Conformance corpus (see conformance-corpus.test.ts): value types and role vocabularies.
 */

const folder = new BundleFolder();
afterAll(() => folder.cleanup());
const judge = (bundle: TestBundle) => judgeBundle(folder, bundle);

describe('value types', () => {
  it('a date the sync reads (enrollments endDate): VALUE_TYPE at both levels', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'enrollments.csv', 'E3');
    row.endDate = '06/15/2027';
    const found = await judge(bundle);
    const badDate = {
      severity: 'error',
      code: 'VALUE_TYPE',
      file: 'enrollments.csv',
      line,
      column: 'endDate',
      value: '06/15/2027',
    };
    expect(found.accept).toEqual([badDate]);
    expect(found.conformance).toEqual([badDate]);
    expect(found.full.accept[0]!.message).toBe('endDate "06/15/2027" is not a date of the form YYYY-MM-DD.');
  });

  it('a date that does not exist (30 February), in a column the sync does not read: conformance only', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'enrollments.csv', 'E3');
    row.beginDate = '2026-02-30';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'VALUE_TYPE',
        file: 'enrollments.csv',
        line,
        column: 'beginDate',
        value: '2026-02-30',
      },
    ]);
  });

  it('a date-time (dateLastModified of a delta): VALUE_TYPE at conformance only', async () => {
    const bundle = conformantBundle11();
    makeDelta(bundle, 'users.csv');
    const { row, line } = rowOf(bundle, 'users.csv', '000102');
    row.dateLastModified = 'yesterday';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'VALUE_TYPE',
        file: 'users.csv',
        line,
        column: 'dateLastModified',
        value: 'yesterday',
      },
    ]);
  });

  it('a boolean: VALUE_ENUM for yes, VALUE_CASE for TRUE (conformance only when the sync does not read it)', async () => {
    const bundle = conformantBundle11();
    const ava = rowOf(bundle, 'users.csv', '000101');
    ava.row.enabledUser = 'yes';
    const liam = rowOf(bundle, 'users.csv', '000102');
    liam.row.enabledUser = 'TRUE';
    const enrollment = rowOf(bundle, 'enrollments.csv', 'E1');
    enrollment.row.primary = 'Y';
    const found = await judge(bundle);
    const badPrimary = {
      severity: 'error',
      code: 'VALUE_ENUM',
      file: 'enrollments.csv',
      line: enrollment.line,
      column: 'primary',
      value: 'Y',
    };
    expect(found.accept).toEqual([badPrimary]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'VALUE_ENUM',
        file: 'users.csv',
        line: ava.line,
        column: 'enabledUser',
        value: 'yes',
      },
      {
        severity: 'warning',
        code: 'VALUE_CASE',
        file: 'users.csv',
        line: liam.line,
        column: 'enabledUser',
        value: 'TRUE',
      },
      badPrimary,
    ]);
    expect(found.full.conformance[1]!.message).toContain('spelt "true"');
  });

  it('a year: VALUE_TYPE at conformance only', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'academicSessions.csv', 'Y2027');
    row.schoolYear = '2026-27';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'VALUE_TYPE',
        file: 'academicSessions.csv',
        line,
        column: 'schoolYear',
        value: '2026-27',
      },
    ]);
  });

  it('an enum in other case: VALUE_CASE with the right spelling at conformance, silent at accept', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'classes.csv', 'C2');
    row.classType = 'Scheduled';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'warning',
        code: 'VALUE_CASE',
        file: 'classes.csv',
        line,
        column: 'classType',
        value: 'Scheduled',
      },
    ]);
    expect(found.full.conformance[0]!.message).toBe(
      'classType "Scheduled" is not spelt "scheduled" (OneRoster values are case-sensitive).',
    );
  });

  it('a word the enum does not have: VALUE_ENUM listing the allowed ones', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'orgs.csv', '0077');
    row.type = 'campus';
    const found = await judge(bundle);
    const badType = {
      severity: 'error',
      code: 'VALUE_ENUM',
      file: 'orgs.csv',
      line,
      column: 'type',
      value: 'campus',
    };
    expect(found.accept).toEqual([badType]);
    expect(found.conformance).toEqual([badType]);
    expect(found.full.accept[0]!.message).toBe(
      'type "campus" is not one of department, school, district, local, state, national.',
    );
  });

  it('grades: "3" is read at accept and not CEDS at conformance; "Third" is no grade at either', async () => {
    const bundle = conformantBundle11();
    const ava = rowOf(bundle, 'users.csv', '000101');
    ava.row.grades = '3';
    const mia = rowOf(bundle, 'users.csv', '000201');
    mia.row.grades = 'Third';
    const found = await judge(bundle);
    const third = {
      severity: 'warning',
      code: 'GRADE_INVALID',
      file: 'users.csv',
      line: mia.line,
      column: 'grades',
      value: 'Third',
    };
    expect(found.accept).toEqual([third]);
    expect(found.conformance).toEqual([
      {
        severity: 'warning',
        code: 'GRADE_INVALID',
        file: 'users.csv',
        line: ava.line,
        column: 'grades',
        value: '3',
      },
      third,
    ]);
  });

  it('userIds not written as {type:id} pairs: VALUE_TYPE at conformance only', async () => {
    const bundle = conformantBundle11();
    rowOf(bundle, 'users.csv', '000101').row.userIds = '{LDAP:ava},{SIS:000101}';
    const { row, line } = rowOf(bundle, 'users.csv', '000102');
    row.userIds = 'LDAP:liam';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'VALUE_TYPE',
        file: 'users.csv',
        line,
        column: 'userIds',
        value: 'LDAP:liam',
      },
    ]);
  });
});

describe('role vocabulary', () => {
  it('a role nobody knows: ROLE_UNKNOWN at both levels (conformance is a superset of accept)', async () => {
    const bundle = conformantBundle11();
    const user = rowOf(bundle, 'users.csv', 'A1');
    user.row.role = 'janitor';
    const enrollment = rowOf(bundle, 'enrollments.csv', 'E2');
    enrollment.row.role = 'janitor';
    const found = await judge(bundle);
    const at = (code: string, file: string, line: number) => ({
      severity: 'error',
      code,
      file,
      line,
      column: 'role',
      value: 'janitor',
    });
    expect(found.accept).toEqual([
      at('ROLE_UNKNOWN', 'users.csv', user.line),
      at('ROLE_UNKNOWN', 'enrollments.csv', enrollment.line),
    ]);
    expect(found.conformance).toEqual(found.accept);
  });

  it('Teacher: read at accept, VALUE_CASE at conformance', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'users.csv', 'T1');
    row.role = 'Teacher';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'warning', code: 'VALUE_CASE', file: 'users.csv', line, column: 'role', value: 'Teacher' },
    ]);
  });

  it('aide in a 1.1 enrollment: read at accept, not a 1.1 enrollment role at conformance', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'enrollments.csv', 'E2');
    row.role = 'aide';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'VALUE_ENUM', file: 'enrollments.csv', line, column: 'role', value: 'aide' },
    ]);
  });

  it('OneRoster 1.2 roles.csv: janitor is ROLE_UNKNOWN at accept; administrator is read but not a 1.2 role', async () => {
    const bundle = conformantBundle12();
    const janitor = rowOf(bundle, 'roles.csv', 'R-T1-0042');
    janitor.row.role = 'janitor';
    const administrator = rowOf(bundle, 'roles.csv', 'R-A1-D1');
    administrator.row.role = 'administrator';
    const found = await judge(bundle);
    expect(found.accept).toEqual([
      {
        severity: 'error',
        code: 'ROLE_UNKNOWN',
        file: 'roles.csv',
        line: janitor.line,
        column: 'role',
        value: 'janitor',
      },
    ]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'ROLE_UNKNOWN',
        file: 'roles.csv',
        line: janitor.line,
        column: 'role',
        value: 'janitor',
      },
      {
        severity: 'error',
        code: 'VALUE_ENUM',
        file: 'roles.csv',
        line: administrator.line,
        column: 'role',
        value: 'administrator',
      },
    ]);
  });
});
