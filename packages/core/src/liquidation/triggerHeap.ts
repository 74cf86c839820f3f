/**
 * A binary heap of (key, id, version) entries on typed arrays, ordered so that the entry nearest to
 * triggering is on top: `max` heaps pop the highest key first (triggers that fire when a price falls
 * to or below the key), `min` heaps the lowest (triggers that fire when a price rises to the key).
 * Entries are never removed in place: a newer version of an id makes the older ones stale, and
 * stale entries are dropped when they reach the top or when the heap is compacted.
 */
export class TriggerHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  private versions: Int32Array;
  private count = 0;

  constructor(
    private readonly max: boolean,
    capacity = 64,
  ) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
    this.versions = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(key: number, id: number, version: number): void {
    if (this.count === this.keys.length) this.grow();
    let i = this.count++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(key, this.keys[parent]!)) break;
      this.move(parent, i);
      i = parent;
    }
    this.keys[i] = key;
    this.ids[i] = id;
    this.versions[i] = version;
  }

  /** Key of the top entry (NaN when empty). */
  topKey(): number {
    return this.count === 0 ? NaN : this.keys[0]!;
  }

  topId(): number {
    return this.ids[0]!;
  }

  topVersion(): number {
    return this.versions[0]!;
  }

  pop(): void {
    const last = --this.count;
    if (last === 0) return;
    const key = this.keys[last]!;
    const id = this.ids[last]!;
    const version = this.versions[last]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.before(this.keys[right]!, this.keys[left]!) ? right : left;
      if (!this.before(this.keys[child]!, key)) break;
      this.move(child, i);
      i = child;
    }
    this.keys[i] = key;
    this.ids[i] = id;
    this.versions[i] = version;
  }

  /** Keep only the entries `live` accepts, then restore the heap order (O(n)). */
  compact(live: (id: number, version: number) => boolean): void {
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      if (!live(this.ids[i]!, this.versions[i]!)) continue;
      this.keys[n] = this.keys[i]!;
      this.ids[n] = this.ids[i]!;
      this.versions[n] = this.versions[i]!;
      n++;
    }
    this.count = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  clear(): void {
    this.count = 0;
  }

  private siftDown(start: number): void {
    const key = this.keys[start]!;
    const id = this.ids[start]!;
    const version = this.versions[start]!;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.count) break;
      const right = left + 1;
      const child = right < this.count && this.before(this.keys[right]!, this.keys[left]!) ? right : left;
      if (!this.before(this.keys[child]!, key)) break;
      this.move(child, i);
      i = child;
    }
    this.keys[i] = key;
    this.ids[i] = id;
    this.versions[i] = version;
  }

  private before(a: number, b: number): boolean {
    return this.max ? a > b : a < b;
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from]!;
    this.ids[to] = this.ids[from]!;
    this.versions[to] = this.versions[from]!;
  }

  private grow(): void {
    const size = this.keys.length * 2;
    const keys = new Float64Array(size);
    const ids = new Int32Array(size);
    const versions = new Int32Array(size);
    keys.set(this.keys);
    ids.set(this.ids);
    versions.set(this.versions);
    this.keys = keys;
    this.ids = ids;
    this.versions = versions;
  }
}
