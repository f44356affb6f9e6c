/** A list of 32-bit unsigned numbers in a typed array that doubles as it fills: no boxing, no GC. */
export class GrowableUint32 {
  private items = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const bigger = new Uint32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = value;
  }

  at(index: number): number {
    return this.items[index]!;
  }
}
