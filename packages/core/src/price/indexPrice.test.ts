import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexFromSources } from './indexPrice.ts';
import { median, medianTimesTwo } from './median.ts';

/** One USDT in quote units (8 decimals). */
const USDT = 100_000_000n;
const RUNS = { numRuns: 1000 };

const src = (usdt: bigint, weight = 1n) => ({ price: usdt * USDT, weight });

describe('median', () => {
  it('is undefined for no values', () => {
    expect(median([])).toBeUndefined();
    expect(medianTimesTwo([])).toBeUndefined();
  });

  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([5n, 1n, 3n])).toBe(3n);
    expect(median([7n])).toBe(7n);
  });

  it('takes the mean of the middle two of an even count, rounded half-up', () => {
    expect(median([1n, 2n])).toBe(2n); // 1.5
    expect(median([4n, 1n, 2n, 9n])).toBe(3n); // (2 + 4) / 2
    expect(median([-1n, -2n])).toBe(-2n); // -1.5, ties away from zero
    expect(medianTimesTwo([1n, 2n])).toBe(3n);
  });

  it('does not reorder its input', () => {
    const values = [3n, 1n, 2n];
    median(values);
    expect(values).toEqual([3n, 1n, 2n]);
  });
});

describe('indexFromSources', () => {
  it('is undefined with no source', () => {
    expect(indexFromSources([])).toBeUndefined();
  });

  it('is the single source', () => {
    expect(indexFromSources([src(50_000n)])).toBe(5_000_000_000_000n);
  });

  it('is the weighted mean when no source deviates', () => {
    // (100 x 1 + 102 x 3) / 4 = 101.5
    expect(indexFromSources([src(100n, 1n), src(102n, 3n)])).toBe(10_150_000_000n);
  });

  it('rounds the weighted mean half-up', () => {
    // (100 + 100 + 101) / 3 = 100.333333333...
    expect(indexFromSources([src(100n), src(100n), src(101n)])).toBe(10_033_333_333n);
    // (1 + 2) / 2 units = 1.5 -> 2
    expect(
      indexFromSources([
        { price: 1n, weight: 1n },
        { price: 2n, weight: 1n },
      ]),
    ).toBe(2n);
  });

  it('gives weight 0 to the one source more than 5% from the median', () => {
    // median 101.5; 120 is 18% away
    expect(indexFromSources([src(100n), src(101n), src(102n), src(120n, 10n)])).toBe(10_100_000_000n);
  });

  it('uses the median of all sources when more than one deviates', () => {
    // median 101; 120 and 80 both deviate
    expect(indexFromSources([src(100n), src(101n, 5n), src(102n), src(120n), src(80n)])).toBe(
      10_100_000_000n,
    );
  });

  it('keeps a source exactly 5% away and drops one a unit further', () => {
    // median 100; 105 is exactly 5%: (100 + 100 + 105) / 3 = 101.666666666... -> half-up
    expect(indexFromSources([src(100n), src(100n), src(105n)])).toBe(10_166_666_667n);
    expect(indexFromSources([src(100n), src(100n), { price: 105n * USDT + 1n, weight: 1n }])).toBe(
      100n * USDT,
    );
  });

  it('compares against the unrounded median', () => {
    // Median (1000 + 1001) / 2 = 1000.5, 5% of it 50.025: 1051 is 50.5 away and deviates, though it
    // would pass against the rounded median 1001 (50 away, 5% = 50.05).
    const sources = [1000n, 1000n, 1001n, 1051n].map((price) => ({ price, weight: 1n }));
    expect(indexFromSources(sources)).toBe(1000n); // (1000 + 1000 + 1001) / 3 = 1000.33
  });

  it('falls back to the median when the kept sources weigh nothing', () => {
    expect(indexFromSources([src(100n, 0n), src(101n, 0n)])).toBe(10_050_000_000n);
    // the only weighted source deviates
    expect(indexFromSources([src(100n, 0n), src(100n, 0n), src(200n, 1n)])).toBe(100n * USDT);
  });

  it('takes the deviation bound from config', () => {
    const sources = [src(100n), src(100n), src(102n)];
    expect(indexFromSources(sources, { maxDeviationPpm: 10_000n })).toBe(100n * USDT); // 2% > 1%
    expect(indexFromSources(sources, { maxDeviationPpm: 20_000n })).toBe(10_066_666_667n);
  });

  it('throws on a non-positive price, a negative weight or a negative bound', () => {
    expect(() => indexFromSources([{ price: 0n, weight: 1n }])).toThrow(RangeError);
    expect(() => indexFromSources([{ price: 1n, weight: -1n }])).toThrow(RangeError);
    expect(() => indexFromSources([src(1n)], { maxDeviationPpm: -1n })).toThrow(RangeError);
  });

  const sources = fc.array(
    fc.record({
      price: fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 95n, max: 110n })),
      weight: fc.bigInt({ min: 0n, max: 1000n }),
    }),
    { minLength: 1, maxLength: 9 },
  );

  it('stays between the lowest and highest source', () => {
    fc.assert(
      fc.property(sources, (s) => {
        const index = indexFromSources(s);
        const prices = s.map((x) => x.price);
        const lo = prices.reduce((a, b) => (a < b ? a : b));
        const hi = prices.reduce((a, b) => (a > b ? a : b));
        expect(index !== undefined && index >= lo && index <= hi).toBe(true);
      }),
      RUNS,
    );
  });

  it('does not depend on source order or on scaling all weights', () => {
    fc.assert(
      fc.property(sources, fc.bigInt({ min: 1n, max: 1000n }), (s, k) => {
        const index = indexFromSources(s);
        expect(indexFromSources([...s].reverse())).toBe(index);
        expect(indexFromSources(s.map((x) => ({ price: x.price, weight: x.weight * k })))).toBe(index);
      }),
      RUNS,
    );
  });
});
