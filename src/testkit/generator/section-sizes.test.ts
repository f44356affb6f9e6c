import { describe, expect, it } from 'vitest';
import { chooseSectionCount, splitIntoSections } from './section-sizes.ts';
import { createRandom } from './seeded-random.ts';

describe('chooseSectionCount and splitIntoSections', () => {
  it('split any group of 36 or more into classes of 18–32', () => {
    const random = createRandom(3);
    for (let size = 36; size <= 700; size++) {
      const sizes = splitIntoSections(size, chooseSectionCount(size, random), random);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(size);
      expect(sizes.every((n) => n >= 18 && n <= 32)).toBe(true);
    }
  });

  it('leave only the documented remainders outside 18–32', () => {
    const random = createRandom(4);
    expect(splitIntoSections(12, chooseSectionCount(12, random), random)).toEqual([12]);
    expect(splitIntoSections(33, chooseSectionCount(33, random), random)).toEqual([17, 16]);
    expect(splitIntoSections(18, chooseSectionCount(18, random), random)).toEqual([18]);
    expect(chooseSectionCount(0, random)).toBe(0);
  });
});
