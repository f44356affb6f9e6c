import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { NewFinding } from '../../findings/finding-log.ts';

/** One file of a bundle, opened on demand and read as a stream. */
export interface BundleFile {
  /** The name as it appears in the bundle (with its folder, if any). */
  path: string;
  size: number;
  /**
   * The file's bytes. The stream fails with a `BundleError` when the archive turns out damaged
   * while reading (data that does not inflate, or more or fewer bytes than the header said).
   */
  open(): Promise<Readable>;
}

export interface Bundle {
  /** The CSV files of the chosen folder, keyed by lower-cased base name (`users.csv`). */
  files: Map<string, BundleFile>;
  /** Entries ignored as operating-system junk (`__MACOSX/`, `.DS_Store`, `._x`). */
  ignored: string[];
  /** Findings about the bundle itself (junk, files not read, symlinks); callers add them to their log. */
  notes: NewFinding[];
  close(): void;
}

export type BundleErrorCode =
  'BUNDLE_NOT_FOUND' | 'BUNDLE_UNREADABLE' | 'BUNDLE_AMBIGUOUS' | 'BUNDLE_UNSAFE' | 'BUNDLE_DUPLICATE_FILE';

/** The bundle cannot be used at all; `code` is a finding code, `file` the entry at fault if one is. */
export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** What a ZIP may hold before it is refused as hostile or broken. */
export interface BundleLimits {
  /** Most entries (files and folders). A bundle has about ten files; 10,000 leaves room for anything real. */
  maxEntries: number;
  /**
   * Most bytes all entries together may expand to. 50 GiB is several times the largest district
   * export (a few GiB) and still fits the disk of a small server if someone extracted it.
   */
  maxTotalUncompressedBytes: number;
  /**
   * Highest expanded-to-compressed ratio of an entry larger than `ratioCheckAboveBytes`. Real CSV
   * compresses about 5–20:1; a zip bomb reaches 1,000:1 and more. Default 200.
   */
  maxCompressionRatio: number;
  /** Entries that expand to at most this many bytes are not ratio-checked: they cannot hurt. Default 10 MiB. */
  ratioCheckAboveBytes: number;
}

export const defaultBundleLimits: Readonly<BundleLimits> = Object.freeze({
  maxEntries: 10_000,
  maxTotalUncompressedBytes: 50 * 1024 ** 3,
  maxCompressionRatio: 200,
  ratioCheckAboveBytes: 10 * 1024 ** 2,
});

/** How many names a note about ignored entries lists before it only counts. */
const namesListed = 5;

/** Unix file-type bits of a ZIP entry's mode, and the value that marks a symbolic link. */
const unixFileTypeMask = 0o170000;
const unixSymlinkType = 0o120000;

/**
 * Opens a OneRoster bundle: a folder or a ZIP of any name, with the files at the root or in
 * exactly one folder. Nothing is extracted to disk; files stream straight from the archive.
 * A ZIP with an entry that would escape its folder, too many entries or a zip bomb is refused
 * whole: such an archive is hostile or broken, and no part of it is trusted.
 */
export async function openBundle(bundlePath: string, limits: Partial<BundleLimits> = {}): Promise<Bundle> {
  const info = await stat(bundlePath).catch(() => null);
  if (!info) throw new BundleError('BUNDLE_NOT_FOUND', `No file or folder at ${bundlePath}.`);
  return info.isDirectory()
    ? openFolder(bundlePath)
    : openZip(bundlePath, { ...defaultBundleLimits, ...limits });
}

async function openFolder(folder: string): Promise<Bundle> {
  const entries: BundleFile[] = [];
  const ignored: string[] = [];
  const notes: NewFinding[] = [];
  const visit = async (dir: string, relative: string, depth: number): Promise<void> => {
    const dirents = await readdir(dir, { withFileTypes: true });
    dirents.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of dirents) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      const fullPath = path.join(dir, entry.name);
      if (isJunk(rel)) {
        ignored.push(rel);
      } else if (entry.isSymbolicLink()) {
        // A link may point anywhere on the server; the bundle is only what is in its folder.
        notes.push(symlinkNote(rel));
      } else if (entry.isDirectory() && depth === 0) {
        await visit(fullPath, rel, 1);
      } else if (entry.isFile()) {
        entries.push({
          path: rel,
          size: (await stat(fullPath)).size,
          open: async () =>
            guardStream(
              createReadStream(fullPath, { highWaterMark: 256 * 1024 }),
              rel,
              path.basename(folder),
            ),
        });
      }
    }
  };
  await visit(folder, '', 0);
  const { files, notRead } = pickFileSet(entries);
  return { files, ignored, notes: [...notes, ...ignoredNotes(ignored, notRead, files)], close: () => {} };
}

