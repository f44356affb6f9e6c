import { describe, expect, it } from 'vitest';
import { titlePatternToRegExp } from './classroom-filter-settings.ts';

describe('title patterns', () => {
  // pattern, title, whether it matches
  const cases: [string, string, boolean][] = [
    ['Homeroom *', 'Homeroom 4B', true],
    ['Homeroom *', 'homeroom 4b', true],
    ['Homeroom *', 'Math Homeroom 4B', false],
    ['*Advisory*', 'Grade 7 advisory (Smith)', true],
    ['Period ?', 'Period 3', true],
    ['Period ?', 'Period 10', false],
    ['[AP] *', '[AP] Chemistry', true],
    ['[AP] *', 'A Chemistry', false],
    ['Math (Honors)', 'Math (Honors)', true],
    ['a.b', 'axb', false],
  ];
  it.each(cases)('%s against %s: %s', (pattern, title, isMatch) => {
    expect(titlePatternToRegExp(pattern).test(title)).toBe(isMatch);
  });
});
