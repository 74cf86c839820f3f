import { describe, expect, it } from 'vitest';
import { RAY } from '../money/index.ts';
import { HEALTH_FACTOR_UNBOUNDED, lendingAccountData } from './accountData.ts';
import { USD, USDC, WETH, defaultPool, newAccounts, okOf } from './fixtures.ts';
import { debtMintScaled, supplyMintScaled } from './math.ts';

const T0 = 1_700_000_000_000;
const T1 = T0 + 86_400_000;

/**
 * research s10.4: WETH (liquidity index 1.02, borrow index 1.05, rates 1.632% / 2.4%) and USDC
 * (1.03 / 1.10, rates 4.0695652% / 5.6521739%), Aave's own rates stored as they are; a user with
 * 10 WETH supplied and 12,000 USDC borrowed at WETH $2,000.
 */
function vectorSetup() {
  const pool = defaultPool(T0);
  const weth = pool.reserves[WETH]!;
  Object.assign(weth, {
    liquidityIndex: (RAY * 102n) / 100n,
    variableBorrowIndex: (RAY * 105n) / 100n,
    liquidityRate: 16_320_000_000_000_000_000_000_000n,
    variableBorrowRate: 24_000_000_000_000_000_000_000_000n,
    scaledTotalDebt: 1n,
  });
  const usdc = pool.reserves[USDC]!;
  Object.assign(usdc, {
    liquidityIndex: (RAY * 103n) / 100n,
    variableBorrowIndex: (RAY * 110n) / 100n,
    liquidityRate: 40_695_652_173_913_043_478_260_870n,
    variableBorrowRate: 56_521_739_130_434_782_608_695_652n,
    scaledTotalDebt: 80_000_000n * 10n ** 6n,
  });
  const [user] = newAccounts(pool, 1);
  user!.positions[WETH] = {
    scaledSupply: supplyMintScaled(10n * 10n ** 18n, weth.liquidityIndex),
    scaledDebt: 0n,
    collateral: true,
  };
  user!.positions[USDC] = {
    scaledSupply: 0n,
    scaledDebt: debtMintScaled(12_000n * 10n ** 6n, usdc.variableBorrowIndex),
    collateral: false,
  };
  const prices = [2_000n * USD, 0n, 0n, USD, 0n];
  return { pool, user: user!, prices };
}

describe('account data (research s4 and s10.4)', () => {
  it('matches the Solidity v3.5 port at T0', () => {
    const { pool, user, prices } = vectorSetup();
    const { data } = okOf(lendingAccountData(pool, user, prices, T0));
    expect(data.totalCollateral).toBe(1_999_999_999_999n);
    expect(data.totalDebt).toBe(1_200_000_000_100n);
    expect(data.ltv).toBe(8_050n);
    expect(data.liquidationThreshold).toBe(8_300n);
    expect(data.availableBorrows).toBe(409_999_999_899n); // $4,099.99999899
    // Aave's wadDiv is half-up before the /1e4; flooring the exact quotient gives the same digits here.
    expect(data.healthFactor).toBe(1_383_333_333_217_363_888n);
  });

  it('matches it a day later, interest accrued on the fly', () => {
    const { pool, user, prices } = vectorSetup();
    const { data } = okOf(lendingAccountData(pool, user, prices, T1));
    expect(data.totalCollateral).toBe(2_000_089_424_657n);
    expect(data.totalDebt).toBe(1_200_185_839_400n);
    expect(data.availableBorrows).toBe(409_886_147_448n);
    expect(data.healthFactor).toBe(1_383_180_977_451_974_093n);
  });

  it('computes the research s4 example: HF 1.38333, $4,100 available', () => {
    const pool = defaultPool(T0);
    const [user] = newAccounts(pool, 1);
    user!.positions[WETH] = { scaledSupply: 10n * 10n ** 18n, scaledDebt: 0n, collateral: true };
    user!.positions[USDC] = { scaledSupply: 0n, scaledDebt: 12_000n * 10n ** 6n, collateral: false };
    const { data } = okOf(lendingAccountData(pool, user!, [2_000n * USD, 0n, 0n, USD, 0n], T0));
    expect(data.totalCollateral).toBe(20_000n * USD);
    expect(data.availableBorrows).toBe(4_100n * USD);
    expect(data.healthFactor).toBe(1_383_333_333_333_333_333n);
  });

  it('is unbounded without debt, and needs a price for every position that counts', () => {
    const pool = defaultPool(T0);
    const [user] = newAccounts(pool, 1);
    user!.positions[WETH] = { scaledSupply: 10n ** 18n, scaledDebt: 0n, collateral: true };
    expect(okOf(lendingAccountData(pool, user!, [2_000n * USD], T0)).data.healthFactor).toBe(
      HEALTH_FACTOR_UNBOUNDED,
    );
    const missing = lendingAccountData(pool, user!, [], T0);
    expect(missing.ok === false && missing.code).toBe('LENDING_NO_PRICE');
    // Supply not used as collateral needs no price.
    user!.positions[WETH]!.collateral = false;
    expect(lendingAccountData(pool, user!, [], T0).ok).toBe(true);
  });
});
