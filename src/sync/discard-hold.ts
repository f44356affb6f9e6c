import type { Store } from '../store/store.ts';
import type { HoldOutcome } from './approve-hold.ts';
import type { HoldResolution } from './hold-resolution.ts';
import { loadHeldChanges } from './load-held-changes.ts';
import { loadOpenHold } from './load-open-hold.ts';
import { recordHoldResolution } from './record-hold-resolution.ts';
import { withConfigLock } from './with-config-lock.ts';

/**
 * Discards a held run's hold (SPEC §5.5): nothing is applied, every held change ends
 * `discarded` and the held run records the discard. It is an action on the held run, not a
 * run: it changes nothing in the directory, so there is nothing to audit or roll back. If the
 * source still lacks those records, the next run plans their removal again, through the guard.
 */
export async function discardHold(options: {
  store: Store;
  runId: string;
  now?: () => Date;
}): Promise<HoldOutcome> {
  const { store } = options;
  const { configId } = await loadOpenHold(store.db, options.runId);
  return withConfigLock(store, configId, async () => {
    const hold = await loadOpenHold(store.db, options.runId);
    const changes = await loadHeldChanges(store.db, hold);
    const resolution: HoldResolution = {
      resolution: 'discarded',
      runId: null,
      at: (options.now?.() ?? new Date()).toISOString(),
      held: changes.length,
      approved: 0,
      skipped: [],
      remaining: 0,
      discarded: changes.length,
    };
    await recordHoldResolution(
      store,
      hold,
      resolution,
      changes.map((change) => ({ seq: change.seq, state: 'discarded', reason: null })),
    );
    return { heldRunId: hold.runId, ...resolution };
  });
}
