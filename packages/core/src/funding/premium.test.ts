import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Level } from '../book/index.ts';
import { impactPrice, premiumIndex } from './premium.ts';

/** One USDT in quote units (8 decimals). */
const USDT = 100_000_000n;
/** BTC: 8 decimals; tick 0.1 USDT, lot 0.001 BTC. */
const BASE_DECIMALS = 8;
const TICK_UNITS = 10_000_000n;
const LOT_UNITS = 100_000n;
/** 0.01% as a WAD rate. */
const BP = 100_000_000_000_000n;
const RUNS = { numRuns: 1000 };

const level = (tick: number, qty: number): Level => ({ tick, qty, orders: 1 });
const impact = (levels: Level[], notional: bigint) =>
  impactPrice(levels, notional, TICK_UNITS, LOT_UNITS, BASE_DECIMALS);

// 50,000.0 x 0.1 BTC then 50,010.0 x 1 BTC
const asks = [level(500_000, 100), level(500_100, 1_000)];
// 50,000.0 x 0.1 BTC then 49,990.0 x 1 BTC
const bids = [level(500_000, 100), level(499_900, 1_000)];

describe('impactPrice', () => {
  it('is the level price when the first level fills the notional', () => {
    expect(impact(asks, 1_000n * USDT)).toBe(50_000n * USDT);
    // exactly the first level's 5,000 USDT
    expect(impact(asks, 5_000n * USDT)).toBe(50_000n * USDT);
  });

  it('averages across levels, taking the last one in part', () => {
    // 10,000 / (0.1 + 5,000 / 50,010) = 50,004.99950004999... -> half-up
    expect(impact(asks, 10_000n * USDT)).toBe(5_000_499_950_005n);
    // 10,000 / (0.1 + 5,000 / 49,990) = 49,994.99949994999...
    expect(impact(bids, 10_000n * USDT)).toBe(4_999_499_949_995n);
  });

  it('is the exact average when the notional takes whole levels', () => {
    // (5,000 + 50,010) / 1.1 = 50,009.0909...
    expect(impact(asks, 55_010n * USDT)).toBe(5_000_909_090_909n);
  });

  it('is undefined when the book cannot fill the notional', () => {
    expect(impact(asks, 55_010n * USDT + 1n)).toBeUndefined();
    expect(impact([], 1n)).toBeUndefined();
  });

  it('passes over empty levels', () => {
    expect(impact([level(499_000, 0), ...asks], 1_000n * USDT)).toBe(50_000n * USDT);
  });

  it('throws on a non-positive notional or unit', () => {
    expect(() => impact(asks, 0n)).toThrow(RangeError);
    expect(() => impactPrice(asks, 1n, 0n, LOT_UNITS, BASE_DECIMALS)).toThrow(RangeError);
    expect(() => impactPrice(asks, 1n, TICK_UNITS, 0n, BASE_DECIMALS)).toThrow(RangeError);
  });

  const askBook = fc
    .array(fc.record({ step: fc.integer({ min: 1, max: 50 }), qty: fc.integer({ min: 0, max: 5_000 }) }), {
      minLength: 1,
      maxLength: 12,
    })
    .map((rows) => {
      let tick = 499_000;
      return rows.map((r) => level((tick += r.step), r.qty));
    });

  it('lies between the best and worst price walked, and rises with the notional on asks', () => {
    fc.assert(
      fc.property(
        askBook,
        fc.bigInt({ min: 1n, max: 500_000n * USDT }),
        fc.bigInt({ min: 0n, max: 500_000n * USDT }),
        (book, notional, more) => {
          const avg = impact(book, notional);
          const bigger = impact(book, notional + more);
          const total = book.reduce(
            (s, l) => s + BigInt(l.tick) * TICK_UNITS * BigInt(l.qty) * LOT_UNITS,
            0n,
          );
          expect(avg === undefined).toBe(notional * 10n ** 8n > total);
          if (avg === undefined) return;
          const prices = book.filter((l) => l.qty > 0).map((l) => BigInt(l.tick) * TICK_UNITS);
          const lo = prices.reduce((a, b) => (a < b ? a : b));
          const hi = prices.reduce((a, b) => (a > b ? a : b));
          expect(avg >= lo && avg <= hi).toBe(true);
          if (bigger !== undefined) expect(bigger >= avg).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('premiumIndex', () => {
  const index = 50_000n * USDT;

  it('worked example (research/perps.md 2.1): bid 50,050, ask 50,060 -> 0.10%', () => {
    expect(premiumIndex({ index, impactBid: 50_050n * USDT, impactAsk: 50_060n * USDT })).toBe(10n * BP);
  });

  it('is negative when the impact ask is below the index', () => {
    expect(premiumIndex({ index, impactBid: 49_940n * USDT, impactAsk: 49_950n * USDT })).toBe(-10n * BP);
  });

  it('is 0 when the index lies between the impact prices', () => {
    expect(premiumIndex({ index, impactBid: 49_990n * USDT, impactAsk: 50_010n * USDT })).toBe(0n);
  });

  it('treats a missing impact price as a 0 term', () => {
    expect(premiumIndex({ index, impactBid: 50_050n * USDT })).toBe(10n * BP);
    expect(premiumIndex({ index, impactAsk: 49_950n * USDT })).toBe(-10n * BP);
    expect(premiumIndex({ index, impactBid: undefined, impactAsk: undefined })).toBe(0n);
    expect(premiumIndex({ index })).toBe(0n);
  });

  it('rounds half-up, ties away from zero', () => {
    // a 1-unit premium on index 2 x 10^18 is exactly 0.5 WAD units
    expect(premiumIndex({ index: 2n * 10n ** 18n, impactBid: 2n * 10n ** 18n + 1n })).toBe(1n);
    expect(premiumIndex({ index: 2n * 10n ** 18n, impactAsk: 2n * 10n ** 18n - 1n })).toBe(-1n);
    // 1 / 3 -> 333...333
    expect(premiumIndex({ index: 3n, impactBid: 4n })).toBe(333_333_333_333_333_333n);
  });

  it('throws on a non-positive index', () => {
    expect(() => premiumIndex({ index: 0n })).toThrow(RangeError);
  });
});
