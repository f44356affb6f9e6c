import { afterAll, describe, expect, it } from 'vitest';
import { BundleFolder } from '../support/bundle-builder.ts';
import {
  conformantBundle11,
  conformantBundle12,
  judgeBundle,
  type FindingWhere,
  type TestBundle,
} from '../support/conformant-bundle.ts';
import { removeFile, rowOf, tableOf } from '../support/corpus-edits.ts';

/**
 * Conformance corpus (see conformance-corpus.test.ts): references across files and the data
 * rules of the conformance level.
 */

const folder = new BundleFolder();
afterAll(() => folder.cleanup());
const judge = (bundle: TestBundle) => judgeBundle(folder, bundle);

describe('references', () => {
  const dangling = (file: string, line: number, column: string, value: string): FindingWhere => ({
    severity: 'error',
    code: 'REFERENCE_UNKNOWN',
    file,
    line,
    column,
    value,
  });

  it('an enrollment naming a class and a user the bundle lacks', async () => {
    const bundle = conformantBundle11();
    const toClass = rowOf(bundle, 'enrollments.csv', 'E3');
    toClass.row.classSourcedId = 'C9';
    const toUser = rowOf(bundle, 'enrollments.csv', 'E4');
    toUser.row.userSourcedId = '000999';
    const found = await judge(bundle);
    const expected = [
      dangling('enrollments.csv', toClass.line, 'classSourcedId', 'C9'),
      dangling('enrollments.csv', toUser.line, 'userSourcedId', '000999'),
    ];
    expect(found.accept).toEqual(expected);
    expect(found.conformance).toEqual(expected);
    expect(found.full.accept[0]!.message).toBe('classSourcedId "C9" is not a sourcedId in classes.csv.');
  });

  it('users.orgSourcedIds naming an org the bundle lacks (one item of a list)', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'users.csv', 'T3');
    row.orgSourcedIds = '0042,0099';
    const found = await judge(bundle);
    const expected = [dangling('users.csv', line, 'orgSourcedIds', '0099')];
    expect(found.accept).toEqual(expected);
    expect(found.conformance).toEqual(expected);
  });

  it('classes naming a school, a course and a term the bundle lacks', async () => {
    const bundle = conformantBundle11();
    // A class without enrollments, so that no enrollment's school is compared with it.
    const classes = tableOf(bundle, 'classes.csv');
    classes.rows.push({
      sourcedId: 'C4',
      title: 'Art 7',
      courseSourcedId: 'K9',
      classType: 'scheduled',
      schoolSourcedId: '0099',
      termSourcedIds: 'S1,S2',
    });
    const line = classes.rows.length + 1;
    const found = await judge(bundle);
    const expected = [
      dangling('classes.csv', line, 'courseSourcedId', 'K9'),
      dangling('classes.csv', line, 'schoolSourcedId', '0099'),
      dangling('classes.csv', line, 'termSourcedIds', 'S2'),
    ];
    expect(found.accept).toEqual(expected);
    expect(found.conformance).toEqual(expected);
  });

  it('agentSourcedIds naming a user the bundle lacks, from the student side and the guardian side', async () => {
    const bundle = conformantBundle11();
    const student = rowOf(bundle, 'users.csv', '000101');
    student.row.agentSourcedIds = 'P1,P9';
    const guardian = rowOf(bundle, 'users.csv', 'P2');
    guardian.row.agentSourcedIds = '000102,000999';
    const found = await judge(bundle);
    const expected = [
      dangling('users.csv', student.line, 'agentSourcedIds', 'P9'),
      dangling('users.csv', guardian.line, 'agentSourcedIds', '000999'),
    ];
    expect(found.accept).toEqual(expected);
    expect(found.conformance).toEqual(expected);
  });

  it('a reference to a file the bundle does not have: REFERENCE_FILE_MISSING once per column, at conformance', async () => {
    const bundle = conformantBundle11();
    removeFile(bundle, 'courses.csv');
    const found = await judge(bundle);
    const absent = { severity: 'info', code: 'FILE_ABSENT', file: 'courses.csv' };
    expect(found.accept).toEqual([absent]);
    expect(found.conformance).toEqual([
      absent,
      {
        severity: 'error',
        code: 'REFERENCE_FILE_MISSING',
        file: 'classes.csv',
        line: 2,
        column: 'courseSourcedId',
      },
    ]);
  });

  it('OneRoster 1.2: roles.csv and users.primaryOrgSourcedId naming users and orgs the bundle lacks', async () => {
    const bundle = conformantBundle12();
    const role = rowOf(bundle, 'roles.csv', 'R-T1-0042');
    role.row.userSourcedId = 'T9';
    role.row.orgSourcedId = '0099';
    const user = rowOf(bundle, 'users.csv', '000201');
    user.row.primaryOrgSourcedId = '0088';
    const found = await judge(bundle);
    const expected = [
      dangling('users.csv', user.line, 'primaryOrgSourcedId', '0088'),
      dangling('roles.csv', role.line, 'userSourcedId', 'T9'),
      dangling('roles.csv', role.line, 'orgSourcedId', '0099'),
    ];
    expect(found.accept).toEqual(expected);
    expect(found.conformance).toEqual(expected);
  });
});

