import { IdIndex } from './idIndex.ts';
import { MatchBuffer } from './matchBuffer.ts';
import { Side, Stp } from './types.ts';
import type { Level, MatchOutput, MatchPreview, OrderBook, RestingOrder } from './types.ts';

const NONE = -1;
/** Ticks covered by the direct level lookup (at a 0.01 tick, +-327 around the first price). */
const TICK_WINDOW = 1 << 16;

/*
 * Orders live in slots of three typed arrays, each holding a few fields per slot side by side, so one
 * order's fields share a cache line: `hot` (id, qty), `links` (owner, next, prev, level) and `cold`
 * (origQty, time), which only rest, reduce and views touch. Per field arrays would cost one cache
 * line, and with a large book one miss, per field.
 */
const HOT = 2;
const H_ID = 0;
const H_QTY = 1;
const LINKS = 4;
const L_OWNER = 0;
const L_NEXT = 1;
const L_PREV = 2;
const L_LEVEL = 3;
const COLD = 2;
const C_ORIG = 0;
const C_TIME = 1;
/**
 * Slots per chunk of each array. Past one chunk the table grows by adding chunks, not by copying
 * it: a copy writes every byte again into fresh memory, and first writes to fresh memory (page
 * faults) are most of what growing costs.
 */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** Index of the highest set bit of a non-zero 32-bit word. */
function highestBit(word: number): number {
  return 31 - Math.clz32(word);
}

/**
 * The production order book: typed-array storage, no allocation on the hot path.
 *
 * Once the book outgrows the CPU caches its time goes to cache and TLB misses, so storage is laid
 * out to touch few, predictable cache lines per operation:
 * - An order lives in its home slot, the low bits of its id, whenever that slot is free. Ids come
 *   from a counter, so orders placed together sit together whatever the history of the storage, and
 *   finding an order by id is one read of its slot (which carries the id) instead of an index lookup
 *   followed by a dependent read of the slot. An order whose home is taken by an older one goes to
 *   the nearest free slot below and is listed in an id index (`displaced`); the table doubles
 *   rather than displace once it is half full, so displaced orders stay rare and the table's size
 *   follows the live orders, never the range of ids.
 * - Orders are linked FIFO per price level (intrusive prev/next), so a cancel is O(1) once the
 *   slot is known. An order's tick and side are its level's.
 * - A direct tick -> level table around the first price seen finds a level without a search.
 * - Levels live in slots too. Each side keeps its live levels sorted by a key (tick for bids, -tick
 *   for asks) with the best level last: matching pops from the end, and the busy region near the
 *   touch moves few elements when a level is inserted or removed.
 */
export class FastBook implements OrderBook {
  // Order slots (layout above); the capacity is a power of two.
  private readonly hot: Float64Array[] = [];
  private readonly links: Int32Array[] = [];
  private readonly cold: Float64Array[] = [];
  private capacity: number;
  /** capacity - 1. An id's home slot is `(id | 0) & mask` (ToInt32 keeps the low 32 bits exactly). */
  private mask: number;
  private live = 0;
  /**
   * Free slots, one bit each (1 = free), and a summary bit per word of those (1 = the word has a
   * free bit), so the search for a free slot reads a few words even in a large, busy table.
   */
  private freeBits: Int32Array;
  private freeWords: Int32Array;
  /** Id -> slot for exactly the orders not in their home slot (and any order with id 0). */
  private readonly displaced = new IdIndex();

  // Price levels (struct of arrays). An order's tick and side are its level's.
  private lTick: Int32Array;
  private lSide: Uint8Array;
  private lQty: Float64Array;
  private lCount: Int32Array;
  private lHead: Int32Array;
  private lTail: Int32Array;
  private levelFree = NONE;
  private levelHigh = 0;

  // Per side: level slots sorted by key ascending, best last; keys alongside for the binary search.
  private sideLevels: [Int32Array, Int32Array];
  private sideKeys: [Float64Array, Float64Array];
  private sideLen: [number, number] = [0, 0];

