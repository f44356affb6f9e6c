/** A limit on failed sign-ins of one key: this many failures within the window lock it. */
export interface LoginLimit {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Per credential (district + email or mobile): 5 failures in 15 minutes lock it for 15
 * minutes. A person mistyping gets several tries; someone guessing gets 20 an hour.
 */
export const credentialLoginLimit: LoginLimit = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

/**
 * Per IP address: a whole school signs in from one address (NAT), so the per-address limit is
 * far higher; it stops one address from guessing across many credentials.
 */
export const addressLoginLimit: LoginLimit = { maxFailures: 100, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Where a sign-in attempt comes from: its credential, and its address when known. */
export interface LoginAttempt {
  districtId: string;
  /** The email or mobile as normalised for the lookup. */
  credential: string;
  ip?: string | undefined;
}

export type LoginCheck = { isLocked: false } | { isLocked: true; retryAfterSeconds: number };

/**
 * Counts failed sign-ins and locks credentials and addresses that fail too often. In memory,
 * in one process: several API processes each count on their own (an attacker spread over N
 * processes gets N times the tries), and a restart forgets every count. Good enough for one
 * server; a shared counter (a table, or PostgreSQL advisory state) is the step beyond.
 */
export interface LoginRateLimiter {
  /** Whether the attempt may go ahead; when locked, how long until it may. */
  check(attempt: LoginAttempt): LoginCheck;
  recordFailure(attempt: LoginAttempt): void;
  /**
   * A successful sign-in clears its credential's failures. Its address's are kept: a guesser
   * who also holds one account could otherwise clear their address's count at will.
   */
  recordSuccess(attempt: LoginAttempt): void;
}

export interface LoginRateLimiterOptions {
  /** Milliseconds since the epoch; tests pass a fake clock. Default `Date.now`. */
  now?: () => number;
  credentialLimit?: LoginLimit;
  addressLimit?: LoginLimit;
}

interface KeyState {
  /** Failure times within the window, oldest first. */
  failures: number[];
  lockedUntil: number;
}

/** Keys kept before stale ones are swept: bounds memory under a spray of credentials. */
const sweepAboveKeys = 10_000;

/** A new, empty limiter. */
export function createLoginRateLimiter(options: LoginRateLimiterOptions = {}): LoginRateLimiter {
  const now = options.now ?? Date.now;
  const credentialLimit = options.credentialLimit ?? credentialLoginLimit;
  const addressLimit = options.addressLimit ?? addressLoginLimit;
  const states = new Map<string, KeyState>();

  const keysOf = (attempt: LoginAttempt): [string, LoginLimit][] => {
    const keys: [string, LoginLimit][] = [
      [`credential:${attempt.districtId}:${attempt.credential}`, credentialLimit],
    ];
    if (attempt.ip) keys.push([`address:${attempt.ip}`, addressLimit]);
    return keys;
  };

  const sweep = (time: number): void => {
    for (const [key, state] of states) {
      const isStale =
        state.lockedUntil <= time &&
        (state.failures.at(-1) ?? 0) <= time - Math.max(credentialLimit.windowMs, addressLimit.windowMs);
      if (isStale) states.delete(key);
    }
  };

  return {
    check(attempt) {
      const time = now();
      let retryAfterMs = 0;
      for (const [key] of keysOf(attempt)) {
        const lockedUntil = states.get(key)?.lockedUntil ?? 0;
        if (lockedUntil > time) retryAfterMs = Math.max(retryAfterMs, lockedUntil - time);
      }
      return retryAfterMs > 0
        ? { isLocked: true, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
        : { isLocked: false };
    },
    recordFailure(attempt) {
      const time = now();
      if (states.size > sweepAboveKeys) sweep(time);
      for (const [key, limit] of keysOf(attempt)) {
        const state = states.get(key) ?? { failures: [], lockedUntil: 0 };
        state.failures = state.failures.filter((at) => at > time - limit.windowMs);
        state.failures.push(time);
        if (state.failures.length >= limit.maxFailures) {
          state.lockedUntil = time + limit.lockMs;
          state.failures = [];
        }
        states.set(key, state);
      }
    },
    recordSuccess(attempt) {
      states.delete(keysOf(attempt)[0]![0]);
    },
  };
}
