/**
 * The OneRoster CSV files the sync reads, with their columns (1.1, and the files 1.2 changes:
 * `users12File`, `rolesFile`; the others are the same in both versions):
 * - `required`: the sync cannot do without them; a file missing one is not used;
 * - `optional`: read when present; when absent, the field they feed is left as it is;
 * - `unused`: defined by OneRoster but not used by the sync (accepted without a word).
 * The first required column is the row's id.
 */
export interface OneRosterFileSpec {
  name: string;
  required: readonly string[];
  optional: readonly string[];
  unused: readonly string[];
}

export const usersFile = {
  name: 'users.csv',
  required: ['sourcedId', 'orgSourcedIds', 'role', 'givenName', 'familyName'],
  optional: ['status', 'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades'],
  unused: ['dateLastModified', 'enabledUser', 'username', 'userIds', 'password'],
} as const satisfies OneRosterFileSpec;

export const classesFile = {
  name: 'classes.csv',
  required: ['sourcedId', 'title', 'schoolSourcedId'],
  optional: [
    'status',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'termSourcedIds',
    'subjects',
    'periods',
  ],
  unused: ['dateLastModified', 'subjectCodes'],
} as const satisfies OneRosterFileSpec;

export const enrollmentsFile = {
  name: 'enrollments.csv',
  required: ['classSourcedId', 'userSourcedId', 'role'],
  optional: ['status', 'primary', 'endDate'],
  unused: ['sourcedId', 'dateLastModified', 'schoolSourcedId', 'beginDate'],
} as const satisfies OneRosterFileSpec;

export const orgsFile = {
  name: 'orgs.csv',
  required: ['sourcedId', 'name', 'type'],
  optional: ['status', 'parentSourcedId'],
  unused: ['dateLastModified', 'identifier'],
} as const satisfies OneRosterFileSpec;

export const academicSessionsFile = {
  name: 'academicSessions.csv',
  required: ['sourcedId', 'title', 'type'],
  optional: ['status'],
  unused: ['dateLastModified', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
} as const satisfies OneRosterFileSpec;

export const coursesFile = {
  name: 'courses.csv',
  required: ['sourcedId', 'title'],
  optional: ['status'],
  unused: [
    'dateLastModified',
    'schoolYearSourcedId',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
} as const satisfies OneRosterFileSpec;

export const manifestFile = {
  name: 'manifest.csv',
  required: ['propertyName', 'value'],
  optional: [],
  unused: [],
} as const satisfies OneRosterFileSpec;

/**
 * OneRoster 1.2 users.csv: no `role` or `orgSourcedIds` (roles.csv holds them), plus the
 * preferred names the directory shows and `primaryOrgSourcedId`, which orders a user's orgs.
 */
export const users12File = {
  name: 'users.csv',
  required: ['sourcedId', 'givenName', 'familyName'],
  optional: [
    'status',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'preferredGivenName',
    'preferredMiddleName',
    'preferredFamilyName',
    'primaryOrgSourcedId',
  ],
  unused: [
    'dateLastModified',
    'enabledUser',
    'username',
    'userIds',
    'password',
    'userMasterIdentifier',
    'resourceSourcedIds',
    'pronouns',
  ],
} as const satisfies OneRosterFileSpec;

/**
 * OneRoster 1.2 roles.csv: one row per user and org. `userSourcedId` comes first, as the
 * row's own sourcedId says nothing the sync can use (like enrollments.csv).
 */
export const rolesFile = {
  name: 'roles.csv',
  required: ['userSourcedId', 'role', 'orgSourcedId'],
  optional: ['status', 'roleType', 'endDate'],
  unused: ['sourcedId', 'dateLastModified', 'beginDate', 'userProfileSourcedId'],
} as const satisfies OneRosterFileSpec;

/** The column names of a spec, for typed lookups. */
export type ColumnOf<S extends OneRosterFileSpec> = S['required'][number] | S['optional'][number];
