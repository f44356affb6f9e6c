import type { ValueType } from '../oneroster/csv-binding.ts';
import { cedsGrades, normalizeGrade } from '../roster/normalize-grade.ts';
import type { ValidationLevel } from './validation-level.ts';

/** What is wrong with one value, as the codes the catalogue defines. */
export interface ValueProblem {
  code: 'VALUE_TYPE' | 'VALUE_ENUM' | 'VALUE_CASE' | 'GRADE_INVALID';
  /** What the value should look like, completing "… is not …". */
  message: string;
}

const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const cedsExact = new Set<string>(cedsGrades);

/**
 * Checks one non-empty value against its column's type. Lists are checked item by item.
 * `accept` tolerates what real exports do and the sync reads anyway (a grade `1` for `01`);
 * `conformance` holds the value to the standard's exact form.
 */
export function checkValue(type: ValueType, raw: string, level: ValidationLevel): ValueProblem | null {
  switch (type.kind) {
    case 'id':
    case 'string':
    case 'stringList':
    case 'reference':
    case 'referenceList':
      return null;
    case 'date':
      return isDate(raw) ? null : { code: 'VALUE_TYPE', message: 'a date of the form YYYY-MM-DD' };
    case 'datetime':
      return isDateTime(raw)
        ? null
        : { code: 'VALUE_TYPE', message: 'a date-time of the form YYYY-MM-DDTHH:MM:SS.sssZ' };
    case 'year':
      return /^\d{4}$/.test(raw) ? null : { code: 'VALUE_TYPE', message: 'a year of the form YYYY' };
    case 'integer':
      return /^-?\d+$/.test(raw) ? null : { code: 'VALUE_TYPE', message: 'a whole number' };
    case 'float':
      return /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)
        ? null
        : { code: 'VALUE_TYPE', message: 'a number' };
    case 'boolean':
      return checkToken(raw, booleanTokens, false);
    case 'enum':
      return checkToken(raw, type.values, type.extensible ?? false);
    case 'enumList':
      for (const item of splitItems(raw)) {
        const problem = checkToken(item, type.values, type.extensible ?? false);
        if (problem) return problem;
      }
      return null;
    case 'grades':
      for (const item of splitItems(raw)) {
        const isKnown =
          cedsExact.has(item) ||
          (level === 'accept' ? 'value' in normalizeGrade(item) : item.startsWith('ext:'));
        if (!isKnown) {
          return {
            code: 'GRADE_INVALID',
            message: `a list of CEDS grade codes (${describeTokens(cedsGrades)})`,
          };
        }
      }
      return null;
    case 'typedIdList':
      for (const item of splitItems(raw)) {
        if (!/^\{[^:{}]+:[^{}]+\}$/.test(item)) {
          return { code: 'VALUE_TYPE', message: 'a list of {type:identifier} pairs, e.g. {LDAP:jdoe}' };
        }
      }
      return null;
  }
}

/** Items of a comma list, trimmed, without empty ones. */
export function splitItems(raw: string): string[] {
  if (raw.indexOf(',') === -1) {
    const item = raw.trim();
    return item === '' ? [] : [item];
  }
  const items: string[] = [];
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (item !== '') items.push(item);
  }
  return items;
}

const booleanTokens = ['true', 'false'];

function checkToken(raw: string, values: readonly string[], isExtensible: boolean): ValueProblem | null {
  if (values.includes(raw)) return null;
  if (isExtensible && raw.startsWith('ext:') && raw.length > 4) return null;
  const lower = raw.trim().toLowerCase();
  const sameWord = values.find((value) => value.toLowerCase() === lower);
  if (sameWord !== undefined) {
    return { code: 'VALUE_CASE', message: `spelt "${sameWord}" (OneRoster values are case-sensitive)` };
  }
  return { code: 'VALUE_ENUM', message: `one of ${describeTokens(values)}` };
}

function describeTokens(values: readonly string[]): string {
  return values.length <= 12 ? values.join(', ') : `${values.slice(0, 12).join(', ')}…`;
}

/** `YYYY-MM-DD` and a day that exists, read digit by digit (no regex, no allocation). */
function isDate(raw: string): boolean {
  if (raw.length !== 10 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return false;
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 2);
  const day = digits(raw, 8, 2);
  return year >= 0 && month >= 0 && day >= 0 && isRealDay(year, month, day);
}

/** The number written by `length` digits at `start`, or -1 if they are not all digits. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

function isDateTime(raw: string): boolean {
  const match = dateTimePattern.exec(raw);
  if (!match || !isRealDate(match[1]!, match[2]!, match[3]!)) return false;
  const [hours, minutes, seconds] = [match[4], match[5], match[6]].map((part) => Number(part ?? 0));
  return hours! <= 23 && minutes! <= 59 && seconds! <= 60;
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(yearText: string, monthText: string, dayText: string): boolean {
  return isRealDay(Number(yearText), Number(monthText), Number(dayText));
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth[month - 1]!) return false;
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month !== 2 || day <= 28 || isLeap;
}
