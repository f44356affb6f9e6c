import { FindingLog } from '../findings/finding-log.ts';
import type { CsvFileBinding, OneRosterVersion } from '../oneroster/csv-binding.ts';
import { bindingFor, csvBindings } from '../oneroster/csv-bindings.ts';
import {
  BundleError,
  openBundle,
  type Bundle,
  type BundleFile,
} from '../sources/oneroster-csv/open-bundle.ts';
import { BundleCheck } from './bundle-check.ts';
import { checkCsvFile, forEachCsvRow, settleDangling } from './check-csv-file.ts';
import { checkFileInWorker, type WorkerResult } from './check-file-in-worker.ts';
import type { FileChecker } from './file-checker.ts';
import { IdTable } from './id-table.ts';
import { detectVersion } from './detect-version.ts';
import { judgeManifest, type ManifestProperty } from './judge-manifest.ts';
import { requiredFiles } from './sync-reads.ts';
import type { ValidationLevel } from './validation-level.ts';

/**
 * The order files are checked in: what rows refer to comes before what refers to it, and the
 * biggest file (enrollments) after everything it names, so its references are checked at once
 * instead of waiting in memory.
 */
export const fileOrder = [
  'orgs.csv',
  'academicsessions.csv',
  'courses.csv',
  'classes.csv',
  'users.csv',
  'userprofiles.csv',
  'roles.csv',
  'demographics.csv',
  'enrollments.csv',
  'resources.csv',
  'courseresources.csv',
  'classresources.csv',
  'userresources.csv',
  'categories.csv',
  'scorescales.csv',
  'lineitems.csv',
  'lineitemscorescales.csv',
  'lineitemlearningobjectiveids.csv',
  'results.csv',
  'resultscorescales.csv',
  'resultlearningobjectiveids.csv',
];

/** The file checked on a second thread in parallel mode: the one with the most work per row. */
const parallelFile = 'users.csv';

/** Below this size a second thread costs more to start than it saves. */
const parallelFromBytes = 64 * 1024 * 1024;

/** Files rostersync reads beside OneRoster's (SPEC §2.5, §2.6): not unknown, not checked here. */
const rostersyncFiles = new Set(['guardians.csv', 'student_attributes.csv']);

/** Sync files whose absence is allowed and worth a note. */
const optionalSyncFiles = ['orgs.csv', 'academicSessions.csv', 'courses.csv', 'manifest.csv'];

export interface ValidateOptions {
  level: ValidationLevel;
  /**
   * Check users.csv on a second thread while this one checks the other files (accept level
   * only); references to users wait as hashes until it is done. Default: when users.csv is
   * big enough for a thread to pay for itself.
   */
  parallel?: boolean;
  findings?: FindingLog;
  onBytesRead?: (bytes: number) => void;
}

export interface ValidationResult {
  /** The OneRoster version the bundle was checked as, or null when it is not OneRoster. */
  version: OneRosterVersion | null;
  findings: FindingLog;
}

/**
 * `rostersync validate`: checks a bundle (folder or ZIP) at a level and reports every finding
 * with file, line and column. Streams every file once; memory grows with the number of ids
 * (kept as hashes), not with the size of the files.
 */
export async function validateBundle(
  bundlePath: string,
  options: ValidateOptions,
): Promise<ValidationResult> {
  const findings = options.findings ?? new FindingLog();
  let bundle: Bundle;
  try {
    bundle = await openBundle(bundlePath);
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    findings.add({ code: error.code, entity: 'bundle', message: error.message });
    return { version: null, findings };
  }
  try {
    const version = await validateOpenBundle(bundlePath, bundle, findings, options);
    return { version, findings };
  } catch (error) {
    // A file of the archive failed while streaming (damaged data, a size header that lied).
    if (!(error instanceof BundleError)) throw error;
    findings.add({ code: error.code, entity: 'bundle', file: error.file, message: error.message });
    return { version: null, findings };
  } finally {
    bundle.close();
  }
}

async function validateOpenBundle(
  bundlePath: string,
  bundle: Bundle,
  findings: FindingLog,
  options: ValidateOptions,
): Promise<OneRosterVersion | null> {
  const check = await beginBundleCheck(bundle, findings, options.level);
  if (!check) return null;
  const manifestFile = bundle.files.get('manifest.csv');
  if (manifestFile) await checkFile(manifestFile, bindingFor(check.version, 'manifest.csv')!, check, options);
  const users = bundle.files.get(parallelFile);
  const isParallel =
    options.level === 'accept' &&
    users !== undefined &&
    (options.parallel ?? users.size >= parallelFromBytes);
  let usersInWorker: Promise<WorkerResult> | null = null;
  const checkers = new Map<string, FileChecker>();
  for (const name of fileOrder) {
    const file = bundle.files.get(name);
    const fileBinding = bindingFor(check.version, name);
    if (!file || !fileBinding) continue;
    if (isParallel && name === parallelFile) {
      usersInWorker = checkFileInWorker({
        bundlePath,
        fileName: name,
        level: options.level,
        version: check.version,
        present: [...bundle.files.keys()],
        modes: [...check.fileModes],
        ended: check.endedTables().map(([record, table]) => [record, table.toShared()]),
      });
      check.deferTarget('users');
      continue;
    }
    checkers.set(name, await checkFile(file, fileBinding, check, options));
  }
  if (usersInWorker) {
    const result = await usersInWorker;
    findings.merge(result.kept, result.counts);
    if (result.ids) {
      for (const [name, dangling] of check.settleDeferred('users', IdTable.fromShared(result.ids))) {
        const file = bundle.files.get(name.toLowerCase());
        const checker = checkers.get(name.toLowerCase());
        if (file && checker) await settleDangling(file, checker, dangling, 'users');
      }
    }
  }
  check.finish();
  return check.version;
}

