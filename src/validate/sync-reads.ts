import {
  academicSessionsFile,
  classesFile,
  coursesFile,
  enrollmentsFile,
  manifestFile,
  orgsFile,
  rolesFile,
  users12File,
  usersFile,
} from '../sources/oneroster-csv/oneroster-files.ts';
import { enrollmentRoleMap } from '../sources/oneroster-csv/enrollment-role-map.ts';
import { userRoleMap } from '../sources/oneroster-csv/user-role-map.ts';
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
  /**
   * Read columns whose absence changes nothing on record (HEADER_OPTIONAL_MISSING would be
   * untrue): status, and those that only qualify others (a preferred name, the primary org).
   */
  qualifiers: readonly string[];
}

/** Columns that qualify a row or another column rather than feed a field. */
const qualifierColumns = [
  'status',
  'roleType',
  'endDate',
  'primaryOrgSourcedId',
  'preferredGivenName',
  'preferredMiddleName',
  'preferredFamilyName',
];

/** User roles the sync maps (SPEC §2.3), in lower case. */
export const userRoleWords: readonly string[] = [...userRoleMap.keys()];

/** Enrollment roles the sync maps, in lower case. */
export const enrollmentRoleWords: readonly string[] = [...enrollmentRoleMap.keys()];

function fromSpec(
  spec: { required: readonly string[]; optional: readonly string[] },
  vocabularies: SyncReads['vocabularies'] = {},
): SyncReads {
  const read = [...spec.required, ...spec.optional];
  return {
    required: spec.required,
    read,
    vocabularies,
    qualifiers: read.filter((name) => qualifierColumns.includes(name)),
  };
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
    'users.csv': fromSpec(users12File),
    'roles.csv': fromSpec(rolesFile, { role: userRoleWords }),
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
