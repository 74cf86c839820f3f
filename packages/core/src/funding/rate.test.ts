import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FUNDING_RATE_STEP,
  averagePremium,
  fundingRate,
  fundingTimesBetween,
  newFundingState,
  nextFundingTime,
  recordPremium,
  resetFundingState,
} from './rate.ts';

/** 0.01% as a WAD rate. */
const BP = 100_000_000_000_000n;
/** Binance's cap for a 0.4% MMR at k = 0.75: 0.30%. */
const CAP = 30n * BP;
const HOUR = 3_600_000;
const EIGHT_HOURS = 8 * HOUR;
const RUNS = { numRuns: 1000 };
const HALF_STEP = FUNDING_RATE_STEP / 2n;

const withSamples = (premiums: bigint[]) => {
  const state = newFundingState();
  for (const p of premiums) recordPremium(state, p);
  return state;
};

describe('averagePremium', () => {
  it('weighs sample i by i', () => {
    // (3 x 1 + 6 x 2 + 9 x 3) / 6 = 7
    expect(averagePremium(withSamples([3n, 6n, 9n]))).toBe(7n);
  });

  it('rounds half-up, ties away from zero', () => {
    expect(averagePremium(withSamples([1n, 2n]))).toBe(2n); // 5 / 3
    expect(averagePremium(withSamples([-1n, -2n]))).toBe(-2n);
    expect(averagePremium(withSamples([1n, 1n, 0n, 0n]))).toBe(0n); // 3 / 10
  });

  it('is 0 with no sample and after a reset', () => {
    expect(averagePremium(newFundingState())).toBe(0n);
    const state = withSamples([BP, BP]);
    resetFundingState(state);
    expect(state).toEqual(newFundingState());
    recordPremium(state, 5n);
    expect(averagePremium(state)).toBe(5n);
  });

  it('keeps two numbers for a full 8 h of 5 s samples', () => {
    const state = withSamples(new Array<bigint>(5_760).fill(7n * BP));
    expect(Object.keys(state).sort()).toEqual(['count', 'weightedSum']);
    expect(state.count).toBe(5_760);
    expect(averagePremium(state)).toBe(7n * BP);
  });

  it('lies between the smallest and largest sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), { minLength: 1, maxLength: 60 }),
        (ps) => {
          const avg = averagePremium(withSamples(ps));
          const lo = ps.reduce((a, b) => (a < b ? a : b));
          const hi = ps.reduce((a, b) => (a > b ? a : b));
          expect(avg >= lo && avg <= hi).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('fundingRate', () => {
  const rate = (avgPremium: bigint, intervalHours = 8) =>
    fundingRate({ avgPremium, intervalHours, capRate: CAP });

  it('worked example (research/perps.md 2.1): avgP 0.10% -> 0.05%', () => {
    expect(rate(10n * BP)).toBe(5n * BP);
  });

  it('is the interest rate while |I - avgP| <= 0.05%', () => {
    expect(rate(3n * BP)).toBe(BP);
    expect(rate(0n)).toBe(BP);
    expect(rate(-4n * BP)).toBe(BP);
    expect(rate(6n * BP)).toBe(BP); // exactly at the clamp
    expect(rate(7n * BP)).toBe(2n * BP);
    expect(rate(-10n * BP)).toBe(-5n * BP);
  });

  it('caps at +/- capRate', () => {
    // 1% - 0.05% = 0.95% -> 0.30%
    expect(rate(100n * BP)).toBe(CAP);
    expect(rate(-100n * BP)).toBe(-CAP);
    expect(
      fundingRate({ avgPremium: -100n * BP, intervalHours: 8, capRate: CAP, floorRate: -10n * BP }),
    ).toBe(-10n * BP);
  });

  it('divides by 8 / N for an N-hour interval', () => {
    expect(rate(10n * BP, 4)).toBe(250_000_000_000_000n); // 0.025%
    expect(rate(10n * BP, 1)).toBe(62_500_000_000_000n); // 0.00625%
    expect(rate(0n, 1)).toBe(12_500_000_000_000n); // I / 8 = 0.00125%
    // the cap applies after scaling: 2.95% / 8 = 0.36875% -> 0.30%
    expect(rate(300n * BP, 1)).toBe(CAP);
  });

  it('rounds half-up to 1e-8, ties away from zero', () => {
    expect(rate(10n * BP + HALF_STEP)).toBe(500_010_000_000_000n);
    expect(rate(10n * BP + HALF_STEP - 1n)).toBe(500_000_000_000_000n);
    expect(rate(-10n * BP - HALF_STEP)).toBe(-500_010_000_000_000n);
    // 1 h: (0.05% + 4e-8) / 8 = 0.00625% + 0.5e-8 -> up
    expect(rate(10n * BP + 4n * FUNDING_RATE_STEP, 1)).toBe(62_510_000_000_000n);
  });

  it('never exceeds a cap that is off the 1e-8 grid', () => {
    expect(fundingRate({ avgPremium: 100n * BP, intervalHours: 8, capRate: CAP + HALF_STEP })).toBe(CAP);
    expect(fundingRate({ avgPremium: -100n * BP, intervalHours: 8, capRate: CAP + HALF_STEP })).toBe(-CAP);
  });

  it('takes the interest rate and clamp from input', () => {
    expect(fundingRate({ avgPremium: 3n * BP, interestRate: 0n, intervalHours: 8, capRate: CAP })).toBe(0n);
    expect(fundingRate({ avgPremium: 10n * BP, clamp: 2n * BP, intervalHours: 8, capRate: CAP })).toBe(
      8n * BP,
    );
  });

  it('throws on a bad interval, clamp, cap or floor', () => {
    expect(() => rate(0n, 0)).toThrow(RangeError);
    expect(() => rate(0n, 1.5)).toThrow(RangeError);
    expect(() => fundingRate({ avgPremium: 0n, clamp: -1n, intervalHours: 8, capRate: CAP })).toThrow(
      RangeError,
    );
    expect(() => fundingRate({ avgPremium: 0n, intervalHours: 8, capRate: -1n })).toThrow(RangeError);
    expect(() => fundingRate({ avgPremium: 0n, intervalHours: 8, capRate: BP, floorRate: 2n * BP })).toThrow(
      RangeError,
    );
  });

  it('is on the grid, within the cap, and never falls as avgP rises', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }),
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        fc.constantFrom(1, 2, 4, 8),
        (avg, more, cap, hours) => {
          const f = fundingRate({ avgPremium: avg, intervalHours: hours, capRate: cap });
          const g = fundingRate({ avgPremium: avg + more, intervalHours: hours, capRate: cap });
          expect(f % FUNDING_RATE_STEP).toBe(0n);
          expect(f <= cap && f >= -cap).toBe(true);
          expect(g >= f).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('funding times', () => {
  const day = Date.UTC(2024, 0, 1);

  it('are 00:00, 08:00 and 16:00 UTC for 8 h', () => {
    expect(nextFundingTime(day + 3 * HOUR, EIGHT_HOURS)).toBe(day + 8 * HOUR);
    expect(nextFundingTime(day + 8 * HOUR - 1, EIGHT_HOURS)).toBe(day + 8 * HOUR);
    expect(nextFundingTime(day + 23 * HOUR, EIGHT_HOURS)).toBe(Date.UTC(2024, 0, 2));
  });

  it('at a funding time, the next is the following one', () => {
    expect(nextFundingTime(day + 8 * HOUR, EIGHT_HOURS)).toBe(day + 16 * HOUR);
    expect(nextFundingTime(day, HOUR)).toBe(day + HOUR);
  });

  it('work before the epoch', () => {
    expect(nextFundingTime(-1, EIGHT_HOURS)).toBe(0);
    expect(nextFundingTime(-EIGHT_HOURS, EIGHT_HOURS)).toBe(0);
    expect(nextFundingTime(-EIGHT_HOURS - 1, EIGHT_HOURS)).toBe(-EIGHT_HOURS);
  });

  it('counts funding times in (from, to]', () => {
    expect(fundingTimesBetween(day, day + 24 * HOUR, EIGHT_HOURS)).toBe(3);
    expect(fundingTimesBetween(day - 1, day + 24 * HOUR - 1, EIGHT_HOURS)).toBe(3);
    expect(fundingTimesBetween(day, day + 8 * HOUR - 1, EIGHT_HOURS)).toBe(0);
    expect(fundingTimesBetween(day + 1, day, EIGHT_HOURS)).toBe(0);
    expect(fundingTimesBetween(day, day + 24 * HOUR, HOUR)).toBe(24);
  });

  it('throws on a bad interval or time', () => {
    expect(() => nextFundingTime(0, 0)).toThrow(RangeError);
    expect(() => nextFundingTime(0.5, HOUR)).toThrow(RangeError);
    expect(() => fundingTimesBetween(0, 1.5, HOUR)).toThrow(RangeError);
  });

  const time = fc.integer({ min: -(10 ** 13), max: 10 ** 13 });
  const interval = fc.oneof(
    fc.constantFrom(HOUR, 4 * HOUR, EIGHT_HOURS),
    fc.integer({ min: 1, max: 10 ** 7 }),
  );

  it('agree with each other and add up over split ranges', () => {
    fc.assert(
      fc.property(
        time,
        fc.integer({ min: 0, max: 10 ** 8 }),
        fc.integer({ min: 0, max: 10 ** 8 }),
        interval,
        (a, x, y, iv) => {
          const b = a + x;
          const c = b + y;
          const next = nextFundingTime(a, iv);
          expect(next > a && next - a <= iv && next % iv === 0).toBe(true);
          expect(fundingTimesBetween(a, c, iv)).toBe(
            fundingTimesBetween(a, b, iv) + fundingTimesBetween(b, c, iv),
          );
          expect(fundingTimesBetween(a, next, iv)).toBe(1);
          expect(fundingTimesBetween(a, next - 1, iv)).toBe(0);
        },
      ),
      RUNS,
    );
  });
});
