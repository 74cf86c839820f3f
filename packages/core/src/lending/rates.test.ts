import { describe, expect, it } from 'vitest';
import { RAY } from '../money/index.ts';
import type { RateModel } from './config.ts';
import { borrowRateAt, compoundedYield, ratesFor } from './rates.ts';

const PERCENT = RAY / 100n;
/** A rate in ray from a percentage with up to 4 decimals, e.g. pct('6.5'). */
function pct(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return (BigInt(whole + fraction.padEnd(4, '0')) * PERCENT) / 10_000n;
}
function model(optimal: string, base: string, slope1: string, slope2: string): RateModel {
  return { optimalUsage: pct(optimal), baseRate: pct(base), slope1: pct(slope1), slope2: pct(slope2) };
}
/** Rates with usage `u` percent: cash 100 - u, debt u (no deficit). */
function at(m: RateModel, reserveFactorBps: bigint, u: bigint) {
  return ratesFor(m, reserveFactorBps, 100n - u, u * RAY, 0n);
}

const USDC_LIKE = model('92', '0', '6.5', '35');
const WETH_LIKE = model('90', '0', '2.7', '80');
const WSTETH_LIKE = model('80', '0', '1', '40');
const WBTC_LIKE = model('80', '0', '4', '300');

describe('rates from usage (research s2.3 vectors)', () => {
  it('matches the WETH-like vector exactly at 80%: 2.4% borrow, 1.632% supply', () => {
    const r = at(WETH_LIKE, 1_500n, 80n);
    expect(r.borrowUsage).toBe(80n * PERCENT);
    expect(r.borrowRate).toBe(24_000_000_000_000_000_000_000_000n);
    expect(r.supplyRate).toBe(16_320_000_000_000_000_000_000_000n);
  });

  it("is within 1e-27 of Aave's USDC-like vector at 80%, rounded toward the pool", () => {
    const r = at(USDC_LIKE, 1_000n, 80n);
    // Aave (half-up): 56521739130434782608695652 and 40695652173913043478260870.
    expect(r.borrowRate).toBe(56_521_739_130_434_782_608_695_653n);
    expect(r.supplyRate).toBe(40_695_652_173_913_043_478_260_870n);
  });

  it('follows the curve tables below and above the kink', () => {
    const cases: [RateModel, bigint, bigint, string, string][] = [
      [USDC_LIKE, 1_000n, 92n, '6.5', '5.382'],
      [USDC_LIKE, 1_000n, 95n, '19.625', '16.779375'],
      [USDC_LIKE, 1_000n, 100n, '41.5', '37.35'],
      [WETH_LIKE, 1_500n, 90n, '2.7', '2.0655'],
      [WETH_LIKE, 1_500n, 100n, '82.7', '70.295'],
      [WSTETH_LIKE, 3_500n, 90n, '21', '12.285'],
      [WBTC_LIKE, 5_000n, 90n, '154', '69.3'],
    ];
    for (const [m, rf, u, borrow, supply] of cases) {
      const r = at(m, rf, u);
      expect(r.borrowRate).toBe(exact(borrow));
      expect(r.supplyRate).toBe(exact(supply));
    }
  });

  it('gives the base rate and no supply rate without debt', () => {
    const m = model('80', '1', '4', '300');
    expect(ratesFor(m, 1_000n, 1_000n, 0n, 0n)).toEqual({
      borrowUsage: 0n,
      supplyUsage: 0n,
      borrowRate: pct('1'),
      supplyRate: 0n,
    });
  });

  it('pays suppliers less when part of their claims is deficit', () => {
    const healthy = ratesFor(USDC_LIKE, 1_000n, 20n, 80n * RAY, 0n);
    const withDeficit = ratesFor(USDC_LIKE, 1_000n, 20n, 80n * RAY, 25n);
    expect(withDeficit.borrowRate).toBe(healthy.borrowRate);
    expect(withDeficit.supplyUsage).toBe(64n * PERCENT);
    expect(withDeficit.supplyRate).toBeLessThan(healthy.supplyRate);
  });

  it('is continuous at the kink and rises with usage', () => {
    expect(borrowRateAt(USDC_LIKE, pct('92'))).toBe(pct('6.5'));
    let previous = -1n;
    for (let u = 0n; u <= 100n; u += 5n) {
      const rate = borrowRateAt(USDC_LIKE, u * PERCENT);
      expect(rate).toBeGreaterThan(previous);
      previous = rate;
    }
  });
});

describe('compoundedYield', () => {
  it('compounds a rate every second for a year (research s10.3: 5% APR -> 5.1271096% APY)', () => {
    // @aave/math-utils' exact rayPow gives 51271096334354554996205899; each floor here costs ~1e-27.
    const apy = compoundedYield(5n * 10n ** 25n);
    expect(apy).toBeLessThanOrEqual(51_271_096_334_354_554_996_205_899n);
    expect(apy).toBeGreaterThan(51_271_096_334_354_554_990_000_000n);
    expect(compoundedYield(0n)).toBe(0n);
  });
});

/** A decimal percentage as an exact ray (these cases are exact in 27 decimals). */
function exact(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(25, '0'));
}
