/**
 * A session ends after 12 hours without a request: a school day with long gaps between uses
 * stays signed in, and a shared classroom computer left overnight does not.
 */
export const sessionIdleMs = 12 * 60 * 60 * 1000;

/**
 * A session ends 7 days after sign-in whatever its use: a stolen cookie stops working within a
 * week, and a person signs in about once a week.
 */
export const sessionAbsoluteMs = 7 * 24 * 60 * 60 * 1000;

/**
 * `last_seen_at` is written at most once a minute per session: the idle lifetime is hours, so a
 * minute's imprecision does not matter, and a busy console does not write on every request.
 */
export const lastSeenWriteIntervalMs = 60 * 1000;
