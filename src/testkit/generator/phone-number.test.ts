import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { formatPhone, listPhonePrefixes, phoneDigits } from './phone-number.ts';

describe('phoneDigits', () => {
  it('only uses area codes and exchanges libphonenumber accepts (no 555, no N11)', () => {
    const prefixes = listPhonePrefixes();
    expect(prefixes.filter((prefix) => !isValidPhoneNumber(`${prefix}2013`, 'US'))).toEqual([]);
    expect(prefixes.some((prefix) => prefix.endsWith('555') || /^\d{3}[2-9]11$/.test(prefix))).toBe(false);
  });

  it('gives different keys different numbers', () => {
    const numbers = new Set(Array.from({ length: 200_000 }, (_, key) => phoneDigits(key * 7)));
    expect(numbers.size).toBe(200_000);
  });
});

describe('formatPhone', () => {
  it('writes one number in the shapes SIS exports use, all reading back the same', () => {
    const digits = phoneDigits(12345);
    const shapes = Array.from({ length: 20 }, (_, style) => formatPhone(digits, style));
    expect(new Set(shapes.map((shape) => shape.replace(/\d/g, '9')))).toEqual(
      new Set(['(999) 999-9999', '999-999-9999', '+99999999999', '999.999.9999']),
    );
    expect(new Set(shapes.map((shape) => parsePhoneNumber(shape, 'US').number))).toEqual(
      new Set([`+1${digits}`]),
    );
  });
});