  /**
   * Level by tick for a window of ticks around the first price seen (slot + 1, 0 = none). A tick
   * holds at most one level at a time (the book is never crossed), so one array serves both sides;
   * prices outside the window fall back to the binary search.
   */
  private readonly levelByTick = new Int32Array(TICK_WINDOW);
  private windowBase = -1;

  private readonly out = new MatchBuffer();

  /**
   * Initial capacities (order slots are rounded up to a power of two); storage doubles past them.
   * A caller that knows how many orders it will hold (a replay, a benchmark) can size the order
   * table up front and skip the growth steps. The default stays small: there is a book per market,
   * and tests create thousands.
   */
  constructor(initialOrders = 1024, initialLevels = 256) {
    let capacity = 1;
    while (capacity < initialOrders) capacity *= 2;
    for (let from = 0; from < capacity; from += CHUNK) this.addChunk(Math.min(capacity, CHUNK));
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.freeBits = new Int32Array(Math.ceil(capacity / 32));
    this.freeWords = new Int32Array(Math.ceil(this.freeBits.length / 32));
    this.markFreeRange(0, capacity);
    this.lTick = new Int32Array(initialLevels);
    this.lSide = new Uint8Array(initialLevels);
    this.lQty = new Float64Array(initialLevels);
    this.lCount = new Int32Array(initialLevels);
    this.lHead = new Int32Array(initialLevels);
    this.lTail = new Int32Array(initialLevels);
    this.sideLevels = [new Int32Array(initialLevels), new Int32Array(initialLevels)];
    this.sideKeys = [new Float64Array(initialLevels), new Float64Array(initialLevels)];
  }

  bestBid(): number {
    const n = this.sideLen[Side.Buy];
    return n === 0 ? NONE : this.lTick[this.sideLevels[Side.Buy][n - 1]!]!;
  }

  bestAsk(): number {
    const n = this.sideLen[Side.Sell];
    return n === 0 ? NONE : this.lTick[this.sideLevels[Side.Sell][n - 1]!]!;
  }

  size(): number {
    return this.live;
  }

  has(id: number): boolean {
    return this.find(id) !== NONE;
  }

  get(id: number): RestingOrder | undefined {
    const slot = this.find(id);
    return slot === NONE ? undefined : this.view(slot);
  }

  wouldCross(side: Side, tick: number): boolean {
    if (side === Side.Buy) {
      const ask = this.bestAsk();
      return ask !== NONE && tick >= ask;
    }
    const bid = this.bestBid();
    return bid !== NONE && tick <= bid;
  }

  match(side: Side, limitTick: number, qty: number, owner: number, stp: Stp): MatchOutput {
    const out = this.out;
    out.reset();
    const makerSide = side === Side.Buy ? Side.Sell : Side.Buy;
    const levels = this.sideLevels[makerSide];
    const lQty = this.lQty;
    let remaining = qty;
    let stopped = false;
    while (remaining > 0 && this.sideLen[makerSide] > 0) {
      const level = levels[this.sideLen[makerSide] - 1]!;
      const tick = this.lTick[level]!;
      if (limitTick !== NONE && (side === Side.Buy ? tick > limitTick : tick < limitTick)) break;
      let slot = this.lHead[level]!;
      while (slot !== NONE && remaining > 0) {
        const hot = this.hot[slot >>> CHUNK_BITS]!;
        const links = this.links[slot >>> CHUNK_BITS]!;
        const h = (slot & CHUNK_MASK) * HOT;
        const l = (slot & CHUNK_MASK) * LINKS;
        const next = links[l + L_NEXT]!;
        if (stp !== Stp.None && links[l + L_OWNER] === owner) {
          if (stp === Stp.ExpireTaker) {
            stopped = true;
            break;
          }
          out.pushExpired(hot[h + H_ID]!, owner, tick, hot[h + H_QTY]!);
          this.unlink(slot, level);
          if (stp === Stp.ExpireBoth) {
            stopped = true;
            break;
          }
          slot = next;
          continue;
        }
        const makerQty = hot[h + H_QTY]!;
        const fill = remaining < makerQty ? remaining : makerQty;
        remaining -= fill;
        const left = makerQty - fill;
        out.pushFill(hot[h + H_ID]!, links[l + L_OWNER]!, tick, fill, left);
        if (left === 0) {
          this.unlink(slot, level);
        } else {
          hot[h + H_QTY] = left;
          lQty[level] = lQty[level]! - fill;
        }
        slot = next;
      }
      if (this.lCount[level] === 0) this.popBest(makerSide);
      if (stopped) break;
    }
    out.takerExpired = stopped;
    return out;
  }

