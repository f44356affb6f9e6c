import type { BundleFile } from './open-bundle.ts';
import { manifestFile } from './oneroster-files.ts';
import { readCsvFile } from './read-csv-file.ts';
import type { ReadContext } from './read-context.ts';

/** How manifest.csv says a file is sent. */
export type FileMode = 'bulk' | 'delta' | 'absent';

export interface Manifest {
  /** `oneroster.version`, when given. */
  version: string | null;
  /** Mode per lower-cased file name (`users.csv`), for the files the manifest names. */
  fileModes: Map<string, FileMode>;
}

/** Reads manifest.csv (`propertyName,value`), e.g. `file.users,bulk`. */
export async function readManifest(file: BundleFile, context: ReadContext): Promise<Manifest> {
  const manifest: Manifest = { version: null, fileModes: new Map() };
  await readCsvFile(
    file,
    manifestFile,
    context.findings,
    {
      onRow(fields, line, c) {
        const property = fields[c.propertyName]!.trim();
        const value = fields[c.value]!.trim();
        if (property.toLowerCase() === 'oneroster.version') {
          manifest.version = value;
        } else if (property.toLowerCase().startsWith('file.')) {
          const mode = value.toLowerCase();
          if (mode !== 'bulk' && mode !== 'delta' && mode !== 'absent') {
            context.findings.add({
              code: 'MANIFEST_INVALID',
              file: manifestFile.name,
              line,
              column: 'value',
              value: value.slice(0, 100),
              message: `${property} is "${value.slice(0, 100)}"; it must be bulk, delta or absent. The file is read as bulk.`,
            });
            return;
          }
          manifest.fileModes.set(`${property.slice(5).toLowerCase()}.csv`, mode);
        }
      },
      onUnusableRow() {},
    },
    { entity: 'bundle', onBytesRead: context.onBytesRead },
  );
  return manifest;
}
