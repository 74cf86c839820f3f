/**
 * An account's standing across reserves (Aave GenericLogic.calculateUserAccountData, v3.5+ form):
 * collateral valued down, debt valued up, averages weighted by collateral value, and the health factor
 * from the unrounded sum of collateral x threshold. E-mode terms apply to collateral in the account's
 * category.
 */
import { BPS, Rounding, WAD, applyBps, mulDiv } from '../money/index.ts';
import type { LendingParams } from './config.ts';
import { LendingRejectCode, lendingReject } from './codes.ts';
import type { LendingRejection, LendingResult } from './codes.ts';
import { baseValue, debtBalance, divBps, supplyBalance } from './math.ts';
import type { LendingAccount, LendingPool, LendingPosition, LendingPrices } from './pool.ts';
import { positionOf, reserveState } from './pool.ts';
import { normalizedDebt, normalizedIncome } from './reserve.ts';
import type { ReserveState } from './reserve.ts';

/** No debt: the health factor is unbounded (Aave's type(uint256).max). */
export const HEALTH_FACTOR_UNBOUNDED = 2n ** 256n - 1n;
/** Below this (1.0, WAD) an account may be liquidated; no action may take it there. */
export const HEALTH_FACTOR_LIQUIDATION = WAD;

export interface LendingAccountData {
  /** Base-currency units. */
  readonly totalCollateral: bigint;
  readonly totalDebt: bigint;
  /** Collateral x average LTV - debt, at least 0. */
  readonly availableBorrows: bigint;
  /** bps, weighted by collateral value (rounded down). */
  readonly ltv: bigint;
  readonly liquidationThreshold: bigint;
  /** WAD: sum(collateral x threshold) / debt, rounded down. */
  readonly healthFactor: bigint;
  /** Some enabled collateral has LTV 0 (it must be withdrawn first). */
  readonly hasZeroLtvCollateral: boolean;
}

export interface CollateralTerms {
  readonly ltv: bigint;
  readonly liquidationThreshold: bigint;
  /** Including the repaid value (10_500 = 5%). */
  readonly liquidationBonus: bigint;
}

/** LTV, threshold and bonus of a reserve's collateral for an account in e-mode `eMode` (0 = none). */
export function collateralTerms(params: LendingParams, eMode: number, index: number): CollateralTerms {
  const reserve = params.reserves[index];
  if (!reserve) throw new RangeError(`lending: no reserve ${index}`);
  const category = eMode === 0 ? undefined : params.eModes.get(eMode);
  return category?.collateral[index] === true ? category : reserve;
}

/** How an operation sees the pool: possibly staged copies (see stage.ts). */
export interface PoolView {
  readonly params: LendingParams;
  reserve(index: number): ReserveState;
  position(index: number): LendingPosition;
  readonly eMode: number;
}

/** Account data of the view at `now`; refused only when a needed price is missing. */
export function accountDataOf(
  view: PoolView,
  prices: LendingPrices,
  now: number,
): LendingAccountData | LendingRejection {
  let totalCollateral = 0n;
  let totalDebt = 0n;
  let weightedLtv = 0n;
  let weightedThreshold = 0n;
  let hasZeroLtvCollateral = false;
  const { params } = view;
  for (const reserve of params.reserves) {
    const position = view.position(reserve.index);
    const terms = collateralTerms(params, view.eMode, reserve.index);
    const counts = position.collateral && position.scaledSupply !== 0n && terms.liquidationThreshold !== 0n;
    if (!counts && position.scaledDebt === 0n) continue;
    const price = prices[reserve.index] ?? 0n;
    if (price <= 0n) return lendingReject(LendingRejectCode.NoPrice, `no price for ${reserve.asset}`);
    const state = view.reserve(reserve.index);
    if (counts) {
      const balance = supplyBalance(position.scaledSupply, normalizedIncome(state, now));
      const value = baseValue(balance, price, reserve.unit, Rounding.Down);
      totalCollateral += value;
      if (terms.ltv === 0n) hasZeroLtvCollateral = true;
      weightedLtv += value * terms.ltv;
      weightedThreshold += value * terms.liquidationThreshold;
    }
    if (position.scaledDebt !== 0n) {
      const debt = debtBalance(position.scaledDebt, normalizedDebt(state, now));
      totalDebt += baseValue(debt, price, reserve.unit, Rounding.Up);
    }
  }
  const ltv = totalCollateral === 0n ? 0n : weightedLtv / totalCollateral;
  const liquidationThreshold = totalCollateral === 0n ? 0n : weightedThreshold / totalCollateral;
  const borrowable = applyBps(totalCollateral, ltv, Rounding.Down);
  return {
    totalCollateral,
    totalDebt,
    availableBorrows: borrowable > totalDebt ? borrowable - totalDebt : 0n,
    ltv,
    liquidationThreshold,
    healthFactor:
      totalDebt === 0n
        ? HEALTH_FACTOR_UNBOUNDED
        : mulDiv(weightedThreshold, WAD, totalDebt * BPS, Rounding.Down),
    hasZeroLtvCollateral,
  };
}

/** The pool as it stands, for one account. */
export function poolView(
  pool: LendingPool,
  account: LendingAccount,
  eMode: number = account.eMode,
): PoolView {
  return {
    params: pool.params,
    reserve: (index) => reserveState(pool, index),
    position: (index) => positionOf(account, index),
    eMode,
  };
}

/** An account's collateral, debt, available borrows, LTV, threshold and health factor at `now`. */
export function lendingAccountData(
  pool: LendingPool,
  account: LendingAccount,
  prices: LendingPrices,
  now: number,
): LendingResult<{ readonly data: LendingAccountData }> {
  const data = accountDataOf(poolView(pool, account), prices, now);
  return 'ok' in data ? data : { ok: true, data };
}

/** After a borrow: some collateral can back it, HF >= 1, and debt <= collateral x LTV (validateHFAndLtv). */
export function checkBorrowable(data: LendingAccountData): LendingRejection | undefined {
  if (data.ltv === 0n)
    return lendingReject(LendingRejectCode.NoCollateral, 'no collateral that can back a borrow');
  if (data.healthFactor < HEALTH_FACTOR_LIQUIDATION) {
    return lendingReject(LendingRejectCode.HealthFactorTooLow, 'the health factor would fall below 1');
  }
  if (data.totalCollateral < divBps(data.totalDebt, data.ltv, Rounding.Up)) {
    return lendingReject(LendingRejectCode.LtvExceeded, 'the debt would exceed collateral x LTV');
  }
  return undefined;
}

/**
 * After removing collateral of reserve `index`: HF >= 1, and while LTV-0 collateral is held only
 * that may go first (validateHFAndLtvzero).
 */
export function checkCollateralRemoval(
  data: LendingAccountData,
  params: LendingParams,
  eMode: number,
  index: number,
): LendingRejection | undefined {
  if (data.healthFactor < HEALTH_FACTOR_LIQUIDATION) {
    return lendingReject(LendingRejectCode.HealthFactorTooLow, 'the health factor would fall below 1');
  }
  if (data.hasZeroLtvCollateral && collateralTerms(params, eMode, index).ltv !== 0n) {
    return lendingReject(
      LendingRejectCode.LtvZeroCollateralFirst,
      'withdraw or disable the LTV-0 collateral first',
    );
  }
  return undefined;
}
