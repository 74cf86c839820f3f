/**
 * A deliberately plain order book, the yardstick the fast book is tested against.
 *
 * Per side: a Map from tick to a FIFO array of orders plus the list of occupied ticks, best first.
 * Every operation is the most direct translation of the contract in types.ts; speed does not matter here.
 */
import { MatchBuffer } from './matchBuffer.ts';
import {
  Side,
  Stp,
  type Level,
  type MatchOutput,
  type MatchPreview,
  type OrderBook,
  type RestingOrder,
} from './types.ts';

/** Largest tick the Int32Array tick columns can hold. */
const MAX_TICK = 0x7fffffff;

/** A resting order. Mutable inside the book; callers only ever see copies. */
interface Entry {
  readonly id: number;
  readonly owner: number;
  readonly side: Side;
  readonly tick: number;
  qty: number;
  origQty: number;
  readonly time: number;
}

const snapshot = (e: Entry): RestingOrder => ({
  id: e.id,
  owner: e.owner,
  side: e.side,
  tick: e.tick,
  qty: e.qty,
  origQty: e.origQty,
  time: e.time,
});

const opposite = (side: Side): Side => (side === Side.Buy ? Side.Sell : Side.Buy);

/** True when a maker at `tick` is at or better than the taker's limit (-1 = no limit). */
const withinLimit = (takerSide: Side, tick: number, limitTick: number): boolean =>
  limitTick === -1 || (takerSide === Side.Buy ? tick <= limitTick : tick >= limitTick);

/** One side of the book. */
class BookSide {
  /** FIFO queue per occupied tick. */
  readonly levels = new Map<number, Entry[]>();
  /** Occupied ticks, best first (descending for bids, ascending for asks). */
  readonly ticks: number[] = [];
  private readonly isBid: boolean;

  constructor(isBid: boolean) {
    this.isBid = isBid;
  }

  /** True when tick `a` has priority over tick `b` on this side. */
  better(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }

  best(): number {
    return this.ticks[0] ?? -1;
  }

  /** The oldest order at the best tick. */
  head(): Entry | undefined {
    const tick = this.ticks[0];
    return tick === undefined ? undefined : this.levels.get(tick)?.[0];
  }

  add(e: Entry): void {
    let queue = this.levels.get(e.tick);
    if (queue === undefined) {
      queue = [];
      this.levels.set(e.tick, queue);
      const at = this.ticks.findIndex((t) => this.better(e.tick, t));
      if (at === -1) this.ticks.push(e.tick);
      else this.ticks.splice(at, 0, e.tick);
    }
    queue.push(e);
  }

  remove(e: Entry): void {
    const queue = this.levels.get(e.tick);
    if (queue === undefined) throw new Error(`book corrupted: no level ${e.tick} for order ${e.id}`);
    queue.splice(queue.indexOf(e), 1);
    if (queue.length === 0) {
      this.levels.delete(e.tick);
      this.ticks.splice(this.ticks.indexOf(e.tick), 1);
    }
  }

  /** Every order in matching priority. */
  *all(): Generator<Entry> {
    for (const tick of this.ticks) yield* this.levels.get(tick) ?? [];
  }
}

export class ReferenceBook implements OrderBook {
  private readonly bids = new BookSide(true);
  private readonly asks = new BookSide(false);
  private readonly byId = new Map<number, Entry>();
  private readonly out = new MatchBuffer();

  bestBid(): number {
    return this.bids.best();
  }

  bestAsk(): number {
    return this.asks.best();
  }

