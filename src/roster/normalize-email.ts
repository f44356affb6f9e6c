import { normalizeText } from './normalize-text.ts';

export type NormalizedValue = { value: string | null } | { invalid: string };

/**
 * Emails are compared case-insensitively (SPEC §6), so they are stored lower-cased.
 * The check is deliberately plain (one @, a dotted domain, no spaces): it catches what
 * SIS exports get wrong without rejecting addresses mail servers accept.
 */
export function normalizeEmail(raw: string | null | undefined): NormalizedValue {
  const text = normalizeText(raw);
  if (text === null) return { value: null };
  const email = text.toLowerCase();
  return emailShape.test(email) ? { value: email } : { invalid: text };
}

const emailShape = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\].]{2,}$/;
