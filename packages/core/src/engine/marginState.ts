import { hasDebt, newMarginAccount } from '../account/index.ts';
import type { Account, MarginAccount, WalletHolder } from '../account/index.ts';
import type { MarginParams, SpotMarket, Venue } from '../market/index.ts';
import { pow10 } from '../money/index.ts';
import type { Pricing } from '../spotMargin/index.ts';
import type { EngineEvent } from './events.ts';
import type { EngineState } from './state.ts';

/**
 * Spot margin state beside the accounts: the lending pool and the margin insurance fund per asset,
 * spot index prices, which resting orders trade from a margin account, and two derived sets (the
 * margin accounts with debt, so a price tick visits only borrowers; and those a command touched).
 */

/** The venue's lending pool of one asset: available + outstanding principal = supply + interest - bad debt. */
export interface MarginPool {
  /** The venue's supply for lending (config `lendable`). */
  readonly supply: bigint;
  available: bigint;
  /** Interest repaid into the pool. */
  interestEarned: bigint;
  /** Principal written off after a liquidation the margin fund could not cover. */
  badDebt: bigint;
  /** Interest written off in the same case (it was never part of the pool). */
  lostInterest: bigint;
}

/** A resting order that trades from a margin account (the book's owner stays the account id). */
export interface MarginOrderMeta {
  readonly accountId: number;
  /** The spot pair (market index). */
  readonly market: number;
  /** True: the pair's isolated account; false: the cross account. */
  readonly isolated: boolean;
  /** AUTO_REPAY / AUTO_BORROW_REPAY: what its fills bring in repays debt. */
  readonly autoRepay: boolean;
}

export type MarginFundReason =
  /** Venue money put in (FundMarginInsurance). */
  | 'DEPOSIT'
  /** Liquidation fees. */
  | 'LIQUIDATION_FEE'
  /** What an exhausted account had left (less than one lot of what it owed), taken before covering it. */
  | 'LIQUIDATION_RESIDUAL'
  /** Debt left with no assets, repaid by the fund to the pool. */
  | 'SHORTFALL_COVER';

export interface MarginFundRecord {
  readonly time: number;
  readonly asset: string;
  readonly reason: MarginFundReason;
  amount: bigint;
  balance: bigint;
}

export function newMarginPools(venue: Venue): MarginPool[] {
  return venue.assets.map((a) => {
    const supply = venue.margin?.assets[a.index]?.lendable ?? 0n;
    return { supply, available: supply, interestEarned: 0n, badDebt: 0n, lostInterest: 0n };
  });
}

/** Valuation units per whole asset; 0 when the asset has no price yet (or none can exist). */
export function assetPrice(state: EngineState, params: MarginParams, asset: number): bigint {
  if (asset === params.valuation.index) return pow10(params.valuation.decimals);
  const market = params.priceMarket[asset]!;
  return market === -1 ? 0n : state.spotIndex[market]!;
}

/** Prices, decimals and rates of every asset, for valuation. */
export function pricing(state: EngineState, params: MarginParams): Pricing {
  return {
    prices: state.venue.assets.map((a) => assetPrice(state, params, a.index)),
    decimals: state.venue.assets.map((a) => a.decimals),
    rates: state.venue.assets.map((a) => params.assets[a.index]?.dailyRateWad ?? 0n),
  };
}

/** A number naming one margin account, ordered by account id, then cross before isolated pairs. */
export function marginKey(state: EngineState, m: MarginAccount): number {
  return m.id * (state.venue.markets.length + 1) + m.pair + 1;
}

export function marginByKey(state: EngineState, key: number): MarginAccount | undefined {
  const width = state.venue.markets.length + 1;
  const account = state.accounts[Math.floor(key / width) - 1];
  const pair = (key % width) - 1;
  return pair === -1 ? account?.margin : account?.isolated.get(pair);
}

/** The `pair` field of a margin event: the isolated account's pair symbol, nothing for cross. */
export function scopeOf(state: EngineState, m: MarginAccount): { readonly pair?: string } {
  return m.pair === -1 ? {} : { pair: state.venue.markets[m.pair]!.symbol };
}

/** The isolated account of a pair, or a fresh empty one (not stored: see `attachMargin`). */
export function isolatedOf(state: EngineState, account: Account, market: SpotMarket): MarginAccount {
  return (
    account.isolated.get(market.index) ??
    newMarginAccount(account.id, market.index, state.venue.assets.length)
  );
}

/** Store an isolated account that was only looked at so far (a no-op for existing ones). */
export function attachMargin(account: Account, m: MarginAccount): void {
  if (m.pair !== -1 && !account.isolated.has(m.pair)) account.isolated.set(m.pair, m);
}

/** The margin account a resting order trades from, with its metadata; undefined for spot orders. */
export function marginOrderOf(
  state: EngineState,
  account: Account,
  orderId: number,
): { readonly margin: MarginAccount; readonly meta: MarginOrderMeta } | undefined {
  if (state.marginOrders.size === 0) return undefined;
  const meta = state.marginOrders.get(orderId);
  if (!meta) return undefined;
  const margin = meta.isolated ? account.isolated.get(meta.market) : account.margin;
  if (!margin) throw new RangeError(`order ${orderId} trades from a missing isolated account`);
  return { margin, meta };
}

/** The wallets a resting order settles, holds and releases with. */
export function holderOf(state: EngineState, account: Account, orderId: number): WalletHolder {
  return marginOrderOf(state, account, orderId)?.margin ?? account;
}

/** A margin account whose level may have moved: its band is re-evaluated when the command ends. */
export function markMarginDirty(state: EngineState, m: MarginAccount): void {
  state.marginDirty.add(marginKey(state, m));
}

/** Keep the set of borrowers in step with the account's debt. */
export function syncBorrower(state: EngineState, m: MarginAccount): void {
  if (hasDebt(m)) state.borrowers.add(marginKey(state, m));
  else state.borrowers.delete(marginKey(state, m));
}

/** The derived set of borrowers, from scratch (after decoding a snapshot). */
export function rebuildBorrowers(state: EngineState): void {
  state.borrowers.clear();
  for (const account of state.accounts) {
    syncBorrower(state, account.margin);
    for (const m of account.isolated.values()) syncBorrower(state, m);
  }
}

/**
 * Move `amount` into (> 0) or out of (< 0) the margin insurance fund and record it; lines of the
 * same command, asset and reason merge, as the perpetual fund's do.
 */
export function marginFundFlow(
  state: EngineState,
  asset: number,
  amount: bigint,
  reason: MarginFundReason,
  events: EngineEvent[],
): void {
  if (amount === 0n) return;
  state.marginFund[asset]! += amount;
  const symbol = state.venue.assets[asset]!.symbol;
  const balance = state.marginFund[asset]!;
  events.push({ type: 'MarginInsuranceChanged', asset: symbol, reason, amount, balance });
  const history = state.marginFundHistory;
  const last = history[history.length - 1];
  if (last && last.time === state.commandTime && last.asset === symbol && last.reason === reason) {
    last.amount += amount;
    last.balance = balance;
  } else {
    history.push({ time: state.commandTime, asset: symbol, reason, amount, balance });
  }
}
