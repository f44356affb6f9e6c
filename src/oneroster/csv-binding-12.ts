/**
 * The OneRoster 1.2 CSV binding as data.
 *
 * Follows "1EdTech OneRoster: CSV Binding", Final Release Spec Version 1.2.1 (31 January 2023; document
 * version 5 of 22 August 2023), https://www.imsglobal.org/spec/oneroster/v1p2/bind/csv, section 3 (one
 * table per file) and section 4.1.2 (which vocabularies take `ext:` terms).
 *
 * - 1.2.1 is the erratum of 1.2 that removed users.csv `resourceSourcedIds` ("a redundant property that was
 *   incorrectly added in the original version 1.2 release"; userResources.csv carries it). Both declare
 *   `oneroster.version` 1.2 in the manifest, so a 1.2.0 export may still carry that column, between
 *   `userMasterIdentifier` and `preferredGivenName`.
 * - `status` and `dateLastModified` are `delta`: the tables mark them "Yes for Delta", which section 3
 *   defines as "fields which must be populated for Delta processing, and which must be blank for Bulk
 *   processing".
 * - `status` allows `active` and `tobedeleted` only; OneRoster 1.0's `inactive` is reported separately by
 *   the validator.
 * - Extensible (`ext:`) per section 4.1.2: classType, enrollments and roles `role`, resources `roles`,
 *   scoreStatus, sex, learning objective `source`, academicSessions and orgs `type`. No other enumeration.
 * - Grades: 1.2 leaves the vocabulary to "the definition of the usage of this specification" rather than
 *   naming CEDS as 1.1 did; they are still typed as CEDS grades, the codes US exporters send.
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
const oneOfOrExt = (...values: string[]): ValueType => ({ kind: 'enum', values, extensible: true });

const always = (name: string, type: ValueType): ColumnSpec => ({ name, requirement: 'always', type });
const optional = (name: string, type: ValueType): ColumnSpec => ({ name, requirement: 'optional', type });

/** The three columns every data file opens with. */
const recordColumns: readonly ColumnSpec[] = [
  always('sourcedId', id),
  { name: 'status', requirement: 'delta', type: oneOf('active', 'tobedeleted') },
  { name: 'dateLastModified', requirement: 'delta', type: { kind: 'datetime' } },
];

const learningObjectiveSource = oneOfOrExt('case', 'unknown');

const file = (name: string, record: RecordFile | null, columns: readonly ColumnSpec[]): CsvFileBinding => ({
  file: `${name}.csv`,
  record,
  columns,
});

