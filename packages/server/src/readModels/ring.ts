/** A bounded buffer that keeps the newest `capacity` items: history that cannot grow without end. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  /** Index of the oldest item. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Add the newest item; returns the oldest one when it had to make room. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    return evicted;
  }

  /** The i-th newest item (0 = newest). */
  fromNewest(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + this.count - 1 - i) % this.capacity];
  }

  /** Newest first, at most `limit`, those `keep` accepts. */
  newest(limit: number, keep?: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count && out.length < limit; i++) {
      const item = this.fromNewest(i)!;
      if (!keep || keep(item)) out.push(item);
    }
    return out;
  }
}
