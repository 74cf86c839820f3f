import {
  HEALTH_FACTOR_UNBOUNDED,
  accountDataOf,
  accruedReserve,
  borrowedBalance,
  compoundedYield,
  lendingMaxBorrow,
  poolView,
  ratesFor,
  reserveBalance,
  suppliedBalance,
} from '../lending/index.ts';
import type { LendingAccountData } from '../lending/index.ts';
import { lendingOf, lendingPrices } from './lendingState.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

/**
 * Read-only views of the lending pool for the API and bots, at the last command's time: an
 * account's positions and health, and every reserve's balance sheet and rates. Values in the base
 * currency (USD, `baseCurrencyDecimals`), shares in bps, rates and indexes in RAY, HF in WAD.
 */

export interface LendingPositionView {
  readonly asset: string;
  /** Supply with interest (rounded down) and debt with interest (rounded up), smallest units. */
  readonly supplied: bigint;
  readonly borrowed: bigint;
  /** The supply counts as collateral. */
  readonly collateral: boolean;
  /** Oracle price per whole asset; 0 when it has none. */
  readonly price: bigint;
  /** An amount the account can borrow now (every check passes for it); 0 when none. */
  readonly maxBorrow: bigint;
}

export interface LendingAccountView {
  readonly accountId: number;
  /** E-mode category, 0 for none, and its label. */
  readonly eMode: number;
  readonly eModeLabel: string | null;
  /** Every reserve of the pool, in reserve order. */
  readonly positions: LendingPositionView[];
  /** Base-currency units; collateral rounded down, debt up. */
  readonly totalCollateral: bigint;
  readonly totalDebt: bigint;
  readonly availableBorrows: bigint;
  /** Weighted by collateral value, bps. */
  readonly ltv: bigint;
  readonly liquidationThreshold: bigint;
  /** WAD; HEALTH_FACTOR_UNBOUNDED without debt. */
  readonly healthFactor: bigint;
  /** An asset the account holds or owes has no oracle price: the totals above are 0 and HF unknown. */
  readonly missingPrice: boolean;
  readonly baseCurrencyDecimals: number;
}

/** An account's lending positions and health; undefined without a pool or for an unknown account. */
export function lendingAccountView(state: EngineState, accountId: number): LendingAccountView | undefined {
  const pool = state.lending;
  const lending = state.venue.lending;
  const account = accountById(state, accountId);
  if (!pool || !lending || !account) return undefined;
  const positions = lendingOf(pool, account);
  const prices = lendingPrices(state, lending);
  const now = Math.max(state.time, ...pool.reserves.map((r) => r.lastUpdate));
  const data = accountDataOf(poolView(pool, positions), prices, now);
  const known: LendingAccountData | undefined = 'ok' in data ? undefined : data;
  const category = pool.params.eModes.get(positions.eMode);
  return {
    accountId,
    eMode: positions.eMode,
    eModeLabel: category?.label ?? null,
    positions: pool.params.reserves.map((r) => ({
      asset: lending.assets[r.index]!.symbol,
      supplied: suppliedBalance(pool, positions, r.index, now),
      borrowed: borrowedBalance(pool, positions, r.index, now),
      collateral: positions.positions[r.index]!.collateral,
      price: prices[r.index]!,
      maxBorrow: lendingMaxBorrow(pool, positions, r.index, now, prices),
    })),
    totalCollateral: known?.totalCollateral ?? 0n,
    totalDebt: known?.totalDebt ?? 0n,
    availableBorrows: known?.availableBorrows ?? 0n,
    ltv: known?.ltv ?? 0n,
    liquidationThreshold: known?.liquidationThreshold ?? 0n,
    healthFactor: known?.healthFactor ?? HEALTH_FACTOR_UNBOUNDED,
    missingPrice: known === undefined,
    baseCurrencyDecimals: pool.params.baseCurrencyDecimals,
  };
}

/**
 * An account's health factor alone (WAD; HEALTH_FACTOR_UNBOUNDED without debt), cheaper than the
 * whole view: what a keeper scans borrowers with. Undefined without a pool, for an unknown account,
 * or when a price it needs is missing.
 */
export function lendingHealthFactor(state: EngineState, accountId: number): bigint | undefined {
  const pool = state.lending;
  const lending = state.venue.lending;
  const account = accountById(state, accountId);
  if (!pool || !lending || !account) return undefined;
  if (!account.lending) return HEALTH_FACTOR_UNBOUNDED;
  const now = Math.max(state.time, ...pool.reserves.map((r) => r.lastUpdate));
  const data = accountDataOf(poolView(pool, account.lending), lendingPrices(state, lending), now);
  return 'ok' in data ? undefined : data.healthFactor;
}

