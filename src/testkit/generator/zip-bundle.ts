import { createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';

/**
 * Zips the files of a folder, streaming (yazl writes ZIP64 past 4 GB), with the files at the
 * root in name order and a fixed modification time: the same folder gives the same bytes.
 */
export async function zipBundle(folder: string, zipPath: string, modifiedAt: Date): Promise<void> {
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const zip = new yazl.ZipFile();
  for (const name of names) {
    zip.addFile(path.join(folder, name), name, { mtime: modifiedAt, mode: 0o100644, compress: true });
  }
  const output = createWriteStream(zipPath);
  const written = new Promise<void>((resolve, reject) => {
    output.once('close', resolve);
    output.once('error', reject);
    zip.outputStream.once('error', reject);
  });
  zip.outputStream.pipe(output);
  zip.end();
  await written;
}
