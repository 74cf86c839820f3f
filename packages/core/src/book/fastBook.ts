import { IdIndex } from './idIndex.ts';
import { MatchBuffer } from './matchBuffer.ts';
import { Side, Stp } from './types.ts';
import type { Level, MatchOutput, MatchPreview, OrderBook, RestingOrder } from './types.ts';

const NONE = -1;
/** Ticks covered by the direct level lookup (at a 0.01 tick, +-327 around the first price). */
const TICK_WINDOW = 1 << 16;

/**
 * The production order book: struct-of-arrays storage, no allocation on the hot path.
 *
 * - Orders live in slots of parallel typed arrays, linked FIFO per price level (intrusive prev/next),
 *   so a cancel is O(1) once the id index gives the slot. An order's tick and side are its level's.
 * - A direct tick -> level table around the first price seen finds a level without a search.
 * - Levels live in slots too. Each side keeps its live levels sorted by a key (tick for bids, -tick
 *   for asks) with the best level last: matching pops from the end, and the busy region near the
 *   touch moves few elements when a level is inserted or removed.
 * - Freed order and level slots are chained in free lists and reused.
 */
export class FastBook implements OrderBook {
  // Orders (struct of arrays).
  private oId: Float64Array;
  private oOwner: Int32Array;
  private oQty: Float64Array;
  private oOrig: Float64Array;
  private oTime: Float64Array;
  private oNext: Int32Array;
  private oPrev: Int32Array;
  private oLevel: Int32Array;
  private orderFree = NONE;
  private orderHigh = 0;

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

  private readonly index: IdIndex;
  private readonly out = new MatchBuffer();

  constructor(initialOrders = 1024, initialLevels = 256) {
    this.oId = new Float64Array(initialOrders);
    this.oOwner = new Int32Array(initialOrders);
    this.oQty = new Float64Array(initialOrders);
    this.oOrig = new Float64Array(initialOrders);
    this.oTime = new Float64Array(initialOrders);
    this.oNext = new Int32Array(initialOrders);
    this.oPrev = new Int32Array(initialOrders);
    this.oLevel = new Int32Array(initialOrders);
    this.lTick = new Int32Array(initialLevels);
    this.lSide = new Uint8Array(initialLevels);
    this.lQty = new Float64Array(initialLevels);
    this.lCount = new Int32Array(initialLevels);
    this.lHead = new Int32Array(initialLevels);
    this.lTail = new Int32Array(initialLevels);
    this.sideLevels = [new Int32Array(initialLevels), new Int32Array(initialLevels)];
    this.sideKeys = [new Float64Array(initialLevels), new Float64Array(initialLevels)];
    this.index = new IdIndex();
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
    return this.index.size;
  }

  has(id: number): boolean {
    return this.index.get(id) !== NONE;
  }