  preview(side: Side, limitTick: number, qty: number, owner: number, stp: Stp): MatchPreview {
    const makerSide = side === Side.Buy ? Side.Sell : Side.Buy;
    const levels = this.sideLevels[makerSide];
    let remaining = qty;
    let notional = 0;
    for (let i = this.sideLen[makerSide] - 1; i >= 0 && remaining > 0; i--) {
      const level = levels[i]!;
      const tick = this.lTick[level]!;
      if (limitTick !== NONE && (side === Side.Buy ? tick > limitTick : tick < limitTick)) break;
      if (stp === Stp.None) {
        // Whole levels at once when no order needs a look.
        const take = remaining < this.lQty[level]! ? remaining : this.lQty[level]!;
        remaining -= take;
        notional += take * tick;
        continue;
      }
      for (let slot = this.lHead[level]!; slot !== NONE && remaining > 0; slot = this.linkOf(slot, L_NEXT)) {
        if (this.linkOf(slot, L_OWNER) === owner) {
          if (stp === Stp.ExpireMaker) continue;
          return { qty: qty - remaining, notional };
        }
        const makerQty = this.hotOf(slot, H_QTY);
        const take = remaining < makerQty ? remaining : makerQty;
        remaining -= take;
        notional += take * tick;
      }
    }
    return { qty: qty - remaining, notional };
  }

  rest(
    id: number,
    owner: number,
    side: Side,
    tick: number,
    qty: number,
    origQty: number,
    time: number,
  ): void {
    const level = this.levelFor(side, tick);
    let slot = (id | 0) & this.mask;
    // Id 0 never lives at home: a free slot reads as id 0.
    if (id === 0 || !this.isFree(slot)) {
      if (this.live * 2 >= this.capacity) {
        this.growOrders();
        slot = (id | 0) & this.mask;
      }
      if (id === 0 || !this.isFree(slot)) {
        slot = this.freeSlotBelow(slot);
        this.displaced.insert(id, slot);
      }
    }
    this.markUsed(slot);
    this.live++;
    const chunk = slot >>> CHUNK_BITS;
    const hot = this.hot[chunk]!;
    const links = this.links[chunk]!;
    const cold = this.cold[chunk]!;
    const offset = slot & CHUNK_MASK;
    const h = offset * HOT;
    const l = offset * LINKS;
    const c = offset * COLD;
    const tail = this.lTail[level]!;
    hot[h + H_ID] = id;
    hot[h + H_QTY] = qty;
    links[l + L_OWNER] = owner;
    links[l + L_NEXT] = NONE;
    links[l + L_PREV] = tail;
    links[l + L_LEVEL] = level;
    cold[c + C_ORIG] = origQty;
    cold[c + C_TIME] = time;
    if (tail === NONE) this.lHead[level] = slot;
    else this.links[tail >>> CHUNK_BITS]![(tail & CHUNK_MASK) * LINKS + L_NEXT] = slot;
    this.lTail[level] = slot;
    this.lCount[level] = this.lCount[level]! + 1;
    this.lQty[level] = this.lQty[level]! + qty;
  }

