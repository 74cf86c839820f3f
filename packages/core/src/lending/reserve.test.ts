import { describe, expect, it } from 'vitest';
import { RAY, Rounding, applyBps, rayDiv, rayMul } from '../money/index.ts';
import { lendingBorrow } from './borrow.ts';
import { mustLoadLending } from './config.ts';
import { defaultLendingConfig, defaultUsdc } from './defaults.ts';
import { T0, USDC, WETH, amount, defaultPool, defaultPrices, newAccounts, okOf } from './fixtures.ts';
import { YEAR_MS, compoundedInterest, linearInterest } from './math.ts';
import { newLendingPool } from './pool.ts';
import {
  accrueReserve,
  accruedReserve,
  normalizedDebt,
  normalizedIncome,
  reserveBalance,
} from './reserve.ts';
import { lendingSupply } from './supply.ts';

/** 1,000,000 USDC supplied, 100,000 borrowed (U = 10%) against WETH at T0. */
function borrowedPool() {
  const pool = defaultPool();
  const [lender, borrower] = newAccounts(pool, 2);
  okOf(lendingSupply(pool, lender!, USDC, amount(USDC, '1000000'), T0));
  okOf(lendingSupply(pool, borrower!, WETH, amount(WETH, '100'), T0));
  okOf(lendingBorrow(pool, borrower!, USDC, amount(USDC, '100000'), T0, defaultPrices()));
  return pool;
}

describe('reserve accrual', () => {
  it('stores the rates of the state after each change', () => {
    const usdc = borrowedPool().reserves[USDC]!;
    // U = 10%: 6.5% x 10/92, rounded up; supply: that x 10% x 90%, rounded down.
    expect(usdc.variableBorrowRate).toBe(7_065_217_391_304_347_826_086_957n);
    expect(usdc.liquidityRate).toBe(635_869_565_217_391_304_347_826n);
  });

  it('moves the indexes after a year: linear supply side, compounded debt side, treasury cut', () => {
    const pool = borrowedPool();
    const params = pool.params.reserves[USDC]!;
    const before = { ...pool.reserves[USDC]! };
    const usdc = pool.reserves[USDC]!;
    accrueReserve(usdc, params, T0 + YEAR_MS);
    expect(usdc.liquidityIndex).toBe(RAY + before.liquidityRate);
    expect(usdc.variableBorrowIndex).toBe(compoundedInterest(before.variableBorrowRate, YEAR_MS));
    // 100,000 USDC at ~0.7065%/year compounded: ~709 USDC of interest, 10% to the treasury.
    const accrued = rayMul(before.scaledTotalDebt, usdc.variableBorrowIndex - RAY, Rounding.Down);
    expect(accrued).toBeGreaterThan(708n * 10n ** 6n);
    expect(accrued).toBeLessThan(710n * 10n ** 6n);
    const toTreasury = applyBps(accrued, 1_000n, Rounding.Down);
    expect(usdc.accruedToTreasury).toBe(rayDiv(toTreasury, usdc.liquidityIndex, Rounding.Down));
    expect(usdc.lastUpdate).toBe(T0 + YEAR_MS);
  });

  it('agrees with the on-the-fly indexes, and does nothing twice at one time', () => {
    const pool = borrowedPool();
    const params = pool.params.reserves[USDC]!;
    const later = T0 + 86_400_000;
    const usdc = pool.reserves[USDC]!;
    const income = normalizedIncome(usdc, later);
    const debt = normalizedDebt(usdc, later);
    const copy = accruedReserve(usdc, params, later);
    expect(usdc.lastUpdate).toBe(T0);
    expect([copy.liquidityIndex, copy.variableBorrowIndex]).toEqual([income, debt]);
    accrueReserve(usdc, params, later);
    const once = { ...usdc };
    accrueReserve(usdc, params, later);
    expect(usdc).toEqual(once);
    expect(() => accrueReserve(usdc, params, T0)).toThrow(RangeError);
  });

  it('does not grow the debt index without debt, whatever the base rate', () => {
    const config = defaultLendingConfig();
    const pool = newLendingPool(
      mustLoadLending({ ...config, reserves: [{ ...defaultUsdc(), baseRate: '0.02' }], eModes: [] }),
      T0,
    );
    const reserve = pool.reserves[0]!;
    expect(reserve.variableBorrowRate).toBe(RAY / 50n);
    accrueReserve(reserve, pool.params.reserves[0]!, T0 + YEAR_MS);
    expect([reserve.liquidityIndex, reserve.variableBorrowIndex]).toEqual([RAY, RAY]);
  });

  it('keeps a non-negative surplus, about the compounding spread', () => {
    const pool = borrowedPool();
    const balance = reserveBalance(pool.reserves[USDC]!, pool.params.reserves[USDC]!, T0 + YEAR_MS);
    expect(balance.surplus).toBeGreaterThanOrEqual(0n);
    // (1 - RF) x debt x (factor - 1 - rate): 0.9 x 100,000 x ~0.000025 = ~2.2 USDC.
    const rate = pool.reserves[USDC]!.variableBorrowRate;
    const spread =
      (9n * 100_000n * 10n ** 6n * (compoundedInterest(rate, YEAR_MS) - linearInterest(rate, YEAR_MS))) /
      (10n * RAY);
    expect(balance.surplus - spread).toBeGreaterThanOrEqual(-5n);
    expect(balance.surplus - spread).toBeLessThanOrEqual(5n);
  });
});
