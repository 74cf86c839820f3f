import { describe, expect, it } from 'vitest';
import { WAD } from '../money/index.ts';
import { lendingAccountData } from './accountData.ts';
import { lendingBorrow, lendingMaxBorrow } from './borrow.ts';
import { T0, USD, WETH, WSTETH, amount, defaultPool, newAccounts, okOf } from './fixtures.ts';
import { liquidationCall } from './liquidation.ts';
import { setEMode } from './settings.ts';
import { lendingSupply } from './supply.ts';

const ETH_PRICE = 3_000n * USD;
/** wstETH at 1.2 ETH on the oracle (Lido's exchange rate). */
const WSTETH_PRICE = 3_600n * USD;
const pricesAt = (wsteth: bigint) => [ETH_PRICE, wsteth, 0n, 0n, 0n];

/**
 * research s11: supply wstETH, borrow WETH in the ETH e-mode (LTV 93%, LT 95%), swap it for wstETH at
 * the oracle ratio and supply again, until nothing more can be borrowed.
 */
function loop() {
  const pool = defaultPool();
  const [lender, looper, keeper] = newAccounts(pool, 3);
  okOf(lendingSupply(pool, lender!, WETH, amount(WETH, '100000'), T0));
  okOf(lendingSupply(pool, looper!, WSTETH, amount(WSTETH, '10'), T0));
  okOf(setEMode(pool, looper!, 1, T0, pricesAt(WSTETH_PRICE)));
  let rounds = 0;
  for (; rounds < 400; rounds++) {
    const borrow = lendingMaxBorrow(pool, looper!, WETH, T0, pricesAt(WSTETH_PRICE));
    if (borrow < 10n ** 12n) break;
    okOf(lendingBorrow(pool, looper!, WETH, borrow, T0, pricesAt(WSTETH_PRICE)));
    okOf(lendingSupply(pool, looper!, WSTETH, (borrow * ETH_PRICE) / WSTETH_PRICE, T0));
  }
  return { pool, looper: looper!, keeper: keeper!, rounds };
}

describe('ETH/stETH loop in e-mode', () => {
  it('reaches close to 1/(1 - 0.93) = 14.29x leverage at HF ~ 0.95/0.93', () => {
    const { pool, looper, rounds } = loop();
    const { data } = okOf(lendingAccountData(pool, looper, pricesAt(WSTETH_PRICE), T0));
    expect(data.ltv).toBe(9_300n);
    expect(data.liquidationThreshold).toBe(9_500n);
    const leverageMillis = (data.totalCollateral * 1_000n) / (data.totalCollateral - data.totalDebt);
    expect(leverageMillis).toBeGreaterThanOrEqual(14_280n);
    expect(leverageMillis).toBeLessThanOrEqual(14_286n);
    // 0.95 / 0.93 = 1.021505...
    expect(data.healthFactor).toBeGreaterThanOrEqual(1_021_505n * 10n ** 12n);
    expect(data.healthFactor).toBeLessThan(1_021_600n * 10n ** 12n);
    expect(rounds).toBeGreaterThan(100);
  });

  it('survives a 2% wstETH discount and is liquidated at 7%, with the 1% e-mode bonus', () => {
    const { pool, looper, keeper } = loop();
    const twoPercent = pricesAt((WSTETH_PRICE * 98n) / 100n);
    expect(okOf(lendingAccountData(pool, looper, twoPercent, T0)).data.healthFactor).toBeGreaterThan(WAD);
    const request = { collateral: WSTETH, debt: WETH, debtToCover: 'max' as const };
    const early = liquidationCall(pool, looper, request, T0, twoPercent, keeper);
    expect(early.ok === false && early.code).toBe('LENDING_NOT_LIQUIDATABLE');

    const sevenPercent = pricesAt((WSTETH_PRICE * 93n) / 100n);
    const { data } = okOf(lendingAccountData(pool, looper, sevenPercent, T0));
    // HF = 1.0215 x 0.93 = 0.95: liquidatable, and just above 0.95 so half the debt may go.
    expect(data.healthFactor).toBeLessThan(WAD);
    expect(data.healthFactor).toBeGreaterThan((WAD * 95n) / 100n);
    const out = okOf(liquidationCall(pool, looper, request, T0, sevenPercent, keeper));
    expect(out.closeFactor).toBe(5_000n);
    const repaidValue = (out.debtRepaid * ETH_PRICE) / 10n ** 18n;
    expect(repaidValue * 2n - data.totalDebt).toBeLessThanOrEqual(1n);
    // Collateral seized is worth the debt repaid x 1.01; the liquidator keeps it less 10% of the bonus.
    const valueOf = (units: bigint) => (units * sevenPercent[WSTETH]! * 10_000n) / (10n ** 18n * repaidValue);
    expect(valueOf(out.collateralToLiquidator + out.protocolFee) - 10_100n).toBeLessThanOrEqual(0n);
    expect(valueOf(out.collateralToLiquidator + out.protocolFee) - 10_100n).toBeGreaterThanOrEqual(-1n);
    expect(valueOf(out.collateralToLiquidator) - 10_090n).toBeLessThanOrEqual(0n);
    expect(valueOf(out.collateralToLiquidator) - 10_090n).toBeGreaterThanOrEqual(-1n);
    // With a 1% bonus at HF 0.95 < LT x 1.01, liquidating makes the rest slightly less healthy (research s5.7).
    const after = okOf(lendingAccountData(pool, looper, sevenPercent, T0)).data;
    expect(after.healthFactor).toBeLessThan(data.healthFactor);
    expect(after.totalDebt).toBeLessThan(data.totalDebt);
  });
});