  cancel(id: number): number {
    let slot = (id | 0) & this.mask;
    if (id === 0 || this.hotOf(slot, H_ID) !== id) {
      if (this.displaced.size === 0) return 0;
      // The index entry goes now, so unlink need not look it up again.
      slot = this.displaced.delete(id);
      if (slot === NONE) return 0;
    }
    const qty = this.hotOf(slot, H_QTY);
    const level = this.linkOf(slot, L_LEVEL);
    this.unlink(slot, level, false);
    if (this.lCount[level] === 0) this.removeLevel(this.lSide[level]! as Side, level);
    return qty;
  }

  reduce(id: number, qty: number): void {
    const slot = this.find(id);
    if (slot === NONE) throw new RangeError(`reduce: order ${id} is not on the book`);
    const current = this.hotOf(slot, H_QTY);
    if (!(qty > 0 && qty < current)) throw new RangeError(`reduce: ${qty} is not in (0, ${current})`);
    const delta = current - qty;
    const offset = slot & CHUNK_MASK;
    this.hot[slot >>> CHUNK_BITS]![offset * HOT + H_QTY] = qty;
    const cold = this.cold[slot >>> CHUNK_BITS]!;
    cold[offset * COLD + C_ORIG] = cold[offset * COLD + C_ORIG]! - delta;
    const level = this.linkOf(slot, L_LEVEL);
    this.lQty[level] = this.lQty[level]! - delta;
  }

  depth(side: Side, maxLevels: number): Level[] {
    const result: Level[] = [];
    const levels = this.sideLevels[side];
    for (let i = this.sideLen[side] - 1; i >= 0 && result.length < maxLevels; i--) {
      const level = levels[i]!;
      result.push({ tick: this.lTick[level]!, qty: this.lQty[level]!, orders: this.lCount[level]! });
    }
    return result;
  }

  orders(side: Side): RestingOrder[] {
    const result: RestingOrder[] = [];
    const levels = this.sideLevels[side];
    for (let i = this.sideLen[side] - 1; i >= 0; i--) {
      for (let slot = this.lHead[levels[i]!]!; slot !== NONE; slot = this.linkOf(slot, L_NEXT)) {
        result.push(this.view(slot));
      }
    }
    return result;
  }

  /** The slot of a resting order, or -1. */
  private find(id: number): number {
    const home = (id | 0) & this.mask;
    if (id !== 0 && this.hotOf(home, H_ID) === id) return home;
    return this.displaced.size === 0 ? NONE : this.displaced.get(id);
  }

  private view(slot: number): RestingOrder {
    const level = this.linkOf(slot, L_LEVEL);
    const cold = this.cold[slot >>> CHUNK_BITS]!;
    const c = (slot & CHUNK_MASK) * COLD;
    return {
      id: this.hotOf(slot, H_ID),
      owner: this.linkOf(slot, L_OWNER),
      side: this.lSide[level]! as Side,
      tick: this.lTick[level]!,
      qty: this.hotOf(slot, H_QTY),
      origQty: cold[c + C_ORIG]!,
      time: cold[c + C_TIME]!,
    };
  }

  /**
   * Take an order out of its level and free its slot (and its displaced entry, unless the caller
   * already removed it); the caller removes the level if it empties.
   */
  private unlink(slot: number, level: number, dropId = true): void {
    const hot = this.hot[slot >>> CHUNK_BITS]!;
    const links = this.links[slot >>> CHUNK_BITS]!;
    const h = (slot & CHUNK_MASK) * HOT;
    const l = (slot & CHUNK_MASK) * LINKS;
    const prev = links[l + L_PREV]!;
    const next = links[l + L_NEXT]!;
    if (prev === NONE) this.lHead[level] = next;
    else this.links[prev >>> CHUNK_BITS]![(prev & CHUNK_MASK) * LINKS + L_NEXT] = next;
    if (next === NONE) this.lTail[level] = prev;
    else this.links[next >>> CHUNK_BITS]![(next & CHUNK_MASK) * LINKS + L_PREV] = prev;
    this.lCount[level] = this.lCount[level]! - 1;
    this.lQty[level] = this.lQty[level]! - hot[h + H_QTY]!;
    if (dropId) {
      const id = hot[h + H_ID]!;
      if (id === 0 || ((id | 0) & this.mask) !== slot) this.displaced.delete(id);
    }
    hot[h + H_ID] = 0;
    this.markFree(slot);
    this.live--;
  }

