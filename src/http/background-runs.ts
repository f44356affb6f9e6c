import type { FastifyBaseLogger } from 'fastify';
import { runSync, type RunSyncOptions } from '../sync/run-sync.ts';

/**
 * Runs started over the API that the request does not wait for (`wait=false`): the answer is
 * `202` with the run's id as soon as the run is recorded, and the client follows it with
 * `GET …/runs/{runId}` until its status is no longer `running`.
 *
 * A run here lives in the server's process, as a run of `rostersync sync` lives in the CLI's:
 * if the process dies, the run stays `running` until the next run of its config marks it
 * `failed_interrupted` (and a rollback undoes what it committed), as after any crash. Closing
 * the server waits for the runs it started, so a deploy that closes cleanly loses none.
 */
export class BackgroundRuns {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly log: FastifyBaseLogger) {}

  /**
   * Starts a run and resolves with its id once it is recorded; rejects, without starting
   * anything, when the run cannot begin (an unknown config, another run of it in progress).
   * `onSettled` is called when the run ends, however it ends (to delete an upload it reads).
   */
  start(options: RunSyncOptions, onSettled: () => Promise<void> = async () => {}): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let runId: string | null = null;
      const run = runSync({
        ...options,
        onStarted: (id) => {
          runId = id;
          resolve(id);
        },
      })
        .catch((error: unknown) => {
          // Before the run was recorded, the caller hears of it; after, the run records its own
          // failure, and only something unforeseen reaches here.
          if (runId === null) reject(error);
          else this.log.error({ err: error, runId }, 'a background run failed outside its record');
        })
        .finally(async () => {
          await onSettled().catch(() => {});
          this.inFlight.delete(run);
        });
      this.inFlight.add(run);
    });
  }

  /** Waits for every run started here to end. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
