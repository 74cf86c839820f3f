/**
 * Order id -> slot map: open addressing with linear probing over typed arrays, so a lookup costs a
 * hash and a few array reads (a JS Map costs ~100 ns a lookup and allocates). Ids are positive safe
 * integers; key 0 marks an empty cell. Deletion shifts later cells back instead of leaving tombstones,
 * so probe chains never grow with churn.
 */
export class IdIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  get size(): number {
    return this.count;
  }

  private home(id: number): number {
    // Fibonacci hashing over both 32-bit halves of the id.
    const mixed = (id | 0) ^ ((id / 4294967296) | 0);
    return Math.imul(mixed, 0x9e3779b1) >>> this.shift;
  }

  /** The slot stored for `id`, or -1. */
  get(id: number): number {
    const keys = this.keys;
    let i = this.home(id);
    for (;;) {
      const k = keys[i]!;
      if (k === id) return this.values[i]!;
      if (k === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** Store `slot` for an id that is not present. */
  insert(id: number, slot: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    let i = this.home(id);
    while (keys[i] !== 0) i = (i + 1) & this.mask;
    keys[i] = id;
    this.values[i] = slot;
    this.count++;
  }

  /** Remove `id`; returns its slot or -1 when absent. */
  delete(id: number): number {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let i = this.home(id);
    for (;;) {
      const k = keys[i]!;
      if (k === 0) return -1;
      if (k === id) break;
      i = (i + 1) & mask;
    }
    const slot = values[i]!;
    // Backward-shift: move each following entry into the hole when its home allows it.
    let hole = i;
    let j = (i + 1) & mask;
    for (;;) {
      const k = keys[j]!;
      if (k === 0) break;
      const h = this.home(k);
      // Entry at j may fill the hole when its home is not within (hole, j] cyclically.
      const between = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!between) {
        keys[hole] = k;
        values[hole] = values[j]!;
        hole = j;
      }
      j = (j + 1) & mask;
    }
    keys[hole] = 0;
    this.count--;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const capacity = oldKeys.length * 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k !== 0) this.insert(k, oldValues[i]!);
    }
  }
}
