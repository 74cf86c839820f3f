import { describe, expect, it } from 'vitest';
import { WAD } from '../money/index.ts';
import { lendingAccountData } from './accountData.ts';
import { lendingBorrow } from './borrow.ts';
import {
  T0,
  USD,
  USDC,
  USDT,
  WETH,
  amount,
  defaultPool,
  defaultPrices,
  newAccounts,
  okOf,
  snapshotOf,
} from './fixtures.ts';
import type { LiquidationInputs } from './liquidation.ts';
import { liquidationAmounts, liquidationCall } from './liquidation.ts';
import { reserveBalance } from './reserve.ts';
import { lendingSupply } from './supply.ts';

const ETH = 10n ** 18n;
const USDC_UNIT = 10n ** 6n;

/** research s5.7: WETH collateral (LT 83%, bonus 5%, fee 10%) against USDC debt. */
function inputs(weth: bigint, wethPrice: bigint, debtUsdc: bigint, cover: bigint | 'max'): LiquidationInputs {
  const collateralValue = (weth * wethPrice * USD) / ETH;
  const debtValue = debtUsdc * USD;
  return {
    healthFactor: (collateralValue * 8_300n * WAD) / (debtValue * 10_000n),
    totalCollateral: collateralValue,
    totalDebt: debtValue,
    collateralBalance: weth,
    debtBalance: debtUsdc * USDC_UNIT,
    collateralPrice: wethPrice * USD,
    debtPrice: USD,
    collateralUnit: ETH,
    debtUnit: USDC_UNIT,
    liquidationBonus: 10_500n,
    protocolFee: 1_000n,
    debtToCover: cover === 'max' ? 'max' : cover * USDC_UNIT,
    closeFactorThreshold: 2_000n * USD,
    minLeftover: 1_000n * USD,
  };
}

describe('liquidation amounts (research s5.7 vectors)', () => {
  it('A: HF 0.968 closes 50% of the debt', () => {
    const a = okOf(liquidationAmounts(inputs(10n * ETH, 1_400n, 12_000n, 'max')));
    expect(a.closeFactor).toBe(5_000n);
    expect(a.debtRepaid).toBe(6_000n * USDC_UNIT);
    expect(a.collateralToLiquidator).toBe(4_478_571_428_571_428_570n);
    expect(a.protocolFee).toBe(21_428_571_428_571_429n);
    expect(10n * ETH - a.collateralToLiquidator - a.protocolFee).toBe(5_500_000_000_000_000_001n);
    expect(a.noCollateralLeft).toBe(false);
  });

  it('B: HF 0.899 <= 0.95 closes 100%', () => {
    const b = okOf(liquidationAmounts(inputs(10n * ETH, 1_300n, 12_000n, 'max')));
    expect([b.closeFactor, b.debtRepaid]).toEqual([10_000n, 12_000n * USDC_UNIT]);
    expect(b.collateralToLiquidator).toBe(9_646_153_846_153_846_153n);
    expect(b.protocolFee).toBe(46_153_846_153_846_154n);
  });

  it('C: insolvent, all collateral goes and the debt needed is rounded up', () => {
    const c = okOf(liquidationAmounts(inputs(10n * ETH, 1_100n, 12_000n, 'max')));
    expect(c.collateralToLiquidator).toBe(9_952_380_952_380_952_380n);
    expect(c.protocolFee).toBe(47_619_047_619_047_620n);
    expect(c.debtRepaid).toBe(10_476_190_477n);
    expect(c.noCollateralLeft).toBe(true);
  });

  it('D and F: a partial liquidation may not leave dust', () => {
    const d = liquidationAmounts(inputs(1n * ETH, 1_400n, 1_200n, 700n));
    expect(d.ok === false && d.code).toBe('LENDING_MUST_NOT_LEAVE_DUST');
    const f = liquidationAmounts(inputs(2n * ETH, 1_300n, 2_300n, 1_500n));
    expect(f.ok === false && f.code).toBe('LENDING_MUST_NOT_LEAVE_DUST');
    // Clearing the debt is always allowed.
    expect(liquidationAmounts(inputs(1n * ETH, 1_400n, 1_200n, 'max')).ok).toBe(true);
  });

  it('E: covering 5,500 of A', () => {
    const e = okOf(liquidationAmounts(inputs(10n * ETH, 1_400n, 12_000n, 5_500n)));
    expect(e.debtRepaid).toBe(5_500n * USDC_UNIT);
    expect(e.collateralToLiquidator).toBe(4_105_357_142_857_142_856n);
  });
});

/** A borrower with 10 WETH supplied and 12,000 USDC borrowed at $2,000, next to a USDC lender. */
function borrowerPool() {
  const pool = defaultPool();
  const [lender, borrower, keeper] = newAccounts(pool, 3);
  okOf(lendingSupply(pool, lender!, USDC, amount(USDC, '100000'), T0));
  okOf(lendingSupply(pool, lender!, USDT, amount(USDT, '100000'), T0));
  okOf(lendingSupply(pool, borrower!, WETH, amount(WETH, '10'), T0));
  const atStart = [2_000n * USD, 0n, 0n, USD, USD];
  okOf(lendingBorrow(pool, borrower!, USDC, amount(USDC, '12000'), T0, atStart));
  return { pool, lender: lender!, borrower: borrower!, keeper: keeper!, all: [lender!, borrower!, keeper!] };
}
const at = (wethPrice: bigint) => [wethPrice * USD, 0n, 0n, USD, USD];

