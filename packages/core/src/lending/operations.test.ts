import { describe, expect, it } from 'vitest';
import { BPS, RAY, Rounding, mulDiv } from '../money/index.ts';
import { lendingAccountData } from './accountData.ts';
import { lendingBorrow, lendingMaxBorrow, lendingRepay } from './borrow.ts';
import { mustLoadLending } from './config.ts';
import { defaultLendingConfig, defaultUsdc, defaultWeth } from './defaults.ts';
import {
  T0,
  USD,
  USDC,
  WBTC,
  WETH,
  WSTETH,
  amount,
  defaultPool,
  defaultPrices,
  newAccounts,
  okOf,
  snapshotOf,
} from './fixtures.ts';
import { YEAR_MS } from './math.ts';
import { borrowedBalance, newLendingPool, suppliedBalance } from './pool.ts';
import { reserveBalance } from './reserve.ts';
import { setCollateralUse, setEMode } from './settings.ts';
import { lendingSupply, lendingWithdraw } from './supply.ts';
import { withdrawTreasury } from './treasury.ts';

const prices = defaultPrices();

function refusalOf(result: { ok: boolean; code?: string }): string | undefined {
  return result.ok ? undefined : result.code;
}

describe('supply, borrow, repay, withdraw', () => {
  it('gives back exactly what went in when no time passes', () => {
    const pool = defaultPool();
    const [user] = newAccounts(pool, 1);
    const supplied = okOf(lendingSupply(pool, user!, WETH, amount(WETH, '3.141592653589793238'), T0));
    expect(supplied.collateralEnabled).toBe(true);
    const borrowed = okOf(lendingBorrow(pool, user!, WETH, amount(WETH, '1.5'), T0, prices));
    expect(borrowed.scaled).toBe(amount(WETH, '1.5'));
    expect(okOf(lendingRepay(pool, user!, WETH, 'max', T0)).amount).toBe(amount(WETH, '1.5'));
    const out = okOf(lendingWithdraw(pool, user!, WETH, 'max', T0, prices));
    expect(out.amount).toBe(amount(WETH, '3.141592653589793238'));
    expect(out.collateralDisabled).toBe(true);
    expect(pool.reserves[WETH]).toMatchObject({ cash: 0n, scaledTotalSupply: 0n, scaledTotalDebt: 0n });
  });

  it('settles a year of interest to the unit: borrower pays, lender and treasury earn, the pool keeps the spread', () => {
    const pool = defaultPool();
    const [lender, borrower] = newAccounts(pool, 2);
    const million = amount(USDC, '1000000');
    const loan = amount(USDC, '10000');
    okOf(lendingSupply(pool, lender!, USDC, million, T0));
    okOf(lendingSupply(pool, borrower!, WETH, amount(WETH, '10'), T0));
    okOf(lendingBorrow(pool, borrower!, USDC, loan, T0, prices));

    // From first principles: U = 1%, so the borrow rate is 6.5% x 1/92 (rounded up) and the supply
    // rate that x 1% x 90% (rounded down); a year of each from indexes at 1.
    const borrowRate = mulDiv(65n * RAY, 1n, 1_000n * 92n, Rounding.Up);
    const supplyRate = mulDiv(borrowRate, 9n, 1_000n, Rounding.Down);
    const x = borrowRate; // rate x one year
    const factor =
      RAY + x + mulDiv(x, x / 2n + mulDiv(x, x / 6n, RAY, Rounding.HalfUp), RAY, Rounding.HalfUp);
    const owed = mulDiv(loan, factor, RAY, Rounding.Up);
    const liquidityIndex = RAY + supplyRate;
    const lenderGets = mulDiv(million, liquidityIndex, RAY, Rounding.Down);
    const toTreasury = (mulDiv(loan, factor - RAY, RAY, Rounding.Down) * 1_000n) / BPS;
    const treasuryScaled = mulDiv(toTreasury, RAY, liquidityIndex, Rounding.Down);
    const treasuryGets = mulDiv(treasuryScaled, liquidityIndex, RAY, Rounding.Down);

    const later = T0 + YEAR_MS;
    expect(borrowedBalance(pool, borrower!, USDC, later)).toBe(owed);
    expect(owed).toBe(10_007_067_714n); // 10,007.067714 USDC
    const repaid = okOf(lendingRepay(pool, borrower!, USDC, 'max', later));
    expect([repaid.amount, repaid.cleared]).toEqual([owed, true]);
    expect(okOf(lendingWithdraw(pool, lender!, USDC, 'max', later, prices)).amount).toBe(lenderGets);
    expect(lenderGets).toBe(1_000_006_358_695n); // 1,000,006.358695 USDC
    expect(okOf(withdrawTreasury(pool, USDC, 'max', later)).amount).toBe(treasuryGets);

    const usdc = pool.reserves[USDC]!;
    expect([usdc.scaledTotalSupply, usdc.scaledTotalDebt, usdc.accruedToTreasury]).toEqual([0n, 0n, 0n]);
    // What is left is the compounding spread: interest paid - interest earned - the treasury's cut.
    expect(usdc.cash).toBe(owed - loan - (lenderGets - million) - treasuryGets);
    expect(usdc.cash).toBeGreaterThanOrEqual(0n);
    expect(usdc.cash).toBeLessThan(10_000n); // below 0.01 USDC
  });

  it('borrows up to collateral x LTV and not a unit more', () => {
    const pool = defaultPool();
    const [lender, user] = newAccounts(pool, 2);
    okOf(lendingSupply(pool, lender!, USDC, amount(USDC, '100000'), T0));
    okOf(lendingSupply(pool, user!, WETH, amount(WETH, '1'), T0));
    // $3,000 x 80.5% = $2,415.
    const before = snapshotOf(pool, [lender!, user!]);
    expect(refusalOf(lendingBorrow(pool, user!, USDC, amount(USDC, '2415.000001'), T0, prices))).toBe(
      'LENDING_LTV_EXCEEDED',
    );
    // Beyond the liquidation threshold the health factor check comes first.
    expect(refusalOf(lendingBorrow(pool, user!, USDC, amount(USDC, '2500'), T0, prices))).toBe(
      'LENDING_HEALTH_FACTOR_TOO_LOW',
    );
    expect(snapshotOf(pool, [lender!, user!])).toBe(before);
    okOf(lendingBorrow(pool, user!, USDC, amount(USDC, '2415'), T0, prices));
    const { data } = okOf(lendingAccountData(pool, user!, prices, T0));
    expect([data.availableBorrows, data.totalDebt]).toEqual([0n, 2_415n * USD]);
  });

  it('suggests a borrowable amount that passes the checks', () => {
    const pool = defaultPool();
    const [lender, user] = newAccounts(pool, 2);
    okOf(lendingSupply(pool, lender!, USDC, amount(USDC, '100000'), T0));
    okOf(lendingSupply(pool, user!, WBTC, amount(WBTC, '0.12345678'), T0));
    const most = lendingMaxBorrow(pool, user!, USDC, T0, prices);
    // 0.12345678 x $60,000 x 73% = $5,407.40; a few units are kept spare.
    expect(most).toBeGreaterThan(amount(USDC, '5407.39'));
    okOf(lendingBorrow(pool, user!, USDC, most, T0, prices));
    expect(lendingMaxBorrow(pool, user!, USDC, T0, prices)).toBe(0n);
  });

  it('refuses withdrawals and collateral switches that would leave HF < 1, changing nothing', () => {
    const pool = defaultPool();
    const [lender, user] = newAccounts(pool, 2);
    okOf(lendingSupply(pool, lender!, USDC, amount(USDC, '100000'), T0));
    okOf(lendingSupply(pool, user!, WETH, amount(WETH, '1'), T0));
    okOf(lendingBorrow(pool, user!, USDC, amount(USDC, '2000'), T0, prices));
    const later = T0 + 3_600_000;
    const before = snapshotOf(pool, [lender!, user!]);
    // HF = 3,000 x 0.83 / 2,000 = 1.245: 0.2 WETH out leaves 2,000 x 0.83... = 0.996.
    expect(refusalOf(lendingWithdraw(pool, user!, WETH, amount(WETH, '0.2'), later, prices))).toBe(
      'LENDING_HEALTH_FACTOR_TOO_LOW',
    );
    expect(refusalOf(lendingWithdraw(pool, user!, WETH, 'max', later, prices))).toBe(
      'LENDING_HEALTH_FACTOR_TOO_LOW',
    );
    expect(refusalOf(setCollateralUse(pool, user!, WETH, false, later, prices))).toBe(
      'LENDING_HEALTH_FACTOR_TOO_LOW',
    );
    expect(snapshotOf(pool, [lender!, user!])).toBe(before); // no accrual either
    okOf(lendingWithdraw(pool, user!, WETH, amount(WETH, '0.1'), later, prices));
  });

  it('refuses with coded reasons', () => {
    const pool = defaultPool();
    const [lender, user, empty] = newAccounts(pool, 3);
    okOf(lendingSupply(pool, lender!, USDC, amount(USDC, '1000'), T0));
    okOf(lendingSupply(pool, user!, WETH, amount(WETH, '10'), T0));
    expect(refusalOf(lendingSupply(pool, user!, 9, 1n, T0))).toBe('LENDING_UNKNOWN_RESERVE');
    expect(refusalOf(lendingSupply(pool, user!, WETH, 0n, T0))).toBe('LENDING_INVALID_AMOUNT');
    expect(refusalOf(lendingBorrow(pool, user!, USDC, amount(USDC, '1000.000001'), T0, prices))).toBe(
      'LENDING_NO_LIQUIDITY',
    );
    expect(refusalOf(lendingBorrow(pool, empty!, USDC, 1n, T0, prices))).toBe('LENDING_NO_COLLATERAL');
    expect(refusalOf(lendingRepay(pool, user!, USDC, 'max', T0))).toBe('LENDING_NO_DEBT');
    expect(refusalOf(lendingWithdraw(pool, user!, WETH, amount(WETH, '10.1'), T0, prices))).toBe(
      'LENDING_NOT_ENOUGH_BALANCE',
    );
    expect(refusalOf(lendingBorrow(pool, user!, USDC, 1n, T0, [prices[0]!]))).toBe('LENDING_NO_PRICE');
    expect(refusalOf(setCollateralUse(pool, user!, WSTETH, true, T0, prices))).toBe('LENDING_NO_SUPPLY');
    expect(refusalOf(setEMode(pool, user!, 7, T0, prices))).toBe('LENDING_UNKNOWN_EMODE');
    okOf(setEMode(pool, user!, 1, T0, prices));
    expect(refusalOf(lendingBorrow(pool, user!, USDC, 1n, T0, prices))).toBe(
      'LENDING_NOT_BORROWABLE_IN_EMODE',
    );
    okOf(setEMode(pool, user!, 0, T0, prices));
    okOf(lendingBorrow(pool, user!, USDC, 1n, T0, prices));
    expect(refusalOf(setEMode(pool, user!, 1, T0, prices))).toBe('LENDING_NOT_BORROWABLE_IN_EMODE');
  });

  it('enforces supply and borrow caps, the treasury share included', () => {
    const config = defaultLendingConfig();
    const pool = newLendingPool(
      mustLoadLending({
        ...config,
        reserves: [
          { ...defaultWeth(), supplyCap: '100' },
          { ...defaultUsdc(), borrowCap: '1000' },
        ],
        eModes: [],
      }),
      T0,
    );
    const [user] = newAccounts(pool, 1);
    const twoPrices = [3_000n * USD, USD];
    okOf(lendingSupply(pool, user!, 0, 100n * 10n ** 18n, T0));
    expect(refusalOf(lendingSupply(pool, user!, 0, 1n, T0))).toBe('LENDING_SUPPLY_CAP');
    okOf(lendingSupply(pool, user!, 1, 5_000n * 10n ** 6n, T0));
    okOf(lendingBorrow(pool, user!, 1, 1_000n * 10n ** 6n, T0, twoPrices));
    expect(refusalOf(lendingBorrow(pool, user!, 1, 1n, T0, twoPrices))).toBe('LENDING_BORROW_CAP');
  });

  it('turns collateral on at the first supply only, and lets it be switched', () => {
    const pool = defaultPool();
    const [user] = newAccounts(pool, 1);
    okOf(lendingSupply(pool, user!, WETH, 1n, T0));
    okOf(setCollateralUse(pool, user!, WETH, false, T0, prices));
    expect(okOf(lendingSupply(pool, user!, WETH, 1n, T0)).collateralEnabled).toBe(false);
    expect(okOf(setCollateralUse(pool, user!, WETH, true, T0, prices)).changed).toBe(true);
    expect(okOf(setCollateralUse(pool, user!, WETH, true, T0, prices)).changed).toBe(false);
    expect(suppliedBalance(pool, user!, WETH, T0)).toBe(2n);
    expect(reserveBalance(pool.reserves[WETH]!, pool.params.reserves[WETH]!, T0).totalSupply).toBe(2n);
  });
});
