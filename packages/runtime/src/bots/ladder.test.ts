import { defaultVenueConfig, mustLoadVenue } from '@fulcrum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ladder, levelLots } from './ladder.ts';
import type { LadderShape } from './ladder.ts';

const venue = mustLoadVenue(defaultVenueConfig());
const spot = venue.marketBySymbol.get('BTC/USDT')!; // tick 0.01, lot 0.00001, min notional 5
const perp = venue.marketBySymbol.get('BTCUSDT')!; // tick 0.1, lot 0.001, min notional 100
const U = 100_000_000n;
const shape: LadderShape = { levels: 10, spreadBps: 5, stepBps: 5, size: 1_000_000n }; // 0.01 BTC
const empty = { bestBid: -1, bestAsk: -1 };

describe('ladder', () => {
  it('puts levels at the spread and step around the reference, rounded outward', () => {
    const { bids, asks } = ladder(perp, 50_000n * U, shape, empty);
    // 5 bps of 50,000 = 25: first bid 49,975.0, first ask 50,025.0, then every 25.
    expect(bids.map((q) => q.tick)).toEqual([...Array(10).keys()].map((i) => 499_750 - 250 * i));
    expect(asks.map((q) => q.tick)).toEqual([...Array(10).keys()].map((i) => 500_250 + 250 * i));
    expect(bids.every((q) => q.lots === 10)).toBe(true);
    // 50,000.05 -> bids round down, asks up.
    const odd = ladder(perp, 5_000_005_000_000n, { ...shape, levels: 1 }, empty);
    expect(odd.bids[0]!.tick).toBe(499_750);
    expect(odd.asks[0]!.tick).toBe(500_251);
  });

  it('raises small sizes to a lot and to the minimum notional', () => {
    const tiny = { ...shape, size: 1n };
    // 5 USDT at 50,000 needs 0.0001 BTC = 10 lots, at 5,000 100 lots; 0.01 BTC is 1,000 lots anyway.
    expect(levelLots(spot, tiny, 5_000_000)).toBe(10);
    expect(levelLots(spot, tiny, 500_000)).toBe(100);
    expect(levelLots(spot, shape, 500_000)).toBe(1_000);
    // Just below 50,000 the minimum needs one lot more.
    expect(ladder(spot, 50_000n * U, tiny, empty).bids[0]!.lots).toBe(11);
    expect(ladder(perp, 50_000n * U, tiny, empty).asks[0]!.lots).toBe(2); // 100 USDT: 0.002 BTC
  });

  it('keeps off the other side of the book and keeps levels apart', () => {
    // Someone sells at 49,900.0, below the reference: the bids go under it.
    const { bids, asks } = ladder(perp, 50_000n * U, shape, { bestBid: 499_000, bestAsk: 499_000 + 1 });
    expect(bids[0]!.tick).toBe(499_000);
    expect(bids.map((q) => q.tick)).toEqual([
      499_000, 498_999, 498_998, 498_997, 498_750, 498_500, 498_250, 498_000, 497_750, 497_500,
    ]);
    expect(asks[0]!.tick).toBe(500_250);
    // A spread of 0 on a coarse tick still leaves the bid below and the ask above the reference.
    const zero = ladder(perp, 50_000n * U, { ...shape, spreadBps: 0, stepBps: 0, levels: 3 }, empty);
    expect(zero.bids.map((q) => q.tick)).toEqual([499_999, 499_998, 499_997]);
    expect(zero.asks.map((q) => q.tick)).toEqual([500_001, 500_002, 500_003]);
  });

  it('leaves out levels beyond the price range', () => {
    const { bids, asks } = ladder(perp, 999_990n * U, { ...shape, levels: 3 }, empty);
    expect(asks).toEqual([]); // 1,000,000 is the maximum price; the first ask is above it
    expect(bids).toHaveLength(3);
    const low = ladder(
      perp,
      2n * (U / 10n),
      { ...shape, levels: 3, spreadBps: 4_000, stepBps: 3_000 },
      empty,
    );
    expect(low.bids.map((q) => q.tick)).toEqual([1]); // 0.2 -> 0.12, then 0.06 (< 1 tick), 0.0
  });

  it('never crosses: bids below the reference and the others, asks above', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 500_000n * U }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.option(fc.integer({ min: 1, max: 5_000_000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 100 }),
        (reference, levels, spreadBps, stepBps, otherBid, gap) => {
          const others = otherBid === undefined ? empty : { bestBid: otherBid, bestAsk: otherBid + gap };
          const { bids, asks } = ladder(perp, reference, { levels, spreadBps, stepBps, size: 1n }, others);
          for (let i = 1; i < bids.length; i++) expect(bids[i]!.tick).toBeLessThan(bids[i - 1]!.tick);
          for (let i = 1; i < asks.length; i++) expect(asks[i]!.tick).toBeGreaterThan(asks[i - 1]!.tick);
          for (const q of bids) {
            expect(BigInt(q.tick) * perp.tickUnits < reference).toBe(true);
            if (others.bestAsk !== -1) expect(q.tick).toBeLessThan(others.bestAsk);
            expect(q.tick).toBeGreaterThanOrEqual(1);
          }
          for (const q of asks) {
            expect(BigInt(q.tick) * perp.tickUnits > reference).toBe(true);
            if (others.bestBid !== -1) expect(q.tick).toBeGreaterThan(others.bestBid);
            expect(q.tick).toBeLessThanOrEqual(perp.maxTick);
          }
          for (const q of [...bids, ...asks]) {
            expect(q.tick * q.lots).toBeGreaterThanOrEqual(perp.minNotionalTickLots);
            expect(q.lots).toBeLessThanOrEqual(perp.maxLots);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