  size(): number {
    return this.byId.size;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  get(id: number): RestingOrder | undefined {
    const e = this.byId.get(id);
    return e === undefined ? undefined : snapshot(e);
  }

  match(side: Side, limitTick: number, qty: number, owner: number, stp: Stp): MatchOutput {
    const out = this.out;
    out.reset();
    const makers = this.sideOf(opposite(side));
    let remaining = qty;
    // Each pass consumes the head of the best level (filled out, expired) or stops, so this ends.
    while (remaining > 0) {
      const maker = makers.head();
      if (maker === undefined || !withinLimit(side, maker.tick, limitTick)) break;
      if (maker.owner === owner && stp !== Stp.None) {
        if (stp === Stp.ExpireTaker) {
          out.takerExpired = true;
          break;
        }
        out.pushExpired(maker.id, maker.owner, maker.tick, maker.qty);
        this.unlink(maker);
        if (stp === Stp.ExpireBoth) {
          out.takerExpired = true;
          break;
        }
        continue;
      }
      const fill = Math.min(remaining, maker.qty);
      maker.qty -= fill;
      remaining -= fill;
      out.pushFill(maker.id, maker.owner, maker.tick, fill, maker.qty);
      if (maker.qty === 0) this.unlink(maker);
    }
    return out;
  }

  preview(side: Side, limitTick: number, qty: number, owner: number, stp: Stp): MatchPreview {
    let filled = 0;
    let notional = 0;
    for (const maker of this.sideOf(opposite(side)).all()) {
      if (filled === qty || !withinLimit(side, maker.tick, limitTick)) break;
      if (maker.owner === owner && stp !== Stp.None) {
        // ExpireMaker would remove this order and go on; the other modes stop the taker here.
        if (stp === Stp.ExpireMaker) continue;
        break;
      }
      const fill = Math.min(qty - filled, maker.qty);
      filled += fill;
      notional += maker.tick * fill;
    }
    return { qty: filled, notional };
  }

  wouldCross(side: Side, tick: number): boolean {
    if (side === Side.Buy) {
      const ask = this.asks.best();
      return ask !== -1 && tick >= ask;
    }
    const bid = this.bids.best();
    return bid !== -1 && tick <= bid;
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
    // Broken preconditions would silently corrupt the yardstick, so they throw.
    if (this.byId.has(id)) throw new RangeError(`order ${id} is already on the book`);
    if (!Number.isInteger(tick) || tick < 0 || tick > MAX_TICK) throw new RangeError(`bad tick ${tick}`);
    if (!Number.isSafeInteger(qty) || qty <= 0) throw new RangeError(`bad qty ${qty}`);
    if (!Number.isSafeInteger(origQty) || origQty < qty) throw new RangeError(`bad origQty ${origQty}`);
    if (this.wouldCross(side, tick)) throw new RangeError(`order ${id} at ${tick} would cross`);
    const e: Entry = { id, owner, side, tick, qty, origQty, time };
    this.byId.set(id, e);
    this.sideOf(side).add(e);
  }

  cancel(id: number): number {
    const e = this.byId.get(id);
    if (e === undefined) return 0;
    this.unlink(e);
    return e.qty;
  }

  reduce(id: number, qty: number): void {
    const e = this.byId.get(id);
    if (e === undefined) throw new RangeError(`reduce: order ${id} is not on the book`);
    if (!Number.isSafeInteger(qty) || qty <= 0 || qty >= e.qty) {
      throw new RangeError(`reduce: qty ${qty} not in (0, ${e.qty}) for order ${id}`);
    }
    // Executed lots (origQty - qty) must stay the same.
    e.origQty -= e.qty - qty;
    e.qty = qty;
  }

  depth(side: Side, maxLevels: number): Level[] {
    const book = this.sideOf(side);
    const levels: Level[] = [];
    for (const tick of book.ticks) {
      if (levels.length >= maxLevels) break;
      const queue = book.levels.get(tick) ?? [];
      levels.push({ tick, qty: queue.reduce((sum, e) => sum + e.qty, 0), orders: queue.length });
    }
    return levels;
  }

  orders(side: Side): RestingOrder[] {
    return [...this.sideOf(side).all()].map(snapshot);
  }

  private sideOf(side: Side): BookSide {
    return side === Side.Buy ? this.bids : this.asks;
  }

  private unlink(e: Entry): void {
    this.byId.delete(e.id);
    this.sideOf(e.side).remove(e);
  }
}