describe('liquidationCall', () => {
  it('refuses a healthy account, self-liquidation and dust, changing nothing', () => {
    const { pool, borrower, all } = borrowerPool();
    const before = snapshotOf(pool, all);
    const request = { collateral: WETH, debt: USDC, debtToCover: 'max' as const };
    const healthy = liquidationCall(pool, borrower, request, T0, at(2_000n));
    expect(healthy.ok === false && healthy.code).toBe('LENDING_NOT_LIQUIDATABLE');
    const self = liquidationCall(pool, borrower, request, T0, at(1_400n), borrower);
    expect(self.ok === false && self.code).toBe('LENDING_SELF_LIQUIDATION');
    const dust = liquidationCall(
      pool,
      borrower,
      { ...request, debtToCover: 11_500n * USDC_UNIT },
      T0 + 1,
      at(1_300n),
    );
    expect(dust.ok === false && dust.code).toBe('LENDING_MUST_NOT_LEAVE_DUST');
    expect(snapshotOf(pool, all)).toBe(before);
  });

  it('A in the pool: pays the liquidator out of cash, the fee to the treasury, and heals the account', () => {
    const { pool, borrower } = borrowerPool();
    const out = okOf(
      liquidationCall(pool, borrower, { collateral: WETH, debt: USDC, debtToCover: 'max' }, T0, at(1_400n)),
    );
    expect(out.healthFactor).toBe(968_333_333_333_333_333n);
    expect([out.debtRepaid, out.collateralToLiquidator, out.protocolFee]).toEqual([
      6_000n * USDC_UNIT,
      4_478_571_428_571_428_570n,
      21_428_571_428_571_429n,
    ]);
    const weth = pool.reserves[WETH]!;
    expect(weth.cash).toBe(10n * ETH - out.collateralToLiquidator);
    expect(weth.accruedToTreasury).toBe(out.protocolFee);
    expect(borrower.positions[WETH]!.scaledSupply).toBe(5_500_000_000_000_000_001n);
    expect(borrower.positions[USDC]!.scaledDebt).toBe(6_000n * USDC_UNIT);
    const { data } = okOf(lendingAccountData(pool, borrower, at(1_400n), T0));
    expect(data.healthFactor / 10n ** 12n).toBe(1_065_166n); // 1.065167 in research
  });

  it('C in the pool: writes the uncovered debt off as the reserve deficit, with every other debt', () => {
    const { pool, borrower } = borrowerPool();
    okOf(lendingBorrow(pool, borrower, USDT, amount(USDT, '500'), T0, at(2_000n)));
    const out = okOf(
      liquidationCall(pool, borrower, { collateral: WETH, debt: USDC, debtToCover: 'max' }, T0, at(1_100n)),
    );
    expect(out.debtRepaid).toBe(10_476_190_477n);
    expect(out.collateralToLiquidator + out.protocolFee).toBe(10n * ETH);
    expect(out.deficits).toEqual([
      { reserve: USDC, amount: 1_523_809_523n },
      { reserve: USDT, amount: 500n * USDC_UNIT },
    ]);
    expect(out.collateralDisabled).toBe(true);
    expect(borrower.positions.every((p) => p.scaledDebt === 0n && p.scaledSupply === 0n)).toBe(true);
    expect(pool.reserves[USDC]!.deficit).toBe(1_523_809_523n);
    expect(pool.reserves[USDT]!.deficit).toBe(500n * USDC_UNIT);
    for (const reserve of pool.params.reserves) {
      const balance = reserveBalance(pool.reserves[reserve.index]!, reserve, T0);
      expect(balance.surplus).toBeGreaterThanOrEqual(0n);
      expect(balance.surplus).toBeLessThanOrEqual(2n);
    }
  });

  it('hands over supply instead of cash when asked, even with no cash to pay out', () => {
    const { pool, borrower, keeper } = borrowerPool();
    // Someone borrows all the WETH the pool holds.
    const [whale] = newAccounts(pool, 1);
    okOf(lendingSupply(pool, whale!, USDC, amount(USDC, '1000000'), T0));
    okOf(lendingBorrow(pool, whale!, WETH, 10n * ETH, T0, defaultPrices()));
    const request = { collateral: WETH, debt: USDC, debtToCover: 'max' as const };
    const noCash = liquidationCall(pool, borrower, request, T0, at(1_400n));
    expect(noCash.ok === false && noCash.code).toBe('LENDING_NO_LIQUIDITY');
    const out = okOf(
      liquidationCall(pool, borrower, { ...request, receiveSupply: true }, T0, at(1_400n), keeper),
    );
    expect(out.scaledToLiquidator).toBe(keeper.positions[WETH]!.scaledSupply);
    expect(keeper.positions[WETH]!.scaledSupply).toBe(out.collateralToLiquidator);
    expect(keeper.positions[WETH]!.collateral).toBe(false); // not turned on by a transfer (v3.6)
    expect(pool.reserves[WETH]!.cash).toBe(0n);
  });
});
