import { Worker } from 'node:worker_threads';
import type { Finding } from '../findings/finding.ts';
import type { OneRosterVersion, RecordFile } from '../oneroster/csv-binding.ts';
import type { FileMode } from './bundle-check.ts';
import type { SharedIdTable } from './id-table.ts';
import type { ValidationLevel } from './validation-level.ts';

/** What the worker needs to check one file of a bundle as the main thread would. */
export interface WorkerTask {
  bundlePath: string;
  fileName: string;
  level: ValidationLevel;
  version: OneRosterVersion;
  present: string[];
  modes: [string, FileMode][];
  /** Ids of files already read, which the file refers to. */
  ended: [RecordFile, SharedIdTable][];
}

/** What comes back: the file's findings and its own ids. */
export interface WorkerResult {
  kept: Finding[];
  counts: Record<string, number>;
  ids: SharedIdTable | null;
}

/**
 * Checks one file of a bundle on another thread (see `validateBundle`'s parallel mode). The
 * worker is started through a small JavaScript file that registers the TypeScript loader,
 * which does not carry over into worker threads by itself.
 */
export function checkFileInWorker(task: WorkerTask): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./check-file-worker.mjs', import.meta.url), { workerData: task });
    worker.once('message', (result: WorkerResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the validation worker stopped with code ${code}`));
    });
  });
}
