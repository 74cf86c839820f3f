/**
 * FastBook keeps an order in the slot given by its id's low bits when it can, and lists the others
 * in an index. The shared properties issue ids 1, 2, 3...; this drives ids that collide in a small
 * table, ids past 2^31, 2^32 and up to 2^53 - 1, and id 0, against ReferenceBook.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastBook } from './fastBook.ts';
import { ReferenceBook } from './referenceBook.ts';
import { Side, Stp } from './types.ts';
import type { MatchOutput, OrderBook } from './types.ts';

const idArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 40 }).map((n) => n * 16 + 3),
  fc.integer({ min: 0, max: 8 }).map((n) => 2 ** 31 - 4 + n),
  fc.integer({ min: 0, max: 8 }).map((n) => 2 ** 32 - 4 + n),
  fc.integer({ min: 0, max: 8 }).map((n) => n * 2 ** 32 + 5),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
);

type Op =
  | { kind: 'rest'; id: number; side: Side; tick: number; qty: number; owner: number }
  | { kind: 'cancel'; id: number }
  | { kind: 'reduce'; id: number; by: number }
  | { kind: 'match'; side: Side; tick: number; qty: number; owner: number; stp: Stp };

const sideArb = fc.constantFrom<Side>(Side.Buy, Side.Sell);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('rest' as const),
      id: idArb,
      side: sideArb,
      tick: fc.integer({ min: 1, max: 12 }),
      qty: fc.integer({ min: 1, max: 5 }),
      owner: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), id: idArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reduce' as const),
      id: idArb,
      by: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('match' as const),
      side: sideArb,
      tick: fc.integer({ min: -1, max: 12 }),
      qty: fc.integer({ min: 1, max: 12 }),
      owner: fc.integer({ min: 0, max: 2 }),
      stp: fc.constantFrom<Stp>(Stp.None, Stp.ExpireTaker, Stp.ExpireMaker, Stp.ExpireBoth),
    }),
  },
);

const copyOut = (out: MatchOutput): unknown => ({
  fills: Array.from({ length: out.fillCount }, (_, i) => [
    out.fillMakerId[i],
    out.fillMakerOwner[i],
    out.fillTick[i],
    out.fillQty[i],
    out.fillMakerLeft[i],
  ]),
  expired: Array.from({ length: out.expiredCount }, (_, i) => [
    out.expiredId[i],
    out.expiredOwner[i],
    out.expiredTick[i],
    out.expiredQty[i],
  ]),
  takerExpired: out.takerExpired,
});

/** Applies an op the way the engine would: rests only what does not cross and is not on the book. */
const apply = (book: OrderBook, op: Op, time: number): unknown => {
  switch (op.kind) {
    case 'rest':
      if (book.has(op.id) || book.wouldCross(op.side, op.tick)) return 'skipped';
      book.rest(op.id, op.owner, op.side, op.tick, op.qty, op.qty + 1, time);
      return 'rested';
    case 'cancel':
      return book.cancel(op.id);
    case 'reduce': {
      const qty = book.get(op.id)?.qty;
      if (qty === undefined || qty - op.by < 1) return 'skipped';
      book.reduce(op.id, qty - op.by);
      return qty - op.by;
    }
    case 'match':
      return copyOut(book.match(op.side, op.tick, op.qty, op.owner, op.stp));
  }
};

describe('FastBook ids', () => {
  it('finds orders by any safe id, through collisions and growth, exactly like ReferenceBook', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4, 1024), fc.array(opArb, { maxLength: 150 }), (initial, ops) => {
        const fast = new FastBook(initial, 1);
        const reference = new ReferenceBook();
        const seen = new Set<number>();
        ops.forEach((op, step) => {
          if (op.kind !== 'match') seen.add(op.id);
          expect(apply(fast, op, step)).toEqual(apply(reference, op, step));
          expect(fast.size()).toBe(reference.size());
          for (const id of seen) {
            expect(fast.has(id)).toBe(reference.has(id));
            expect(fast.get(id)).toEqual(reference.get(id));
          }
        });
        expect(fast.orders(Side.Buy)).toEqual(reference.orders(Side.Buy));
        expect(fast.orders(Side.Sell)).toEqual(reference.orders(Side.Sell));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps ids that share a home slot apart while the table grows', () => {
    const book = new FastBook(4, 1);
    // 1, 5, 9, ... share slot 1 of a 4-slot table, then spread out as it doubles.
    const ids = Array.from({ length: 64 }, (_, i) => 1 + 4 * i);
    ids.forEach((id, i) => book.rest(id, 0, Side.Buy, 10, 1 + (i % 3), 9, i));
    expect(book.size()).toBe(ids.length);
    for (const [i, id] of ids.entries()) expect(book.get(id)?.qty).toBe(1 + (i % 3));
    for (const id of ids.filter((_, i) => i % 2 === 0)) expect(book.cancel(id)).toBeGreaterThan(0);
    expect(book.orders(Side.Buy).map((o) => o.id)).toEqual(ids.filter((_, i) => i % 2 === 1));
    expect(book.has(ids[0]!)).toBe(false);
    expect(book.cancel(ids[0]!)).toBe(0);
  });

  it('stays exact over many chunks of storage, grown or sized up front', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 10_000),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 30_000, maxLength: 30_000 }),
        (initial, firstId, draws) => {
          const fast = new FastBook(initial);
          const reference = new ReferenceBook();
          const issued: number[] = [];
          let id = firstId;
          draws.forEach((draw, step) => {
            for (const book of [fast, reference]) {
              if (draw < 60) {
                // Ids with gaps, so homes collide once the ids wrap round the table.
                const side = draw % 2 === 0 ? Side.Buy : Side.Sell;
                book.rest(
                  id,
                  draw % 3,
                  side,
                  side === Side.Buy ? 100 - (draw % 7) : 101 + (draw % 7),
                  1 + (draw % 4),
                  5,
                  step,
                );
              } else if (draw < 95 && issued.length > 0) {
                book.cancel(issued[(draw * 7919 + step) % issued.length]!);
              } else {
                book.match(draw % 2 === 0 ? Side.Buy : Side.Sell, -1, 1 + (draw % 5), 9, Stp.None);
              }
            }
            if (draw < 60) {
              issued.push(id);
              id += 1 + (draw % 3);
            }
            if (step % 5_000 === 0) expect(fast.size()).toBe(reference.size());
          });
          expect(fast.orders(Side.Buy)).toEqual(reference.orders(Side.Buy));
          expect(fast.orders(Side.Sell)).toEqual(reference.orders(Side.Sell));
          for (const i of issued) expect(fast.has(i)).toBe(reference.has(i));
        },
      ),
      { numRuns: 4 },
    );
  });

  it('tells a free slot from an order with id 0', () => {
    const book = new FastBook(2, 1);
    expect(book.has(0)).toBe(false);
    expect(book.cancel(0)).toBe(0);
    book.rest(0, 1, Side.Sell, 5, 3, 3, 0);
    expect(book.get(0)).toEqual({ id: 0, owner: 1, side: Side.Sell, tick: 5, qty: 3, origQty: 3, time: 0 });
    book.rest(2, 1, Side.Sell, 5, 1, 1, 1);
    expect(book.cancel(0)).toBe(3);
    expect(book.has(0)).toBe(false);
    expect(book.has(2)).toBe(true);
  });
});
