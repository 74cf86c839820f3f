/**
 * Behavioural tests any OrderBook must pass. Each implementation's test file calls `runBookSuite`
 * with a factory, so the reference book and the fast book are held to exactly the same cases.
 */
import { describe, expect, it } from 'vitest';
import { Side, Stp, type MatchOutput, type OrderBook } from './types.ts';

const B = Side.Buy;
const S = Side.Sell;
const OTHER = 7;
const ME = 1;
const MAX_TICK = 2 ** 31 - 1;

export interface FillRow {
  id: number;
  owner: number;
  tick: number;
  qty: number;
  left: number;
}

export interface ExpiredRow {
  id: number;
  owner: number;
  tick: number;
  qty: number;
}

/** Copies the fill columns out of a reused output buffer. */
export const fillsOf = (out: MatchOutput): FillRow[] => {
  const rows: FillRow[] = [];
  for (let i = 0; i < out.fillCount; i++) {
    rows.push({
      id: out.fillMakerId[i] ?? NaN,
      owner: out.fillMakerOwner[i] ?? NaN,
      tick: out.fillTick[i] ?? NaN,
      qty: out.fillQty[i] ?? NaN,
      left: out.fillMakerLeft[i] ?? NaN,
    });
  }
  return rows;
};

/** Copies the self-trade-expired columns out of a reused output buffer. */
export const expiredOf = (out: MatchOutput): ExpiredRow[] => {
  const rows: ExpiredRow[] = [];
  for (let i = 0; i < out.expiredCount; i++) {
    rows.push({
      id: out.expiredId[i] ?? NaN,
      owner: out.expiredOwner[i] ?? NaN,
      tick: out.expiredTick[i] ?? NaN,
      qty: out.expiredQty[i] ?? NaN,
    });
  }
  return rows;
};

/** Rests a fresh order (origQty = qty, time = id unless given). */
const put = (
  book: OrderBook,
  id: number,
  side: Side,
  tick: number,
  qty: number,
  owner = OTHER,
  time = id,
): void => book.rest(id, owner, side, tick, qty, qty, time);

const idsOf = (book: OrderBook, side: Side): number[] => book.orders(side).map((o) => o.id);

const fill = (id: number, tick: number, qty: number, left: number, owner = OTHER): FillRow => ({
  id,
  owner,
  tick,
  qty,
  left,
});

const best = (book: OrderBook): [number, number] => [book.bestBid(), book.bestAsk()];

