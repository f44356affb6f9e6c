import type { CountryCode } from 'libphonenumber-js';
import type { FindingLog } from '../../findings/finding-log.ts';
import { bindingFor } from '../../oneroster/csv-bindings.ts';
import { checkCsvFile } from '../../validate/check-csv-file.ts';
import { beginBundleCheck } from '../../validate/validate-bundle.ts';
import { emptySnapshot, markDelta, type EntityType, type Snapshot } from '../../roster/snapshot.ts';
import { linkGuardians } from './link-guardians.ts';
import { BundleError, openBundle, type Bundle, type BundleFile } from './open-bundle.ts';
import { classesFile, enrollmentsFile, rolesFile, usersFile } from './oneroster-files.ts';
import { readClasses } from './read-classes.ts';
import type { ReadContext } from './read-context.ts';
import { readAcademicSessions, readCourses } from './read-courses-and-sessions.ts';
import { readEnrollments } from './read-enrollments.ts';
import { readOrgs } from './read-orgs.ts';
import { readUsers } from './read-users.ts';
import { readUsers12 } from './read-users-12.ts';
import { settleDeletions } from './settle-deletions.ts';
import { peopleTypes } from './user-rows.ts';

export interface ReadBundleOptions {
  findings: FindingLog;
  phoneRegion: CountryCode;
  /** Today in the district's time zone (YYYY-MM-DD). */
  today: string;
  /** Progress: total bytes once the bundle is open, then bytes as they are read. */
  onTotalBytes?: (bytes: number) => void;
  onBytesRead?: (bytes: number) => void;
}

/** A snapshot, or `null` when the bundle cannot be used at all (the findings say why). */
export type ReadBundleResult = { snapshot: Snapshot } | { snapshot: null };

/** Which entity types each file feeds: a delta file makes them deltas (absence removes nothing). */
const typesFedBy: Record<string, readonly EntityType[]> = {
  'users.csv': peopleTypes,
  'classes.csv': ['classrooms', 'memberships'],
  'enrollments.csv': ['memberships'],
  'roles.csv': peopleTypes,
};

/**
 * Reads a OneRoster 1.1 or 1.2 CSV bundle (folder or ZIP) into a snapshot. Files stream one
 * after the other; orgs, users (1.2: roles, then users) and classes come before enrollments,
 * which refer to them.
 */
export async function readOneRosterBundle(
  bundlePath: string,
  options: ReadBundleOptions,
): Promise<ReadBundleResult> {
  const { findings } = options;
  let bundle: Bundle;
  try {
    bundle = await openBundle(bundlePath);
  } catch (error) {
    return refuseBundle(error, findings);
  }
  try {
    return await readOpenBundle(bundle, options);
  } catch (error) {
    // A file of the archive failed while streaming (damaged data, a size header that lied):
    // nothing read from such an archive is trusted.
    return refuseBundle(error, findings);
  } finally {
    bundle.close();
  }
}

function refuseBundle(error: unknown, findings: FindingLog): ReadBundleResult {
  if (!(error instanceof BundleError)) throw error;
  findings.add({ code: error.code, entity: 'bundle', file: error.file, message: error.message });
  return { snapshot: null };
}

async function readOpenBundle(bundle: Bundle, options: ReadBundleOptions): Promise<ReadBundleResult> {
  const { findings } = options;
  // The validator's start: version, required files, manifest, all reported once. Every file
  // is then read through it, so the run's findings are what `validate --level accept` says.
  const check = await beginBundleCheck(bundle, findings, 'accept');
  if (!check) return { snapshot: null };
  const { version } = check;
  const file = (name: string): BundleFile | undefined => bundle.files.get(name.toLowerCase());
  const users = file(usersFile.name);
  const classes = file(classesFile.name);
  const enrollments = file(enrollmentsFile.name);
  // 1.2 moves users' roles to roles.csv, which it then needs as much as users.csv.
  const roles = version === '1.2' ? file(rolesFile.name) : undefined;
  if (!users || !classes || !enrollments || (version === '1.2' && !roles)) return { snapshot: null };
  options.onTotalBytes?.([...bundle.files.values()].reduce((total, entry) => total + entry.size, 0));

  const snapshot = emptySnapshot({ kind: 'oneroster-csv', version });
  const context: ReadContext = {
    snapshot,
    findings,
    check,
    phoneRegion: options.phoneRegion,
    today: options.today,
    onBytesRead: options.onBytesRead,
  };
  const manifest = file('manifest.csv');
  if (manifest) {
    await checkCsvFile(manifest, check.fileChecker(bindingFor(version, 'manifest.csv')!), {
      onBytesRead: options.onBytesRead,
    });
  }
  for (const [name, mode] of check.fileModes) {
    const fed = typesFedBy[name];
    if (mode !== 'delta' || !fed) continue;
    findings.add({
      code: 'FILE_DELTA',
      file: name,
      entity: 'bundle',
      message: `manifest.csv declares ${name} a delta: records absent from it are left as they are; only rows marked tobedeleted remove records.`,
    });
    for (const entity of fed) markDelta(snapshot, entity, `${name} is a delta`);
  }

  const orgs = file('orgs.csv');
  if (orgs) await readOrgs(orgs, context);
  const usersResult = roles ? await readUsers12(users, roles, context) : await readUsers(users, context);
  const classesResult = await readClasses(classes, context);
  if (!usersResult.isUsable || !classesResult.isUsable) return { snapshot: null };
  const enrollmentsResult = await readEnrollments(enrollments, context);
  if (!enrollmentsResult.isUsable) return { snapshot: null };
  settleDeletions(snapshot, findings);
  const courses = file('courses.csv');
  if (courses) await readCourses(courses, context);
  const sessions = file('academicSessions.csv');
  if (sessions) await readAcademicSessions(sessions, context);
  check.finish();
  if (!orgs) inferSchoolOrgs(snapshot);
  linkGuardians(snapshot, findings);
  return { snapshot };
}

/** Without orgs.csv, the schools are the orgs that classes are taught in. */
function inferSchoolOrgs(snapshot: Snapshot): void {
  for (const klass of snapshot.classes.values()) {
    if (!snapshot.orgs.has(klass.schoolSisId)) {
      snapshot.orgs.set(klass.schoolSisId, {
        sisId: klass.schoolSisId,
        name: klass.schoolSisId,
        type: 'school',
        parentSisId: null,
      });
    }
  }
}
