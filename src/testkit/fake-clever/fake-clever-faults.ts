/**
 * Failures a fake Clever server plays on purpose, changeable while it runs (`setFaults`, which
 * also restarts their counters). Paths are URL paths without the query, e.g. `/v3.0/users`.
 */
export interface FakeCleverFaults {
  /**
   * After this many data requests (everything under `/v3.x/` that passed the token check),
   * answer 429 with `X-RateLimit-Remaining: 0` and an `X-RateLimit-Reset` `rateLimitResetSeconds`
   * ahead; once that moment has passed, serve normally again (for another N requests).
   */
  rateLimitAfter?: number;
  /** How far ahead the reset of `rateLimitAfter` lies, in seconds. Default 1. */
  rateLimitResetSeconds?: number;
  /** Fail one page of one listing, e.g. the 3rd page of `/v3.0/users` (any role filter). */
  failPage?: FailPageFault;
  /**
   * Serve at most this many records per page whatever `limit` asks (a client must follow `next`
   * links rather than trust its `limit`), so a small district spans several pages.
   */
  pageSizeCap?: number;
  /** Wait this long before every answer, in milliseconds (a slow Clever). */
  delayMs?: number;
  /**
   * Answer every 404 as Clever's HTML "Cannot GET …" page, including unknown record ids on known
   * endpoints — what Clever sent in the recording for an endpoint the token may not call.
   * Unknown paths are HTML 404 pages whatever this says. Default false: unknown ids get JSON.
   */
  htmlNotFound?: boolean;
  /** Paths that never answer: the request hangs until the client gives up or the server closes. */
  timeoutPaths?: string[];
  /**
   * Answer `/events?starting_after=<id>` with 404 JSON when no event has that id, as a client
   * must expect once Clever has dropped events past their 30 days. Default false: the cursor is
   * compared, not looked up, as Clever did in the recorded interactions (see serve-clever-data.ts).
   */
  isUnknownEventCursorNotFound?: boolean;
}

export interface FailPageFault {
  /** The listing's path, e.g. `/v3.0/users`. */
  path: string;
  /** The 1-based page of that listing, counted as if every page before it had the request's `limit`. */
  page: number;
  /** Default 502. */
  status?: number;
  /** How many times in a row to fail it before it is served (Infinity: always). Default 1. */
  times?: number;
  /** Default `html`: a gateway's HTML error page, which a client must cope with (SPEC §2.1). */
  bodyFormat?: 'html' | 'json';
}
