/**
 * The OneRoster 1.1 CSV binding as data.
 *
 * Follows "1EdTech OneRoster®: CSV Tables", Final Release Version 1.1 (17 April 2017, reissued as 1.1.1 on
 * 22 August 2023), https://www.imsglobal.org/oneroster-v11-final-csv-tables, section 3 (one table per file)
 * with the enumerations of the OneRoster 1.1 information model (section 4.13) that those tables point to.
 *
 * - `status` and `dateLastModified` are `delta`: the 1.1 tables list them as not required, with "This MUST
 *   NOT be used for the Bulk mode", and the bulk/delta rules of section 3 require them in delta files. The
 *   1.2.1 binding states the same rule in one place: "In BULK processing, the CSV files MUST NOT contain
 *   values in the "dateLastModified" and "status" fields" and "In DELTA processing, the incoming CSV file
 *   MUST contain values" in them, its tables marking both "Yes for Delta".
 * - `status` allows `active` and `tobedeleted` only. OneRoster 1.0 also had `inactive`; it is kept out of
 *   the enumeration on purpose because the validator reports it with its own finding.
 * - No 1.1 enumeration is extensible: `ext:` terms arrived with 1.2 ("In this version the ability to extend
 *   some of the enumerated vocabularies has been added", 1.2.1 section 4.1.2).
 * - Grades are CEDS "Entry Grade Level" codes, which 1.1 names as the vocabulary.
 */
import type { ColumnSpec, CsvBinding, CsvFileBinding, RecordFile, ValueType } from './csv-binding.ts';

const id: ValueType = { kind: 'id' };
const text: ValueType = { kind: 'string' };
const textList: ValueType = { kind: 'stringList' };
const date: ValueType = { kind: 'date' };
const boolean: ValueType = { kind: 'boolean' };
const float: ValueType = { kind: 'float' };
const grades: ValueType = { kind: 'grades' };
const ref = (target: RecordFile): ValueType => ({ kind: 'reference', target });
const refList = (target: RecordFile): ValueType => ({ kind: 'referenceList', target });
const oneOf = (...values: string[]): ValueType => ({ kind: 'enum', values });

const always = (name: string, type: ValueType): ColumnSpec => ({ name, requirement: 'always', type });
const optional = (name: string, type: ValueType): ColumnSpec => ({ name, requirement: 'optional', type });

/** The three columns every data file opens with. */
const recordColumns: readonly ColumnSpec[] = [
  always('sourcedId', id),
  { name: 'status', requirement: 'delta', type: oneOf('active', 'tobedeleted') },
  { name: 'dateLastModified', requirement: 'delta', type: { kind: 'datetime' } },
];

/** RoleType (information model 4.13.5): users.role and resources.roles. */
const roleTypes = [
  'administrator',
  'aide',
  'guardian',
  'parent',
  'proctor',
  'relative',
  'student',
  'teacher',
];

const file = (name: string, record: RecordFile | null, columns: readonly ColumnSpec[]): CsvFileBinding => ({
  file: `${name}.csv`,
  record,
  columns,
});

