import type { Store } from '../store/store.ts';
import { HoldError } from './hold-error.ts';
import type { HoldResolution } from './hold-resolution.ts';
import type { OpenHold } from './load-open-hold.ts';

/** What became of one held change (`plan_changes.state`, and `skip_reason` when skipped). */
export interface HeldChangeState {
  seq: number;
  state: 'approved' | 'skipped' | 'not_approved' | 'discarded';
  reason: string | null;
}

/**
 * Closes a hold in one transaction: the held run gets its resolution and each held change its
 * end state. Taking the resolution only while none is set makes a second approve or discard a
 * refusal (`HOLD_ALREADY_RESOLVED`) even without the config lock.
 */
export async function recordHoldResolution(
  store: Store,
  hold: OpenHold,
  resolution: HoldResolution,
  states: readonly HeldChangeState[],
): Promise<void> {
  await store.bulkTransaction(async (tx) => {
    const taken = await tx.query(
      `update runs set hold_resolution = $1::jsonb
       where id = $2 and district_id = $3 and hold_resolution is null returning id`,
      [JSON.stringify(resolution), hold.runId, hold.districtId],
    );
    if (taken.length === 0) {
      throw new HoldError('HOLD_ALREADY_RESOLVED', `The hold of run ${hold.runId} was resolved already.`);
    }
    await tx.query(
      `update plan_changes p set state = r.state, skip_reason = r.reason
       from unnest($1::int[], $2::text[], $3::text[]) as r(seq, state, reason)
       where p.run_id = $4 and p.district_id = $5 and p.seq = r.seq and p.state = 'held'`,
      [
        states.map((entry) => entry.seq),
        states.map((entry) => entry.state),
        states.map((entry) => entry.reason),
        hold.runId,
        hold.districtId,
      ],
    );
  });
}
