import { describe, expect, it } from 'vitest';
import {
  backoffWaitMs,
  cleverRetryLimits,
  cleverRetryPolicy,
  rateLimitPauseMs,
  rateLimitWaitMs,
} from './clever-retry-policy.ts';
import type { CleverRetryContext } from './clever-retry-policy.ts';

const NOW_MS = Date.UTC(2023, 3, 24, 22, 43, 40); // 1682376220 s, as in a recorded Clever answer
const NOW_S = NOW_MS / 1000;

function context(overrides: Partial<CleverRetryContext> = {}): CleverRetryContext {
  return {
    attempt: 1,
    maxAttempts: 6,
    invalidBodyAttempts: 0,
    nowMs: NOW_MS,
    random: () => 0.5,
    ...overrides,
  };
}

function status(code: number, headers: Record<string, string> = {}) {
  return { kind: 'status' as const, status: code, headers: new Headers(headers) };
}

describe('backoffWaitMs (full jitter)', () => {
  it('stays below base · 2^(attempt−1) and reaches close to it', () => {
    expect(backoffWaitMs(1, () => 0)).toBe(0);
    expect(backoffWaitMs(1, () => 0.999999)).toBe(499);
    expect(backoffWaitMs(2, () => 0.999999)).toBe(999);
    expect(backoffWaitMs(3, () => 0.5)).toBe(1000);
    expect(backoffWaitMs(5, () => 0.999999)).toBe(7999);
  });

  it('caps the ceiling at 30 s however many attempts came before', () => {
    expect(backoffWaitMs(7, () => 0.999999)).toBe(29_999);
    expect(backoffWaitMs(40, () => 0.999999)).toBe(29_999);
    expect(backoffWaitMs(40, () => 0.5)).toBe(15_000);
  });
});

describe('rateLimitWaitMs (after a 429)', () => {
  it('waits until X-RateLimit-Reset (epoch seconds)', () => {
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': String(NOW_S + 42) }), NOW_MS)).toBe(42_000);
  });

  it('falls back to Retry-After in seconds or as an HTTP date', () => {
    expect(rateLimitWaitMs(new Headers({ 'retry-after': '7' }), NOW_MS)).toBe(7_000);
    const date = new Date(NOW_MS + 9_000).toUTCString();
    expect(rateLimitWaitMs(new Headers({ 'retry-after': date }), NOW_MS)).toBe(9_000);
  });

  it('reads a small X-RateLimit-Reset as seconds from now', () => {
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': '12' }), NOW_MS)).toBe(12_000);
  });

  it('caps the wait at 15 minutes and never waits less than a second', () => {
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': String(NOW_S + 7200) }), NOW_MS)).toBe(
      cleverRetryLimits.rateLimitWaitCapMs,
    );
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': String(NOW_S - 30) }), NOW_MS)).toBe(1_000);
  });

  it('waits one Clever window when no header says how long', () => {
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': 'soon' }), NOW_MS)).toBe(60_000);
  });
});

describe('rateLimitPauseMs (being a good citizen)', () => {
  it('holds the next request until the reset when the window is spent', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 20) });
    expect(rateLimitPauseMs(headers, NOW_MS)).toBe(20_000);
  });

  it('does not hold it while requests remain or the headers are absent', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '1196', 'x-ratelimit-reset': String(NOW_S + 20) });
    expect(rateLimitPauseMs(headers, NOW_MS)).toBe(0);
    expect(rateLimitPauseMs(new Headers(), NOW_MS)).toBe(0);
    expect(rateLimitPauseMs(new Headers({ 'x-ratelimit-remaining': '0' }), NOW_MS)).toBe(0);
  });
});

describe('cleverRetryPolicy', () => {
  it('refuses credentials at once on 401 and 403, even on the last attempt', () => {
    expect(cleverRetryPolicy(status(401), context())).toEqual({ action: 'reject_credentials' });
    expect(cleverRetryPolicy(status(403), context({ attempt: 6 }))).toEqual({ action: 'reject_credentials' });
  });

  it('waits out a 429 until the reset, flagged as a rate limit', () => {
    const outcome = status(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 30) });
    expect(cleverRetryPolicy(outcome, context({ attempt: 2 }))).toEqual({
      action: 'retry',
      waitMs: 30_000,
      isRateLimited: true,
    });
  });

  it('backs off on 5xx, network errors and time-outs with the attempt’s jitter bound', () => {
    const random = () => 0.999999;
    expect(cleverRetryPolicy(status(502), context({ attempt: 1, random }))).toEqual({
      action: 'retry',
      waitMs: 499,
      isRateLimited: false,
    });
    expect(cleverRetryPolicy({ kind: 'network' }, context({ attempt: 2, random }))).toMatchObject({
      waitMs: 999,
    });
    expect(cleverRetryPolicy({ kind: 'timeout' }, context({ attempt: 3, random }))).toMatchObject({
      waitMs: 1999,
    });
  });

  it('gives up when the attempts are spent', () => {
    expect(cleverRetryPolicy(status(503), context({ attempt: 6 }))).toEqual({ action: 'give_up' });
    expect(cleverRetryPolicy(status(429), context({ attempt: 6 }))).toEqual({ action: 'give_up' });
    expect(cleverRetryPolicy({ kind: 'timeout' }, context({ attempt: 3, maxAttempts: 3 }))).toEqual({
      action: 'give_up',
    });
  });

  it('does not retry the other 4xx and 3xx', () => {
    for (const code of [301, 400, 404, 413, 422]) {
      expect(cleverRetryPolicy(status(code), context())).toEqual({ action: 'give_up' });
    }
  });

  it('retries an unusable 200 body once, not twice', () => {
    expect(cleverRetryPolicy({ kind: 'invalid_body' }, context({ invalidBodyAttempts: 1 }))).toMatchObject({
      action: 'retry',
    });
    expect(
      cleverRetryPolicy({ kind: 'invalid_body' }, context({ attempt: 2, invalidBodyAttempts: 2 })),
    ).toEqual({
      action: 'give_up',
    });
  });
});
