/**
 * The order book contract shared by the fast book and the reference book.
 *
 * Prices are integer ticks (0..2^31-1), sizes integer lots, both plain numbers: the book knows
 * nothing of assets, balances or margin. Owners are integers 0..2^31-1; order ids are positive safe
 * integers assigned by the engine. Sums of tick x lots (notional) are exact while they stay below
 * 2^53: market config guarantees it for one order (maxPrice/tick x maxQty/lot < 2^53).
 * The caller validates input; a method whose precondition is broken may throw (a broken invariant).
 * Queue priority is arrival order at a price; `time` is carried for reporting only.
 */

export const Side = { Buy: 0, Sell: 1 } as const;
export type Side = (typeof Side)[keyof typeof Side];

/** Self-trade prevention: what happens when a taker would trade against an order of the same owner. */
export const Stp = {
  /** Trade with yourself (no prevention). */
  None: 0,
  /** The taker's remaining quantity expires; the resting order stays. */
  ExpireTaker: 1,
  /** The resting order expires; the taker goes on matching. */
  ExpireMaker: 2,
  /** Both the resting order and the taker's remaining quantity expire. */
  ExpireBoth: 3,
} as const;
export type Stp = (typeof Stp)[keyof typeof Stp];

/** A read-only view of one resting order. */
export interface RestingOrder {
  readonly id: number;
  readonly owner: number;
  readonly side: Side;
  readonly tick: number;
  /** Remaining lots on the book. */
  readonly qty: number;
  /** The order's total lots as the owner placed it (remaining + already executed). */
  readonly origQty: number;
  /** Time (ms) the order took its place in the queue. */
  readonly time: number;
}

/** One price level in a depth view. */
export interface Level {
  readonly tick: number;
  readonly qty: number;
  readonly orders: number;
}

/**
 * Result buffers of the last `match` call, overwritten by the next one. Columns are indexed 0..count-1.
 * Reading them allocates nothing; copy what you need before the next call. A column may be replaced
 * by a larger array when it grows: read it through the output object after each call, never keep it.
 */
export interface MatchOutput {
  /** Number of fills. */
  fillCount: number;
  readonly fillMakerId: Float64Array;
  readonly fillMakerOwner: Int32Array;
  readonly fillTick: Int32Array;
  readonly fillQty: Float64Array;
  /** Lots the maker still has on the book after this fill (0 = the maker is gone). */
  readonly fillMakerLeft: Float64Array;
  /** Resting orders removed by self-trade prevention, in the order they were met. */
  expiredCount: number;
  readonly expiredId: Float64Array;
  readonly expiredOwner: Int32Array;
  readonly expiredTick: Int32Array;
  readonly expiredQty: Float64Array;
  /** Total lots filled. */
  filledQty: number;
  /** Sum over fills of tick x lots (the notional in tick-lot units). */
  filledNotional: number;
  /** True when self-trade prevention stopped the taker (ExpireTaker or ExpireBoth). */
  takerExpired: boolean;
}

/** What a taker would get, without changing the book (for FOK and market-order cost checks). */
export interface MatchPreview {
  readonly qty: number;
  readonly notional: number;
}

export interface OrderBook {
  /** Best bid tick, or -1 when the bid side is empty. */
  bestBid(): number;
  /** Best ask tick, or -1 when the ask side is empty. */
  bestAsk(): number;
  /** Number of resting orders. */
  size(): number;
  has(id: number): boolean;
  get(id: number): RestingOrder | undefined;

  /**
   * Match a taker against the opposite side, best price first, FIFO within a price, while the
   * maker's price is at or better than `limitTick` (-1 = no limit, a market order).
   * Results are written to `out`. Never rests anything.
   */
  match(side: Side, limitTick: number, qty: number, owner: number, stp: Stp): MatchOutput;
  /** The same walk as `match`, changing nothing. */
  preview(side: Side, limitTick: number, qty: number, owner: number, stp: Stp): MatchPreview;
  /** True when an order at this price would trade immediately (for post-only). */
  wouldCross(side: Side, tick: number): boolean;

  /**
   * Put an order at the back of its price level. The caller guarantees it does not cross the
   * opposite side and that the id is not on the book.
   */
  rest(id: number, owner: number, side: Side, tick: number, qty: number, origQty: number, time: number): void;
  /** Remove an order; returns its remaining lots, or 0 when the id is not on the book. */
  cancel(id: number): number;
  /**
   * Lower an order's remaining lots in place, keeping its time priority (0 < qty < current). Its
   * origQty drops by the same amount, so origQty - qty (executed) is unchanged.
   */
  reduce(id: number, qty: number): void;

  /** Levels of one side, best first, at most `maxLevels`. */
  depth(side: Side, maxLevels: number): Level[];
  /** Every resting order of one side in matching priority (best price first, then FIFO). */
  orders(side: Side): RestingOrder[];
}
