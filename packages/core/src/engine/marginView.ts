import type { MarginAccount, MarginLevelState } from '../account/index.ts';
import { Rounding } from '../money/index.ts';
import {
  interestOwed,
  accrue,
  levelState,
  marginLevelPpm,
  marginTotals,
  maxBorrowable,
  valueUnits,
} from '../spotMargin/index.ts';
import { isolatedOf, pricing } from './marginState.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

/** Read-only views of spot margin for the API: accounts (Binance's margin account fields), pools, fund. */

export interface MarginAssetView {
  readonly asset: string;
  /** Available and held by open orders. */
  readonly free: bigint;
  readonly locked: bigint;
  /** Principal and interest owed (interest accrued to the last command's time). */
  readonly borrowed: bigint;
  readonly interest: bigint;
  /** free + locked - borrowed - interest. */
  readonly netAsset: bigint;
  /** The most that can be borrowed now: the pool's available, and the borrow level. */
  readonly maxBorrowable: bigint;
  /** Valuation units per whole asset; 0 when it has no price. */
  readonly price: bigint;
}

export interface MarginAccountView {
  readonly accountId: number;
  /** Isolated: the spot pair; absent for the cross account. */
  readonly pair?: string;
  readonly valuationAsset: string;
  readonly assets: MarginAssetView[];
  /** Valuation units: assets rounded down, debt (principal + interest) rounded up. */
  readonly totalAssetValue: bigint;
  readonly totalDebtValue: bigint;
  /** ML in ppm, rounded down; Int64's maximum without debt. */
  readonly levelPpm: bigint;
  readonly state: MarginLevelState;
}

/**
 * The cross margin account of an account, or with `pair` its isolated account on that spot pair (an
 * empty one when not opened yet). Undefined when the venue has no spot margin, or the account or the
 * pair is unknown or has no isolated margin.
 */
export function marginAccountView(
  state: EngineState,
  accountId: number,
  pair?: string,
): MarginAccountView | undefined {
  const params = state.venue.margin;
  const account = accountById(state, accountId);
  if (!params || !account) return undefined;
  let m: MarginAccount = account.margin;
  let assets = state.venue.assets.filter((a) => params.assets[a.index] !== undefined);
  if (pair !== undefined) {
    const market = state.venue.marketBySymbol.get(pair);
    if (market?.kind !== 'spot' || !market.isolatedMargin) return undefined;
    m = isolatedOf(state, account, market);
    assets = [market.base, market.quote];
  }
  const now = state.time;
  const prices = pricing(state, params);
  const totals = marginTotals(m, prices, now);
  return {
    accountId,
    ...(pair === undefined ? {} : { pair }),
    valuationAsset: params.valuation.symbol,
    assets: assets.map((a) => {
      const w = m.wallets[a.index]!;
      const d = m.debts[a.index]!;
      const interest = interestOwed(accrue(d, now, prices.rates[a.index]!).interestRaw);
      const cap = state.marginPool[a.index]!.available;
      return {
        asset: a.symbol,
        free: w.available,
        locked: w.held,
        borrowed: d.principal,
        interest,
        netAsset: w.available + w.held - d.principal - interest,
        maxBorrowable: maxBorrowable(m, prices, now, a.index, params.borrowLevelPpm, cap),
        price: prices.prices[a.index]!,
      };
    }),
    totalAssetValue: valueUnits(totals.assets, Rounding.Down),
    totalDebtValue: valueUnits(totals.debt, Rounding.Up),
    levelPpm: marginLevelPpm(totals),
    state: levelState(totals, params),
  };
}

export interface MarginPoolView {
  readonly asset: string;
  /** WAD per day. */
  readonly dailyInterestRate: bigint;
  readonly supply: bigint;
  readonly available: bigint;
  /** Principal lent out now. */
  readonly borrowed: bigint;
  readonly interestEarned: bigint;
  readonly badDebt: bigint;
  readonly lostInterest: bigint;
  /** The margin insurance fund's balance of the asset. */
  readonly insuranceFund: bigint;
}

/** The lending pool of every margin asset, with the margin insurance fund's balance. */
export function marginPoolView(state: EngineState): MarginPoolView[] {
  const params = state.venue.margin;
  if (!params) return [];
  return state.venue.assets.flatMap((a) => {
    const terms = params.assets[a.index];
    if (!terms) return [];
    const pool = state.marginPool[a.index]!;
    return [
      {
        asset: a.symbol,
        dailyInterestRate: terms.dailyRateWad,
        supply: pool.supply,
        available: pool.available,
        // available + borrowed = supply + interest earned - bad debt (an invariant).
        borrowed: pool.supply + pool.interestEarned - pool.badDebt - pool.available,
        interestEarned: pool.interestEarned,
        badDebt: pool.badDebt,
        lostInterest: pool.lostInterest,
        insuranceFund: state.marginFund[a.index]!,
      },
    ];
  });
}
