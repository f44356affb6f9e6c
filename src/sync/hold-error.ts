/**
 * Why `approve` or `discard` refused a run. Codes are stable (scripts and the console branch on
 * them) and documented in the README's CLI reference.
 * - `RUN_NOT_FOUND`: no such run.
 * - `RUN_NOT_HELD`: the run did not end held (or is a dry run, which holds nothing back).
 * - `HOLD_ALREADY_RESOLVED`: the run's hold was approved or discarded already.
 * - `APPROVAL_FAILED`: applying the approved changes failed; the approval run is recorded
 *   `failed_error`, the hold stays open and approving again finishes the job.
 */
export type HoldErrorCode = 'RUN_NOT_FOUND' | 'RUN_NOT_HELD' | 'HOLD_ALREADY_RESOLVED' | 'APPROVAL_FAILED';

export class HoldError extends Error {
  constructor(
    readonly code: HoldErrorCode,
    message: string,
  ) {
    super(message);
  }
}