const files: readonly CsvFileBinding[] = [
  // Each row is one property; which properties must appear (manifest.version, oneroster.version = 1.2, one
  // file.<name> row per data file with absent | bulk | delta) is the manifest reader's rule, not a column's.
  file('manifest', null, [always('propertyName', text), optional('value', text)]),
  file('academicSessions', 'academicSessions', [
    ...recordColumns,
    always('title', text),
    always('type', oneOfOrExt('gradingPeriod', 'semester', 'schoolYear', 'term')),
    always('startDate', date),
    always('endDate', date),
    optional('parentSourcedId', ref('academicSessions')),
    always('schoolYear', { kind: 'year' }),
  ]),
  // weight: "a Percent value only, e.g. 80%", typed Integer.
  file('categories', 'categories', [
    ...recordColumns,
    always('title', text),
    optional('weight', { kind: 'integer' }),
  ]),
  file('classes', 'classes', [
    ...recordColumns,
    always('title', text),
    optional('grades', grades),
    always('courseSourcedId', ref('courses')),
    optional('classCode', text),
    always('classType', oneOfOrExt('homeroom', 'scheduled')),
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
  // sourcedId "MUST be the 'sourcedId' of the User whose demographics are being described".
  file('demographics', 'demographics', [
    ...recordColumns,
    optional('birthDate', date),
    optional('sex', oneOfOrExt('male', 'female', 'unspecified', 'other')),
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
    always('role', oneOfOrExt('administrator', 'proctor', 'student', 'teacher')),
    optional('primary', boolean),
    optional('beginDate', date),
    optional('endDate', date),
  ]),
  file('lineItemLearningObjectiveIds', null, [
    ...recordColumns,
    always('lineItemSourcedId', ref('lineItems')),
    always('source', learningObjectiveSource),
    always('learningObjectiveId', text),
  ]),
  file('lineItems', 'lineItems', [
    ...recordColumns,
    always('title', text),
    optional('description', text),
    always('assignDate', date),
    always('dueDate', date),
    always('classSourcedId', ref('classes')),
    always('categorySourcedId', ref('categories')),
    always('academicSessionSourcedId', ref('academicSessions')),
    optional('resultValueMin', float),
    optional('resultValueMax', float),
    always('schoolSourcedId', ref('orgs')),
  ]),
  file('lineItemScoreScales', null, [
    ...recordColumns,
    optional('title', text),
    always('lineItemSourcedId', ref('lineItems')),
    always('scoreScaleSourcedId', ref('scoreScales')),
  ]),
  file('orgs', 'orgs', [
    ...recordColumns,
    always('name', text),
    always('type', oneOfOrExt('department', 'school', 'district', 'local', 'state', 'national')),
    optional('identifier', text),
    optional('parentSourcedId', ref('orgs')),
  ]),
  file('resources', 'resources', [
    ...recordColumns,
    always('vendorResourceId', text),
    optional('title', text),
    optional('roles', {
      kind: 'enumList',
      values: ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'],
      extensible: true,
    }),
    optional('importance', oneOf('primary', 'secondary')),
    optional('vendorId', text),
    optional('applicationId', text),
  ]),
  file('resultLearningObjectiveIds', null, [
    ...recordColumns,
    always('resultSourcedId', ref('results')),
    always('source', learningObjectiveSource),
    always('learningObjectiveId', text),
    optional('score', float),
    optional('textScore', text),
  ]),
  file('results', 'results', [
    ...recordColumns,
    always('lineItemSourcedId', ref('lineItems')),
    always('studentSourcedId', ref('users')),
    always(
      'scoreStatus',
      oneOfOrExt('exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted'),
    ),
    optional('score', float),
    always('scoreDate', date),
    optional('comment', text),
    optional('textScore', text),
    optional('classSourcedId', ref('classes')),
    optional('inProgress', boolean),
    optional('incomplete', boolean),
    optional('late', boolean),
    optional('missing', boolean),
  ]),
  file('resultScoreScales', null, [
    ...recordColumns,
    optional('title', text),
    always('resultSourcedId', ref('results')),
    always('scoreScaleSourcedId', ref('scoreScales')),
  ]),
  file('roles', 'roles', [
    ...recordColumns,
    always('userSourcedId', ref('users')),
    always('roleType', oneOf('primary', 'secondary')),
    // 1.2 has no plain `administrator` here: school and district staff are siteAdministrator,
    // districtAdministrator or systemAdministrator.
    always(
      'role',
      oneOfOrExt(
        'aide',
        'counselor',
        'districtAdministrator',
        'guardian',
        'parent',
        'principal',
        'proctor',
        'relative',
        'siteAdministrator',
        'student',
        'systemAdministrator',
        'teacher',
      ),
    ),
    optional('beginDate', date),
    optional('endDate', date),
    always('orgSourcedId', ref('orgs')),
    optional('userProfileSourcedId', ref('userProfiles')),
  ]),
  file('scoreScales', 'scoreScales', [
    ...recordColumns,
    always('title', text),
    always('type', text),
    always('orgSourcedId', ref('orgs')),
    always('courseSourcedId', ref('courses')),
    always('classSourcedId', ref('classes')),
    // A list of `{LHS:RHS}` mappings such as "{A+:100},{A:94}".
    always('scoreScaleValue', textList),
  ]),
  file('userProfiles', 'userProfiles', [
    ...recordColumns,
    // The table gives the format as GUID, but the value is the user's sourcedId and the file depends on
    // users.csv, so it is a reference.
    always('userSourcedId', ref('users')),
    always('profileType', text),
    always('vendorId', text),
    optional('applicationId', text),
    optional('description', text),
    always('credentialType', text),
    always('username', text),
    optional('password', text),
  ]),
  file('userResources', null, [
    ...recordColumns,
    always('userSourcedId', ref('users')),
    optional('orgSourcedId', ref('orgs')),
    optional('classSourcedId', ref('classes')),
    always('resourceSourcedId', ref('resources')),
  ]),
  file('users', 'users', [
    ...recordColumns,
    always('enabledUser', boolean),
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
    optional('userMasterIdentifier', text),
    optional('preferredGivenName', text),
    optional('preferredMiddleName', text),
    optional('preferredFamilyName', text),
    optional('primaryOrgSourcedId', ref('orgs')),
    optional('pronouns', text),
  ]),
];

/** Every file of the OneRoster 1.2 CSV binding, keyed by lower-cased file name (`users.csv`). */
export const oneRosterCsv12: CsvBinding = new Map(
  files.map((binding) => [binding.file.toLowerCase(), binding]),
);