const files: readonly CsvFileBinding[] = [
  // Each row is one property; which properties must appear (manifest.version, oneroster.version = 1.1, one
  // file.<name> row per data file with absent | bulk | delta) is the manifest reader's rule, not a column's.
  file('manifest', null, [always('propertyName', text), optional('value', text)]),
  file('academicSessions', 'academicSessions', [
    ...recordColumns,
    always('title', text),
    always('type', oneOf('gradingPeriod', 'semester', 'schoolYear', 'term')),
    always('startDate', date),
    always('endDate', date),
    optional('parentSourcedId', ref('academicSessions')),
    always('schoolYear', { kind: 'year' }),
  ]),
  file('categories', 'categories', [...recordColumns, always('title', text)]),
  file('classes', 'classes', [
    ...recordColumns,
    always('title', text),
    optional('grades', grades),
    always('courseSourcedId', ref('courses')),
    optional('classCode', text),
    always('classType', oneOf('homeroom', 'scheduled')),
    optional('location', text),
    always('schoolSourcedId', ref('orgs')),
    always('termSourcedIds', refList('academicSessions')),
    optional('subjects', textList),
    optional('subjectCodes', textList),
    optional('periods', textList),
  ]),
  // Link files hold rows with their own sourcedId but are no record kind other files refer to.
  file('classResources', null, [
    ...recordColumns,
    optional('title', text),
    always('classSourcedId', ref('classes')),
    always('resourceSourcedId', ref('resources')),
  ]),
  file('courses', 'courses', [
    ...recordColumns,
    optional('schoolYearSourcedId', ref('academicSessions')),
    always('title', text),
    optional('courseCode', text),
    optional('grades', grades),
    always('orgSourcedId', ref('orgs')),
    optional('subjects', textList),
    optional('subjectCodes', textList),
  ]),
  file('courseResources', null, [
    ...recordColumns,
    optional('title', text),
    always('courseSourcedId', ref('courses')),
    always('resourceSourcedId', ref('resources')),
  ]),
  // sourcedId here is the sourcedId of the user the row describes (one row per user).
  file('demographics', 'demographics', [
    ...recordColumns,
    optional('birthDate', date),
    optional('sex', oneOf('male', 'female')),
    optional('americanIndianOrAlaskaNative', boolean),
    optional('asian', boolean),
    optional('blackOrAfricanAmerican', boolean),
    optional('nativeHawaiianOrOtherPacificIslander', boolean),
    optional('white', boolean),
    optional('demographicRaceTwoOrMoreRaces', boolean),
    optional('hispanicOrLatinoEthnicity', boolean),
    optional('countryOfBirthCode', text),
    optional('stateOfBirthAbbreviation', text),
    optional('cityOfBirth', text),
    optional('publicSchoolResidenceStatus', text),
  ]),
  file('enrollments', 'enrollments', [
    ...recordColumns,
    always('classSourcedId', ref('classes')),
    always('schoolSourcedId', ref('orgs')),
    always('userSourcedId', ref('users')),
    // "The ONLY permitted values are: { administrator | proctor | student | teacher }" (no aide).
    always('role', oneOf('administrator', 'proctor', 'student', 'teacher')),
    optional('primary', boolean),
    optional('beginDate', date),
    optional('endDate', date),
  ]),
  file('lineItems', 'lineItems', [
    ...recordColumns,
    always('title', text),
    optional('description', text),
    always('assignDate', date),
    always('dueDate', date),
    always('classSourcedId', ref('classes')),
    always('categorySourcedId', ref('categories')),
    always('gradingPeriodSourcedId', ref('academicSessions')),
    always('resultValueMin', float),
    always('resultValueMax', float),
  ]),
  file('orgs', 'orgs', [
    ...recordColumns,
    always('name', text),
    always('type', oneOf('department', 'school', 'district', 'local', 'state', 'national')),
    optional('identifier', text),
    optional('parentSourcedId', ref('orgs')),
  ]),
  file('resources', 'resources', [
    ...recordColumns,
    always('vendorResourceId', text),
    optional('title', text),
    optional('roles', { kind: 'enumList', values: roleTypes }),
    optional('importance', oneOf('primary', 'secondary')),
    optional('vendorId', text),
    optional('applicationId', text),
  ]),
  file('results', 'results', [
    ...recordColumns,
    always('lineItemSourcedId', ref('lineItems')),
    always('studentSourcedId', ref('users')),
    always('scoreStatus', oneOf('exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted')),
    always('score', float),
    always('scoreDate', date),
    optional('comment', text),
  ]),
  file('users', 'users', [
    ...recordColumns,
    always('enabledUser', boolean),
    always('orgSourcedIds', refList('orgs')),
    always('role', { kind: 'enum', values: roleTypes }),
    always('username', text),
    optional('userIds', { kind: 'typedIdList' }),
    always('givenName', text),
    always('familyName', text),
    optional('middleName', text),
    optional('identifier', text),
    optional('email', text),
    optional('sms', text),
    optional('phone', text),
    optional('agentSourcedIds', refList('users')),
    optional('grades', grades),
    optional('password', text),
  ]),
];

/** Every file of the OneRoster 1.1 CSV binding, keyed by lower-cased file name (`users.csv`). */
export const oneRosterCsv11: CsvBinding = new Map(
  files.map((binding) => [binding.file.toLowerCase(), binding]),
);
