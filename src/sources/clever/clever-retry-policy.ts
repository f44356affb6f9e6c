/** Reads one response header (a `Headers` object fits). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** What one attempt of a request came to, when it did not give a usable answer. */
export type CleverAttemptOutcome =
  | { kind: 'status'; status: number; headers: HeaderReader }
  | { kind: 'network' }
  | { kind: 'timeout' }
  /** A 2xx whose body is not JSON of the expected envelope. */
  | { kind: 'invalid_body' };

export interface CleverRetryContext {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  maxAttempts: number;
  /** How many attempts of this request, this one included, gave an invalid body. */
  invalidBodyAttempts: number;
  nowMs: number;
  /** Uniform in [0, 1), for the jitter. */
  random: () => number;
}

export type CleverRetryDecision =
  | { action: 'retry'; waitMs: number; isRateLimited: boolean }
  | { action: 'give_up' }
  | { action: 'reject_credentials' };

/**
 * The policy's constants. Clever's own guidance: 429 → wait for the window to reset; 500/502/503
 * → wait and retry; other 4xx → fix the request, do not retry.
 */
export const cleverRetryLimits = {
  /** First backoff ceiling; doubles each attempt (full jitter picks uniformly below it). */
  backoffBaseMs: 500,
  /** Highest backoff ceiling: past it, waiting longer rarely helps a sync that runs nightly. */
  backoffCapMs: 30_000,
  /**
   * Longest wait for a rate-limit reset. Clever's window is one minute, so a longer reset means a
   * wrong clock or a wrong header; 15 minutes bounds the damage either way.
   */
  rateLimitWaitCapMs: 15 * 60_000,
  /** A 429 with no usable reset header waits one Clever rate-limit window. */
  rateLimitFallbackWaitMs: 60_000,
  /** Never hammer a 429: even a reset already past (clock skew) waits this long. */
  rateLimitMinWaitMs: 1_000,
  /** An invalid 200 body is retried once; a second one means the server really sends it. */
  maxInvalidBodyAttempts: 2,
} as const;

/** Decides whether a failed attempt is retried and after how long. Pure. */
export function cleverRetryPolicy(
  outcome: CleverAttemptOutcome,
  context: CleverRetryContext,
): CleverRetryDecision {
  if (outcome.kind === 'status' && (outcome.status === 401 || outcome.status === 403)) {
    return { action: 'reject_credentials' };
  }
  if (context.attempt >= context.maxAttempts) return { action: 'give_up' };
  switch (outcome.kind) {
    case 'status':
      if (outcome.status === 429) {
        return {
          action: 'retry',
          waitMs: rateLimitWaitMs(outcome.headers, context.nowMs),
          isRateLimited: true,
        };
      }
      if (outcome.status >= 500) {
        return {
          action: 'retry',
          waitMs: backoffWaitMs(context.attempt, context.random),
          isRateLimited: false,
        };
      }
      // 3xx and the other 4xx (400 bad request, 404 not shared, 413 limit too high…): the same
      // request will get the same answer.
      return { action: 'give_up' };
    case 'network':
    case 'timeout':
      return {
        action: 'retry',
        waitMs: backoffWaitMs(context.attempt, context.random),
        isRateLimited: false,
      };
    case 'invalid_body':
      return context.invalidBodyAttempts < cleverRetryLimits.maxInvalidBodyAttempts
        ? { action: 'retry', waitMs: backoffWaitMs(context.attempt, context.random), isRateLimited: false }
        : { action: 'give_up' };
  }
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(cap, base · 2^(attempt−1))). Full
 * jitter spreads the retries of many workers hitting the same outage instead of syncing them.
 */
export function backoffWaitMs(attempt: number, random: () => number): number {
  const { backoffBaseMs, backoffCapMs } = cleverRetryLimits;
  const ceilingMs = Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceilingMs);
}

/** How long to wait after a 429: until `X-RateLimit-Reset`, else `Retry-After`, else one window. */
export function rateLimitWaitMs(headers: HeaderReader, nowMs: number): number {
  const { rateLimitWaitCapMs, rateLimitFallbackWaitMs, rateLimitMinWaitMs } = cleverRetryLimits;
  const resetAtMs = readResetAtMs(headers, nowMs) ?? readRetryAfterAtMs(headers, nowMs);
  const waitMs = resetAtMs == null ? rateLimitFallbackWaitMs : resetAtMs - nowMs;
  return Math.min(rateLimitWaitCapMs, Math.max(rateLimitMinWaitMs, Math.ceil(waitMs)));
}

/**
 * How long to hold the next request after an answer that spent the last request of the window
 * (`X-RateLimit-Remaining: 0`): until the reset, so the next request is not a certain 429.
 * 0 when requests remain or the headers are absent.
 */
export function rateLimitPauseMs(headers: HeaderReader, nowMs: number): number {
  const remaining = headers.get('x-ratelimit-remaining');
  if (remaining == null || remaining.trim() === '' || Number(remaining) > 0) return 0;
  if (!Number.isFinite(Number(remaining))) return 0;
  const resetAtMs = readResetAtMs(headers, nowMs);
  if (resetAtMs == null) return 0;
  return Math.min(cleverRetryLimits.rateLimitWaitCapMs, Math.max(0, Math.ceil(resetAtMs - nowMs)));
}

/**
 * `X-RateLimit-Reset` as an instant. Clever sends epoch seconds; a small number (under ten
 * years of seconds) is read as seconds from now, which some proxies and fakes send.
 */
function readResetAtMs(headers: HeaderReader, nowMs: number): number | null {
  const seconds = readNumber(headers.get('x-ratelimit-reset'));
  if (seconds == null) return null;
  return seconds < 315_360_000 ? nowMs + seconds * 1000 : seconds * 1000;
}

/** `Retry-After` (delta seconds or an HTTP date) as an instant. */
function readRetryAfterAtMs(headers: HeaderReader, nowMs: number): number | null {
  const value = headers.get('retry-after');
  if (value == null) return null;
  const seconds = readNumber(value);
  if (seconds != null) return nowMs + seconds * 1000;
  const dateMs = Date.parse(value);
  return Number.isNaN(dateMs) ? null : dateMs;
}

function readNumber(value: string | null): number | null {
  if (value == null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  return Number(value);
}
