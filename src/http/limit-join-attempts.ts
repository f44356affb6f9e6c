import { createLoginRateLimiter, type LoginRateLimiter } from '../accounts/login-rate-limiter.ts';
import { DirectoryError } from '../directory/directory-error.ts';
import type { HttpPrincipal } from './auth/authenticate.ts';
import { ApiError } from './errors/api-error.ts';

/**
 * Failed join attempts per principal: 10 wrong codes in 15 minutes lock joining for 15
 * minutes. A join code has about 40 bits, so a signed-in guardian guessing codes gets 40 an
 * hour; a parent mistyping the letter from school gets several tries. Per address: 100, as a
 * school's NAT address carries many families.
 */
export function createJoinLimiter(now?: () => number): LoginRateLimiter {
  return createLoginRateLimiter({
    ...(now ? { now } : {}),
    credentialLimit: { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
    addressLimit: { maxFailures: 100, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  });
}

/**
 * Runs a join with a code under the limiter: refused (`JOIN_LOCKED`, 429, with
 * `details.retryAfterSeconds`) while the principal or its address is locked; a wrong code
 * (`JOIN_CODE_INVALID`) counts a failure, a join clears the principal's failures.
 */
export async function limitJoinAttempts<T>(
  limiter: LoginRateLimiter,
  principal: HttpPrincipal,
  ip: string | undefined,
  join: () => Promise<T>,
): Promise<T> {
  const attempt = {
    districtId: principal.districtId,
    credential: `join:${principal.kind === 'person' ? principal.personId : principal.tokenId}`,
    ip,
  };
  const check = limiter.check(attempt);
  if (check.isLocked) {
    throw new ApiError(
      'JOIN_LOCKED',
      `Too many wrong join codes. Try again in ${Math.ceil(check.retryAfterSeconds / 60)} minutes.`,
      { retryAfterSeconds: check.retryAfterSeconds },
    );
  }
  try {
    const joined = await join();
    limiter.recordSuccess(attempt);
    return joined;
  } catch (error) {
    if (error instanceof DirectoryError && error.code === 'JOIN_CODE_INVALID') limiter.recordFailure(attempt);
    throw error;
  }
}
