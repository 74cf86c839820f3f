/** Shared set-ups for the lending tests: the default pool, prices, and a strict unwrap of results. */
import { RAY, Rounding, mulDiv, mustParseDecimal } from '../money/index.ts';
import type { LendingResult } from './codes.ts';
import { mustLoadLending } from './config.ts';
import { defaultLendingConfig } from './defaults.ts';
import { YEAR_MS, compoundedInterest, linearInterest } from './math.ts';
import { newLendingAccount, newLendingPool } from './pool.ts';
import type { LendingAccount, LendingPool } from './pool.ts';
import { surplusRay } from './reserve.ts';
import type { ReserveState } from './reserve.ts';

/** Reserve indexes of the default config. */
export const WETH = 0;
export const WSTETH = 1;
export const WBTC = 2;
export const USDC = 3;
export const USDT = 4;
export const DECIMALS = [18, 18, 8, 6, 6] as const;

/** One US dollar in the oracle's base currency (8 decimals). */
export const USD = 10n ** 8n;
/** 2023-11-14T22:13:20Z, in ms. */
export const T0 = 1_700_000_000_000;

export function defaultPool(now: number = T0): LendingPool {
  return newLendingPool(mustLoadLending(defaultLendingConfig()), now);
}

export function newAccounts(pool: LendingPool, count: number): LendingAccount[] {
  return Array.from({ length: count }, () => newLendingAccount(pool.params.reserves.length));
}

/** Decimal text in a reserve's smallest units, e.g. amount(WETH, '1.5'). */
export function amount(reserve: number, text: string): bigint {
  return mustParseDecimal(text, DECIMALS[reserve] ?? 0);
}

/** WETH $3,000, WSTETH $3,600 (1.2 ETH), WBTC $60,000, USDC and USDT $1. */
export function defaultPrices(): bigint[] {
  return [3_000n * USD, 3_600n * USD, 60_000n * USD, USD, USD];
}

/** The accepted outcome, or an error naming the refusal. */
export function okOf<T>(result: LendingResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.code} ${result.message}`);
  return result;
}

/** A deep, comparable copy of pool state and accounts (bigints as strings). */
export function snapshotOf(pool: LendingPool, accounts: readonly LendingAccount[]): string {
  return JSON.stringify({ reserves: pool.reserves, accounts }, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

/**
 * How much the pool's surplus (surplusRay) may grow from `before` to `after`, ray units. An accrual
 * adds the compounding spread (debt x (factor - 1 - x)), interest on the surplus itself (suppliers are
 * paid on debt / (cash + debt + deficit), which the surplus is part of), one index ulp per scaled unit,
 * and a few units of floors (treasury mint); any change adds at most a few units of scaled-balance
 * rounding. Summed over a run's steps, it bounds the surplus from above.
 */
export function surplusGrowthBound(before: ReserveState, after: ReserveState): bigint {
  let bound = 0n;
  const dt = after.lastUpdate - before.lastUpdate;
  if (dt > 0) {
    const factor = compoundedInterest(before.variableBorrowRate, dt);
    const x = mulDiv(before.variableBorrowRate, BigInt(dt), BigInt(YEAR_MS), Rounding.Up);
    const debtRay = before.scaledTotalDebt * before.variableBorrowIndex;
    bound += mulDiv(debtRay, factor - RAY - x, RAY, Rounding.Up);
    const surplus = surplusRay(before);
    if (surplus > 0n)
      bound += mulDiv(surplus, linearInterest(before.liquidityRate, dt) - RAY, RAY, Rounding.Up);
    bound += before.scaledTotalDebt + before.scaledTotalSupply + before.accruedToTreasury + 10n * RAY;
  }
  return bound + 10n * RAY;
}
