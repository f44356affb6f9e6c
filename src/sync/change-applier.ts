import type { Store } from '../store/store.ts';
import { applyChunk, storeHashes, type ChunkContext } from './apply-chunk.ts';
import type { GroupHash, Plan, PlannedChange } from './plan.ts';

export interface ChangeApplierOptions extends ChunkContext {
  store: Store;
  /** Changes per transaction: big enough to be fast, small enough to keep locks short. */
  chunkSize?: number | undefined;
  /** Chunks applied at once within a phase (PostgreSQL connections); PGlite has one session. */
  concurrency?: number | undefined;
  onProgress?: (applied: number) => void;
  /** Test hook: fail as if the process died after this many chunks were committed. */
  failAfterChunks?: number | undefined;
}

export const defaultApplyChunkSize = 10_000;
/** Two connections keep both of a small machine's cores busy while Node prepares chunks. */
export const defaultConcurrency = 2;

/**
 * Applies changes as they stream in, in chunked transactions. A crash leaves every record in
 * its old or its new state; since a re-run plans against the directory as it then is, it
 * finishes the job.
 *
 * Changes come in phase order: people and classrooms, then memberships and links, then their
 * removals, then archives. Chunks of one phase touch different records, so they commit in any
 * order and in parallel; a phase starts only when the one before has committed, so nothing
 * ever refers to a record a crash could leave out.
 */
export class ChangeApplier {
  private buffer: PlannedChange[] = [];
  private phase = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  private committedChunks = 0;
  private appliedCount = 0;
  private readonly chunkSize: number;
  private readonly concurrency: number;

  constructor(private readonly options: ChangeApplierOptions) {
    this.chunkSize = options.chunkSize ?? defaultApplyChunkSize;
    this.concurrency =
      options.store.engine === 'pglite' ? 1 : Math.max(1, options.concurrency ?? defaultConcurrency);
  }

  /**
   * Takes a change. Returns a promise only when the caller must wait (a phase boundary, or as
   * many chunks in flight as allowed), so a million changes do not cost a million awaits.
   */
  add(change: PlannedChange): Promise<void> | undefined {
    if (this.failure !== null) throw this.failure;
    const phase = phaseOf(change);
    if (phase < this.phase)
      throw new Error(`ChangeApplier: a phase ${phase} change after phase ${this.phase}`);
    if (phase > this.phase) {
      return this.completePhase().then(() => {
        this.phase = phase;
        return this.add(change);
      });
    }
    this.buffer.push(change);
    if (this.buffer.length < this.chunkSize) return undefined;
    this.launch();
    return this.inFlight.size >= this.concurrency ? this.waitForSlot() : undefined;
  }

  /** Applies what is left, then stores the group hashes and hash refreshes. */
  async finish(hashes: { groupHashes: GroupHash[]; hashRefreshes: Plan['hashRefreshes'] }): Promise<void> {
    await this.completePhase();
    await this.options.store.bulkTransaction((tx) => storeHashes(tx, hashes, this.options));
  }

  get applied(): number {
    return this.appliedCount;
  }

  private launch(): void {
    const chunk = this.buffer;
    this.buffer = [];
    const running: Promise<void> = this.options.store
      .bulkTransaction((tx) => applyChunk(tx, chunk, this.options))
      .then(() => {
        this.appliedCount += chunk.length;
        this.committedChunks++;
        this.options.onProgress?.(this.appliedCount);
        const { failAfterChunks } = this.options;
        if (failAfterChunks !== undefined && this.committedChunks >= failAfterChunks) {
          throw new Error(`Simulated crash after ${this.committedChunks} applied chunks`);
        }
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  private async waitForSlot(): Promise<void> {
    await Promise.race(this.inFlight);
    if (this.failure !== null) throw this.failure;
  }

  private async completePhase(): Promise<void> {
    if (this.buffer.length > 0) this.launch();
    await Promise.all(this.inFlight);
    if (this.failure !== null) throw this.failure;
  }
}

/** People and classrooms first, then what refers to them, removals next and archives last. */
export function phaseOf(change: PlannedChange): number {
  if (change.action === 'archive') return 3;
  if (change.action === 'remove') return 2;
  if (change.entity === 'memberships' || change.entity === 'guardianLinks') return 1;
  return 0;
}