/**
 * What every check of a bundle starts with, the validate command's and a sync's alike: the
 * opener's notes, the version (or a refusal: not OneRoster), the files a sync needs, the
 * manifest against the files. Returns the bundle's check, through which its files are then
 * read, or null when the bundle is not OneRoster at all.
 */
export async function beginBundleCheck(
  bundle: Bundle,
  findings: FindingLog,
  level: ValidationLevel,
): Promise<BundleCheck | null> {
  for (const note of bundle.notes) findings.add(note);
  const present = new Set(bundle.files.keys());
  const manifestFile = bundle.files.get('manifest.csv');
  const properties = manifestFile
    ? await readManifestProperties(manifestFile)
    : new Map<string, ManifestProperty>();
  const headers = new Map<string, readonly string[]>();
  for (const name of ['users.csv', 'roles.csv', 'classes.csv']) {
    const file = bundle.files.get(name);
    if (file) headers.set(name, await readHeaderLine(file));
  }
  const verdict = detectVersion({
    manifestVersion: properties.get('oneroster.version')?.value ?? null,
    hasManifest: manifestFile !== undefined,
    headers,
    fileNames: present,
  });
  for (const finding of verdict.findings) findings.add({ entity: 'bundle', ...finding });
  const version = verdict.version;
  if (version === null) return null;

  for (const name of requiredFiles[version]) {
    if (!present.has(name)) {
      findings.add({
        code: 'FILE_MISSING',
        file: name,
        entity: 'bundle',
        message: `The bundle has no ${name}, which a OneRoster ${version} sync needs: a sync of this bundle fails and changes nothing.`,
      });
    }
  }
  for (const name of optionalSyncFiles) {
    if (present.has(name.toLowerCase())) continue;
    if (name === 'manifest.csv' && level === 'conformance') {
      findings.add({
        code: 'MANIFEST_MISSING',
        file: name,
        entity: 'bundle',
        message:
          'The bundle has no manifest.csv; OneRoster requires one, naming the version and each file as bulk, delta or absent.',
      });
    } else {
      findings.add({
        code: 'FILE_ABSENT',
        file: name,
        entity: 'bundle',
        message: `The bundle has no ${name}; that is allowed.`,
      });
    }
  }
  const manifest = judgeManifest(properties, present, csvBindings[version], level);
  for (const finding of manifest.findings) findings.add({ entity: 'bundle', ...finding });
  for (const [name, entry] of bundle.files) {
    if (!name.endsWith('.csv') || bindingFor(version, name) || rostersyncFiles.has(name)) continue;
    findings.add({
      code: 'FILE_UNKNOWN',
      file: entry.path,
      entity: 'bundle',
      message: `${entry.path} is not a file of OneRoster ${version}; it is not read.`,
    });
  }
  return new BundleCheck({ level, findings, version, present, modes: manifest.modes });
}

async function checkFile(
  file: BundleFile,
  binding: CsvFileBinding,
  check: BundleCheck,
  options: ValidateOptions,
): Promise<FileChecker> {
  const checker = check.fileChecker(binding);
  await checkCsvFile(file, checker, { onBytesRead: options.onBytesRead });
  return checker;
}

/** manifest.csv's `propertyName,value` rows (malformed ones are reported by its full check). */
async function readManifestProperties(file: BundleFile): Promise<Map<string, ManifestProperty>> {
  const properties = new Map<string, ManifestProperty>();
  let nameAt = -1;
  let valueAt = -1;
  await forEachCsvRow(file, (fields, line) => {
    if (nameAt === -1) {
      const lower = fields.map((field) => field.trim().toLowerCase());
      nameAt = lower.indexOf('propertyname');
      valueAt = lower.indexOf('value');
      return nameAt !== -1 && valueAt !== -1;
    }
    const name = fields[nameAt]?.trim();
    if (name && !properties.has(name.toLowerCase())) {
      properties.set(name.toLowerCase(), { value: fields[valueAt]?.trim() ?? '', line });
    }
    return true;
  });
  return properties;
}

/** The first record of a file: its header. */
async function readHeaderLine(file: BundleFile): Promise<readonly string[]> {
  let header: readonly string[] = [];
  await forEachCsvRow(file, (fields) => {
    header = fields;
    return false;
  }).catch((error: unknown) => {
    // An encoding problem is reported by the file's full check; a damaged archive is fatal.
    if (error instanceof BundleError) throw error;
  });
  return header;
}
