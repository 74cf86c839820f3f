import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WAD, pow10 } from '../money/index.ts';
import type { SignedSide } from './settlement.ts';
import { advanceCumulativeFunding, cumulativeFundingDelta, paymentFor } from './settlement.ts';

/** One USDT in quote units (8 decimals). */
const USDT = 100_000_000n;
/** One BTC in base units (8 decimals). */
const BTC = 100_000_000n;
/** 0.01% as a WAD rate. */
const BP = 100_000_000_000_000n;

describe('funding payment worked example (research/perps.md 2.1)', () => {
  // long 1 BTC, mark 50,000, F = 0.05%: the long pays 25 USDT, the short receives 25
  const cum = advanceCumulativeFunding(0n, 50_000n * USDT, 5n * BP);

  it('advances the cumulative index by mark x F', () => {
    expect(cumulativeFundingDelta(50_000n * USDT, 5n * BP)).toBe(2_500_000_000_000_000_000_000_000_000n);
    expect(cum).toBe(2_500_000_000_000_000_000_000_000_000n);
  });

  it('long pays 25 USDT, short receives 25 USDT', () => {
    expect(paymentFor(1, BTC, cum, 0n, 8)).toBe(-2_500_000_000n);
    expect(paymentFor(-1, BTC, cum, 0n, 8)).toBe(2_500_000_000n);
  });
});

describe('paymentFor', () => {
  it('sums funding times through the index: 25 paid, then 4 received', () => {
    const c1 = advanceCumulativeFunding(0n, 50_000n * USDT, 5n * BP);
    const c2 = advanceCumulativeFunding(c1, 40_000n * USDT, -BP);
    expect(paymentFor(1, BTC, c2, 0n, 8)).toBe(-2_100_000_000n);
    expect(paymentFor(1, BTC, c2, c1, 8)).toBe(400_000_000n);
  });

  it('makes shorts pay when the rate is negative', () => {
    const cum = advanceCumulativeFunding(0n, 50_000n * USDT, -5n * BP);
    expect(paymentFor(1, BTC, cum, 0n, 8)).toBe(2_500_000_000n);
    expect(paymentFor(-1, BTC, cum, 0n, 8)).toBe(-2_500_000_000n);
  });

  it('rounds a payment up and a receipt down', () => {
    // 1 satoshi at 50,000.5 and 0.01%: 5.00005 units
    const cum = advanceCumulativeFunding(0n, 5_000_050_000_000n, BP);
    expect(paymentFor(1, 1n, cum, 0n, 8)).toBe(-6n);
    expect(paymentFor(-1, 1n, cum, 0n, 8)).toBe(5n);
  });

  it('is 0 for no quantity or no change in the index', () => {
    expect(paymentFor(1, 0n, 10n ** 30n, 0n, 8)).toBe(0n);
    expect(paymentFor(-1, BTC, 10n ** 30n, 10n ** 30n, 8)).toBe(0n);
  });

  it('throws on a negative quantity or a bad side', () => {
    expect(() => paymentFor(1, -1n, 0n, 0n, 8)).toThrow(RangeError);
    expect(() => paymentFor(0 as SignedSide, 1n, 0n, 0n, 8)).toThrow(RangeError);
    expect(() => paymentFor(1, 1n, 0n, 0n, -1)).toThrow(RangeError);
  });
});

interface Position {
  readonly side: SignedSide;
  readonly qty: bigint;
  /** Settle at the end of interval j (the last interval always settles). */
  readonly settleAt: readonly boolean[];
}

const MAX_INTERVALS = 8;

/** Long quantities, then short quantities cut from the same total (long OI == short OI). */
const openInterest = fc
  .array(fc.bigInt({ min: 1n, max: 10n ** 10n }), { minLength: 1, maxLength: 6 })
  .chain((longs) => {
    const total = longs.reduce((a, b) => a + b, 0n);
    return fc.array(fc.bigInt({ min: 0n, max: total }), { minLength: 0, maxLength: 5 }).map((cuts) => {
      const points = [0n, ...[...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), total];
      const shorts = points.slice(1).map((p, i) => p - (points[i] ?? 0n));
      return { longs, shorts };
    });
  });

