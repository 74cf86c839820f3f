import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  basisAdjustedIndex,
  basisAverage,
  fundingAdjustedIndex,
  markPrice,
  midBasis,
  newMarkState,
  recordBasis,
} from './mark.ts';

/** One USDT in quote units (8 decimals). */
const USDT = 100_000_000n;
const HOUR = 3_600_000;
const EIGHT_HOURS = 8 * HOUR;
/** 0.01% as a WAD rate. */
const BP = 100_000_000_000_000n;
const RUNS = { numRuns: 1000 };

describe('mark price worked example (research/perps.md 1.1)', () => {
  // index 50,000; last funding 0.01%; 4 h left of 8 h; MA basis +10; last 50,100
  const index = 50_000n * USDT;

  it('P1 = 50,002.5', () => {
    expect(fundingAdjustedIndex(index, BP, 4 * HOUR, EIGHT_HOURS)).toBe(5_000_250_000_000n);
  });

  it('P2 = 50,010', () => {
    expect(basisAdjustedIndex(index, 10n * USDT)).toBe(5_001_000_000_000n);
  });

  it('mark = median(50,002.5, 50,010, 50,100) = 50,010', () => {
    const mark = markPrice({
      index,
      lastFundingRate: BP,
      timeToFundingMs: 4 * HOUR,
      intervalMs: EIGHT_HOURS,
      basisAverage: 10n * USDT,
      last: 50_100n * USDT,
    });
    expect(mark).toBe(5_001_000_000_000n);
  });
});

describe('markPrice', () => {
  const base = {
    index: 50_000n * USDT,
    lastFundingRate: BP,
    timeToFundingMs: 4 * HOUR,
    intervalMs: EIGHT_HOURS,
  };

  it('takes the last price when it lies between P1 and P2', () => {
    expect(markPrice({ ...base, basisAverage: 10n * USDT, last: 50_005n * USDT })).toBe(5_000_500_000_000n);
  });

  it('takes P1 when it is the middle value', () => {
    expect(markPrice({ ...base, basisAverage: -10n * USDT, last: 50_100n * USDT })).toBe(5_000_250_000_000n);
  });

  it('uses the index for P2 when there is no basis sample', () => {
    // median(50,002.5, 50,000, 49,000) = 50,000
    expect(markPrice({ ...base, last: 49_000n * USDT })).toBe(50_000n * USDT);
    expect(markPrice({ ...base, basisAverage: undefined, last: 49_000n * USDT })).toBe(50_000n * USDT);
  });

  it('without a last price is the mean of P1 and P2, rounded half-up', () => {
    // (50,002.5 + 50,010) / 2 = 50,006.25
    expect(markPrice({ ...base, basisAverage: 10n * USDT })).toBe(5_000_625_000_000n);
    // P1 = index + 1 unit, P2 = index: the half unit rounds up
    const tiny = { index: 100n, lastFundingRate: 10n ** 16n, timeToFundingMs: 1, intervalMs: 1 };
    expect(markPrice(tiny)).toBe(101n);
  });

  it('lowers P1 below the index for a negative last rate', () => {
    expect(fundingAdjustedIndex(50_000n * USDT, -BP, 2 * HOUR, EIGHT_HOURS)).toBe(4_999_875_000_000n);
  });

  it('makes P1 the index at the funding time', () => {
    expect(fundingAdjustedIndex(50_000n * USDT, BP, 0, EIGHT_HOURS)).toBe(50_000n * USDT);
  });

  it('rounds P1 half-up once', () => {
    // 3 x 0.5 x 1/2 = 0.75 -> 1; -0.75 -> -1
    expect(fundingAdjustedIndex(3n, 5n * 10n ** 17n, 1, 2)).toBe(4n);
    expect(fundingAdjustedIndex(3n, -5n * 10n ** 17n, 1, 2)).toBe(2n);
  });

  it('throws on a bad interval or time to funding', () => {
    expect(() => fundingAdjustedIndex(1n, 0n, 0, 0)).toThrow(RangeError);
    expect(() => fundingAdjustedIndex(1n, 0n, -1, 1)).toThrow(RangeError);
    expect(() => fundingAdjustedIndex(1n, 0n, 0.5, 1)).toThrow(RangeError);
  });

  it('is one of its inputs with a last price, and lies between them', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
        fc.integer({ min: 0, max: EIGHT_HOURS }),
        fc.option(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { nil: undefined }),
        fc.option(fc.bigInt({ min: 1n, max: 10n ** 15n }), { nil: undefined }),
        (index, rate, ttf, basis, last) => {
          const p1 = fundingAdjustedIndex(index, rate, ttf, EIGHT_HOURS);
          const p2 = basisAdjustedIndex(index, basis);
          const input = { index, lastFundingRate: rate, timeToFundingMs: ttf, intervalMs: EIGHT_HOURS };
          const mark = markPrice({ ...input, basisAverage: basis, last });
          const all = last === undefined ? [p1, p2] : [p1, p2, last];
          const lo = all.reduce((a, b) => (a < b ? a : b));
          const hi = all.reduce((a, b) => (a > b ? a : b));
          expect(mark >= lo && mark <= hi).toBe(true);
          if (last !== undefined) expect(all).toContain(mark);
        },
      ),
      RUNS,
    );
  });
});

