import type { Finding } from '../../src/findings/finding.ts';
import type { OneRosterVersion } from '../../src/oneroster/csv-binding.ts';
import { csvBindings } from '../../src/oneroster/csv-bindings.ts';
import { validateBundle } from '../../src/validate/validate-bundle.ts';
import type { ValidationLevel } from '../../src/validate/validation-level.ts';
import { toCsv, type BundleFolder, type CsvRows } from './bundle-builder.ts';
import { smallDistrict } from './small-district.ts';

/** One CSV file of a test bundle: its header (in the binding's order unless a test changes it) and rows. */
export interface CsvTable {
  header: string[];
  rows: CsvRows;
}

/** A test bundle: tables by file name, or raw text for what a table cannot say (a BOM, a broken quote). */
export type TestBundle = Record<string, CsvTable | string>;

/** The columns of a file in the order the binding of `version` gives. */
export function bindingHeader(version: OneRosterVersion, file: string): string[] {
  const binding = csvBindings[version].get(file.toLowerCase());
  if (!binding) throw new Error(`OneRoster ${version} has no ${file}`);
  return binding.columns.map((column) => column.name);
}

/** The manifest of a bundle holding `files`: each file of the version bulk when present, else absent. */
export function manifestRows(version: OneRosterVersion, files: Iterable<string>): CsvRows {
  const sent = new Set([...files].map((name) => name.toLowerCase()));
  const rows: CsvRows = [
    { propertyName: 'manifest.version', value: '1.0' },
    { propertyName: 'oneroster.version', value: version },
  ];
  for (const binding of csvBindings[version].values()) {
    if (binding.file === 'manifest.csv') continue;
    rows.push({
      propertyName: `file.${binding.file.slice(0, -4)}`,
      value: sent.has(binding.file.toLowerCase()) ? 'bulk' : 'absent',
    });
  }
  return rows;
}

/** Sessions of the small district's school year (2026–27) and its first semester. */
const academicSessions: CsvRows = [
  {
    sourcedId: 'Y2027',
    title: '2026-2027',
    type: 'schoolYear',
    startDate: '2026-08-01',
    endDate: '2027-06-30',
    schoolYear: '2027',
  },
  {
    sourcedId: 'S1',
    title: 'Fall 2026',
    type: 'semester',
    startDate: '2026-08-15',
    endDate: '2026-12-20',
    parentSourcedId: 'Y2027',
    schoolYear: '2027',
  },
];

/** The small district's courses, one per class. */
const courses: CsvRows = [
  { sourcedId: 'K1', schoolYearSourcedId: 'Y2027', title: 'Homeroom 3', grades: '03', orgSourcedId: '0042' },
  {
    sourcedId: 'K2',
    schoolYearSourcedId: 'Y2027',
    title: 'Math 7',
    grades: '07',
    orgSourcedId: '0077',
    subjects: 'Math',
    subjectCodes: '02052',
  },
  { sourcedId: 'K3', schoolYearSourcedId: 'Y2027', title: 'Science 7', grades: '07', orgSourcedId: '0077' },
];

const courseOfClass: Record<string, string> = { C1: 'K1', C2: 'K2', C3: 'K3' };

/**
 * The small district as a fully conformant OneRoster 1.1 bundle: every file the sync reads plus
 * academicSessions.csv and courses.csv, every column of the binding in its order, every required
 * value filled (usernames for staff and guardians), status and dateLastModified empty (bulk), and
 * a manifest naming every file of 1.1. It validates with no finding at either level; each corpus
 * test breaks one rule of it.
 */
export function conformantBundle11(): Record<string, CsvTable> {
  const district = smallDistrict();
  const users = district['users.csv'].map((user) => ({
    ...user,
    username: user.username || `${user.sourcedId!.toLowerCase()}@springfield.example.org`,
  }));
  const classes = district['classes.csv'].map((klass) => ({
    ...klass,
    courseSourcedId: courseOfClass[klass.sourcedId!]!,
    termSourcedIds: 'S1',
  }));
  // 1.1 enrollments know no aide (administrator, proctor, student, teacher): the aide proctors.
  const enrollments = district['enrollments.csv'].map((enrollment) =>
    enrollment.role === 'aide' ? { ...enrollment, role: 'proctor' } : enrollment,
  );
  const tables: Record<string, CsvRows> = {
    'orgs.csv': district['orgs.csv'],
    'academicSessions.csv': academicSessions,
    'courses.csv': courses,
    'classes.csv': classes,
    'users.csv': users,
    'enrollments.csv': enrollments,
  };
  return withManifest('1.1', tables);
}