describe('data rules (conformance)', () => {
  it('two primary teachers in one class: CLASS_PRIMARY_TEACHERS on the second', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'enrollments.csv', 'E2');
    row.role = 'teacher';
    row.primary = 'true';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'CLASS_PRIMARY_TEACHERS', file: 'enrollments.csv', line, column: 'primary' },
    ]);
  });

  it("an enrollment's school that is not its class's: ENROLLMENT_SCHOOL_MISMATCH", async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'enrollments.csv', 'E3');
    row.schoolSourcedId = '0077';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'ENROLLMENT_SCHOOL_MISMATCH',
        file: 'enrollments.csv',
        line,
        column: 'schoolSourcedId',
        value: '0077',
      },
    ]);
  });

  it("a teacher as a student's agent: AGENT_ROLE_INVALID (1.1 users.role and 1.2 roles.csv)", async () => {
    for (const bundle of [conformantBundle11(), conformantBundle12()]) {
      const { row, line } = rowOf(bundle, 'users.csv', '000103');
      row.agentSourcedIds = 'T1';
      const found = await judge(bundle);
      expect(found.accept).toEqual([]);
      expect(found.conformance).toEqual([
        {
          severity: 'error',
          code: 'AGENT_ROLE_INVALID',
          file: 'users.csv',
          line,
          column: 'agentSourcedIds',
          value: 'T1',
        },
      ]);
    }
  });

  it('an end date before its start date: DATE_RANGE (sessions, enrollments); a malformed date is only VALUE_TYPE', async () => {
    const bundle = conformantBundle11();
    const semester = rowOf(bundle, 'academicSessions.csv', 'S1');
    semester.row.endDate = '2026-08-01';
    const enrollment = rowOf(bundle, 'enrollments.csv', 'E5');
    enrollment.row.endDate = '2026-08-14';
    const malformed = rowOf(bundle, 'enrollments.csv', 'E6');
    malformed.row.beginDate = '2026-8-15';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      {
        severity: 'error',
        code: 'DATE_RANGE',
        file: 'academicSessions.csv',
        line: semester.line,
        column: 'endDate',
        value: '2026-08-01',
      },
      {
        severity: 'error',
        code: 'DATE_RANGE',
        file: 'enrollments.csv',
        line: enrollment.line,
        column: 'endDate',
        value: '2026-08-14',
      },
      {
        severity: 'error',
        code: 'VALUE_TYPE',
        file: 'enrollments.csv',
        line: malformed.line,
        column: 'beginDate',
        value: '2026-8-15',
      },
    ]);
  });

  it('subjects and subjectCodes of different lengths: SUBJECT_CODES_LENGTH', async () => {
    const bundle = conformantBundle11();
    const { row, line } = rowOf(bundle, 'courses.csv', 'K2');
    row.subjects = 'Math,Algebra';
    const found = await judge(bundle);
    expect(found.accept).toEqual([]);
    expect(found.conformance).toEqual([
      { severity: 'error', code: 'SUBJECT_CODES_LENGTH', file: 'courses.csv', line, column: 'subjectCodes' },
    ]);
  });
});
