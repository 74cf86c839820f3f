import { accountById, lendingAccountData, newLendingAccount } from '@fulcrum/core';
import type {
  Asset,
  EngineState,
  LendingAccount,
  LendingAccountData,
  LendingPool,
  ReserveParams,
  UnstampedCommand,
  Venue,
} from '@fulcrum/core';
import { ParamError } from '../scenario/errors.ts';
import type { StrategyEnv } from './types.ts';

/** What the lending strategies share: reserves named in params, plans on a copy of the pool, swaps. */

/** A reserve a param names: its pool parameters and its venue asset. */
export interface ReserveRef {
  readonly params: ReserveParams;
  readonly asset: Asset;
}

/**
 * The reserve lending `symbol`, checked for what a strategy needs: a pool, a reserve, and a price
 * the oracle is fed (a price path, or USDT at par).
 */
export function reserveParam(env: StrategyEnv, symbol: string, path: string): ReserveRef {
  const lending = env.venue.lending;
  if (!lending) throw new ParamError(path, 'the venue has no lending pool');
  const asset = env.venue.assetBySymbol.get(symbol);
  const index = asset ? lending.reserveOf[asset.index]! : -1;
  if (!asset || index < 0)
    throw new ParamError(
      path,
      `${symbol} is not a reserve of the lending pool (it lends ${lending.assets.map((a) => a.symbol).join(', ')})`,
    );
  if (symbol !== 'USDT' && !env.pricedAssets.includes(symbol))
    throw new ParamError(
      path,
      `no price path for ${symbol}: the pool's oracle needs one (add prices.${symbol})`,
    );
  return { params: lending.params.reserves[index]!, asset };
}

/** The first e-mode category where `collateral` counts and `debt` may be borrowed; 0 when none. */
export function eModeFor(venue: Venue, collateral: ReserveRef, debt: ReserveRef): number {
  const modes = [...(venue.lending?.params.eModes.values() ?? [])].sort((a, b) => a.id - b.id);
  const found = modes.find(
    (e) => e.collateral[collateral.params.index] === true && e.borrowable[debt.params.index] === true,
  );
  return found?.id ?? 0;
}

/**
 * A copy of the pool and of one account's positions at the oracle's prices: pool operations run on
 * it (the core's own lendingBorrow, lendingSupply, ...) to plan a series of commands exactly, with
 * the amounts each one will move, before any is sent.
 */
export interface PoolDraft {
  readonly pool: LendingPool;
  readonly account: LendingAccount;
  /** Oracle prices by reserve index (base currency units per whole asset). */
  readonly prices: readonly bigint[];
  /** The time the commands will carry. */
  readonly now: number;
}

export function poolDraft(state: EngineState, accountId: number, now: number): PoolDraft | undefined {
  const pool = state.lending;
  const lending = state.venue.lending;
  const account = accountById(state, accountId);
  if (!pool || !lending || !account) return undefined;
  const own = account.lending ?? newLendingAccount(pool.params.reserves.length);
  return {
    pool: { params: pool.params, reserves: pool.reserves.map((r) => ({ ...r })) },
    account: { eMode: own.eMode, positions: own.positions.map((p) => ({ ...p })) },
    prices: lending.assets.map((a) => state.oracle[a.index] ?? 0n),
    now,
  };
}

/** The draft account's collateral, debt, threshold and health factor; undefined when a price is missing. */
export function draftData(d: PoolDraft): LendingAccountData | undefined {
  const r = lendingAccountData(d.pool, d.account, d.prices, d.now);
  return r.ok ? r.data : undefined;
}

/** `amount` of one reserve's asset worth in another's at the oracle's prices, rounded down; 0 without prices. */
export function atOracle(
  prices: readonly bigint[],
  from: ReserveRef,
  to: ReserveRef,
  amount: bigint,
): bigint {
  const pFrom = prices[from.params.index] ?? 0n;
  const pTo = prices[to.params.index] ?? 0n;
  if (pFrom <= 0n || pTo <= 0n || amount <= 0n) return 0n;
  return (amount * pFrom * to.params.unit) / (pTo * from.params.unit);
}

/** Smallest units of a reserve's asset worth `value` base currency units (a float decision), rounded down. */
export function unitsFor(prices: readonly bigint[], r: ReserveRef, value: number): bigint {
  const price = Number(prices[r.params.index] ?? 0n);
  if (!(value > 0) || !(price > 0) || !Number.isFinite(value)) return 0n;
  const units = Math.floor((value / price) * Number(r.params.unit));
  return Number.isFinite(units) && units > 0 ? BigInt(units) : 0n;
}

/**
 * A swap outside the venue at the oracle ratio: `amount` of `from` leaves the account (Withdraw) and
 * `received` of `to` comes in (Deposit), as a swap through a DEX or the asset's issuer would.
 * The simulator's valuation uses the same prices, so a swap moves no equity but its fee.
 */
export function swapCommands(
  accountId: number,
  from: string,
  to: string,
  amount: bigint,
  received: bigint,
): UnstampedCommand[] {
  return [
    { type: 'Withdraw', accountId, asset: from, amount },
    { type: 'Deposit', accountId, asset: to, amount: received },
  ];
}

/** `amount` less a fee (a fraction, taken to 1e-9), rounded down. */
export function lessFee(amount: bigint, fee: number): bigint {
  if (fee <= 0) return amount;
  return (amount * BigInt(Math.round((1 - fee) * 1e9))) / 1_000_000_000n;
}
