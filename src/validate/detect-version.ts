import type { NewFinding } from '../findings/finding-log.ts';
import type { OneRosterVersion } from '../oneroster/csv-binding.ts';

export interface VersionClues {
  /** `oneroster.version` from manifest.csv, when the bundle has one. */
  manifestVersion: string | null;
  hasManifest: boolean;
  /** Header lines of the files that tell versions apart, by lower-cased name, when present. */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Lower-cased names of every file in the bundle. */
  fileNames: ReadonlySet<string>;
}

export type VersionVerdict =
  { version: OneRosterVersion; findings: NewFinding[] } | { version: null; findings: NewFinding[] };

/** Columns that only one version's users.csv has. */
const usersOnly11 = ['role', 'orgsourcedids'];
const usersOnly12 = ['primaryorgsourcedid', 'usermasteridentifier', 'preferredgivenname', 'pronouns'];
/** Columns of the 1.2 roles.csv that tell it from other files of that name. */
const rolesOnly12 = ['usersourcedid', 'roletype', 'role', 'orgsourcedid'];

/**
 * Which OneRoster version a bundle is: the manifest says, else users.csv's header shows (1.1
 * carries role and orgSourcedIds, 1.2 moved roles to roles.csv). A bundle that is neither —
 * most often a Microsoft School Data Sync set, which borrows OneRoster's file names — is
 * refused as a whole with one clear finding instead of a page of header errors.
 */
export function detectVersion(clues: VersionClues): VersionVerdict {
  const users = (clues.headers.get('users.csv') ?? []).map((name) => name.trim().toLowerCase());
  const roles = (clues.headers.get('roles.csv') ?? []).map((name) => name.trim().toLowerCase());
  // users.csv decides; a 1.2 users.csv may have none of its optional 1.2-only columns, and then
  // roles.csv tells (Microsoft SDS sets have a roles.csv too, but without roleType).
  // A users.csv that is OneRoster's but lacks a column (role, say) is read as 1.1, so its
  // header findings name what is missing rather than refusing the whole bundle.
  const isOneRosterUsers =
    users.includes('sourcedid') && (users.includes('givenname') || users.includes('familyname'));
  const fromHeaders: OneRosterVersion | null = usersOnly12.some((name) => users.includes(name))
    ? '1.2'
    : usersOnly11.some((name) => users.includes(name))
      ? '1.1'
      : rolesOnly12.every((name) => roles.includes(name))
        ? '1.2'
        : isOneRosterUsers || hasOneRosterFilesOnly(clues, users)
          ? '1.1'
          : null;
  // An empty value declares nothing (as the sync reads it); conformance reports it as missing.
  const declared = clues.manifestVersion?.trim() || null;
  const findings: NewFinding[] = [];
  if (declared === '1.1' || declared === '1.2') {
    if (fromHeaders !== null && fromHeaders !== declared) {
      findings.push({
        code: 'VERSION_MISMATCH',
        file: 'manifest.csv',
        column: 'value',
        value: declared,
        message: `manifest.csv says OneRoster ${declared}, but users.csv has the columns of ${fromHeaders}; the files are read as ${fromHeaders}.`,
      });
      return { version: fromHeaders, findings };
    }
    return { version: declared, findings };
  }
  if (declared !== null) {
    findings.push({
      code: 'VERSION_UNSUPPORTED',
      file: 'manifest.csv',
      column: 'value',
      value: declared.slice(0, 20),
      message: `manifest.csv says OneRoster ${declared.slice(0, 20)}; rostersync reads OneRoster 1.1 and 1.2.${fromHeaders ? ` The files look like ${fromHeaders} and are checked as such.` : ''}`,
    });
    return fromHeaders ? { version: fromHeaders, findings } : { version: null, findings };
  }
  if (fromHeaders !== null && !(clues.hasManifest === false && looksLikeSds(clues))) {
    return { version: fromHeaders, findings };
  }
  findings.push({
    code: 'BUNDLE_NOT_ONEROSTER',
    message: notOneRosterMessage(clues, users),
  });
  return { version: null, findings };
}

/**
 * No users.csv to tell by, or one whose header could not be read (UTF-16, a spreadsheet):
 * OneRoster's other files make it a 1.1 bundle whose problems the files' checks then name.
 */
function hasOneRosterFilesOnly(clues: VersionClues, users: readonly string[]): boolean {
  if (users.length > 0 && users.some((name) => name !== '')) return false;
  return ['users.csv', 'classes.csv', 'enrollments.csv'].some((name) => clues.fileNames.has(name));
}

/** Microsoft School Data Sync v2/v2.1 sets: OneRoster's file names, their own columns. */
function looksLikeSds(clues: VersionClues): boolean {
  const header = (file: string): string[] =>
    (clues.headers.get(file) ?? []).map((name) => name.trim().toLowerCase());
  return (
    clues.fileNames.has('relationships.csv') ||
    clues.fileNames.has('userflags.csv') ||
    header('users.csv').includes('activedirectorymatchid') ||
    header('roles.csv').includes('isprimary') ||
    (clues.headers.has('classes.csv') &&
      !header('classes.csv').includes('schoolsourcedid') &&
      header('classes.csv').includes('orgsourcedid'))
  );
}

function notOneRosterMessage(clues: VersionClues, users: readonly string[]): string {
  const fix =
    'rostersync reads OneRoster 1.1 and 1.2 CSV bundles: export "OneRoster CSV" from your SIS (with its manifest.csv), or check that you picked the right folder.';
  if (looksLikeSds(clues)) {
    return `This is not a OneRoster bundle: it looks like a Microsoft School Data Sync (SDS) CSV set, which borrows OneRoster's file names but not its columns (no manifest.csv; classes.csv has orgSourcedId instead of schoolSourcedId, roles.csv has isPrimary, or relationships.csv/userFlags.csv are present). ${fix}`;
  }
  if (!clues.fileNames.has('users.csv')) {
    return `This is not a OneRoster bundle: it has neither manifest.csv nor users.csv. ${fix}`;
  }
  return `This is not a OneRoster bundle: it has no manifest.csv and users.csv has neither the 1.1 columns (role, orgSourcedIds) nor the 1.2 ones (primaryOrgSourcedId, userMasterIdentifier); its header is ${users.slice(0, 12).join(',')}. ${fix}`;
}
