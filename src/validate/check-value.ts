import type { ValueType } from '../oneroster/csv-binding.ts';
import { cedsGrades, normalizeGrade } from '../roster/normalize-grade.ts';
import type { ValidationLevel } from './validation-level.ts';

/** What is wrong with one value, as the codes the catalogue defines. */
export interface ValueProblem {
  code: 'VALUE_TYPE' | 'VALUE_ENUM' | 'VALUE_CASE' | 'GRADE_INVALID';
  /** What the value should look like, completing "… is not …". */
  message: string;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
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
          level === 'accept'
            ? 'value' in normalizeGrade(item)
            : cedsExact.has(item) || item.startsWith('ext:');
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

function isDate(raw: string): boolean {
  const match = datePattern.exec(raw);
  return match !== null && isRealDate(match[1]!, match[2]!, match[3]!);
}

function isDateTime(raw: string): boolean {
  const match = dateTimePattern.exec(raw);
  if (!match || !isRealDate(match[1]!, match[2]!, match[3]!)) return false;
  const [hours, minutes, seconds] = [match[4], match[5], match[6]].map((part) => Number(part ?? 0));
  return hours! <= 23 && minutes! <= 59 && seconds! <= 60;
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(yearText: string, monthText: string, dayText: string): boolean {
  const [year, month, day] = [Number(yearText), Number(monthText), Number(dayText)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth[month - 1]!) return false;
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month !== 2 || day <= 28 || isLeap;
}
