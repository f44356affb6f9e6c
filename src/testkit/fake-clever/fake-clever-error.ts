/** Why a fake Clever server could not start. */
export type FakeCleverErrorCode =
  /** The data path does not exist or cannot be read. */
  | 'FAKE_CLEVER_DATA_UNREADABLE'
  /** The data file is not JSON, or not the generator's `clever.json` nor Clever list envelopes. */
  | 'FAKE_CLEVER_DATA_MALFORMED'
  /** A `rostersync fake-clever` option is out of range or lacks its partner. */
  | 'FAKE_CLEVER_OPTION_INVALID';

/** A refusal with a stable code; the CLI prints the message and exits with 1. */
export class FakeCleverError extends Error {
  constructor(
    readonly code: FakeCleverErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FakeCleverError';
  }
}
