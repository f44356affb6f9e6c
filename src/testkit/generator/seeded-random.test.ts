import { describe, expect, it } from 'vitest';
import { createRandom, hashUnit, mixSeed } from './seeded-random.ts';

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs for another seed', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    const a = createRandom(42);
    const b = createRandom(42);
    const first = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('draws integers within their bounds and shuffles without losing items', () => {
    const random = createRandom(7);
    const values = Array.from({ length: 10_000 }, () => random.between(18, 32));
    expect(Math.min(...values)).toBe(18);
    expect(Math.max(...values)).toBe(32);
    expect(random.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('mixSeed', () => {
  it('is a pure function of its inputs and spreads neighbouring keys', () => {
    expect(mixSeed(1, 2, 3, 4)).toBe(mixSeed(1, 2, 3, 4));
    expect(new Set(Array.from({ length: 1000 }, (_, i) => mixSeed(1, 2, i))).size).toBe(1000);
    const mean = Array.from({ length: 10_000 }, (_, i) => hashUnit(9, 1, i)).reduce((a, b) => a + b) / 10_000;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
