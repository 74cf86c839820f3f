/**
 * Interest rates from usage (Aave v3.1+ DefaultReserveInterestRateStrategyV2), all RAY and yearly
 * (APR). Roundings lean toward the pool: usage and the borrow rate round up, the supply rate down,
 * so suppliers are never promised more than borrowers pay (Aave rounds each step half-up; results
 * differ from Aave's by a few 1e-27 at most).
 */
import { BPS, RAY, Rounding, mulDiv, rayMul } from '../money/index.ts';
import type { RateModel } from './config.ts';

export interface ReserveRates {
  /** debt / (cash + debt): what the curve reads. */
  readonly borrowUsage: bigint;
  /** debt / (cash + debt + deficit): the share of suppliers' claims that earns interest. */
  readonly supplyUsage: bigint;
  readonly borrowRate: bigint;
  readonly supplyRate: bigint;
}

/** The borrow rate at a usage: base + slope1 x U/Uopt up to the kink, then + slope2 x (U-Uopt)/(1-Uopt). */
export function borrowRateAt(model: RateModel, usage: bigint): bigint {
  const { optimalUsage, baseRate, slope1, slope2 } = model;
  if (usage <= optimalUsage) return baseRate + mulDiv(slope1, usage, optimalUsage, Rounding.Up);
  return baseRate + slope1 + mulDiv(slope2, usage - optimalUsage, RAY - optimalUsage, Rounding.Up);
}

/** The supply rate paid for a borrow rate: borrow rate x supply usage x (1 - reserve factor), floored once. */
export function supplyRateFor(borrowRate: bigint, supplyUsage: bigint, reserveFactor: bigint): bigint {
  return mulDiv(borrowRate * supplyUsage, BPS - reserveFactor, RAY * BPS, Rounding.Down);
}

/**
 * Rates of a reserve holding `cash` and owing `debtRay` (total debt x RAY, i.e. scaled debt x borrow
 * index, kept unrounded so usage never counts the ceiling of what is owed), with `deficit` bad debt.
 * No debt: supply rate 0 and the base borrow rate, as Aave.
 */
export function ratesFor(
  model: RateModel,
  reserveFactor: bigint,
  cash: bigint,
  debtRay: bigint,
  deficit: bigint,
): ReserveRates {
  if (debtRay === 0n) return { borrowUsage: 0n, supplyUsage: 0n, borrowRate: model.baseRate, supplyRate: 0n };
  const borrowUsage = mulDiv(debtRay, RAY, cash * RAY + debtRay, Rounding.Up);
  const supplyUsage = mulDiv(debtRay, RAY, (cash + deficit) * RAY + debtRay, Rounding.Down);
  const borrowRate = borrowRateAt(model, borrowUsage);
  return {
    borrowUsage,
    supplyUsage,
    borrowRate,
    supplyRate: supplyRateFor(borrowRate, supplyUsage, reserveFactor),
  };
}

const SECONDS_PER_YEAR = 365n * 24n * 3600n;

/**
 * The yearly yield of a rate compounded every second, (1 + rate / seconds a year)^(seconds a year) - 1,
 * as Aave's interfaces show APY (RAY). Each step rounds down: a figure to show, never to pay with.
 */
export function compoundedYield(rate: bigint): bigint {
  let base = RAY + rate / SECONDS_PER_YEAR;
  let result = RAY;
  for (let n = SECONDS_PER_YEAR; n > 0n; n >>= 1n) {
    if ((n & 1n) === 1n) result = rayMul(result, base, Rounding.Down);
    base = rayMul(base, base, Rounding.Down);
  }
  return result - RAY;
}
