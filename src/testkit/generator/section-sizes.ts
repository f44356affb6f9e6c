import type { Random } from './seeded-random.ts';

export const minClassSize = 18;
export const maxClassSize = 32;

/**
 * How many classes a group of students (a grade's homerooms, or a grade's students in one
 * period) is split into so that every class has 18–32 students. Two remainders cannot meet
 * that and are the only classes outside the range: a group of fewer than 18 students becomes
 * one small class, and a group of 33–35 becomes two classes of 16–18.
 */
export function chooseSectionCount(groupSize: number, random: Random): number {
  if (groupSize === 0) return 0;
  const fewest = Math.ceil(groupSize / maxClassSize);
  const most = Math.floor(groupSize / minClassSize);
  return most < fewest ? fewest : random.between(fewest, most);
}

/** Class sizes that add up to the group: 18 each, the rest spread at random, none over 32. */
export function splitIntoSections(groupSize: number, sectionCount: number, random: Random): number[] {
  if (sectionCount === 0) return [];
  if (groupSize < minClassSize * sectionCount) {
    const base = Math.floor(groupSize / sectionCount);
    const extra = groupSize - base * sectionCount;
    return Array.from({ length: sectionCount }, (_, i) => base + (i < extra ? 1 : 0));
  }
  const sizes = new Array<number>(sectionCount).fill(minClassSize);
  let rest = groupSize - minClassSize * sectionCount;
  while (rest > 0) {
    const i = random.below(sectionCount);
    if (sizes[i]! < maxClassSize) {
      sizes[i]!++;
      rest--;
    }
  }
  return sizes;
}
