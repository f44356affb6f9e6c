import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** One file of a bundle, opened on demand and read as a stream. */
export interface BundleFile {
  /** The name as it appears in the bundle (with its folder, if any). */
  path: string;
  size: number;
  open(): Promise<Readable>;
}

export interface Bundle {
  /** Files keyed by lower-cased base name (`users.csv`); names are matched case-insensitively. */
  files: Map<string, BundleFile>;
  /** Entries ignored as operating-system junk (`__MACOSX/`, `.DS_Store`, `._x`). */
  ignored: string[];
  close(): void;
}

export class BundleError extends Error {
  constructor(
    readonly code: 'BUNDLE_NOT_FOUND' | 'BUNDLE_UNREADABLE' | 'BUNDLE_AMBIGUOUS',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opens a OneRoster bundle: a folder or a ZIP of any name, with the files at the root or in
 * exactly one folder. Nothing is extracted to disk; files stream straight from the archive.
 */
export async function openBundle(bundlePath: string): Promise<Bundle> {
  const info = await stat(bundlePath).catch(() => null);
  if (!info) throw new BundleError('BUNDLE_NOT_FOUND', `No file or folder at ${bundlePath}.`);
  return info.isDirectory() ? openFolder(bundlePath) : openZip(bundlePath);
}

async function openFolder(folder: string): Promise<Bundle> {
  const entries: { path: string; size: number; fullPath: string }[] = [];
  const ignored: string[] = [];
  const visit = async (dir: string, relative: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (isJunk(rel)) {
        ignored.push(rel);
      } else if (entry.isDirectory() && depth === 0) {
        await visit(path.join(dir, entry.name), rel, 1);
      } else if (entry.isFile()) {
        const fullPath = path.join(dir, entry.name);
        entries.push({ path: rel, size: (await stat(fullPath)).size, fullPath });
      }
    }
  };
  await visit(folder, '', 0);
  const files = pickFileSet(
    entries.map((entry) => ({
      path: entry.path,
      size: entry.size,
      open: async () => createReadStream(entry.fullPath, { highWaterMark: 256 * 1024 }),
    })),
  );
  return { files, ignored, close: () => {} };
}

async function openZip(zipPath: string): Promise<Bundle> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false }, (error, zipFile) =>
      error ? reject(error) : resolve(zipFile),
    ),
  ).catch((error: Error) => {
    throw new BundleError(
      'BUNDLE_UNREADABLE',
      `${path.basename(zipPath)} is not a readable ZIP archive (${error.message}).`,
    );
  });
  const entries: BundleFile[] = [];
  const ignored: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (!name.endsWith('/')) {
        if (isJunk(name)) {
          ignored.push(name);
        } else {
          entries.push({
            path: name,
            size: entry.uncompressedSize,
            open: () =>
              new Promise<Readable>((resolveStream, rejectStream) =>
                zip.openReadStream(entry, (error, stream) =>
                  error ? rejectStream(error) : resolveStream(stream),
                ),
              ),
          });
        }
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (error: Error) =>
      reject(
        new BundleError('BUNDLE_UNREADABLE', `${path.basename(zipPath)} is damaged (${error.message}).`),
      ),
    );
    zip.readEntry();
  });
  return { files: pickFileSet(entries), ignored, close: () => zip.close() };
}

function isJunk(entryPath: string): boolean {
  const parts = entryPath.split('/');
  const base = parts.at(-1) ?? '';
  return parts.includes('__MACOSX') || base === '.DS_Store' || base.startsWith('._') || base === 'Thumbs.db';
}

/** The CSV files at the root, or else those of the one folder that holds CSV files. */
function pickFileSet(entries: BundleFile[]): Map<string, BundleFile> {
  const folders = new Set(
    entries.filter((entry) => entry.path.toLowerCase().endsWith('.csv')).map((entry) => folderOf(entry.path)),
  );
  if (folders.size > 1 && !folders.has('')) {
    throw new BundleError(
      'BUNDLE_AMBIGUOUS',
      `CSV files are in several folders (${[...folders].sort().join(', ')}); put one set of OneRoster files at the root or in one folder.`,
    );
  }
  const chosen = folders.has('') ? '' : ([...folders][0] ?? '');
  const files = new Map<string, BundleFile>();
  for (const entry of entries) {
    if (folderOf(entry.path) === chosen) files.set(baseName(entry.path).toLowerCase(), entry);
  }
  return files;
}

function folderOf(entryPath: string): string {
  const slash = entryPath.lastIndexOf('/');
  return slash === -1 ? '' : entryPath.slice(0, slash);
}

function baseName(entryPath: string): string {
  return entryPath.slice(entryPath.lastIndexOf('/') + 1);
}
