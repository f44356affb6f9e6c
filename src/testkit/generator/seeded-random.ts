/** A deterministic source of random numbers: the same seed gives the same sequence everywhere. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, count). */
  below(count: number): number;
  /** An integer in [low, high], both included. */
  between(low: number, high: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[];
}

/**
 * mulberry32: tiny, fast and good enough for test data. `Math.random` is not an option because
 * the same seed must give byte-identical files on every machine and Node version. A class,
 * not closures: millions are created (one per entity) and methods on the prototype cost
 * nothing per instance.
 */
class Mulberry32 implements Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), this.state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  below(count: number): number {
    return Math.floor(this.next() * count);
  }

  between(low: number, high: number): number {
    return low + this.below(high - low + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const item = items[i]!;
      items[i] = items[j]!;
      items[j] = item;
    }
    return items;
  }
}

/** A random source seeded with a 32-bit integer. */
export function createRandom(seed: number): Random {
  return new Mulberry32(seed);
}

/**
 * Hashes up to four 32-bit integers into one (murmur3 rounds and finaliser). Every entity draws
 * its attributes from `createRandom(mixSeed(seed, stream, index))`, so any entity can be
 * described on its own, in any order, without generating the ones before it: that is what
 * lets the generator stream a million students with bounded memory.
 */
export function mixSeed(a: number, b: number, c = 0, d = 0): number {
  let h = 0x9e3779b9 ^ a;
  h = mixRound(h, b);
  h = mixRound(h, c);
  h = mixRound(h, d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A float in [0, 1) fixed by the four integers: a stateless coin for "does X happen to Y". */
export function hashUnit(a: number, b: number, c = 0, d = 0): number {
  return mixSeed(a, b, c, d) / 4294967296;
}

function mixRound(h: number, value: number): number {
  let k = Math.imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}