export interface LendingReserveView {
  readonly asset: string;
  readonly decimals: number;
  /** Oracle price per whole asset; 0 when none. */
  readonly price: bigint;
  /** Debt / (cash + debt), RAY. */
  readonly utilization: bigint;
  /** Yearly rates in force (APR) and their per-second compounding over a year (APY), RAY. */
  readonly supplyRate: bigint;
  readonly borrowRate: bigint;
  readonly supplyApy: bigint;
  readonly borrowApy: bigint;
  /** As of now, RAY. */
  readonly liquidityIndex: bigint;
  readonly variableBorrowIndex: bigint;
  /** Smallest units: users' supply (down), users' debt (up), the pool's cash, the treasury's supply, bad debt. */
  readonly totalSupplied: bigint;
  readonly totalBorrowed: bigint;
  readonly cash: bigint;
  readonly treasury: bigint;
  readonly deficit: bigint;
  /** Smallest units; 0 = no cap. */
  readonly supplyCap: bigint;
  readonly borrowCap: bigint;
  /** bps; the bonus includes the repaid value (10,500 = 5%). */
  readonly ltv: bigint;
  readonly liquidationThreshold: bigint;
  readonly liquidationBonus: bigint;
  readonly reserveFactor: bigint;
  readonly liquidationProtocolFee: bigint;
  readonly borrowingEnabled: boolean;
}

/** Every reserve of the pool; empty without one. */
export function lendingReservesView(state: EngineState): LendingReserveView[] {
  const pool = state.lending;
  const lending = state.venue.lending;
  if (!pool || !lending) return [];
  const prices = lendingPrices(state, lending);
  return pool.params.reserves.map((params, i) => {
    const stored = pool.reserves[i]!;
    const now = Math.max(state.time, stored.lastUpdate);
    const r = accruedReserve(stored, params, now);
    const balance = reserveBalance(stored, params, now);
    const usage = ratesFor(
      params.rates,
      params.reserveFactor,
      r.cash,
      r.scaledTotalDebt * r.variableBorrowIndex,
      r.deficit,
    );
    return {
      asset: lending.assets[i]!.symbol,
      decimals: params.decimals,
      price: prices[i]!,
      utilization: usage.borrowUsage,
      supplyRate: stored.liquidityRate,
      borrowRate: stored.variableBorrowRate,
      supplyApy: compoundedYield(stored.liquidityRate),
      borrowApy: compoundedYield(stored.variableBorrowRate),
      liquidityIndex: r.liquidityIndex,
      variableBorrowIndex: r.variableBorrowIndex,
      totalSupplied: balance.totalSupply,
      totalBorrowed: balance.totalDebt,
      cash: balance.cash,
      treasury: balance.treasury,
      deficit: balance.deficit,
      supplyCap: params.supplyCap,
      borrowCap: params.borrowCap,
      ltv: params.ltv,
      liquidationThreshold: params.liquidationThreshold,
      liquidationBonus: params.liquidationBonus,
      reserveFactor: params.reserveFactor,
      liquidationProtocolFee: params.liquidationProtocolFee,
      borrowingEnabled: params.borrowingEnabled,
    };
  });
}

export interface LendingEModeView {
  readonly id: number;
  readonly label: string;
  /** bps; the bonus includes the repaid value. */
  readonly ltv: bigint;
  readonly liquidationThreshold: bigint;
  readonly liquidationBonus: bigint;
  /** Venue assets whose collateral counts at the category's terms, and those a member may borrow. */
  readonly collateral: string[];
  readonly borrowable: string[];
}

/** The pool's e-mode categories, by id. */
export function lendingEModesView(state: EngineState): LendingEModeView[] {
  const pool = state.lending;
  const lending = state.venue.lending;
  if (!pool || !lending) return [];
  const members = (flags: readonly boolean[]) =>
    lending.assets.filter((_, i) => flags[i] === true).map((a) => a.symbol);
  return [...pool.params.eModes.values()]
    .sort((a, b) => a.id - b.id)
    .map((e) => ({
      id: e.id,
      label: e.label,
      ltv: e.ltv,
      liquidationThreshold: e.liquidationThreshold,
      liquidationBonus: e.liquidationBonus,
      collateral: members(e.collateral),
      borrowable: members(e.borrowable),
    }));
}