  private isFree(slot: number): boolean {
    return ((this.freeBits[slot >>> 5]! >>> (slot & 31)) & 1) !== 0;
  }

  private markUsed(slot: number): void {
    const w = slot >>> 5;
    const bits = this.freeBits[w]! & ~(1 << (slot & 31));
    this.freeBits[w] = bits;
    if (bits === 0) this.freeWords[w >>> 5] = this.freeWords[w >>> 5]! & ~(1 << (w & 31));
  }

  private markFree(slot: number): void {
    const w = slot >>> 5;
    const bits = this.freeBits[w]!;
    if (bits === 0) this.freeWords[w >>> 5] = this.freeWords[w >>> 5]! | (1 << (w & 31));
    this.freeBits[w] = bits | (1 << (slot & 31));
  }

  private markFreeRange(from: number, to: number): void {
    for (let slot = from; slot < to;) {
      if ((slot & 31) === 0 && slot + 32 <= to) {
        const w = slot >>> 5;
        this.freeBits[w] = -1;
        this.freeWords[w >>> 5] = this.freeWords[w >>> 5]! | (1 << (w & 31));
        slot += 32;
      } else {
        this.markFree(slot++);
      }
    }
  }

  /**
   * The free slot nearest at or below `slot`, wrapping round; the caller ensures there is one.
   * Below is the home of ids issued long ago: the slot will not be wanted as a home again soon,
   * and it is near memory just used.
   */
  private freeSlotBelow(slot: number): number {
    const bits = this.freeBits;
    const words = this.freeWords;
    let w = slot >>> 5;
    const keep = 31 - (slot & 31);
    const below = (bits[w]! << keep) >>> keep;
    if (below !== 0) return (w << 5) + highestBit(below);
    let s = w >>> 5;
    const keepWords = 32 - (w & 31);
    let summary = keepWords === 32 ? 0 : (words[s]! << keepWords) >>> keepWords;
    while (summary === 0) {
      s = s === 0 ? words.length - 1 : s - 1;
      summary = words[s]!;
    }
    w = (s << 5) + highestBit(summary);
    return (w << 5) + highestBit(bits[w]!);
  }

