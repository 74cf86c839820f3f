import type { Account, LendingAccount } from '../account/index.ts';
import { newLendingAccount } from '../lending/index.ts';
import type { LendingPool, ReserveState } from '../lending/index.ts';
import type { Asset, VenueLending } from '../market/index.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import type { EngineEvent } from './events.ts';
import type { EngineState } from './state.ts';

/**
 * The lending pool inside the engine: its reserves in `state.lending`, each account's positions in
 * `account.lending`, prices from `state.oracle`. Operations of the lending module run on a draft (copies
 * of the reserves and of the accounts' positions); the handler checks wallets against the outcome and
 * only then commits, so a refusal at any point leaves the state as it was.
 */

export interface LendingOn {
  readonly ok: true;
  readonly lending: VenueLending;
  readonly pool: LendingPool;
}

/** The venue's pool, or LENDING_DISABLED. */
export function lendingOn(state: EngineState): LendingOn | Rejection {
  const lending = state.venue.lending;
  const pool = state.lending;
  if (!lending || !pool) return reject('LENDING_DISABLED', 'this venue has no lending pool');
  return { ok: true, lending, pool };
}

/** The reserve lending `asset`, or a coded refusal. */
export function reserveOfAsset(
  state: EngineState,
  lending: VenueLending,
  symbol: string,
): { readonly ok: true; readonly asset: Asset; readonly reserve: number } | Rejection {
  const asset = state.venue.assetBySymbol.get(symbol);
  if (!asset) return reject('ACCOUNT_ASSET_UNKNOWN', `no asset ${symbol}`);
  const reserve = lending.reserveOf[asset.index] ?? -1;
  if (reserve < 0) return reject('LENDING_UNKNOWN_RESERVE', `the pool does not lend ${symbol}`);
  return { ok: true, asset, reserve };
}

/** Oracle prices by reserve index, as the lending module reads them (0n: no price). */
export function lendingPrices(state: EngineState, lending: VenueLending): bigint[] {
  return lending.assets.map((a) => state.oracle[a.index] ?? 0n);
}

/** The account's positions, or empty ones for an account that never used the pool. */
export function lendingOf(pool: LendingPool, account: Account): LendingAccount {
  return account.lending ?? newLendingAccount(pool.params.reserves.length);
}

/** Nothing supplied, owed, flagged or chosen: such an account is held as null. */
export function emptyLending(a: LendingAccount): boolean {
  return (
    a.eMode === 0 && a.positions.every((p) => p.scaledSupply === 0n && p.scaledDebt === 0n && !p.collateral)
  );
}

function copyAccount(a: LendingAccount): LendingAccount {
  return { eMode: a.eMode, positions: a.positions.map((p) => ({ ...p })) };
}

const RESERVE_FIELDS = [
  'liquidityIndex',
  'variableBorrowIndex',
  'liquidityRate',
  'variableBorrowRate',
  'scaledTotalSupply',
  'scaledTotalDebt',
  'accruedToTreasury',
  'cash',
  'deficit',
  'lastUpdate',
] as const satisfies readonly (keyof ReserveState)[];

function sameReserve(a: ReserveState, b: ReserveState): boolean {
  return RESERVE_FIELDS.every((f) => a[f] === b[f]);
}

/** Copies of the pool's reserves and of some accounts' positions, for one operation. */
export class LendingDraft {
  readonly pool: LendingPool;
  /** The holders' positions, copied, in the order given. */
  readonly accounts: LendingAccount[];

  constructor(
    private readonly original: LendingPool,
    private readonly holders: readonly Account[],
  ) {
    this.pool = { params: original.params, reserves: original.reserves.map((r) => ({ ...r })) };
    this.accounts = holders.map((h) => copyAccount(lendingOf(original, h)));
  }

  /**
   * Write the copies back (an account left empty is held as null again) and report, in reserve
   * order, every reserve that changed with a ReserveDataUpdated event.
   */
  commit(lending: VenueLending, events: EngineEvent[]): void {
    this.holders.forEach((holder, i) => {
      const copy = this.accounts[i]!;
      holder.lending = emptyLending(copy) ? null : copy;
    });
    this.pool.reserves.forEach((copy, i) => {
      if (sameReserve(copy, this.original.reserves[i]!)) return;
      this.original.reserves[i] = copy;
      events.push({
        type: 'ReserveDataUpdated',
        asset: lending.assets[i]!.symbol,
        liquidityRate: copy.liquidityRate,
        variableBorrowRate: copy.variableBorrowRate,
        liquidityIndex: copy.liquidityIndex,
        variableBorrowIndex: copy.variableBorrowIndex,
        cash: copy.cash,
        deficit: copy.deficit,
      });
    });
  }
}
