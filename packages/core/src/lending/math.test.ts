import { describe, expect, it } from 'vitest';
import { RAY } from '../money/index.ts';
import {
  YEAR_MS,
  compoundedInterest,
  debtBalance,
  debtBurnScaled,
  debtMintScaled,
  linearInterest,
  supplyBalance,
  supplyBurnScaled,
  supplyMintScaled,
} from './math.ts';

const FIVE_PERCENT = 5n * 10n ** 25n;
const SECOND = 1000;

describe('interest factors (research s3.6, rate 5% = 5e25 ray)', () => {
  it('is linear on the supply side: 1.05 after a year, exactly', () => {
    expect(linearInterest(FIVE_PERCENT, YEAR_MS)).toBe(1_050_000_000_000_000_000_000_000_000n);
    expect(linearInterest(FIVE_PERCENT, 0)).toBe(RAY);
  });

  it("compounds on the debt side like Aave v3.4+'s Taylor terms", () => {
    // x = rate x t is exact for a whole year, so the result is Aave's to the last digit.
    expect(compoundedInterest(FIVE_PERCENT, YEAR_MS)).toBe(1_051_270_833_333_333_333_333_333_333n);
    expect(compoundedInterest(FIVE_PERCENT, 0)).toBe(RAY);
  });

  it("stays within 2e-27 above Aave's where x is rounded up instead of down", () => {
    const aave: [number, bigint][] = [
      [1, 1_000_000_001_585_489_600_445_117_960n],
      [3_600, 1_000_005_707_778_846_385_321_333_984n],
      [86_400, 1_000_136_995_684_421_674_802_557_900n],
    ];
    for (const [seconds, expected] of aave) {
      const ours = compoundedInterest(FIVE_PERCENT, seconds * SECOND);
      expect(ours - expected).toBeGreaterThanOrEqual(0n);
      expect(ours - expected).toBeLessThanOrEqual(2n);
    }
  });

  it('keeps compounded above linear and below e^x', () => {
    const year = compoundedInterest(FIVE_PERCENT, YEAR_MS);
    expect(year).toBeGreaterThan(linearInterest(FIVE_PERCENT, YEAR_MS));
    // e^0.05 = 1.0512710963760241...
    expect(year).toBeLessThan(1_051_271_096_376_024_100_000_000_000n);
  });

  it('refuses negative or fractional elapsed time', () => {
    expect(() => linearInterest(FIVE_PERCENT, -1)).toThrow(RangeError);
    expect(() => compoundedInterest(FIVE_PERCENT, 0.5)).toThrow(RangeError);
  });
});

describe('scaled balances (TokenMath v3.5+)', () => {
  const index = 1_050_000_000_000_000_000_000_000_001n; // just above 1.05, so nothing divides evenly

  it('mints supply down, burns it up, values it down', () => {
    expect(supplyMintScaled(105n, index)).toBe(99n);
    expect(supplyBurnScaled(105n, index)).toBe(100n);
    expect(supplyBalance(100n, index)).toBe(105n);
  });

  it('mints debt up, burns it down, values it up', () => {
    expect(debtMintScaled(105n, index)).toBe(100n);
    expect(debtBurnScaled(105n, index)).toBe(99n);
    expect(debtBalance(100n, index)).toBe(106n);
  });

  it('reproduces the balance examples: 100e18 scaled after a year from index 1.05', () => {
    const start = 1_050_000_000_000_000_000_000_000_000n;
    const scaled = 100n * 10n ** 18n;
    const supplyIndex = (linearInterest(FIVE_PERCENT, YEAR_MS) * start) / RAY;
    expect(supplyBalance(scaled, supplyIndex)).toBe(110_250_000_000_000_000_000n);
    // Aave v3.4+'s getCompoundedBalance: 110383437500000000000.
    const debtIndex = (compoundedInterest(FIVE_PERCENT, YEAR_MS) * start + RAY - 1n) / RAY;
    expect(debtBalance(scaled, debtIndex)).toBe(110_383_437_500_000_000_000n);
  });
});
