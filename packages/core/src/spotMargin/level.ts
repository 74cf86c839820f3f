import type { MarginAccount, MarginLevelState } from '../account/index.ts';
import { PPM, Rounding, divRound, pow10 } from '../money/index.ts';
import { accrue, interestOwed, rawAfterBorrow } from './interest.ts';

/**
 * Margin level ML = total asset value / (total debt + outstanding interest), both in the valuation
 * asset. Values are kept exact: `amount` smallest units of an asset with d decimals, at `price`
 * smallest valuation units per whole asset, are worth amount x price / 10^d valuation units; times
 * 10^18 that is amount x price x 10^(18 - d), an integer for every d <= 18. Levels are compared by cross-multiplication, never by a rounded ratio.
 */

/** No debt: the level is unbounded (reported as Int64's maximum, as for perpetual margin ratios). */
export const MARGIN_LEVEL_UNBOUNDED_PPM = 2n ** 63n - 1n;

const SCALE_DECIMALS = 18;

/** Exact value of `amount` smallest units at `price`, in smallest valuation units x 10^18. */
export function exactValue(amount: bigint, price: bigint, decimals: number): bigint {
  return amount * price * pow10(SCALE_DECIMALS - decimals);
}

/** An exact value back in smallest valuation units, rounded as named. */
export function valueUnits(exact: bigint, rounding: Rounding): bigint {
  return divRound(exact, pow10(SCALE_DECIMALS), rounding);
}

/** What valuation needs per asset (by asset index). */
export interface Pricing {
  /** Valuation units per whole asset; 0 when the asset has no price (it is then worth nothing). */
  readonly prices: readonly bigint[];
  readonly decimals: readonly number[];
  /** Daily interest rates, WAD (0 for assets that cannot be borrowed). */
  readonly rates: readonly bigint[];
}

export interface MarginTotals {
  /** Exact values (x 10^18 valuation units). */
  readonly assets: bigint;
  readonly debt: bigint;
}

/** A change to value as if it had happened: `wallet` added to one asset, `borrow` borrowed in it. */
export interface MarginChange {
  readonly asset: number;
  readonly wallet: bigint;
  readonly borrow: bigint;
}

/**
 * Total asset value and total debt (principal + interest owed, interest accrued to `now`) of a
 * margin account, optionally after a change. Held funds count as assets: they are still the account's.
 */
export function marginTotals(
  account: MarginAccount,
  pricing: Pricing,
  now: number,
  change?: MarginChange,
): MarginTotals {
  let assets = 0n;
  let debt = 0n;
  for (let i = 0; i < account.wallets.length; i++) {
    const price = pricing.prices[i]!;
    const w = account.wallets[i]!;
    const d = account.debts[i]!;
    const changed = change !== undefined && change.asset === i;
    const balance = w.available + w.held + (changed ? change.wallet + change.borrow : 0n);
    let owed = 0n;
    if (d.principal > 0n || (changed && change.borrow > 0n)) {
      const rate = pricing.rates[i]!;
      let raw = accrue(d, now, rate).interestRaw;
      if (changed && change.borrow > 0n) raw = rawAfterBorrow(raw, change.borrow, rate);
      owed = d.principal + (changed ? change.borrow : 0n) + interestOwed(raw);
    }
    if (price === 0n) continue;
    const decimals = pricing.decimals[i]!;
    assets += exactValue(balance, price, decimals);
    debt += exactValue(owed, price, decimals);
  }
  return { assets, debt };
}

/** ML in ppm, rounded down (against the account); unbounded without debt. */
export function marginLevelPpm(totals: MarginTotals): bigint {
  if (totals.debt === 0n) return MARGIN_LEVEL_UNBOUNDED_PPM;
  const ppm = divRound(totals.assets * PPM, totals.debt, Rounding.Down);
  return ppm < MARGIN_LEVEL_UNBOUNDED_PPM ? ppm : MARGIN_LEVEL_UNBOUNDED_PPM;
}

/** ML >= level (true without debt). */
export function levelAtLeast(totals: MarginTotals, levelPpm: bigint): boolean {
  return totals.debt === 0n || totals.assets * PPM >= levelPpm * totals.debt;
}

/** ML > level (true without debt). */
export function levelAbove(totals: MarginTotals, levelPpm: bigint): boolean {
  return totals.debt === 0n || totals.assets * PPM > levelPpm * totals.debt;
}

/** The thresholds of the bands, ppm, strictly descending from transfer-out to liquidation. */
export interface MarginLevels {
  readonly transferOutLevelPpm: bigint;
  readonly borrowLevelPpm: bigint;
  readonly marginCallLevelPpm: bigint;
  readonly liquidationLevelPpm: bigint;
}

/** The band of an account: each threshold belongs to the worse band (ML <= level). */
export function levelState(totals: MarginTotals, levels: MarginLevels): MarginLevelState {
  if (totals.debt === 0n) return 'NORMAL';
  if (!levelAbove(totals, levels.liquidationLevelPpm)) return 'LIQUIDATION';
  if (!levelAbove(totals, levels.marginCallLevelPpm)) return 'MARGIN_CALL';
  if (!levelAbove(totals, levels.borrowLevelPpm)) return 'NO_BORROW';
  if (!levelAbove(totals, levels.transferOutLevelPpm)) return 'NO_TRANSFER_OUT';
  return 'NORMAL';
}

/**
 * The most of `asset` the account may borrow now: the largest amount, up to `cap`, after which ML
 * stays at or above the borrow level. ML after a borrow only falls as the amount grows (levels are
 * above 1), so a binary search on the exact test finds it.
 */
export function maxBorrowable(
  account: MarginAccount,
  pricing: Pricing,
  now: number,
  asset: number,
  borrowLevelPpm: bigint,
  cap: bigint,
): bigint {
  if (pricing.prices[asset] === 0n || cap <= 0n) return 0n;
  const ok = (x: bigint) =>
    levelAtLeast(marginTotals(account, pricing, now, { asset, wallet: 0n, borrow: x }), borrowLevelPpm);
  if (!ok(1n)) return 0n;
  let low = 1n;
  let high = cap;
  if (ok(high)) return high;
  // Invariant: ok(low), !ok(high).
  while (high - low > 1n) {
    const mid = (low + high) / 2n;
    if (ok(mid)) low = mid;
    else high = mid;
  }
  return low;
}