const scenario = fc.record({
  oi: openInterest,
  baseDecimals: fc.constantFrom(0, 6, 8, 18),
  cum0: fc.bigInt({ min: -(10n ** 32n), max: 10n ** 32n }),
  intervals: fc.array(
    fc.record({
      mark: fc.bigInt({ min: 1n, max: 10n ** 15n }),
      rate: fc.oneof(
        fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
        fc.bigInt({ min: -300n, max: 300n }).map((steps) => steps * 10n ** 12n),
      ),
    }),
    { minLength: 1, maxLength: MAX_INTERVALS },
  ),
  schedules: fc.array(fc.array(fc.boolean(), { minLength: MAX_INTERVALS, maxLength: MAX_INTERVALS }), {
    minLength: 12,
    maxLength: 12,
  }),
});

describe('funding conservation', () => {
  it('longs owe exactly what shorts are owed, and rounding leaves the venue a small non-negative remainder', () => {
    fc.assert(
      fc.property(scenario, ({ oi, baseDecimals, cum0, intervals, schedules }) => {
        const m = intervals.length;
        const cum = [cum0];
        for (const iv of intervals)
          cum.push(advanceCumulativeFunding(cum[cum.length - 1] ?? cum0, iv.mark, iv.rate));
        const at = (j: number): bigint => cum[j] ?? cum0;
        const scale = pow10(baseDecimals) * WAD;

        const positions: Position[] = [
          ...oi.longs.map((qty) => ({ side: 1 as const, qty })),
          ...oi.shorts.map((qty) => ({ side: -1 as const, qty })),
        ].map((p, i) => ({ ...p, settleAt: schedules[i % schedules.length] ?? [] }));

        let paid = 0n;
        let received = 0n;
        let pairs = 0;
        let longOwed = 0n;
        let shortOwed = 0n;
        let roundingSum = 0n;
        let oncePaid = 0n;
        let onceReceived = 0n;

        for (const p of positions) {
          let last = 0;
          let lazyTotal = 0n;
          let settlements = 0;
          for (let j = 1; j <= m; j++) {
            if (j < m && p.settleAt[j - 1] !== true) continue;
            const delta = paymentFor(p.side, p.qty, at(j), at(last), baseDecimals);
            const gross = p.qty * (at(j) - at(last)); // qty x delta cum, before rounding
            if (p.side === 1) longOwed += gross;
            else shortOwed += gross;
            // delta x scale is at or below the exact amount, -side x gross, by less than one unit
            const shortfall = -BigInt(p.side) * gross - delta * scale;
            expect(shortfall >= 0n && shortfall < scale).toBe(true);
            roundingSum += shortfall;
            if (delta < 0n) paid -= delta;
            else received += delta;
            lazyTotal += delta;
            settlements++;
            pairs++;
            last = j;
          }
          // Settling more often never favours the position, and costs it under a unit per settlement.
          const once = paymentFor(p.side, p.qty, at(m), at(0), baseDecimals);
          let everyTotal = 0n;
          for (let j = 1; j <= m; j++)
            everyTotal += paymentFor(p.side, p.qty, at(j), at(j - 1), baseDecimals);
          expect(everyTotal <= lazyTotal && lazyTotal <= once).toBe(true);
          expect(once - everyTotal < BigInt(m)).toBe(true);
          expect(once - lazyTotal < BigInt(settlements)).toBe(true);
          if (once < 0n) oncePaid -= once;
          else onceReceived += once;
        }

        expect(longOwed).toBe(shortOwed);
        const remainder = paid - received;
        expect(remainder >= 0n).toBe(true);
        expect(remainder < BigInt(pairs)).toBe(true);
        // the remainder is exactly the rounding of all settlements
        expect(remainder * scale).toBe(roundingSum);
        const onceRemainder = oncePaid - onceReceived;
        expect(onceRemainder >= 0n && onceRemainder < BigInt(positions.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
