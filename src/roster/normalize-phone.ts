import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { NormalizedValue } from './normalize-email.ts';
import { normalizeText } from './normalize-text.ts';

/**
 * Phones are stored in E.164 (SPEC §6). Numbers without a country code are read in the
 * district's region (default US).
 */
export function normalizePhone(raw: string | null | undefined, region: CountryCode = 'US'): NormalizedValue {
  const text = normalizeText(raw);
  if (text === null) return { value: null };
  const fast = region === 'US' || region === 'CA' ? fastNanp(text) : null;
  if (fast) return { value: fast };
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed && parsed.isValid() ? { value: parsed.number } : { invalid: text };
}

/**
 * Most numbers in a US district are plain NANP numbers; reading them without the full
 * library keeps a million-row import fast. Anything unusual goes to libphonenumber.
 */
function fastNanp(text: string): string | null {
  if (!nanpShape.test(text)) return null;
  let digits = text.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) return null;
  // Area code and exchange start with 2–9; N11 area codes are service codes; 555 exchanges
  // are fictional: all go to the library, which rejects what is not a real number.
  if (!/^[2-9]\d\d[2-9]\d{6}$/.test(digits) || /^.11/.test(digits) || digits.slice(3, 6) === '555') {
    return null;
  }
  return `+1${digits}`;
}

const nanpShape = /^(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/;
