import { runSync } from '../sync/run-sync.ts';
import { openWorkspaceStore, type BenchWorkspace } from './bench-workspace.ts';

export interface ScenarioRun {
  seconds: number;
  peakRssMiB: number;
  status: string;
  runId: string;
  changes: number;
  /** Seconds per phase of the run. */
  timings: Record<string, number>;
}

/**
 * One scenario, run in a process of its own (the benchmark spawns it) so its peak RSS is its
 * own. The clock runs around the sync only; opening the database is not part of a run.
 */
export async function runBenchScenario(workspace: BenchWorkspace, bundlePath: string): Promise<ScenarioRun> {
  const store = await openWorkspaceStore(workspace);
  try {
    const started = performance.now();
    const summary = await runSync({
      store,
      configId: workspace.configId,
      path: bundlePath,
      trigger: 'bench',
    });
    const seconds = (performance.now() - started) / 1000;
    const changes = Object.values(summary.counts).reduce(
      (total, counts) => total + counts.created + counts.updated + counts.archived + counts.unarchived,
      0,
    );
    if (summary.status === 'failed_error') throw new Error(`The run failed: ${summary.error}`);
    return {
      seconds,
      // maxRSS is the process's high-water mark, in KiB on Linux.
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      status: summary.status,
      runId: summary.id,
      changes,
      timings: summary.timings,
    };
  } finally {
    await store.close();
  }
}