  get(id: number): RestingOrder | undefined {
    const slot = this.index.get(id);
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
    const oQty = this.oQty;
    const oOwner = this.oOwner;
    const oNext = this.oNext;
    const lQty = this.lQty;
    let remaining = qty;
    let stopped = false;
    while (remaining > 0 && this.sideLen[makerSide] > 0) {
      const level = levels[this.sideLen[makerSide] - 1]!;
      const tick = this.lTick[level]!;
      if (limitTick !== NONE && (side === Side.Buy ? tick > limitTick : tick < limitTick)) break;
      let slot = this.lHead[level]!;
      while (slot !== NONE && remaining > 0) {
        const next = oNext[slot]!;
        if (stp !== Stp.None && oOwner[slot] === owner) {
          if (stp === Stp.ExpireTaker) {
            stopped = true;
            break;
          }
          out.pushExpired(this.oId[slot]!, owner, tick, oQty[slot]!);
          this.unlink(slot, level);
          if (stp === Stp.ExpireBoth) {
            stopped = true;
            break;
          }
          slot = next;
          continue;
        }
        const makerQty = oQty[slot]!;
        const fill = remaining < makerQty ? remaining : makerQty;
        remaining -= fill;
        const left = makerQty - fill;
        out.pushFill(this.oId[slot]!, oOwner[slot]!, tick, fill, left);
        if (left === 0) {
          this.unlink(slot, level);
        } else {
          oQty[slot] = left;
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
      for (let slot = this.lHead[level]!; slot !== NONE && remaining > 0; slot = this.oNext[slot]!) {
        if (this.oOwner[slot] === owner) {
          if (stp === Stp.ExpireMaker) continue;
          return { qty: qty - remaining, notional };
        }
        const makerQty = this.oQty[slot]!;
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
    const slot = this.allocOrder();
    this.oId[slot] = id;
    this.oOwner[slot] = owner;
    this.oQty[slot] = qty;
    this.oOrig[slot] = origQty;
    this.oTime[slot] = time;
    this.oLevel[slot] = level;
    this.oNext[slot] = NONE;
    const tail = this.lTail[level]!;
    this.oPrev[slot] = tail;
    if (tail === NONE) this.lHead[level] = slot;
    else this.oNext[tail] = slot;
    this.lTail[level] = slot;
    this.lCount[level] = this.lCount[level]! + 1;
    this.lQty[level] = this.lQty[level]! + qty;
    this.index.insert(id, slot);
  }

  cancel(id: number): number {
    // One lookup: the index entry goes first, then the order leaves its level.
    const slot = this.index.delete(id);
    if (slot === NONE) return 0;
    const qty = this.oQty[slot]!;
    const level = this.oLevel[slot]!;
    const side = this.lSide[level]! as Side;
    this.unlink(slot, level, false);
    if (this.lCount[level] === 0) this.removeLevel(side, level);
    return qty;
  }

  reduce(id: number, qty: number): void {
    const slot = this.index.get(id);
    if (slot === NONE) throw new RangeError(`reduce: order ${id} is not on the book`);
    const current = this.oQty[slot]!;
    if (!(qty > 0 && qty < current)) throw new RangeError(`reduce: ${qty} is not in (0, ${current})`);
    const delta = current - qty;
    this.oQty[slot] = qty;
    this.oOrig[slot] = this.oOrig[slot]! - delta;
    const level = this.oLevel[slot]!;
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
      for (let slot = this.lHead[levels[i]!]!; slot !== NONE; slot = this.oNext[slot]!) {
        result.push(this.view(slot));
      }
    }
    return result;
  }

  private view(slot: number): RestingOrder {
    const level = this.oLevel[slot]!;
    return {
      id: this.oId[slot]!,
      owner: this.oOwner[slot]!,
      side: this.lSide[level]! as Side,
      tick: this.lTick[level]!,
      qty: this.oQty[slot]!,
      origQty: this.oOrig[slot]!,
      time: this.oTime[slot]!,
    };
  }

  /**
   * Take an order out of its level and free its slot (and its id, unless the caller already did);
   * the caller removes the level if it empties.
   */
  private unlink(slot: number, level: number, dropId = true): void {
    const prev = this.oPrev[slot]!;
    const next = this.oNext[slot]!;
    if (prev === NONE) this.lHead[level] = next;
    else this.oNext[prev] = next;
    if (next === NONE) this.lTail[level] = prev;
    else this.oPrev[next] = prev;
    this.lCount[level] = this.lCount[level]! - 1;
    this.lQty[level] = this.lQty[level]! - this.oQty[slot]!;
    if (dropId) this.index.delete(this.oId[slot]!);
    this.oQty[slot] = 0;
    this.oNext[slot] = this.orderFree;
    this.orderFree = slot;
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

  private allocOrder(): number {
    let slot = this.orderFree;
    if (slot !== NONE) {
      this.orderFree = this.oNext[slot]!;
      return slot;
    }
    if (this.orderHigh === this.oId.length) this.growOrders();
    slot = this.orderHigh++;
    return slot;
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

  private growOrders(): void {
    const n = this.oId.length * 2;
    this.oId = copy(this.oId, new Float64Array(n));
    this.oOwner = copy(this.oOwner, new Int32Array(n));
    this.oQty = copy(this.oQty, new Float64Array(n));
    this.oOrig = copy(this.oOrig, new Float64Array(n));
    this.oTime = copy(this.oTime, new Float64Array(n));
    this.oNext = copy(this.oNext, new Int32Array(n));
    this.oPrev = copy(this.oPrev, new Int32Array(n));
    this.oLevel = copy(this.oLevel, new Int32Array(n));
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
