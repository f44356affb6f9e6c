import type { HoldOutcome } from './approve-hold.ts';

/** The JSON contract of `approve` and `discard` (README, "JSON contracts"). */
export function holdOutcomeJson(outcome: HoldOutcome): Record<string, unknown> {
  return {
    runId: outcome.runId,
    heldRunId: outcome.heldRunId,
    resolution: outcome.resolution,
    held: outcome.held,
    approved: outcome.approved,
    skipped: outcome.skipped,
    remaining: outcome.remaining,
    discarded: outcome.discarded,
    at: outcome.at,
  };
}
