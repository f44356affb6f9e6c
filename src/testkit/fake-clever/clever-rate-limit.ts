import type { FakeCleverFaults } from './fake-clever-faults.ts';

/** Clever's documented window: the allowed count of requests resets every minute. */
const windowMs = 60_000;

export interface RateLimitVerdict {
  isLimited: boolean;
  headers: Record<string, string>;
}

/**
 * The request budget of a fake Clever server, one for all tokens. Normally Clever's own rule:
 * `perMinute` requests per one-minute window, then 429 until the window resets. With the
 * `rateLimitAfter` fault: N requests, then 429 for `rateLimitResetSeconds`, then N more.
 * Every response carries the four `X-RateLimit-*` headers Clever sends (bucket "bearer").
 */
export function createCleverRateLimit(clockMs: () => number, perMinute: number) {
  let windowStartMs = clockMs();
  let used = 0;
  let blockedUntilMs: number | null = null;

  const headers = (limit: number, remaining: number, resetAtMs: number): Record<string, string> => ({
    'X-RateLimit-Bucket': 'bearer',
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(Math.max(0, remaining)),
    'X-RateLimit-Reset': String(Math.ceil(resetAtMs / 1000)),
  });

  /** Settles the current window or block at `now`; returns the limit and when it resets. */
  const settle = (faults: FakeCleverFaults, now: number): { limit: number; resetAtMs: number } => {
    const after = faults.rateLimitAfter;
    if (after !== undefined) {
      const resetMs = (faults.rateLimitResetSeconds ?? 1) * 1000;
      if (blockedUntilMs !== null && now >= blockedUntilMs) {
        blockedUntilMs = null;
        used = 0;
      }
      return { limit: after, resetAtMs: blockedUntilMs ?? now + resetMs };
    }
    if (now >= windowStartMs + windowMs) {
      windowStartMs = now;
      used = 0;
    }
    return { limit: perMinute, resetAtMs: windowStartMs + windowMs };
  };

  return {
    /** Counts one data request and says whether it is refused. */
    take(faults: FakeCleverFaults): RateLimitVerdict {
      const now = clockMs();
      const { limit, resetAtMs } = settle(faults, now);
      if (blockedUntilMs !== null) return { isLimited: true, headers: headers(limit, 0, blockedUntilMs) };
      if (used >= limit) {
        if (faults.rateLimitAfter !== undefined) blockedUntilMs = resetAtMs;
        return { isLimited: true, headers: headers(limit, 0, resetAtMs) };
      }
      used++;
      return { isLimited: false, headers: headers(limit, limit - used, resetAtMs) };
    },
    /** The headers of an answer that does not spend the budget (a refused token, OAuth). */
    peek(faults: FakeCleverFaults): Record<string, string> {
      const { limit, resetAtMs } = settle(faults, clockMs());
      return headers(limit, blockedUntilMs === null ? limit - used : 0, resetAtMs);
    },
    /** Starts over, e.g. when the faults change. */
    reset(): void {
      windowStartMs = clockMs();
      used = 0;
      blockedUntilMs = null;
    },
  };
}

export type CleverRateLimit = ReturnType<typeof createCleverRateLimit>;
