import { decodeText } from '../../csv/decode-text.ts';
import { readCsvRows } from '../../csv/read-csv-rows.ts';
import type { OneRosterVersion } from '../../oneroster/csv-binding.ts';
import { detectVersion } from '../../validate/detect-version.ts';
import type { BundleFile } from './open-bundle.ts';

/** The OneRoster CSV versions the sync reads. */
export type OneRosterCsvVersion = OneRosterVersion;

/**
 * Which OneRoster version a bundle is, so the right readers run, by the validator's rule
 * (`detectVersion`): manifest.csv's `oneroster.version`, checked against users.csv's header
 * (1.1 has `role` and `orgSourcedIds`; 1.2 moved roles to roles.csv and added
 * `primaryOrgSourcedId`, preferred names…). Its findings (a mismatch, a bundle that is not
 * OneRoster) are the validator's to report; a bundle it cannot place is read as 1.1, whose
 * reader then names the missing columns.
 *
 * `files` are the bundle's files keyed by lower-cased name. Only the manifest and the header
 * lines of users.csv and roles.csv are read; a file that cannot be read here is reported by
 * its real read.
 */
export async function detectOneRosterVersion(
  files: ReadonlyMap<string, BundleFile>,
): Promise<OneRosterCsvVersion> {
  const manifest = files.get('manifest.csv');
  const headers = new Map<string, readonly string[]>();
  for (const name of ['users.csv', 'roles.csv']) {
    const file = files.get(name);
    const header = file ? (await leadingRows(file, 1))[0] : undefined;
    if (header) headers.set(name, header);
  }
  const { version } = detectVersion({
    manifestVersion: manifest ? await manifestVersion(manifest) : null,
    hasManifest: manifest !== undefined,
    headers,
    fileNames: new Set(files.keys()),
  });
  return version ?? '1.1';
}

/** `oneroster.version` of manifest.csv (`propertyName,value`), when it has one. */
async function manifestVersion(manifest: BundleFile): Promise<string | null> {
  const [header, ...rows] = await leadingRows(manifest, Infinity);
  if (!header) return null;
  const names = header.map((name) => name.trim().toLowerCase());
  const property = names.indexOf('propertyname');
  const value = names.indexOf('value');
  if (property === -1 || value === -1) return null;
  const row = rows.find((fields) => fields[property]?.trim().toLowerCase() === 'oneroster.version');
  return row?.[value]?.trim() || null;
}

/** The first `count` well-formed records of a file; none when it cannot be read. */
async function leadingRows(file: BundleFile, count: number): Promise<string[][]> {
  const rows: string[][] = [];
  let stream;
  try {
    stream = await file.open();
    for await (const batch of readCsvRows(decodeText(stream, { onEncoding() {} }))) {
      for (const entry of batch) {
        if (entry.kind === 'row') rows.push(entry.fields);
        if (rows.length >= count) return rows;
      }
    }
  } catch {
    // Not text, UTF-16, a damaged archive entry: the file's own read reports it with its code.
    return rows;
  } finally {
    stream?.destroy();
  }
  return rows;
}
