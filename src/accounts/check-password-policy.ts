import type { AccountCode } from './account-codes.ts';

/** The shortest password accepted: length is what makes a password hard to guess (NIST 800-63B). */
export const minPasswordLength = 12;
/** The longest: bounds the work one sign-in can ask of the hasher. */
export const maxPasswordLength = 1024;

export type PasswordRefusal = { code: AccountCode; message: string };

/**
 * The minimum a new password must meet, as a value: null when it passes, else the refusal.
 * Deliberately short (NIST 800-63B): length, and not one character repeated; no composition
 * rules, which make passwords harder to remember and not much harder to guess. Length counts
 * characters (code points), not UTF-16 units.
 */
export function checkPasswordPolicy(password: string): PasswordRefusal | null {
  const characters = [...password.normalize('NFC')];
  if (characters.length < minPasswordLength) {
    return {
      code: 'PASSWORD_TOO_SHORT',
      message: `A password needs at least ${minPasswordLength} characters; this one has ${characters.length}.`,
    };
  }
  if (characters.length > maxPasswordLength) {
    return {
      code: 'PASSWORD_TOO_LONG',
      message: `A password can have at most ${maxPasswordLength} characters.`,
    };
  }
  if (new Set(characters).size === 1) {
    return { code: 'PASSWORD_TOO_SIMPLE', message: 'A password cannot be one character repeated.' };
  }
  return null;
}