export function runBookSuite(name: string, create: () => OrderBook): void {
  describe(name, () => {
    describe('empty book', () => {
      it('has no prices, no orders and matches nothing', () => {
        const book = create();
        expect(best(book)).toEqual([-1, -1]);
        expect(book.size()).toBe(0);
        expect(book.has(1)).toBe(false);
        expect(book.get(1)).toBeUndefined();
        expect(book.depth(B, 10)).toEqual([]);
        expect(book.depth(S, 10)).toEqual([]);
        expect(book.orders(B)).toEqual([]);
        expect(book.orders(S)).toEqual([]);
        expect(book.cancel(1)).toBe(0);
        expect(book.wouldCross(B, MAX_TICK)).toBe(false);
        expect(book.wouldCross(S, 0)).toBe(false);
        const out = book.match(B, -1, 10, ME, Stp.None);
        expect(out.fillCount).toBe(0);
        expect(out.expiredCount).toBe(0);
        expect(out.filledQty).toBe(0);
        expect(out.filledNotional).toBe(0);
        expect(out.takerExpired).toBe(false);
        expect(book.preview(S, -1, 10, ME, Stp.None)).toEqual({ qty: 0, notional: 0 });
      });
    });

    describe('rest, get, has, size', () => {
      it('stores every field and reports it back', () => {
        const book = create();
        book.rest(5, 3, B, 99, 4, 10, 1234);
        expect(book.has(5)).toBe(true);
        expect(book.size()).toBe(1);
        expect(book.get(5)).toEqual({ id: 5, owner: 3, side: B, tick: 99, qty: 4, origQty: 10, time: 1234 });
        expect(book.orders(B)).toEqual([book.get(5)]);
        expect(book.orders(S)).toEqual([]);
      });

      it('tracks size and membership through rest, fill and cancel', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 101, 5);
        put(book, 3, B, 98, 5);
        expect(book.size()).toBe(3);
        book.match(B, 100, 5, ME, Stp.None);
        expect(book.size()).toBe(2);
        expect(book.has(1)).toBe(false);
        expect(book.get(1)).toBeUndefined();
        book.match(B, 101, 2, ME, Stp.None);
        expect(book.size()).toBe(2);
        expect(book.get(2)?.qty).toBe(3);
        book.cancel(3);
        expect(book.size()).toBe(1);
        expect(book.has(3)).toBe(false);
        expect(book.has(2)).toBe(true);
      });

      it('lets an id come back after it left the book', () => {
        const book = create();
        put(book, 1, B, 100, 5);
        book.cancel(1);
        put(book, 1, S, 102, 3);
        expect(book.get(1)).toMatchObject({ side: S, tick: 102, qty: 3 });
        expect(best(book)).toEqual([-1, 102]);
      });
    });

    describe('best bid and ask', () => {
      it('follow every operation', () => {
        const book = create();
        put(book, 1, B, 95, 5);
        expect(best(book)).toEqual([95, -1]);
        put(book, 2, S, 105, 5);
        expect(best(book)).toEqual([95, 105]);
        put(book, 3, B, 97, 5);
        expect(best(book)).toEqual([97, 105]);
        put(book, 4, B, 96, 5);
        expect(best(book)).toEqual([97, 105]);
        put(book, 5, S, 103, 5);
        expect(best(book)).toEqual([97, 103]);
        put(book, 6, S, 104, 5);
        expect(best(book)).toEqual([97, 103]);
        book.match(B, 103, 3, ME, Stp.None);
        expect(best(book)).toEqual([97, 103]);
        book.match(B, 103, 2, ME, Stp.None);
        expect(best(book)).toEqual([97, 104]);
        book.cancel(3);
        expect(best(book)).toEqual([96, 104]);
        book.reduce(4, 1);
        expect(best(book)).toEqual([96, 104]);
        book.match(S, -1, 1, ME, Stp.None);
        expect(best(book)).toEqual([95, 104]);
        book.match(S, 96, 100, ME, Stp.None);
        expect(best(book)).toEqual([95, 104]);
        book.match(S, -1, 100, ME, Stp.None);
        expect(best(book)).toEqual([-1, 104]);
        book.cancel(6);
        expect(best(book)).toEqual([-1, 105]);
        book.match(B, -1, 5, ME, Stp.None);
        expect(best(book)).toEqual([-1, -1]);
        put(book, 7, S, 50, 1);
        expect(best(book)).toEqual([-1, 50]);
      });
    });

    describe('price priority', () => {
      it('a buy taker takes the lowest ask first, whatever the arrival order', () => {
        const book = create();
        put(book, 1, S, 103, 1);
        put(book, 2, S, 101, 1);
        put(book, 3, S, 102, 1);
        put(book, 4, S, 100, 1);
        const out = book.match(B, -1, 4, ME, Stp.None);
        expect(fillsOf(out).map((f) => f.id)).toEqual([4, 2, 3, 1]);
        expect(fillsOf(out).map((f) => f.tick)).toEqual([100, 101, 102, 103]);
      });

      it('a sell taker takes the highest bid first, whatever the arrival order', () => {
        const book = create();
        put(book, 1, B, 97, 1);
        put(book, 2, B, 99, 1);
        put(book, 3, B, 96, 1);
        put(book, 4, B, 98, 1);
        const out = book.match(S, -1, 4, ME, Stp.None);
        expect(fillsOf(out).map((f) => f.id)).toEqual([2, 4, 1, 3]);
        expect(fillsOf(out).map((f) => f.tick)).toEqual([99, 98, 97, 96]);
      });

      it('orders() lists each side best price first, then by arrival', () => {
        const book = create();
        put(book, 1, B, 97, 1);
        put(book, 2, B, 99, 1);
        put(book, 3, B, 97, 1);
        put(book, 4, B, 98, 1);
        put(book, 5, S, 102, 1);
        put(book, 6, S, 101, 1);
        put(book, 7, S, 102, 1);
        expect(idsOf(book, B)).toEqual([2, 4, 1, 3]);
        expect(idsOf(book, S)).toEqual([6, 5, 7]);
      });
    });

    describe('FIFO within a level', () => {
      it('fills orders at one price in arrival order', () => {
        const book = create();
        put(book, 10, S, 100, 2, 2);
        put(book, 11, S, 100, 2, 3);
        put(book, 12, S, 100, 2, 4);
        const out = book.match(B, 100, 4, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(10, 100, 2, 0, 2), fill(11, 100, 2, 0, 3)]);
        expect(idsOf(book, S)).toEqual([12]);
      });

      it('puts a new order behind the ones already at its price', () => {
        const book = create();
        put(book, 1, B, 99, 5);
        put(book, 2, B, 99, 5);
        book.match(S, 99, 3, ME, Stp.None);
        put(book, 3, B, 99, 5);
        expect(idsOf(book, B)).toEqual([1, 2, 3]);
        const out = book.match(S, 99, 9, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 99, 2, 0), fill(2, 99, 5, 0), fill(3, 99, 2, 3)]);
      });
    });

    describe('partial fills', () => {
      it('the maker keeps its place and its remaining lots', () => {
        const book = create();
        put(book, 1, S, 100, 10);
        put(book, 2, S, 100, 5);
        let out = book.match(B, 100, 4, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 100, 4, 6)]);
        expect(out.filledQty).toBe(4);
        expect(book.get(1)).toMatchObject({ qty: 6, origQty: 10, time: 1 });
        expect(idsOf(book, S)).toEqual([1, 2]);
        expect(book.depth(S, 5)).toEqual([{ tick: 100, qty: 11, orders: 2 }]);
        out = book.match(B, 100, 7, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 100, 6, 0), fill(2, 100, 1, 4)]);
        expect(idsOf(book, S)).toEqual([2]);
        expect(book.get(2)).toMatchObject({ qty: 4, origQty: 5 });
      });

      it('a taker larger than the crossing liquidity stops with the remainder unfilled', () => {
        const book = create();
        put(book, 1, S, 100, 3);
        const out = book.match(B, 100, 10, ME, Stp.None);
        expect(out.filledQty).toBe(3);
        expect(out.takerExpired).toBe(false);
        expect(book.size()).toBe(0);
      });
    });

    describe('sweeps', () => {
      it('a buy sweeps several levels at the makers prices and respects its limit', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 101, 5);
        put(book, 3, S, 101, 2);
        put(book, 4, S, 102, 5);
        put(book, 5, S, 103, 5);
        const out = book.match(B, 102, 100, ME, Stp.None);
        expect(fillsOf(out)).toEqual([
          fill(1, 100, 5, 0),
          fill(2, 101, 5, 0),
          fill(3, 101, 2, 0),
          fill(4, 102, 5, 0),
        ]);
        expect(out.filledQty).toBe(17);
        expect(out.filledNotional).toBe(100 * 5 + 101 * 7 + 102 * 5);
        expect(out.takerExpired).toBe(false);
        expect(out.expiredCount).toBe(0);
        expect(best(book)).toEqual([-1, 103]);
        expect(idsOf(book, S)).toEqual([5]);
      });

      it('a sell sweeps several levels and respects its limit', () => {
        const book = create();
        put(book, 1, B, 100, 5);
        put(book, 2, B, 99, 5);
        put(book, 3, B, 98, 5);
        const out = book.match(S, 99, 7, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 100, 5, 0), fill(2, 99, 2, 3)]);
        expect(out.filledNotional).toBe(100 * 5 + 99 * 2);
        expect(best(book)).toEqual([99, -1]);
        const more = book.match(S, 99, 50, ME, Stp.None);
        expect(fillsOf(more)).toEqual([fill(2, 99, 3, 0)]);
        expect(best(book)).toEqual([98, -1]);
      });

      it('a market taker (limit -1) sweeps the whole side', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 150, 5);
        put(book, 3, S, MAX_TICK, 5);
        put(book, 4, B, 90, 5);
        const out = book.match(B, -1, 1000, ME, Stp.None);
        expect(fillsOf(out).map((f) => f.id)).toEqual([1, 2, 3]);
        expect(out.filledQty).toBe(15);
        expect(out.filledNotional).toBe(5 * (100 + 150 + MAX_TICK));
        expect(best(book)).toEqual([90, -1]);
        const sell = book.match(S, -1, 2, ME, Stp.None);
        expect(fillsOf(sell)).toEqual([fill(4, 90, 2, 3)]);
      });

      it('a market sell reaches bids at tick 0', () => {
        const book = create();
        put(book, 1, B, 0, 5);
        expect(book.wouldCross(S, 0)).toBe(true);
        const out = book.match(S, -1, 5, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 0, 5, 0)]);
        expect(out.filledNotional).toBe(0);
      });

      it('a market taker smaller than the top level leaves the rest', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        const out = book.match(B, -1, 2, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 100, 2, 3)]);
        expect(book.depth(S, 1)).toEqual([{ tick: 100, qty: 3, orders: 1 }]);
      });

      it('trades at the maker price when the taker limit is better', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, B, 90, 5);
        const buy = book.match(B, 105, 2, ME, Stp.None);
        expect(fillsOf(buy)).toEqual([fill(1, 100, 2, 3)]);
        expect(buy.filledNotional).toBe(200);
        const sell = book.match(S, 80, 2, ME, Stp.None);
        expect(fillsOf(sell)).toEqual([fill(2, 90, 2, 3)]);
        expect(sell.filledNotional).toBe(180);
      });

      it('a taker limit equal to the maker price trades', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, B, 90, 5);
        expect(book.match(B, 100, 1, ME, Stp.None).fillCount).toBe(1);
        expect(book.match(S, 90, 1, ME, Stp.None).fillCount).toBe(1);
      });

      it('nothing fills when the taker does not cross, and the book is unchanged', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, B, 98, 5);
        const before = [book.orders(B), book.orders(S)];
        const buy = book.match(B, 99, 5, ME, Stp.None);
        expect(buy.fillCount).toBe(0);
        expect(buy.filledQty).toBe(0);
        expect(buy.filledNotional).toBe(0);
        const sell = book.match(S, 99, 5, ME, Stp.None);
        expect(sell.fillCount).toBe(0);
        expect([book.orders(B), book.orders(S)]).toEqual(before);
      });

      it('a zero-quantity taker does nothing', () => {
        const book = create();
        put(book, 1, S, 100, 5, ME);
        const out = book.match(B, -1, 0, ME, Stp.ExpireBoth);
        expect(out.fillCount + out.expiredCount).toBe(0);
        expect(out.takerExpired).toBe(false);
        expect(book.size()).toBe(1);
        expect(book.preview(B, -1, 0, ME, Stp.None)).toEqual({ qty: 0, notional: 0 });
      });

      it('counts and totals start over on every call', () => {
        const book = create();
        put(book, 1, S, 100, 5, ME);
        put(book, 2, S, 100, 5);
        put(book, 3, S, 100, 5);
        const first = book.match(B, -1, 3, ME, Stp.ExpireMaker);
        expect([first.fillCount, first.expiredCount, first.filledQty]).toEqual([1, 1, 3]);
        const second = book.match(B, -1, 1, ME, Stp.ExpireTaker);
        expect(fillsOf(second)).toEqual([fill(2, 100, 1, 1)]);
        expect(second.expiredCount).toBe(0);
        expect(second.filledNotional).toBe(100);
        expect(second.takerExpired).toBe(false);
        put(book, 4, S, 100, 5, ME);
        const third = book.match(B, -1, 100, ME, Stp.ExpireTaker);
        expect(third.takerExpired).toBe(true);
        const fourth = book.match(B, 99, 100, ME, Stp.None);
        expect([fourth.fillCount, fourth.expiredCount, fourth.filledQty, fourth.filledNotional]).toEqual([
          0, 0, 0, 0,
        ]);
        expect(fourth.takerExpired).toBe(false);
      });
    });

    describe('wouldCross', () => {
      it('is false against an empty opposite side', () => {
        const book = create();
        put(book, 1, B, 100, 5);
        expect(book.wouldCross(B, MAX_TICK)).toBe(false);
        expect(book.wouldCross(S, 101)).toBe(false);
        book.cancel(1);
        put(book, 2, S, 100, 5);
        expect(book.wouldCross(S, 0)).toBe(false);
        expect(book.wouldCross(B, 99)).toBe(false);
      });

      it('a buy crosses at or above the best ask', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 102, 5);
        expect(book.wouldCross(B, 99)).toBe(false);
        expect(book.wouldCross(B, 100)).toBe(true);
        expect(book.wouldCross(B, 101)).toBe(true);
        book.cancel(1);
        expect(book.wouldCross(B, 101)).toBe(false);
        expect(book.wouldCross(B, 102)).toBe(true);
      });

      it('a sell crosses at or below the best bid', () => {
        const book = create();
        put(book, 1, B, 98, 5);
        put(book, 2, B, 96, 5);
        expect(book.wouldCross(S, 99)).toBe(false);
        expect(book.wouldCross(S, 98)).toBe(true);
        expect(book.wouldCross(S, 0)).toBe(true);
        book.match(S, 98, 5, ME, Stp.None);
        expect(book.wouldCross(S, 97)).toBe(false);
        expect(book.wouldCross(S, 96)).toBe(true);
      });

      it('same-side orders never make a price cross', () => {
        const book = create();
        put(book, 1, B, 98, 5);
        put(book, 2, S, 100, 5);
        expect(book.wouldCross(B, 98)).toBe(false);
        expect(book.wouldCross(B, 50)).toBe(false);
        expect(book.wouldCross(S, 100)).toBe(false);
        expect(book.wouldCross(S, 150)).toBe(false);
      });
    });

    describe('cancel', () => {
      it('returns the remaining lots of a known order, 0 when unknown or already gone', () => {
        const book = create();
        put(book, 1, S, 100, 10);
        book.match(B, 100, 4, ME, Stp.None);
        expect(book.cancel(1)).toBe(6);
        expect(book.cancel(1)).toBe(0);
        expect(book.cancel(2)).toBe(0);
        expect(book.cancel(999_999)).toBe(0);
        expect(book.size()).toBe(0);
      });

      it('returns 0 for an order that was filled away', () => {
        const book = create();
        put(book, 1, S, 100, 3);
        book.match(B, 100, 3, ME, Stp.None);
        expect(book.cancel(1)).toBe(0);
      });

      it('removes the head, middle or tail of a level and keeps the others in order', () => {
        const book = create();
        for (let id = 1; id <= 5; id++) put(book, id, B, 99, id);
        expect(book.cancel(3)).toBe(3);
        expect(idsOf(book, B)).toEqual([1, 2, 4, 5]);
        expect(book.cancel(1)).toBe(1);
        expect(idsOf(book, B)).toEqual([2, 4, 5]);
        expect(book.cancel(5)).toBe(5);
        expect(idsOf(book, B)).toEqual([2, 4]);
        expect(book.depth(B, 5)).toEqual([{ tick: 99, qty: 6, orders: 2 }]);
        const out = book.match(S, 99, 10, ME, Stp.None);
        expect(fillsOf(out).map((f) => f.id)).toEqual([2, 4]);
      });

      it('an emptied level leaves depth and the best price moves on', () => {
        const book = create();
        put(book, 1, S, 100, 1);
        put(book, 2, S, 100, 1);
        put(book, 3, S, 101, 1);
        put(book, 4, S, 102, 1);
        book.cancel(1);
        expect(book.bestAsk()).toBe(100);
        book.cancel(2);
        expect(book.bestAsk()).toBe(101);
        expect(book.depth(S, 5)).toEqual([
          { tick: 101, qty: 1, orders: 1 },
          { tick: 102, qty: 1, orders: 1 },
        ]);
        book.cancel(4);
        expect(book.depth(S, 5)).toEqual([{ tick: 101, qty: 1, orders: 1 }]);
        book.cancel(3);
        expect(book.depth(S, 5)).toEqual([]);
        expect(book.bestAsk()).toBe(-1);
        expect(book.wouldCross(B, MAX_TICK)).toBe(false);
      });

      it('a level emptied and then reused starts a new queue', () => {
        const book = create();
        put(book, 1, B, 99, 1);
        book.cancel(1);
        put(book, 2, B, 98, 1);
        put(book, 3, B, 99, 1);
        expect(idsOf(book, B)).toEqual([3, 2]);
        expect(book.bestBid()).toBe(99);
      });
    });

    describe('reduce', () => {
      it('lowers qty and origQty by the same amount and keeps time priority', () => {
        const book = create();
        put(book, 1, S, 100, 10);
        put(book, 2, S, 100, 10);
        book.match(B, 100, 3, ME, Stp.None);
        book.reduce(1, 2);
        expect(book.get(1)).toEqual({ id: 1, owner: OTHER, side: S, tick: 100, qty: 2, origQty: 5, time: 1 });
        expect(idsOf(book, S)).toEqual([1, 2]);
        expect(book.depth(S, 1)).toEqual([{ tick: 100, qty: 12, orders: 2 }]);
        const out = book.match(B, 100, 4, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 100, 2, 0), fill(2, 100, 2, 8)]);
      });

      it('reducing a later order in the queue does not move it', () => {
        const book = create();
        put(book, 1, B, 99, 5);
        put(book, 2, B, 99, 5);
        put(book, 3, B, 99, 5);
        book.reduce(2, 1);
        expect(idsOf(book, B)).toEqual([1, 2, 3]);
        expect(book.get(2)).toMatchObject({ qty: 1, origQty: 1 });
        const out = book.match(S, 99, 7, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 99, 5, 0), fill(2, 99, 1, 0), fill(3, 99, 1, 4)]);
      });

      it('throws RangeError on an unknown id or a quantity outside (0, current)', () => {
        const book = create();
        put(book, 1, B, 99, 5);
        expect(() => book.reduce(2, 1)).toThrow(RangeError);
        expect(() => book.reduce(1, 0)).toThrow(RangeError);
        expect(() => book.reduce(1, -1)).toThrow(RangeError);
        expect(() => book.reduce(1, 5)).toThrow(RangeError);
        expect(() => book.reduce(1, 6)).toThrow(RangeError);
        expect(book.get(1)).toMatchObject({ qty: 5, origQty: 5 });
        book.cancel(1);
        expect(() => book.reduce(1, 1)).toThrow(RangeError);
      });

      it('an order of one lot cannot be reduced', () => {
        const book = create();
        put(book, 1, S, 100, 1);
        expect(() => book.reduce(1, 1)).toThrow(RangeError);
        expect(book.get(1)?.qty).toBe(1);
      });
    });

    describe('self-trade prevention', () => {
      it('None trades with the same owner', () => {
        const book = create();
        put(book, 1, S, 100, 5, ME);
        const out = book.match(B, 100, 3, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 100, 3, 2, ME)]);
        expect(out.expiredCount).toBe(0);
        expect(out.takerExpired).toBe(false);
      });

      it('only orders of the same owner trigger prevention', () => {
        for (const stp of [Stp.ExpireTaker, Stp.ExpireMaker, Stp.ExpireBoth]) {
          const book = create();
          put(book, 1, S, 100, 5, 2);
          put(book, 2, S, 100, 5, 3);
          const out = book.match(B, 100, 10, ME, stp);
          expect(fillsOf(out)).toEqual([fill(1, 100, 5, 0, 2), fill(2, 100, 5, 0, 3)]);
          expect(out.expiredCount).toBe(0);
          expect(out.takerExpired).toBe(false);
        }
      });

      it('ExpireTaker stops at the first own order and leaves it and everything behind it alone', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 100, 5, ME);
        put(book, 3, S, 100, 5);
        put(book, 4, S, 101, 5);
        const rest = book.orders(S).slice(1);
        const out = book.match(B, -1, 20, ME, Stp.ExpireTaker);
        expect(fillsOf(out)).toEqual([fill(1, 100, 5, 0)]);
        expect(out.filledQty).toBe(5);
        expect(out.expiredCount).toBe(0);
        expect(out.takerExpired).toBe(true);
        expect(book.orders(S)).toEqual(rest);
      });

      it('ExpireTaker with an own order at the top changes nothing', () => {
        const book = create();
        put(book, 1, B, 99, 5, ME);
        put(book, 2, B, 98, 5);
        const before = book.orders(B);
        const out = book.match(S, -1, 20, ME, Stp.ExpireTaker);
        expect(out.fillCount).toBe(0);
        expect(out.takerExpired).toBe(true);
        expect(book.orders(B)).toEqual(before);
      });

      it('ExpireTaker keeps partial fills made before the own order', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 101, 5, ME);
        const out = book.match(B, 101, 3, ME, Stp.ExpireTaker);
        expect(fillsOf(out)).toEqual([fill(1, 100, 3, 2)]);
        expect(out.takerExpired).toBe(false);
        const next = book.match(B, 101, 3, ME, Stp.ExpireTaker);
        expect(fillsOf(next)).toEqual([fill(1, 100, 2, 0)]);
        expect(next.takerExpired).toBe(true);
        expect(idsOf(book, S)).toEqual([2]);
      });

      it('ExpireMaker removes every own order met, in order, and keeps trading with others', () => {
        const book = create();
        put(book, 1, S, 100, 3, ME);
        put(book, 2, S, 100, 4);
        put(book, 3, S, 100, 2, ME);
        put(book, 4, S, 101, 5, ME);
        put(book, 5, S, 102, 6, 2);
        put(book, 6, S, 103, 1, ME);
        const out = book.match(B, 102, 8, ME, Stp.ExpireMaker);
        expect(fillsOf(out)).toEqual([fill(2, 100, 4, 0), fill(5, 102, 4, 2, 2)]);
        expect(expiredOf(out)).toEqual([
          { id: 1, owner: ME, tick: 100, qty: 3 },
          { id: 3, owner: ME, tick: 100, qty: 2 },
          { id: 4, owner: ME, tick: 101, qty: 5 },
        ]);
        expect(out.filledQty).toBe(8);
        expect(out.filledNotional).toBe(100 * 4 + 102 * 4);
        expect(out.takerExpired).toBe(false);
        expect(idsOf(book, S)).toEqual([5, 6]);
        expect(book.has(1) || book.has(3) || book.has(4)).toBe(false);
        expect(book.size()).toBe(2);
        expect(book.bestAsk()).toBe(102);
      });

      it('ExpireMaker reports the remaining lots of a partly filled own order', () => {
        const book = create();
        put(book, 1, B, 99, 10, ME);
        book.match(S, 99, 4, 2, Stp.None);
        const out = book.match(S, 99, 4, ME, Stp.ExpireMaker);
        expect(out.fillCount).toBe(0);
        expect(expiredOf(out)).toEqual([{ id: 1, owner: ME, tick: 99, qty: 6 }]);
        expect(book.size()).toBe(0);
        expect(book.bestBid()).toBe(-1);
      });

      it('ExpireMaker leaves own orders beyond the limit or after the taker is filled', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 100, 5, ME);
        put(book, 3, S, 102, 5, ME);
        const out = book.match(B, 100, 5, ME, Stp.ExpireMaker);
        expect(fillsOf(out)).toEqual([fill(1, 100, 5, 0)]);
        expect(out.expiredCount).toBe(0);
        expect(idsOf(book, S)).toEqual([2, 3]);
        const next = book.match(B, 101, 5, ME, Stp.ExpireMaker);
        expect(expiredOf(next).map((e) => e.id)).toEqual([2]);
        expect(idsOf(book, S)).toEqual([3]);
      });

      it('ExpireMaker can empty the side without a single fill', () => {
        const book = create();
        put(book, 1, B, 99, 5, ME);
        put(book, 2, B, 98, 5, ME);
        const out = book.match(S, -1, 3, ME, Stp.ExpireMaker);
        expect(out.fillCount).toBe(0);
        expect(expiredOf(out).map((e) => e.id)).toEqual([1, 2]);
        expect(out.takerExpired).toBe(false);
        expect(book.bestBid()).toBe(-1);
      });

      it('ExpireBoth removes the own order met and stops the taker', () => {
        const book = create();
        put(book, 1, S, 100, 2);
        put(book, 2, S, 100, 3, ME);
        put(book, 3, S, 100, 4);
        put(book, 4, S, 100, 1, ME);
        const out = book.match(B, 100, 10, ME, Stp.ExpireBoth);
        expect(fillsOf(out)).toEqual([fill(1, 100, 2, 0)]);
        expect(expiredOf(out)).toEqual([{ id: 2, owner: ME, tick: 100, qty: 3 }]);
        expect(out.filledQty).toBe(2);
        expect(out.takerExpired).toBe(true);
        expect(book.orders(S).map((o) => [o.id, o.qty])).toEqual([
          [3, 4],
          [4, 1],
        ]);
      });

      it('ExpireBoth on a sell taker', () => {
        const book = create();
        put(book, 1, B, 99, 5, ME);
        put(book, 2, B, 98, 5);
        const out = book.match(S, 98, 5, ME, Stp.ExpireBoth);
        expect(out.fillCount).toBe(0);
        expect(expiredOf(out)).toEqual([{ id: 1, owner: ME, tick: 99, qty: 5 }]);
        expect(out.takerExpired).toBe(true);
        expect(best(book)).toEqual([98, -1]);
      });

      it('an own order beyond the limit does not expire the taker', () => {
        const book = create();
        put(book, 1, S, 100, 2);
        put(book, 2, S, 101, 3, ME);
        for (const stp of [Stp.ExpireTaker, Stp.ExpireBoth]) {
          const out = book.match(B, 100, 10, ME, stp);
          expect(out.takerExpired).toBe(false);
          expect(out.expiredCount).toBe(0);
        }
        expect(book.has(2)).toBe(true);
      });

      it('the taker is not expired when it is filled right before an own order', () => {
        const book = create();
        put(book, 1, S, 100, 2);
        put(book, 2, S, 100, 3, ME);
        const out = book.match(B, 100, 2, ME, Stp.ExpireBoth);
        expect(out.filledQty).toBe(2);
        expect(out.expiredCount).toBe(0);
        expect(out.takerExpired).toBe(false);
        expect(book.has(2)).toBe(true);
      });
    });

    describe('preview', () => {
      /** Own orders mixed into two sides so every STP mode takes a different path. */
      const seed = (book: OrderBook): void => {
        put(book, 1, S, 100, 3);
        put(book, 2, S, 100, 2, ME);
        put(book, 3, S, 101, 4);
        put(book, 4, S, 101, 1, ME);
        put(book, 5, S, 102, 6);
        put(book, 6, B, 98, 3, ME);
        put(book, 7, B, 98, 5);
        put(book, 8, B, 97, 2);
        put(book, 9, B, 95, 7, ME);
      };
      const takers: [Side, number, number][] = [
        [B, -1, 100],
        [B, 101, 100],
        [B, 100, 2],
        [B, 102, 9],
        [B, 99, 5],
        [S, -1, 100],
        [S, 98, 4],
        [S, 97, 8],
        [S, 96, 1],
      ];

      it('equals what match then does, for every STP mode, and changes nothing', () => {
        for (const stp of [Stp.None, Stp.ExpireTaker, Stp.ExpireMaker, Stp.ExpireBoth]) {
          for (const [side, limit, qty] of takers) {
            const book = create();
            seed(book);
            const before = [book.orders(B), book.orders(S)];
            const preview = book.preview(side, limit, qty, ME, stp);
            expect([book.orders(B), book.orders(S)]).toEqual(before);
            const out = book.match(side, limit, qty, ME, stp);
            expect(preview).toEqual({ qty: out.filledQty, notional: out.filledNotional });
          }
        }
      });

      it('gives known totals', () => {
        const book = create();
        seed(book);
        expect(book.preview(B, -1, 100, ME, Stp.None)).toEqual({ qty: 16, notional: 1617 });
        expect(book.preview(B, -1, 100, ME, Stp.ExpireMaker)).toEqual({
          qty: 13,
          notional: 300 + 404 + 612,
        });
        expect(book.preview(B, -1, 100, ME, Stp.ExpireTaker)).toEqual({ qty: 3, notional: 300 });
        expect(book.preview(B, -1, 100, ME, Stp.ExpireBoth)).toEqual({ qty: 3, notional: 300 });
        expect(book.preview(S, 97, 6, ME, Stp.ExpireMaker)).toEqual({ qty: 6, notional: 5 * 98 + 97 });
        expect(book.preview(S, -1, 6, ME, Stp.ExpireTaker)).toEqual({ qty: 0, notional: 0 });
        expect(book.preview(B, 99, 100, ME, Stp.None)).toEqual({ qty: 0, notional: 0 });
        expect(book.size()).toBe(9);
      });
    });

    describe('output buffers', () => {
      it('grow for a taker filling more than a thousand makers', () => {
        const book = create();
        const n = 1500;
        // Ticks cycle so the fills have to come out price first, then in arrival order.
        for (let id = 1; id <= n; id++) put(book, id, S, 1000 + (id % 7), 1 + (id % 3), 2 + (id % 5));
        const expected = book.orders(S);
        const total = expected.reduce((sum, o) => sum + o.qty, 0);
        const out = book.match(B, -1, total, ME, Stp.None);
        expect(out.fillCount).toBe(n);
        expect(fillsOf(out)).toEqual(
          expected.map((o) => ({ id: o.id, owner: o.owner, tick: o.tick, qty: o.qty, left: 0 })),
        );
        expect(out.filledQty).toBe(total);
        expect(out.filledNotional).toBe(expected.reduce((sum, o) => sum + o.tick * o.qty, 0));
        expect(book.size()).toBe(0);
        expect(book.bestAsk()).toBe(-1);

        put(book, n + 1, S, 5, 2);
        const small = book.match(B, 5, 1, ME, Stp.None);
        expect(fillsOf(small)).toEqual([fill(n + 1, 5, 1, 1)]);
      });

      it('grow for more than a thousand self-trade expiries', () => {
        const book = create();
        const n = 1200;
        for (let id = 1; id <= n; id++) put(book, id, B, 500 - (id % 4), 1, ME);
        put(book, n + 1, B, 400, 3);
        const expected = book.orders(B).slice(0, n);
        const out = book.match(S, -1, 2, ME, Stp.ExpireMaker);
        expect(out.expiredCount).toBe(n);
        expect(expiredOf(out)).toEqual(expected.map((o) => ({ id: o.id, owner: ME, tick: o.tick, qty: 1 })));
        expect(fillsOf(out)).toEqual([fill(n + 1, 400, 2, 1)]);
        expect(book.size()).toBe(1);
      });
    });

    describe('large numbers', () => {
      it('handles ticks up to 2^31-1', () => {
        const book = create();
        put(book, 1, S, MAX_TICK, 3);
        put(book, 2, B, MAX_TICK - 1, 3);
        expect(best(book)).toEqual([MAX_TICK - 1, MAX_TICK]);
        expect(book.wouldCross(B, MAX_TICK)).toBe(true);
        expect(book.wouldCross(B, MAX_TICK - 1)).toBe(false);
        expect(book.wouldCross(S, MAX_TICK - 1)).toBe(true);
        expect(book.depth(S, 1)).toEqual([{ tick: MAX_TICK, qty: 3, orders: 1 }]);
        expect(book.preview(B, MAX_TICK, 2, ME, Stp.None)).toEqual({ qty: 2, notional: 2 * MAX_TICK });
        const buy = book.match(B, MAX_TICK, 2, ME, Stp.None);
        expect(fillsOf(buy)).toEqual([fill(1, MAX_TICK, 2, 1)]);
        expect(buy.filledNotional).toBe(2 * MAX_TICK);
        const sell = book.match(S, -1, 3, ME, Stp.None);
        expect(fillsOf(sell)).toEqual([fill(2, MAX_TICK - 1, 3, 0)]);
        put(book, 3, B, MAX_TICK - 5, 1, ME);
        const expire = book.match(S, -1, 1, ME, Stp.ExpireMaker);
        expect(expiredOf(expire)).toEqual([{ id: 3, owner: ME, tick: MAX_TICK - 5, qty: 1 }]);
      });

      it('handles a single order of 2^53-1 lots', () => {
        const big = Number.MAX_SAFE_INTEGER;
        const book = create();
        put(book, 1, S, 1, big);
        expect(book.depth(S, 1)).toEqual([{ tick: 1, qty: big, orders: 1 }]);
        let out = book.match(B, 1, 1, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 1, 1, big - 1)]);
        expect(book.get(1)).toMatchObject({ qty: big - 1, origQty: big });
        book.reduce(1, big - 2);
        expect(book.get(1)).toMatchObject({ qty: big - 2, origQty: big - 1 });
        expect(book.preview(B, -1, big, ME, Stp.None)).toEqual({ qty: big - 2, notional: big - 2 });
        out = book.match(B, -1, big, ME, Stp.None);
        expect(fillsOf(out)).toEqual([fill(1, 1, big - 2, 0)]);
        expect(out.filledQty).toBe(big - 2);
        expect(book.size()).toBe(0);
        put(book, 2, B, 7, big, ME);
        expect(book.cancel(2)).toBe(big);
        put(book, 3, B, 7, big, ME);
        out = book.match(S, -1, 1, ME, Stp.ExpireBoth);
        expect(expiredOf(out)).toEqual([{ id: 3, owner: ME, tick: 7, qty: big }]);
      });

      it('handles large ids and owners', () => {
        const book = create();
        const id = Number.MAX_SAFE_INTEGER;
        const owner = 2 ** 31 - 1;
        put(book, id, S, 100, 5, owner);
        expect(book.get(id)).toMatchObject({ id, owner });
        const out = book.match(B, 100, 1, ME, Stp.ExpireMaker);
        expect(fillsOf(out)).toEqual([fill(id, 100, 1, 4, owner)]);
        const own = book.match(B, 100, 1, owner, Stp.ExpireMaker);
        expect(expiredOf(own)).toEqual([{ id, owner, tick: 100, qty: 4 }]);
      });
    });

    describe('depth', () => {
      it('lists levels best first with summed lots and order counts, up to maxLevels', () => {
        const book = create();
        put(book, 1, B, 97, 2);
        put(book, 2, B, 99, 3);
        put(book, 3, B, 97, 4);
        put(book, 4, B, 95, 1);
        put(book, 5, B, 98, 6);
        put(book, 6, B, 96, 5);
        put(book, 7, S, 101, 1);
        put(book, 8, S, 100, 2);
        put(book, 9, S, 101, 3);
        const bids = [
          { tick: 99, qty: 3, orders: 1 },
          { tick: 98, qty: 6, orders: 1 },
          { tick: 97, qty: 6, orders: 2 },
          { tick: 96, qty: 5, orders: 1 },
          { tick: 95, qty: 1, orders: 1 },
        ];
        expect(book.depth(B, 3)).toEqual(bids.slice(0, 3));
        expect(book.depth(B, 5)).toEqual(bids);
        expect(book.depth(B, 50)).toEqual(bids);
        expect(book.depth(B, 1)).toEqual(bids.slice(0, 1));
        expect(book.depth(B, 0)).toEqual([]);
        expect(book.depth(S, 10)).toEqual([
          { tick: 100, qty: 2, orders: 1 },
          { tick: 101, qty: 4, orders: 2 },
        ]);
      });

      it('follows fills, reductions and cancels', () => {
        const book = create();
        put(book, 1, S, 100, 5);
        put(book, 2, S, 100, 5);
        put(book, 3, S, 101, 5);
        book.match(B, 100, 7, ME, Stp.None);
        expect(book.depth(S, 5)).toEqual([
          { tick: 100, qty: 3, orders: 1 },
          { tick: 101, qty: 5, orders: 1 },
        ]);
        book.reduce(3, 2);
        book.cancel(2);
        expect(book.depth(S, 5)).toEqual([{ tick: 101, qty: 2, orders: 1 }]);
      });
    });
  });
}
