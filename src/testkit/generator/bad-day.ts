import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { closeStream, openBufferedFile } from './buffered-file.ts';
import { readSidecar } from './bundle-sidecar.ts';
import type { BadDayKind, DistrictSettings, FileStats, GenerateSummary } from './district-model.ts';
import { encodeWindows1252 } from './encode-windows-1252.ts';
import { GeneratorError } from './generator-error.ts';
import { requireRate, resolveDistrictSettings, type DistrictOptions } from './resolve-district-settings.ts';
import { writeDistrictBundle } from './write-district-bundle.ts';

export interface GenerateBadDayOptions extends Partial<DistrictOptions> {
  kind: BadDayKind;
  outDir: string;
  /** Break the day after this bundle; without it, day 0 of the district options is broken. */
  from?: string;
  /** With `from`: the next day's change rate; default 0, the same roster with only the defect. */
  rate?: number;
  /** Default: the format of `from`, else `oneroster-1.1`. */
  format?: 'oneroster-1.1' | 'oneroster-1.2';
  zip?: boolean;
}

/** Share of users.csv rows a `truncated-users` day keeps. */
export const truncatedUsersShare = 0.1;

/**
 * Writes a broken day, the kind of input after which a sync must not archive anything:
 * - `truncated-users`: users.csv keeps its header and only the first 10 % of its rows
 *   (cut at a row boundary, so the file itself parses cleanly);
 * - `missing-file`: enrollments.csv is absent though manifest.csv still lists it as bulk;
 * - `no-guardians`: every parent/guardian/relative user is gone, and so are the students'
 *   links to them;
 * - `windows-1252`: users.csv is encoded as Windows-1252 (accented names become single
 *   bytes; letters the code page lacks lose their accent).
 * Everything else is the day as `generateNextDay` (or `generateBundle`) would write it.
 */
export async function generateBadDay(options: GenerateBadDayOptions): Promise<GenerateSummary> {
  let settings: DistrictSettings;
  let format = options.format;
  if (options.from !== undefined) {
    const rate = options.rate ?? 0;
    requireRate(rate);
    const previous = await readSidecar(options.from);
    if (previous.format !== 'oneroster-1.1' && previous.format !== 'oneroster-1.2' && !format) {
      throw new GeneratorError(
        'GENERATOR_OPTION_INVALID',
        `Bad days are OneRoster bundles; ${options.from} is ${previous.format}: pass a OneRoster --format.`,
      );
    }
    format ??= previous.format as 'oneroster-1.1' | 'oneroster-1.2';
    settings = {
      seed: previous.seed,
      students: previous.students,
      schools: previous.schools,
      schoolYear: previous.schoolYear,
      rates: [...previous.rates, rate],
    };
  } else {
    if (options.students === undefined) {
      throw new GeneratorError(
        'GENERATOR_OPTION_INVALID',
        'A bad day needs --from or a district size (--students).',
      );
    }
    settings = resolveDistrictSettings({ ...options, students: options.students });
  }
  if (format !== undefined && format !== 'oneroster-1.1' && format !== 'oneroster-1.2') {
    throw new GeneratorError(
      'GENERATOR_OPTION_INVALID',
      `Bad days are OneRoster bundles, not ${String(format)}.`,
    );
  }
  return writeDistrictBundle(
    { ...settings, isWithoutGuardians: options.kind === 'no-guardians' },
    {
      format: format ?? 'oneroster-1.1',
      outDir: options.outDir,
      zip: options.zip ?? false,
      badDay: options.kind,
      breakBundle: (dir, files) => breakBundle(options.kind, dir, files),
    },
  );
}

async function breakBundle(kind: BadDayKind, dir: string, files: Record<string, FileStats>): Promise<void> {
  const users = path.join(dir, 'users.csv');
  if (kind === 'truncated-users') {
    const rows = Math.max(1, Math.ceil((files['users.csv']?.rows ?? 0) * truncatedUsersShare));
    files['users.csv'] = await rewriteText(users, (append) => keepFirstLines(users, rows + 1, append));
  } else if (kind === 'missing-file') {
    await rm(path.join(dir, 'enrollments.csv'));
    delete files['enrollments.csv'];
  } else if (kind === 'windows-1252') {
    const rows = files['users.csv']?.rows ?? 0;
    const stats = await rewriteBytes(users);
    files['users.csv'] = { rows, bytes: stats };
  }
}

/** Replaces a file with the text `produce` appends; returns the new row count and size. */
async function rewriteText(
  file: string,
  produce: (append: (text: string) => void) => Promise<number>,
): Promise<FileStats> {
  const partial = `${file}.partial`;
  const output = await openBufferedFile(partial);
  const lines = await produce((text) => output.append(text));
  const bytes = await output.close();
  await rename(partial, file);
  return { rows: lines - 1, bytes };
}

/** Streams the first `count` lines of a file (the generator never puts a newline inside a field). */
async function keepFirstLines(file: string, count: number, append: (text: string) => void): Promise<number> {
  let kept = 0;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const text = chunk as string;
    let start = 0;
    while (kept < count) {
      const end = text.indexOf('\n', start);
      if (end === -1) break;
      kept++;
      start = end + 1;
    }
    if (kept < count) {
      // The chunk ends inside a line that is kept too.
      append(text);
      continue;
    }
    append(text.slice(0, start));
    stream.destroy();
    break;
  }
  return kept;
}

/** Re-encodes a UTF-8 file as Windows-1252; returns its new size. */
async function rewriteBytes(file: string): Promise<number> {
  const partial = `${file}.partial`;
  const output = createWriteStream(partial);
  let bytes = 0;
  // Decoding with an encoding set keeps characters split across chunks whole.
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const encoded = encodeWindows1252(chunk as string);
    bytes += encoded.length;
    if (!output.write(encoded)) await once(output, 'drain');
  }
  await closeStream(output);
  await rename(partial, file);
  return bytes;
}
