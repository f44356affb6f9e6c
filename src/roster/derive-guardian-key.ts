/** What a guardian's derived key may be made of; each value as the reader normalised it. */
export interface GuardianKeyParts {
  /** A valid, normalised email (`normalizeEmail`), or nothing. */
  email?: string | null | undefined;
  /** A valid E.164 number (`normalizePhone`), or nothing. */
  mobile?: string | null | undefined;
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  /** The key of a student the guardian is linked to: names are only told apart per student. */
  studentKey?: string | null | undefined;
}

/**
 * A stable key for a guardian the source gives no id of its own (SPEC §2.1, §2.5): Clever
 * contacts without `sis_id` get a new Clever id whenever the SIS re-sends them, and a
 * guardians.csv row may leave `guardian_id` blank. Keyed by such an id, every re-send would be
 * an archive plus a create, losing the account, its activation and its manual links. The key
 * is the first usable of:
 * - `email:<email>`, the strongest: one address is one inbox;
 * - `mobile:<E.164>`;
 * - `name:<family>|<given>|<studentKey>`: a name alone is not unique in a district, so it is
 *   only trusted next to the student it belongs to (a family name is required; the given name
 *   may be empty, as a one-word contact name has none).
 * Returns `null` when none is usable: the caller falls back to the source's own id and says so.
 * Values are compared after NFKC, trimming, collapsing inner spaces and lower-casing, so
 * "Doe" and " DOE " (or a full-width "Ｄｏｅ") give one key.
 */
export function deriveGuardianKey(parts: GuardianKeyParts): string | null {
  const email = normalizeKeyText(parts.email);
  if (email) return `email:${email}`;
  const mobile = normalizeKeyText(parts.mobile);
  if (mobile) return `mobile:${mobile}`;
  const family = normalizeKeyText(parts.familyName);
  const student = parts.studentKey?.trim();
  if (family && student) return `name:${family}|${normalizeKeyText(parts.givenName)}|${student}`;
  return null;
}

/** NFKC, trimmed, inner runs of whitespace made one space, lower-cased; `''` when empty. */
export function normalizeKeyText(value: string | null | undefined): string {
  if (value == null) return '';
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
