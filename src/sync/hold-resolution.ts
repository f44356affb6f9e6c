import type { SkipReason } from './held-change.ts';

/**
 * How a held run's hold was resolved, stored on the held run (`runs.hold_resolution`) and
 * printed by `approve --json` and `discard --json`. A held run keeps its `held_*` status for
 * good: it never becomes a success; this says what a person did about it.
 */
export interface HoldResolution {
  resolution: 'approved' | 'discarded';
  /** The approval run, whose audit rows are the applied changes; null for a discard. */
  runId: string | null;
  /** When it was resolved (ISO 8601). */
  at: string;
  /** Held changes in the hold. */
  held: number;
  /** Applied by the approval run. */
  approved: number;
  /** Held changes that no longer applied, per reason. */
  skipped: { reason: SkipReason; count: number }[];
  /** Held changes that still applied but were beyond the approved count (`--max`): left as they are. */
  remaining: number;
  /** Held changes dropped by a discard. */
  discarded: number;
}

/** "approved 2 of 11" / "discarded 11": the one-line form `runs` and `run show` print. */
export function describeHoldResolution(resolution: HoldResolution): string {
  if (resolution.resolution === 'discarded') return `discarded ${resolution.discarded}`;
  const skipped = resolution.skipped.reduce((sum, entry) => sum + entry.count, 0);
  const parts = [`approved ${resolution.approved} of ${resolution.held}`];
  if (skipped > 0) parts.push(`${skipped} skipped`);
  if (resolution.remaining > 0) parts.push(`${resolution.remaining} left`);
  return parts.join(', ');
}
