import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { z } from 'zod';
import { badDayKinds, generatorFormats } from './district-model.ts';
import { GeneratorError } from './generator-error.ts';

/** The file the generator leaves in every bundle it writes. */
export const sidecarName = 'generator.json';

const sidecarSchema = z.object({
  generator: z.literal('rostersync-generator'),
  version: z.literal(1),
  seed: z.number().int().min(0),
  students: z.number().int().min(1),
  schools: z.number().int().min(3),
  schoolYear: z.number().int(),
  format: z.enum(generatorFormats),
  /** 0 for a fresh district; n after n next days. */
  day: z.number().int().min(0),
  /** The rate of each next day, in order. */
  rates: z.array(z.number().min(0).max(1)),
  badDay: z.enum(badDayKinds).nullable(),
});

/**
 * What a bundle was generated from. `--next-day` rebuilds the previous day from it instead of
 * parsing the previous files: the district is a function of these values, so the rebuilt day
 * is byte for byte the one on disk, and a million-student day needs no reading at all.
 */
export type GeneratorSidecar = z.infer<typeof sidecarSchema>;

export async function writeSidecar(dir: string, sidecar: GeneratorSidecar): Promise<void> {
  await writeFile(path.join(dir, sidecarName), `${JSON.stringify(sidecar, null, 2)}\n`);
}

/** Reads the sidecar of a generated bundle, a folder or a ZIP. */
export async function readSidecar(bundlePath: string): Promise<GeneratorSidecar> {
  const info = await stat(bundlePath).catch(() => null);
  if (!info) throw new GeneratorError('GENERATOR_SOURCE_INVALID', `Nothing at ${bundlePath}.`);
  let text: string | null;
  try {
    text = info.isDirectory()
      ? await readFile(path.join(bundlePath, sidecarName), 'utf8').catch(() => null)
      : await readZipEntry(bundlePath, sidecarName);
  } catch (error) {
    throw new GeneratorError(
      'GENERATOR_SOURCE_INVALID',
      `${bundlePath} is not a readable ZIP (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (text === null) {
    throw new GeneratorError(
      'GENERATOR_SOURCE_INVALID',
      `${bundlePath} has no ${sidecarName}: only bundles written by \`rostersync generate\` can be continued.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const result = sidecarSchema.safeParse(parsed);
  if (!result.success) {
    throw new GeneratorError('GENERATOR_SOURCE_INVALID', `${sidecarName} in ${bundlePath} is not valid.`);
  }
  return result.data;
}

/** The text of one root entry of a ZIP, or null when it has none. */
function readZipEntry(zipPath: string, entryName: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      zip.on('error', reject);
      zip.on('end', () => resolve(null));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.readEntry();
    });
  });
}
