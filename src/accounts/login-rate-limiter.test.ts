import { describe, expect, it } from 'vitest';
import { createLoginRateLimiter } from './login-rate-limiter.ts';

const minute = 60_000;

function fakeClock() {
  let time = Date.UTC(2026, 10, 29, 8);
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

const attempt = { districtId: 'd1', credential: 'edna@example.org', ip: '10.0.0.7' };

describe('the login rate limiter', () => {
  it('locks a credential for 15 minutes after 5 failures within 15 minutes', () => {
    const clock = fakeClock();
    const limiter = createLoginRateLimiter({ now: clock.now });
    for (let i = 0; i < 4; i++) {
      limiter.recordFailure(attempt);
      clock.advance(2 * minute);
    }
    expect(limiter.check(attempt)).toEqual({ isLocked: false });
    limiter.recordFailure(attempt);
    expect(limiter.check(attempt)).toEqual({ isLocked: true, retryAfterSeconds: 900 });
    clock.advance(10 * minute);
    expect(limiter.check(attempt)).toEqual({ isLocked: true, retryAfterSeconds: 300 });
    // Another credential from another address is not affected.
    expect(limiter.check({ districtId: 'd1', credential: 'other@example.org', ip: '10.0.0.8' })).toEqual({
      isLocked: false,
    });
    clock.advance(5 * minute);
    expect(limiter.check(attempt)).toEqual({ isLocked: false });
  });

  it('forgets failures older than the window', () => {
    const clock = fakeClock();
    const limiter = createLoginRateLimiter({ now: clock.now });
    for (let i = 0; i < 4; i++) limiter.recordFailure(attempt);
    clock.advance(16 * minute);
    limiter.recordFailure(attempt);
    expect(limiter.check(attempt)).toEqual({ isLocked: false });
  });

  it('clears a credential’s failures on success', () => {
    const clock = fakeClock();
    const limiter = createLoginRateLimiter({ now: clock.now });
    for (let i = 0; i < 4; i++) limiter.recordFailure(attempt);
    limiter.recordSuccess(attempt);
    limiter.recordFailure(attempt);
    expect(limiter.check(attempt)).toEqual({ isLocked: false });
  });

  it('locks an address that fails across many credentials, and a success does not clear it', () => {
    const clock = fakeClock();
    const limiter = createLoginRateLimiter({
      now: clock.now,
      addressLimit: { maxFailures: 3, windowMs: 15 * minute, lockMs: 15 * minute },
    });
    limiter.recordFailure({ ...attempt, credential: 'a@example.org' });
    limiter.recordFailure({ ...attempt, credential: 'b@example.org' });
    limiter.recordSuccess({ ...attempt, credential: 'mine@example.org' });
    limiter.recordFailure({ ...attempt, credential: 'c@example.org' });
    expect(limiter.check({ ...attempt, credential: 'd@example.org' })).toEqual({
      isLocked: true,
      retryAfterSeconds: 900,
    });
    expect(limiter.check({ ...attempt, credential: 'd@example.org', ip: '10.0.0.9' })).toEqual({
      isLocked: false,
    });
  });

  it('keeps districts apart: the same email in two districts is two credentials', () => {
    const limiter = createLoginRateLimiter({ now: fakeClock().now });
    for (let i = 0; i < 5; i++) limiter.recordFailure({ districtId: 'd1', credential: 'x@example.org' });
    expect(limiter.check({ districtId: 'd1', credential: 'x@example.org' }).isLocked).toBe(true);
    expect(limiter.check({ districtId: 'd2', credential: 'x@example.org' }).isLocked).toBe(false);
  });
});
