/**
 * Per-reserve state and its accrual (Aave ReserveLogic): a linear liquidity index for suppliers, a
 * compounded borrow index for borrowers, the treasury's cut of the interest, and the virtual cash
 * balance. Balances are kept scaled, so interest accrues without touching positions.
 */
import { RAY, Rounding, applyBps, rayDiv, rayMul } from '../money/index.ts';
import type { ReserveParams } from './config.ts';
import { compoundedInterest, debtBalance, linearInterest, supplyBalance } from './math.ts';
import { ratesFor } from './rates.ts';

export interface ReserveState {
  /** RAY; suppliers' balance = scaled x this. */
  liquidityIndex: bigint;
  /** RAY; borrowers' debt = scaled x this. */
  variableBorrowIndex: bigint;
  /** Rates in force since `lastUpdate` (RAY, yearly), recomputed after every change. */
  liquidityRate: bigint;
  variableBorrowRate: bigint;
  /** Sum of the users' scaled supply (the treasury's is `accruedToTreasury`). */
  scaledTotalSupply: bigint;
  /** Sum of the users' scaled debt. */
  scaledTotalDebt: bigint;
  /** The treasury's scaled supply: reserve factor and liquidation fees. */
  accruedToTreasury: bigint;
  /** Underlying the pool holds (Aave's virtual balance): supplies and repayments in, loans and withdrawals out. */
  cash: bigint;
  /** Bad debt written off by liquidations, still owed to suppliers until covered. */
  deficit: bigint;
  /** ms of the last accrual. */
  lastUpdate: number;
}

/** A freshly listed reserve at `now`: indexes at 1, nothing supplied. */
export function newReserveState(params: ReserveParams, now: number): ReserveState {
  return {
    liquidityIndex: RAY,
    variableBorrowIndex: RAY,
    liquidityRate: 0n,
    variableBorrowRate: params.rates.baseRate,
    scaledTotalSupply: 0n,
    scaledTotalDebt: 0n,
    accruedToTreasury: 0n,
    cash: 0n,
    deficit: 0n,
    lastUpdate: now,
  };
}

function elapsedSince(reserve: ReserveState, now: number): number {
  if (now < reserve.lastUpdate) {
    throw new RangeError(`lending: time went back from ${reserve.lastUpdate} to ${now}`);
  }
  return now - reserve.lastUpdate;
}

/** The liquidity index as of `now` (getNormalizedIncome): what accrual would store. */
export function normalizedIncome(reserve: ReserveState, now: number): bigint {
  const dt = elapsedSince(reserve, now);
  if (dt === 0 || reserve.liquidityRate === 0n) return reserve.liquidityIndex;
  return rayMul(linearInterest(reserve.liquidityRate, dt), reserve.liquidityIndex, Rounding.Down);
}

/** The borrow index as of `now` (getNormalizedDebt). Without debt the index stays, whatever the base rate. */
export function normalizedDebt(reserve: ReserveState, now: number): bigint {
  const dt = elapsedSince(reserve, now);
  if (dt === 0 || reserve.scaledTotalDebt === 0n) return reserve.variableBorrowIndex;
  // Rounded up, where Aave rounds half-up: debt never grows less than the factor says.
  return rayMul(compoundedInterest(reserve.variableBorrowRate, dt), reserve.variableBorrowIndex, Rounding.Up);
}

/**
 * Bring a reserve to `now` (ReserveLogic.updateState): both indexes move at the stored rates, and the
 * reserve factor's share of the interest borrowers accrued is minted to the treasury as scaled supply.
 * Every step floors what suppliers and the treasury get, so they never receive more than borrowers owe.
 */
export function accrueReserve(reserve: ReserveState, params: ReserveParams, now: number): void {
  if (elapsedSince(reserve, now) === 0) return;
  const nextLiquidityIndex = normalizedIncome(reserve, now);
  const nextBorrowIndex = normalizedDebt(reserve, now);
  if (params.reserveFactor !== 0n && reserve.scaledTotalDebt !== 0n) {
    const debtAccrued = rayMul(
      reserve.scaledTotalDebt,
      nextBorrowIndex - reserve.variableBorrowIndex,
      Rounding.Down,
    );
    const toTreasury = applyBps(debtAccrued, params.reserveFactor, Rounding.Down);
    reserve.accruedToTreasury += rayDiv(toTreasury, nextLiquidityIndex, Rounding.Down);
  }
  reserve.liquidityIndex = nextLiquidityIndex;
  reserve.variableBorrowIndex = nextBorrowIndex;
  reserve.lastUpdate = now;
}

/** A copy of the reserve brought to `now`; the original is untouched. */
export function accruedReserve(reserve: ReserveState, params: ReserveParams, now: number): ReserveState {
  const copy = { ...reserve };
  accrueReserve(copy, params, now);
  return copy;
}

/** Recompute the stored rates from the reserve's cash, debt and deficit (after any change to them). */
export function refreshRates(reserve: ReserveState, params: ReserveParams): void {
  const rates = ratesFor(
    params.rates,
    params.reserveFactor,
    reserve.cash,
    reserve.scaledTotalDebt * reserve.variableBorrowIndex,
    reserve.deficit,
  );
  reserve.liquidityRate = rates.supplyRate;
  reserve.variableBorrowRate = rates.borrowRate;
}

/** Where a reserve's money is, as of `now`, in underlying units. */
export interface ReserveBalance {
  readonly cash: bigint;
  /** Users' debt, rounded up. */
  readonly totalDebt: bigint;
  readonly deficit: bigint;
  /** Users' supply, rounded down. */
  readonly totalSupply: bigint;
  /** The treasury's supply, rounded down. */
  readonly treasury: bigint;
  /**
   * cash + totalDebt + deficit - totalSupply - treasury. Never negative: every rounding favours the
   * pool and debt compounds while supply grows linearly. Each accrual adds the compounding spread,
   * about (1 - reserve factor) x debt x (factor - 1 - rate x t), plus the surplus's own share of the
   * supply interest (suppliers are paid on their claims only); each operation adds a few units.
   */
  readonly surplus: bigint;
}

/** The reserve's balance sheet as of `now` (accrued on a copy, so the treasury's share is counted). */
export function reserveBalance(reserve: ReserveState, params: ReserveParams, now: number): ReserveBalance {
  const r = accruedReserve(reserve, params, now);
  const totalDebt = debtBalance(r.scaledTotalDebt, r.variableBorrowIndex);
  const totalSupply = supplyBalance(r.scaledTotalSupply, r.liquidityIndex);
  const treasury = supplyBalance(r.accruedToTreasury, r.liquidityIndex);
  const { cash, deficit } = r;
  return {
    cash,
    totalDebt,
    deficit,
    totalSupply,
    treasury,
    surplus: cash + totalDebt + deficit - totalSupply - treasury,
  };
}

/**
 * The pool identity at the reserve's last update, unrounded (ray units): (cash + deficit) x RAY +
 * scaled debt x borrow index - (users' + treasury's scaled supply) x liquidity index. Never negative;
 * it grows by the compounding spread and a few units of rounding per operation (see ReserveBalance).
 */
export function surplusRay(reserve: ReserveState): bigint {
  return (
    (reserve.cash + reserve.deficit) * RAY +
    reserve.scaledTotalDebt * reserve.variableBorrowIndex -
    (reserve.scaledTotalSupply + reserve.accruedToTreasury) * reserve.liquidityIndex
  );
}