async function openZip(zipPath: string, limits: BundleLimits): Promise<Bundle> {
  const zipName = path.basename(zipPath);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    // Names are decoded and checked below rather than by yauzl, so that a hostile name is
    // reported as such (BUNDLE_UNSAFE, naming the entry) and not as a damaged archive.
    // validateEntrySizes makes a stream fail when an entry inflates to more (or fewer) bytes
    // than its header declares: the header sizes the bomb check trusts cannot lie.
    yauzl.open(
      zipPath,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zipFile) => (error ? reject(error) : resolve(zipFile)),
    ),
  ).catch((error: Error) => {
    throw new BundleError(
      'BUNDLE_UNREADABLE',
      `${zipName} is not a readable ZIP archive (${error.message}).`,
    );
  });
  const refuse = (reason: string, entryName?: string): BundleError =>
    new BundleError(
      'BUNDLE_UNSAFE',
      `${zipName} is refused: ${reason}. Nothing in it was read; an archive like this is damaged or hostile, so export the bundle again.`,
      entryName,
    );
  const entries: BundleFile[] = [];
  const ignored: string[] = [];
  const notes: NewFinding[] = [];
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw refuse(
        `it holds ${zip.entryCount.toLocaleString('en-US')} entries, more than the ${limits.maxEntries.toLocaleString('en-US')} accepted`,
      );
    }
    let entryCount = 0;
    let totalBytes = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          // Counted again as read: the count in the archive's directory could lie.
          if (++entryCount > limits.maxEntries) {
            throw refuse(
              `it holds more than the ${limits.maxEntries.toLocaleString('en-US')} entries accepted`,
            );
          }
          // With decodeStrings off, this is yauzl's own decoding (CP437 or UTF-8, by the flags).
          const rawName = yauzl.getFileNameLowLevel(
            entry.generalPurposeBitFlag,
            entry.fileNameRaw,
            entry.extraFields,
            true,
          );
          const unsafe = unsafeNameReason(rawName);
          if (unsafe) throw refuse(`the entry ${JSON.stringify(rawName)} ${unsafe}`, rawName);
          // Windows tools write backslashes as separators; inside the archive they are harmless.
          const name = rawName.replace(/\\/g, '/');
          totalBytes += entry.uncompressedSize;
          if (totalBytes > limits.maxTotalUncompressedBytes) {
            throw refuse(
              `its files would expand to more than ${formatBytes(limits.maxTotalUncompressedBytes)}`,
            );
          }
          if (
            entry.uncompressedSize > limits.ratioCheckAboveBytes &&
            entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio
          ) {
            const ratio = Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1));
            throw refuse(
              `the entry ${JSON.stringify(name)} would expand from ${formatBytes(entry.compressedSize)} to ${formatBytes(entry.uncompressedSize)} (${ratio.toLocaleString('en-US')}:1, past the ${limits.maxCompressionRatio}:1 a real CSV file reaches): it looks like a zip bomb`,
              name,
            );
          }
          if (name.endsWith('/')) {
            // A folder entry: its files come as entries of their own.
          } else if (isJunk(name)) {
            ignored.push(name);
          } else if (((entry.externalFileAttributes >>> 16) & unixFileTypeMask) === unixSymlinkType) {
            // The entry's content is a link target, not data; following it could read anything.
            notes.push(symlinkNote(name));
          } else {
            entries.push({
              path: name,
              size: entry.uncompressedSize,
              open: () =>
                new Promise<Readable>((resolveStream, rejectStream) =>
                  zip.openReadStream(entry, (error, stream) =>
                    error
                      ? rejectStream(damaged(zipName, name, error))
                      : resolveStream(guardStream(stream, name, zipName)),
                  ),
                ),
            });
          }
          zip.readEntry();
        } catch (error) {
          reject(error);
        }
      });
      zip.on('end', () => resolve());
      // Stays attached for the archive's life: a late error must not go unhandled.
      zip.on('error', (error: Error) =>
        reject(new BundleError('BUNDLE_UNREADABLE', `${zipName} is damaged (${error.message}).`)),
      );
      zip.readEntry();
    });
    const { files, notRead } = pickFileSet(entries);
    return {
      files,
      ignored,
      notes: [...notes, ...ignoredNotes(ignored, notRead, files)],
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** Why an entry name would land outside the folder it is extracted to, or `null` when it would not. */
function unsafeNameReason(name: string): string | null {
  const normalized = name.replace(/\\/g, '/');
  if (normalized.includes('\0')) return 'has a NUL character in its name';
  if (normalized.startsWith('/')) return 'has an absolute path';
  if (/^[a-zA-Z]:/.test(normalized)) return 'starts with a drive letter';
  if (normalized.split('/').includes('..')) return 'climbs out of the archive with ".."';
  return null;
}

/** The file's stream, with any read failure turned into a `BundleError` naming the file. */
function guardStream(stream: Readable, name: string, bundleName: string): Readable {
  async function* guarded(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      throw damaged(bundleName, name, error as Error);
    }
  }
  const wrapper = Readable.from(guarded(), { objectMode: false });
  // A reader that stops early destroys the wrapper; the file handle must close with it, now.
  wrapper.once('close', () => stream.destroy());
  return wrapper;
}