  /** The level for (side, tick), created in sorted position when missing. */
  private levelFor(side: Side, tick: number): number {
    if (this.windowBase === NONE) this.windowBase = Math.max(0, tick - TICK_WINDOW / 2);
    const cell = tick - this.windowBase;
    const inWindow = cell >= 0 && cell < TICK_WINDOW;
    if (inWindow) {
      const known = this.levelByTick[cell]!;
      if (known !== 0) return known - 1;
    }
    const key = side === Side.Buy ? tick : -tick;
    const keys = this.sideKeys[side];
    const len = this.sideLen[side];
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo < len && keys[lo] === key) return this.sideLevels[side][lo]!;
    const level = this.allocLevel(tick, side);
    if (len === this.sideLevels[side].length) this.growSide(side);
    const levels = this.sideLevels[side];
    const sortedKeys = this.sideKeys[side];
    if (lo < len) {
      levels.copyWithin(lo + 1, lo, len);
      sortedKeys.copyWithin(lo + 1, lo, len);
    }
    levels[lo] = level;
    sortedKeys[lo] = key;
    this.sideLen[side] = len + 1;
    if (inWindow) this.levelByTick[cell] = level + 1;
    return level;
  }

  private popBest(side: Side): void {
    const len = this.sideLen[side] - 1;
    this.freeLevel(this.sideLevels[side][len]!);
    this.sideLen[side] = len;
  }

  private removeLevel(side: Side, level: number): void {
    const tick = this.lTick[level]!;
    const key = side === Side.Buy ? tick : -tick;
    const keys = this.sideKeys[side];
    const len = this.sideLen[side];
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo + 1 < len) {
      this.sideLevels[side].copyWithin(lo, lo + 1, len);
      keys.copyWithin(lo, lo + 1, len);
    }
    this.sideLen[side] = len - 1;
    this.freeLevel(level);
  }

  private allocLevel(tick: number, side: Side): number {
    let level = this.levelFree;
    if (level !== NONE) {
      this.levelFree = this.lHead[level]!;
    } else {
      if (this.levelHigh === this.lTick.length) this.growLevels();
      level = this.levelHigh++;
    }
    this.lTick[level] = tick;
    this.lSide[level] = side;
    this.lQty[level] = 0;
    this.lCount[level] = 0;
    this.lHead[level] = NONE;
    this.lTail[level] = NONE;
    return level;
  }

  private freeLevel(level: number): void {
    const cell = this.lTick[level]! - this.windowBase;
    if (cell >= 0 && cell < TICK_WINDOW) this.levelByTick[cell] = 0;
    this.lHead[level] = this.levelFree;
    this.levelFree = level;
  }

  /**
   * Double the order table. Orders keep their slots, but homes are now one id bit wider: an order at
   * home whose id has that bit set is not any more, so it joins the index. (A displaced order never
   * comes home this way: its slot already differs from its id's low bits.)
   */
  private growOrders(): void {
    const old = this.capacity;
    const capacity = old * 2;
    if (capacity <= CHUNK) {
      this.hot[0] = copy(this.hot[0]!, new Float64Array(capacity * HOT));
      this.links[0] = copy(this.links[0]!, new Int32Array(capacity * LINKS));
      this.cold[0] = copy(this.cold[0]!, new Float64Array(capacity * COLD));
    } else {
      for (let from = old; from < capacity; from += CHUNK) this.addChunk(CHUNK);
    }
    this.freeBits = copy(this.freeBits, new Int32Array(Math.ceil(capacity / 32)));
    this.freeWords = copy(this.freeWords, new Int32Array(Math.ceil(this.freeBits.length / 32)));
    this.markFreeRange(old, capacity);
    for (let slot = 0; slot < old; slot++) {
      const id = this.hotOf(slot, H_ID);
      // id 0: a free slot, or an order with id 0, which is always listed.
      if (id !== 0 && ((id | 0) & this.mask) === slot && ((id | 0) & old) !== 0) {
        this.displaced.insert(id, slot);
      }
    }
    this.capacity = capacity;
    this.mask = capacity - 1;
  }

  private addChunk(slots: number): void {
    this.hot.push(new Float64Array(slots * HOT));
    this.links.push(new Int32Array(slots * LINKS));
    this.cold.push(new Float64Array(slots * COLD));
  }

  private hotOf(slot: number, field: number): number {
    return this.hot[slot >>> CHUNK_BITS]![(slot & CHUNK_MASK) * HOT + field]!;
  }

  private linkOf(slot: number, field: number): number {
    return this.links[slot >>> CHUNK_BITS]![(slot & CHUNK_MASK) * LINKS + field]!;
  }

  private growLevels(): void {
    const n = this.lTick.length * 2;
    this.lTick = copy(this.lTick, new Int32Array(n));
    this.lSide = copy(this.lSide, new Uint8Array(n));
    this.lQty = copy(this.lQty, new Float64Array(n));
    this.lCount = copy(this.lCount, new Int32Array(n));
    this.lHead = copy(this.lHead, new Int32Array(n));
    this.lTail = copy(this.lTail, new Int32Array(n));
  }

  private growSide(side: Side): void {
    const n = this.sideLevels[side].length * 2;
    this.sideLevels[side] = copy(this.sideLevels[side], new Int32Array(n));
    this.sideKeys[side] = copy(this.sideKeys[side], new Float64Array(n));
  }
}

function copy<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
