import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from './errors/api-error.ts';

/**
 * The most a bundle upload may hold: a large district's OneRoster ZIP is a few hundred MB.
 * Streamed to disk, so the limit guards the disk, not memory.
 */
export const uploadLimitBytes = 1024 * 1024 * 1024;

/**
 * A request body saved to a temporary file; `remove` deletes it. The server does once the
 * answer is sent, unless the handler `keep`s it for work that outlives the request (a run the
 * request does not wait for), which then removes it itself.
 */
export interface ReceivedUpload {
  kind: 'upload';
  path: string;
  bytes: number;
  remove(): Promise<void>;
  keep(): void;
  readonly isKept: boolean;
}

/**
 * Streams a request body to a new temporary folder as `bundle.zip`, stopping with
 * `BODY_TOO_LARGE` at `limitBytes`. Nothing of it is held in memory.
 */
export async function receiveUpload(
  body: Readable,
  limitBytes: number = uploadLimitBytes,
): Promise<ReceivedUpload> {
  const folder = await mkdtemp(path.join(tmpdir(), 'rostersync-upload-'));
  const remove = (): Promise<void> => rm(folder, { recursive: true, force: true });
  const file = path.join(folder, 'bundle.zip');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limitBytes) {
        callback(new ApiError('BODY_TOO_LARGE', `An upload may hold at most ${limitBytes} bytes.`));
      } else callback(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  let isKept = false;
  return {
    kind: 'upload',
    path: file,
    bytes,
    remove,
    keep: () => {
      isKept = true;
    },
    get isKept() {
      return isKept;
    },
  };
}
