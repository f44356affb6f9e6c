import { parentPort, workerData } from 'node:worker_threads';
import { FindingLog } from '../findings/finding-log.ts';
import { bindingFor } from '../oneroster/csv-bindings.ts';
import { openBundle } from '../sources/oneroster-csv/open-bundle.ts';
import { BundleCheck } from './bundle-check.ts';
import { checkCsvFile } from './check-csv-file.ts';
import type { WorkerResult, WorkerTask } from './check-file-in-worker.ts';
import { IdTable } from './id-table.ts';

/** Checks one file of a bundle with the main thread's view of the rest, and posts the result. */
async function run(task: WorkerTask): Promise<WorkerResult> {
  const findings = new FindingLog();
  const check = new BundleCheck({
    level: task.level,
    findings,
    version: task.version,
    present: new Set(task.present),
    modes: new Map(task.modes),
  });
  for (const [record, shared] of task.ended) check.installEnded(record, IdTable.fromShared(shared));
  const bundle = await openBundle(task.bundlePath);
  try {
    const file = bundle.files.get(task.fileName)!;
    const binding = bindingFor(task.version, task.fileName)!;
    await checkCsvFile(file, check.fileChecker(binding));
    const ids = binding.record
      ? check.endedTables().find(([record]) => record === binding.record)
      : undefined;
    return {
      kept: [...findings.keptFindings()],
      counts: findings.counts(),
      ids: ids ? ids[1].toShared() : null,
    };
  } finally {
    bundle.close();
  }
}

const result = await run(workerData as WorkerTask);
parentPort!.postMessage(
  result,
  result.ids ? [result.ids.hashes.buffer as ArrayBuffer, result.ids.values.buffer as ArrayBuffer] : [],
);