function damaged(bundleName: string, name: string, error: Error): BundleError {
  return new BundleError(
    'BUNDLE_UNREADABLE',
    `${name} in ${bundleName} could not be read (${error.message}); the bundle is probably damaged: export it again.`,
    name,
  );
}

function isJunk(entryPath: string): boolean {
  const parts = entryPath.split('/');
  const base = (parts.at(-1) ?? '').toLowerCase();
  return (
    parts.includes('__MACOSX') ||
    base === '.ds_store' ||
    base.startsWith('._') ||
    base === 'thumbs.db' ||
    base === 'desktop.ini'
  );
}

function symlinkNote(name: string): NewFinding {
  return {
    code: 'BUNDLE_SYMLINK',
    entity: 'bundle',
    file: name,
    message: `${name} is a symbolic link; it is not followed or read.`,
  };
}

function ignoredNotes(junk: string[], notRead: string[], files: Map<string, BundleFile>): NewFinding[] {
  const notes: NewFinding[] = [];
  if (junk.length > 0) {
    notes.push({
      code: 'BUNDLE_JUNK_IGNORED',
      entity: 'bundle',
      message: `${count(junk.length, 'operating-system file')} ignored: ${listNames(junk)}.`,
    });
  }
  // Other files (a README, the generator's state) are no roster data: only a CSV file left
  // out is worth a word.
  const csvNotRead = notRead.filter((name) => name.toLowerCase().endsWith('.csv'));
  if (csvNotRead.length > 0) {
    const folder = folderOf([...files.values()][0]?.path ?? '');
    const where = folder ? `in ${folder}/` : 'at the root';
    notes.push({
      code: 'BUNDLE_FILE_IGNORED',
      entity: 'bundle',
      message: `${count(csvNotRead.length, 'CSV file')} not read (only the CSV files ${where} are): ${listNames(csvNotRead)}.`,
    });
  }
  return notes;
}

function count(n: number, noun: string): string {
  return n === 1 ? `1 ${noun} is` : `${n.toLocaleString('en-US')} ${noun}s are`;
}

function listNames(names: string[]): string {
  const listed = names.slice(0, namesListed).join(', ');
  return names.length > namesListed ? `${listed} and ${names.length - namesListed} more` : listed;
}

/**
 * The CSV files at the root, or else those of the one folder that holds CSV files; every other
 * file is `notRead`. Two files of the set whose names differ only in case are refused: which
 * one is meant cannot be told, and reading either could silently drop the other's records.
 */
function pickFileSet(entries: BundleFile[]): { files: Map<string, BundleFile>; notRead: string[] } {
  const isCsv = (entry: BundleFile): boolean => entry.path.toLowerCase().endsWith('.csv');
  const folders = new Set(entries.filter(isCsv).map((entry) => folderOf(entry.path)));
  if (folders.size > 1 && !folders.has('')) {
    throw new BundleError(
      'BUNDLE_AMBIGUOUS',
      `CSV files are in several folders (${[...folders].sort().join(', ')}); put one set of OneRoster files at the root or in one folder.`,
    );
  }
  const chosen = folders.has('') ? '' : ([...folders][0] ?? '');
  const files = new Map<string, BundleFile>();
  const notRead: string[] = [];
  for (const entry of entries) {
    if (!isCsv(entry) || folderOf(entry.path) !== chosen) {
      notRead.push(entry.path);
      continue;
    }
    const key = baseName(entry.path).toLowerCase();
    const other = files.get(key);
    if (other) {
      throw new BundleError(
        'BUNDLE_DUPLICATE_FILE',
        `The bundle holds both ${other.path} and ${entry.path}; names are read without regard to case, so it is unclear which one to use. Keep one.`,
        entry.path,
      );
    }
    files.set(key, entry);
  }
  return { files, notRead };
}

function folderOf(entryPath: string): string {
  const slash = entryPath.lastIndexOf('/');
  return slash === -1 ? '' : entryPath.slice(0, slash);
}

function baseName(entryPath: string): string {
  return entryPath.slice(entryPath.lastIndexOf('/') + 1);
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
