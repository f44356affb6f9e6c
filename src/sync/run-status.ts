/** How a run ended (or that it is still going). */
export const runStatuses = [
  'running',
  'succeeded',
  'succeeded_with_warnings',
  'held_threshold',
  'held_incomplete',
  'failed_invalid_input',
  'failed_schools_not_found',
  'failed_credentials',
  'failed_error',
  'failed_interrupted',
] as const;
export type RunStatus = (typeof runStatuses)[number];

/** The CLI exit code a status maps to: 0 succeeded, 2 held (a person must look), 1 failed. */
export function exitCodeOf(status: RunStatus): number {
  if (status === 'succeeded' || status === 'succeeded_with_warnings') return 0;
  if (status === 'held_threshold' || status === 'held_incomplete') return 2;
  return 1;
}
