import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './normalize-email.ts';
import { normalizeGrade } from './normalize-grade.ts';
import { normalizePhone } from './normalize-phone.ts';
import { normalizeText } from './normalize-text.ts';
import { splitList } from './split-list.ts';

describe('normalizeText', () => {
  it('trims outer whitespace, including no-break and zero-width spaces, and keeps the inside', () => {
    expect(normalizeText('  Mary  Ann\u00a0')).toBe('Mary  Ann');
    expect(normalizeText('\u200b\ufeffLee')).toBe('Lee');
    expect(normalizeText('   ')).toBeNull();
    expect(normalizeText(undefined)).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it('lower-cases so emails compare without regard to case', () => {
    expect(normalizeEmail(' Ana.Diaz@Example.ORG ')).toEqual({ value: 'ana.diaz@example.org' });
  });
  it('treats empty as no email and rejects what cannot be an address', () => {
    expect(normalizeEmail('')).toEqual({ value: null });
    for (const bad of ['ana', 'ana@', '@example.org', 'ana@example', 'a b@example.org', 'ana@@example.org']) {
      expect(normalizeEmail(bad)).toEqual({ invalid: bad });
    }
  });
});

describe('normalizePhone', () => {
  it('writes US numbers in E.164 whatever their format', () => {
    for (const raw of ['(212) 867-5309', '212-867-5309', '212.867.5309', '+1 212 867 5309', '12128675309']) {
      expect(normalizePhone(raw)).toEqual({ value: '+12128675309' });
    }
  });
  it('reads numbers with a country code in any region, and others in the district region', () => {
    expect(normalizePhone('+44 20 7946 0958')).toEqual({ value: '+442079460958' });
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ value: '+442079460958' });
  });
  it('rejects numbers that cannot be real', () => {
    expect(normalizePhone('12345')).toEqual({ invalid: '12345' });
    expect(normalizePhone('(011) 222-3333')).toEqual({ invalid: '(011) 222-3333' });
    expect(normalizePhone('')).toEqual({ value: null });
  });
});

describe('normalizeGrade', () => {
  it('maps the spellings exports use to CEDS codes', () => {
    expect(normalizeGrade('K')).toEqual({ value: 'KG' });
    expect(normalizeGrade('kindergarten')).toEqual({ value: 'KG' });
    expect(normalizeGrade('3')).toEqual({ value: '03' });
    expect(normalizeGrade('03')).toEqual({ value: '03' });
    expect(normalizeGrade('12')).toEqual({ value: '12' });
    expect(normalizeGrade('pk')).toEqual({ value: 'PK' });
    expect(normalizeGrade('other')).toEqual({ value: 'Other' });
  });
  it('rejects what is not a grade', () => {
    expect(normalizeGrade('14')).toEqual({ invalid: '14' });
    expect(normalizeGrade('Grade 3')).toEqual({ invalid: 'Grade 3' });
  });
});

describe('splitList', () => {
  it('splits a quoted comma list, trimming items and keeping ids as they are', () => {
    expect(splitList('0042, 0077 ,,')).toEqual(['0042', '0077']);
    expect(splitList('')).toEqual([]);
    expect(splitList(' 007 ')).toEqual(['007']);
  });
});
