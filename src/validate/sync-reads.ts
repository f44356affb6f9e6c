import {
  academicSessionsFile,
  classesFile,
  coursesFile,
  enrollmentsFile,
  manifestFile,
  orgsFile,
  usersFile,
} from '../sources/oneroster-csv/oneroster-files.ts';
import type { OneRosterVersion } from '../oneroster/csv-binding.ts';

/**
 * What the sync reads of each file: the accept level checks exactly this, so a bundle that
 * validates at accept imports without surprises, and every sync reports what it validates.
 */
export interface SyncReads {
  /** Columns without which the file cannot be used. */
  required: readonly string[];
  /** Every column the sync reads (required ones included). */
  read: readonly string[];
  /**
   * Columns whose values the sync understands beyond the standard's exact tokens (roles in
   * any case, 1.2 role names in a 1.1 file): accept level checks them against these words,
   * case-insensitively, and reports others as ROLE_UNKNOWN.
   */
  vocabularies: Readonly<Record<string, readonly string[]>>;
}

/** User roles the sync maps (SPEC §2.3), in lower case. */
export const userRoleWords = [
  'student',
  'teacher',
  'aide',
  'proctor',
  'administrator',
  'districtadministrator',
  'principal',
  'siteadministrator',
  'systemadministrator',
  'parent',
  'guardian',
  'relative',
] as const;

/** Enrollment roles the sync maps, in lower case. */
export const enrollmentRoleWords = ['student', 'teacher', 'aide', 'proctor', 'administrator'] as const;

function fromSpec(
  spec: { required: readonly string[]; optional: readonly string[] },
  vocabularies: SyncReads['vocabularies'] = {},
): SyncReads {
  return { required: spec.required, read: [...spec.required, ...spec.optional], vocabularies };
}

const shared: Record<string, SyncReads> = {
  'manifest.csv': fromSpec(manifestFile),
  'orgs.csv': fromSpec(orgsFile),
  'classes.csv': fromSpec(classesFile),
  'enrollments.csv': fromSpec(enrollmentsFile, { role: enrollmentRoleWords }),
  'courses.csv': fromSpec(coursesFile),
  'academicsessions.csv': fromSpec(academicSessionsFile),
};

const byVersion: Record<OneRosterVersion, Readonly<Record<string, SyncReads>>> = {
  '1.1': { ...shared, 'users.csv': fromSpec(usersFile, { role: userRoleWords }) },
  '1.2': {
    ...shared,
    'users.csv': {
      required: ['sourcedId', 'givenName', 'familyName'],
      read: [
        'sourcedId',
        'status',
        'givenName',
        'familyName',
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
      vocabularies: {},
    },
    'roles.csv': {
      required: ['userSourcedId', 'role', 'orgSourcedId'],
      read: ['sourcedId', 'status', 'userSourcedId', 'roleType', 'role', 'endDate', 'orgSourcedId'],
      vocabularies: { role: userRoleWords },
    },
  },
};

/** The files a bundle of this version cannot be synced without. */
export const requiredFiles: Record<OneRosterVersion, readonly string[]> = {
  '1.1': ['users.csv', 'classes.csv', 'enrollments.csv'],
  '1.2': ['users.csv', 'classes.csv', 'enrollments.csv', 'roles.csv'],
};

/** What the sync reads of a file (by lower-cased name), or null for a file it does not read. */
export function syncReadsOf(version: OneRosterVersion, fileName: string): SyncReads | null {
  return byVersion[version][fileName.toLowerCase()] ?? null;
}
