/**
 * A set of ids with a small number per id, kept as 64-bit hashes in typed arrays. The
 * validator must know every sourcedId of a million-user bundle to check references and
 * duplicates; a `Set<string>` of them costs ~80 bytes an id and keeps the strings alive, this
 * costs 12 bytes a slot (at most half full). The two halves of a hash sit side by side, so a
 * lookup in a table far bigger than the CPU cache costs one memory miss, not two. Two
 * different ids share a hash with a probability of about n²/2⁶⁵ (3·10⁻⁶ for ten million ids):
 * a false "duplicate id" finding that rare is an acceptable price for flat memory.
 */
/** An `IdTable` as plain arrays, to pass between threads. */
export interface SharedIdTable {
  hashes: Uint32Array;
  values: Uint32Array;
  count: number;
}

export class IdTable {
  /** Slot i's hash is hashes[2i] (high half) and hashes[2i + 1] (low half, never 0 when used). */
  private hashes: Uint32Array;
  private values: Uint32Array;
  private count = 0;

  /** `expectedIds`: how many ids the table will probably hold, to spare it growing. */
  constructor(expectedIds = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, expectedIds * 2)));
    this.hashes = new Uint32Array(capacity * 2);
    this.values = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The table's arrays, to hand to another thread (they are transferred, not copied). */
  toShared(): SharedIdTable {
    return { hashes: this.hashes, values: this.values, count: this.count };
  }

  /** A table made from arrays another thread handed over. */
  static fromShared(shared: SharedIdTable): IdTable {
    const table = new IdTable(1);
    table.hashes = shared.hashes;
    table.values = shared.values;
    table.count = shared.count;
    return table;
  }

  /** Adds the id; returns false when it was already there (its value is left as it was). */
  add(id: string, value = 0): boolean {
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    const slot = this.find(id);
    if (slot >= 0) return false;
    this.insert(~slot, lastHi, lastLo, value);
    return true;
  }

  has(id: string): boolean {
    return this.find(id) >= 0;
  }

  /** Whether an id whose hash `hashId` gave is in the table. */
  hasHash(hi: number, lo: number): boolean {
    const hashes = this.hashes;
    const mask = this.values.length - 1;
    let slot = lo & mask;
    for (;;) {
      const slotLo = hashes[slot * 2 + 1]!;
      if (slotLo === 0) return false;
      if (slotLo === lo && hashes[slot * 2] === hi) return true;
      slot = (slot + 1) & mask;
    }
  }

  /** The id's value, or undefined when the id is not in the table. */
  get(id: string): number | undefined {
    const slot = this.find(id);
    return slot >= 0 ? this.values[slot] : undefined;
  }

  /** Sets the value of an id, adding the id if needed. */
  set(id: string, value: number): void {
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    const slot = this.find(id);
    if (slot >= 0) this.values[slot] = value;
    else this.insert(~slot, lastHi, lastLo, value);
  }

  /** The slot holding the id, or the one's complement of the empty slot where it would go. */
  private find(id: string): number {
    hashId(id);
    const hi = lastHi;
    const lo = lastLo;
    const hashes = this.hashes;
    const mask = this.values.length - 1;
    let slot = lo & mask;
    for (;;) {
      const slotLo = hashes[slot * 2 + 1]!;
      if (slotLo === 0) return ~slot;
      if (slotLo === lo && hashes[slot * 2] === hi) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private insert(slot: number, hi: number, lo: number, value: number): void {
    this.hashes[slot * 2] = hi;
    this.hashes[slot * 2 + 1] = lo;
    this.values[slot] = value;
    this.count++;
  }

  private grow(): void {
    const { hashes: oldHashes, values: oldValues } = this;
    const capacity = oldValues.length * 2;
    this.hashes = new Uint32Array(capacity * 2);
    this.values = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let index = 0; index < oldValues.length; index++) {
      const lo = oldHashes[index * 2 + 1]!;
      if (lo === 0) continue;
      let slot = lo & mask;
      while (this.hashes[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
      this.hashes[slot * 2] = oldHashes[index * 2]!;
      this.hashes[slot * 2 + 1] = lo;
      this.values[slot] = oldValues[index]!;
    }
  }
}

/** The two halves of the last id hashed (`hashId`), read right after the call. */
let lastHi = 0;
let lastLo = 0;

/** The hash of an id as `IdTable` keeps it, for callers that store hashes instead of ids. */
export const idHash = {
  of(id: string): void {
    hashId(id);
    this.hi = lastHi;
    this.lo = lastLo;
  },
  hi: 0,
  lo: 0,
};

/**
 * Hashes an id in one pass into two independent 32-bit halves: FNV-1a, and a murmur-style mix
 * with other constants. `lastLo` is never 0, so 0 can mark an empty slot.
 */
function hashId(text: string): void {
  hashRange(text, 0, text.length);
}

/** `hashId` of `text.slice(start, end)`, without making the slice. */
function hashRange(text: string, start: number, end: number): void {
  let hi = 0x811c9dc5;
  let lo = 0x9747b28c;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    hi = Math.imul(hi ^ code, 0x01000193);
    lo = Math.imul(lo ^ code, 0x5bd1e995);
    lo ^= lo >>> 15;
  }
  lo ^= end - start;
  lo = Math.imul(lo ^ (lo >>> 13), 0xc2b2ae35);
  lo = (lo ^ (lo >>> 16)) >>> 0;
  lastHi = hi >>> 0;
  lastLo = lo === 0 ? 1 : lo;
}

/**
 * Calls `each` with the hash (`idHash`) and bounds of every item of a comma list, trimmed of
 * spaces, skipping empty ones, without splitting the string: a million users' agent and org
 * lists would otherwise be millions of short-lived arrays and strings.
 */
export function forEachListItem(list: string, each: (start: number, end: number) => void): void {
  let start = 0;
  const length = list.length;
  while (start <= length) {
    let end = list.indexOf(',', start);
    if (end === -1) end = length;
    let from = start;
    let to = end;
    while (from < to && list.charCodeAt(from) <= 32) from++;
    while (to > from && list.charCodeAt(to - 1) <= 32) to--;
    if (to > from) {
      hashRange(list, from, to);
      idHash.hi = lastHi;
      idHash.lo = lastLo;
      each(from, to);
    }
    start = end + 1;
  }
}
