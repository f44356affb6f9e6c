import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** A text file written through a buffer, with backpressure. */
export interface BufferedFile {
  /** Appends text to the buffer (nothing is written yet). */
  append(text: string): void;
  /** Hands the filled blocks to the stream; waits while the stream is full. */
  flush(): Promise<void>;
  /** Writes the rest, closes the file and returns its size in bytes. */
  close(): Promise<number>;
}

/** Text is encoded into blocks of this size, which are written whole. */
const blockBytes = 1 << 20;

/**
 * Opens a file for streaming text. Text is encoded straight into 1 MB blocks (no growing
 * strings to flatten, little garbage), so a 10-million-row file costs about a thousand
 * stream writes; `flush` awaits `drain`, so memory stays bounded however fast rows come.
 */
export async function openBufferedFile(path: string): Promise<BufferedFile> {
  const stream = createWriteStream(path);
  await once(stream, 'open');
  let block = Buffer.allocUnsafe(blockBytes);
  let used = 0;
  const full: Buffer[] = [];
  const writeFull = async (): Promise<void> => {
    while (full.length > 0) {
      if (!stream.write(full.shift()!)) await once(stream, 'drain');
    }
  };
  return {
    append(text) {
      // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
      if (used + text.length * 3 > blockBytes) {
        if (used > 0) full.push(block.subarray(0, used));
        block = Buffer.allocUnsafe(Math.max(blockBytes, text.length * 3));
        used = 0;
      }
      used += block.write(text, used);
    },
    async flush() {
      await writeFull();
    },
    async close() {
      if (used > 0) full.push(block.subarray(0, used));
      used = 0;
      await writeFull();
      await closeStream(stream);
      return stream.bytesWritten;
    },
  };
}

/** Ends a stream and waits until the file is closed, so it can be read or zipped at once. */
export function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('close', resolve);
    stream.once('error', reject);
    stream.end();
  });
}
