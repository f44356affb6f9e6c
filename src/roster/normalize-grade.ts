import type { NormalizedValue } from './normalize-email.ts';
import { normalizeText } from './normalize-text.ts';

/** The CEDS entry grade level codes OneRoster uses. */
export const cedsGrades = [
  'IT',
  'PR',
  'PK',
  'TK',
  'KG',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '11',
  '12',
  '13',
  'PS',
  'UG',
  'Other',
] as const;

const byUpperCase = new Map<string, string>(cedsGrades.map((grade) => [grade.toUpperCase(), grade]));
/** Spellings real exports use for CEDS codes. */
const aliases = new Map<string, string>([
  ['K', 'KG'],
  ['KINDERGARTEN', 'KG'],
  ['PRE-K', 'PK'],
  ['PREK', 'PK'],
  ['P', 'PK'],
  ['OTHER', 'Other'],
]);

/** A CEDS grade code; `1` and `01` are both `01`, `K` is `KG`. */
export function normalizeGrade(raw: string | null | undefined): NormalizedValue {
  const text = normalizeText(raw);
  if (text === null) return { value: null };
  const upper = text.toUpperCase();
  const known = byUpperCase.get(upper) ?? aliases.get(upper);
  if (known) return { value: known };
  if (/^\d{1,2}$/.test(upper)) {
    const padded = upper.padStart(2, '0');
    if (byUpperCase.has(padded)) return { value: padded };
  }
  return { invalid: text };
}