/** 1.2 roles for the 1.1 role names of the small district (1.2 has no plain administrator). */
const roleOf12: Record<string, string> = { administrator: 'districtAdministrator' };

/**
 * The small district as a fully conformant OneRoster 1.2 bundle: users.csv with the 1.2
 * columns (primaryOrgSourcedId instead of orgSourcedIds and role) and one roles.csv row per
 * user and org, the first org primary.
 */
export function conformantBundle12(): Record<string, CsvTable> {
  const base = conformantBundle11();
  const users11 = base['users.csv']!.rows;
  const users = users11.map(({ orgSourcedIds, role: _role, ...user }) => ({
    ...user,
    primaryOrgSourcedId: orgSourcedIds!.split(',')[0]!,
  }));
  const roles: CsvRows = users11.flatMap((user) =>
    user.orgSourcedIds!.split(',').map((org, index) => ({
      sourcedId: `R-${user.sourcedId}-${org}`,
      userSourcedId: user.sourcedId!,
      roleType: index === 0 ? 'primary' : 'secondary',
      role: roleOf12[user.role!] ?? user.role!,
      orgSourcedId: org,
    })),
  );
  const tables: Record<string, CsvRows> = {};
  for (const [name, table] of Object.entries(base)) {
    if (name !== 'manifest.csv') tables[name] = table.rows;
  }
  tables['users.csv'] = users;
  tables['roles.csv'] = roles;
  return withManifest('1.2', tables);
}

function withManifest(version: OneRosterVersion, tables: Record<string, CsvRows>): Record<string, CsvTable> {
  const bundle: Record<string, CsvTable> = {
    'manifest.csv': {
      header: bindingHeader(version, 'manifest.csv'),
      rows: manifestRows(version, Object.keys(tables)),
    },
  };
  // Fresh rows each time: tests change them in place.
  for (const [name, rows] of Object.entries(tables)) {
    bundle[name] = { header: bindingHeader(version, name), rows: rows.map((row) => ({ ...row })) };
  }
  return bundle;
}

/** Writes a test bundle to a new folder and returns its path. */
export function writeTestBundle(folder: BundleFolder, bundle: TestBundle): string {
  const files: Record<string, string> = {};
  for (const [name, content] of Object.entries(bundle)) {
    files[name] = typeof content === 'string' ? content : toCsv(content.header, content.rows);
  }
  return folder.write(files);
}

/** A finding as the corpus asserts it: what and where, without the message. */
export type FindingWhere = Pick<Finding, 'severity' | 'code'> &
  Partial<Pick<Finding, 'file' | 'line' | 'column' | 'value'>>;

/** A bundle's findings at both levels, as `whereOf` shows them (`full`: with their messages). */
export interface CorpusVerdict {
  accept: FindingWhere[];
  conformance: FindingWhere[];
  full: Record<ValidationLevel, Finding[]>;
}

/** Writes the bundle into `folder` and validates it at both levels. */
export async function judgeBundle(folder: BundleFolder, bundle: TestBundle): Promise<CorpusVerdict> {
  const dir = writeTestBundle(folder, bundle);
  const full = { accept: await findingsOf(dir, 'accept'), conformance: await findingsOf(dir, 'conformance') };
  return { accept: full.accept.map(whereOf), conformance: full.conformance.map(whereOf), full };
}

/** The findings of a bundle at a level, in the order they were reported. */
export async function findingsOf(path: string, level: ValidationLevel): Promise<Finding[]> {
  return (await validateBundle(path, { level })).findings.list();
}

/** Drops the message and the fields a finding does not have, so `toEqual` compares exactly the rest. */
export function whereOf(finding: Finding): FindingWhere {
  const where: FindingWhere = { severity: finding.severity, code: finding.code };
  if (finding.file !== undefined) where.file = finding.file;
  if (finding.line !== undefined) where.line = finding.line;
  if (finding.column !== undefined) where.column = finding.column;
  if (finding.value !== undefined) where.value = finding.value;
  return where;
}