describe('midBasis', () => {
  it('is the book mid minus the index', () => {
    expect(midBasis(50_009n * USDT, 50_011n * USDT, 50_000n * USDT)).toBe(10n * USDT);
    expect(midBasis(49_989n * USDT, 49_991n * USDT, 50_000n * USDT)).toBe(-10n * USDT);
  });

  it('rounds a half-unit mid half-up', () => {
    expect(midBasis(100n, 101n, 100n)).toBe(1n); // 0.5
    expect(midBasis(99n, 100n, 100n)).toBe(-1n); // -0.5
  });

  it('is undefined when a side of the book is empty', () => {
    expect(midBasis(undefined, 101n, 100n)).toBeUndefined();
    expect(midBasis(100n, undefined, 100n)).toBeUndefined();
  });
});

describe('basis moving average', () => {
  it('is undefined with no sample', () => {
    expect(basisAverage(newMarkState(), 0)).toBeUndefined();
  });

  it('keeps one sample per second, the latest', () => {
    const state = newMarkState();
    recordBasis(state, 1_000, 5n);
    recordBasis(state, 1_400, 7n);
    recordBasis(state, 1_999, 9n);
    recordBasis(state, 2_000, 3n);
    expect(state.samples).toEqual([
      { time: 1_999, basis: 9n },
      { time: 2_000, basis: 3n },
    ]);
    expect(basisAverage(state, 2_000)).toBe(6n);
  });

  it('averages the last 30 s and prunes older samples', () => {
    const state = newMarkState();
    // basis = second number, one sample a second for 60 s
    for (let s = 0; s < 60; s++) recordBasis(state, s * 1_000, BigInt(s));
    expect(state.samples.length).toBe(30);
    // seconds 30..59: mean 44.5 -> 45 (half-up)
    expect(basisAverage(state, 59_000)).toBe(45n);
    // 10 s later, only 40..59 remain in the window: mean 49.5 -> 50
    expect(basisAverage(state, 69_000)).toBe(50n);
    // and nothing once the window has passed
    expect(basisAverage(state, 89_000)).toBeUndefined();
  });

  it('ignores samples after the time asked for', () => {
    const state = newMarkState();
    recordBasis(state, 1_000, 10n);
    recordBasis(state, 5_000, 20n);
    expect(basisAverage(state, 4_000)).toBe(10n);
  });

  it('rounds a negative mean half-up away from zero', () => {
    const state = newMarkState();
    recordBasis(state, 0, -1n);
    recordBasis(state, 1_000, -2n);
    expect(basisAverage(state, 1_000)).toBe(-2n);
  });

  it('takes the window and sample period from config', () => {
    const window = { windowMs: 10_000, sampleMs: 5_000 };
    const state = newMarkState();
    recordBasis(state, 0, 1n, window);
    recordBasis(state, 4_999, 2n, window); // same bucket: replaces
    recordBasis(state, 5_000, 4n, window);
    recordBasis(state, 10_000, 6n, window);
    // the window at 10_000 is (0, 10_000]
    expect(state.samples.map((s) => s.basis)).toEqual([2n, 4n, 6n]);
    expect(basisAverage(state, 10_000, window)).toBe(4n);
    recordBasis(state, 14_999, 8n, window); // replaces 6; the window (4_999, 14_999] drops 2
    expect(state.samples.map((s) => s.basis)).toEqual([4n, 8n]);
    expect(basisAverage(state, 14_999, window)).toBe(6n);
  });

  it('refuses a time before the last sample and a bad window', () => {
    const state = newMarkState();
    recordBasis(state, 1_000, 1n);
    expect(() => recordBasis(state, 999, 1n)).toThrow(RangeError);
    expect(() => recordBasis(state, 2_000, 1n, { windowMs: 0, sampleMs: 1 })).toThrow(RangeError);
    expect(() => basisAverage(state, 2_000, { windowMs: 1, sampleMs: 0 })).toThrow(RangeError);
    expect(() => recordBasis(state, 1.5e3 + 0.5, 1n)).toThrow(RangeError);
  });

  it('stays bounded and averages within the window', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 4_000 }),
            basis: fc.bigInt({ min: -1000n, max: 1000n }),
          }),
          {
            minLength: 1,
            maxLength: 120,
          },
        ),
        (steps) => {
          const state = newMarkState();
          const recorded: { time: number; basis: bigint }[] = [];
          let time = 0;
          for (const step of steps) {
            time += step.gap;
            recordBasis(state, time, step.basis);
            const last = recorded[recorded.length - 1];
            const sameSecond =
              last !== undefined && Math.floor(last.time / 1_000) === Math.floor(time / 1_000);
            if (sameSecond) recorded.pop();
            recorded.push({ time, basis: step.basis });
            expect(state.samples.length).toBeLessThanOrEqual(31);
          }
          const inWindow = recorded.filter((s) => s.time > time - 30_000).map((s) => s.basis);
          const avg = basisAverage(state, time);
          const lo = inWindow.reduce((a, b) => (a < b ? a : b));
          const hi = inWindow.reduce((a, b) => (a > b ? a : b));
          expect(avg !== undefined && avg >= lo && avg <= hi).toBe(true);
          // the exact mean, half-up
          const sum = inWindow.reduce((a, b) => a + b, 0n);
          const n = BigInt(inWindow.length);
          const twice = (2n * sum) / n; // truncated 2 x mean; half-up of mean is this rounded away from zero
          const expected = sum % n === 0n ? sum / n : twice >= 0n ? (twice + 1n) / 2n : (twice - 1n) / 2n;
          expect(avg).toBe(expected);
        },
      ),
      RUNS,
    );
  });
});
