import { hasDebt } from '../account/index.ts';
import type { Account, MarginAccount } from '../account/index.ts';
import type { Asset, MarginParams, SpotMarket } from '../market/index.ts';
import { levelAbove, marginTotals, owedAt } from '../spotMargin/index.ts';
import type { Borrow, FundMarginInsurance, IndexPrice, MarginTransfer, Repay } from './commands.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { accrueMargin, borrowInto, borrowRefusal, owedNow, repayDebt } from './marginDebt.ts';
import { runMarginPass } from './marginLiquidation.ts';
import {
  attachMargin,
  isolatedOf,
  marginFundFlow,
  markMarginDirty,
  pricing,
  scopeOf,
} from './marginState.ts';
import type { MarkResult } from './perpCommands.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import type { EngineState } from './state.ts';
import { checkTransfer } from './wallets.ts';

/** Spot margin commands: transfers, loans, repayments, the margin fund, and spot index prices. */

export interface BorrowResult {
  /** Principal and interest owed in the asset after the loan. */
  readonly principal: bigint;
  readonly interest: bigint;
}

export interface RepayResult {
  readonly interest: bigint;
  readonly principal: bigint;
  readonly interestLeft: bigint;
  readonly principalLeft: bigint;
}

interface MarginTarget {
  readonly ok: true;
  readonly params: MarginParams;
  readonly account: Account;
  readonly asset: Asset;
  /** The margin account named (an isolated one may not exist yet: see attachMargin). */
  readonly margin: MarginAccount;
}

/** What every margin command checks: margin on, account, asset, amount, margin asset, pair. */
function marginTarget(
  state: EngineState,
  c: { readonly accountId: number; readonly asset: string; readonly amount: bigint; readonly pair?: string },
): MarginTarget | Rejection {
  const params = state.venue.margin;
  if (!params) return reject('MARGIN_DISABLED', 'this venue offers no spot margin');
  const checked = checkTransfer(state, c);
  if (!checked.ok) return checked;
  const { account, asset } = checked;
  if (!params.assets[asset.index]) {
    return reject('MARGIN_ASSET_UNSUPPORTED', `${asset.symbol} is not a margin asset`);
  }
  if (c.pair === undefined) return { ok: true, params, account, asset, margin: account.margin };
  const market = state.venue.marketBySymbol.get(c.pair);
  if (market?.kind !== 'spot' || !market.isolatedMargin) {
    return reject('MARGIN_PAIR_UNSUPPORTED', `${c.pair} has no isolated margin`);
  }
  if (asset !== market.base && asset !== market.quote) {
    return reject('MARGIN_ASSET_NOT_IN_PAIR', `${asset.symbol} is not an asset of ${market.symbol}`);
  }
  return { ok: true, params, account, asset, margin: isolatedOf(state, account, market) };
}

export function marginTransfer(
  state: EngineState,
  c: MarginTransfer,
  events: EngineEvent[],
): Outcome<{ amount: bigint }> {
  const t = marginTarget(state, c);
  if (!t.ok) return t;
  const { params, account, asset, margin } = t;
  const spot = account.wallets[asset.index]!;
  const wallet = margin.wallets[asset.index]!;
  if (c.direction === 'SPOT_TO_MARGIN') {
    if (spot.available < c.amount)
      return reject('ACCOUNT_INSUFFICIENT_BALANCE', `available ${asset.symbol} is below the amount`);
    attachMargin(account, margin);
    spot.available -= c.amount;
    wallet.available += c.amount;
  } else if (c.direction === 'MARGIN_TO_SPOT') {
    if (wallet.available < c.amount) {
      return reject('ACCOUNT_INSUFFICIENT_BALANCE', `available margin ${asset.symbol} is below the amount`);
    }
    if (hasDebt(margin)) {
      const after = marginTotals(margin, pricing(state, params), state.commandTime, {
        asset: asset.index,
        wallet: -c.amount,
        borrow: 0n,
      });
      if (!levelAbove(after, params.transferOutLevelPpm)) {
        return reject(
          'MARGIN_LEVEL_TOO_LOW_TO_TRANSFER',
          'the margin level after the transfer would not stay above the transfer-out level',
        );
      }
    }
    accrueMargin(state, margin, events);
    wallet.available -= c.amount;
    spot.available += c.amount;
  } else {
    return reject('ENGINE_BAD_COMMAND', 'direction must be SPOT_TO_MARGIN or MARGIN_TO_SPOT');
  }
  markMarginDirty(state, margin);
  events.push({
    type: 'MarginTransferred',
    accountId: account.id,
    ...scopeOf(state, margin),
    asset: asset.symbol,
    amount: c.amount,
    direction: c.direction,
  });
  return accept({ amount: c.amount });
}

export function borrow(state: EngineState, c: Borrow, events: EngineEvent[]): Outcome<BorrowResult> {
  const t = marginTarget(state, c);
  if (!t.ok) return t;
  const { account, asset, margin } = t;
  const refused = borrowRefusal(state, margin, asset.index, c.amount);
  if (refused) return refused;
  attachMargin(account, margin);
  accrueMargin(state, margin, events);
  borrowInto(state, margin, asset.index, c.amount, events);
  return accept(owedNow(margin, asset.index));
}

export function repay(state: EngineState, c: Repay, events: EngineEvent[]): Outcome<RepayResult> {
  const t = marginTarget(state, c);
  if (!t.ok) return t;
  const { params, asset, margin } = t;
  const debt = margin.debts[asset.index]!;
  if (debt.principal === 0n) return reject('MARGIN_NOTHING_OWED', `no ${asset.symbol} loan to repay`);
  // Owed with interest accrued to this command's time: the figure accrueMargin is about to reach.
  const owed = owedAt(debt, state.commandTime, params.assets[asset.index]!.dailyRateWad);
  const total = owed.principal + owed.interest;
  const amount = c.amount < total ? c.amount : total;
  if (margin.wallets[asset.index]!.available < amount) {
    return reject('ACCOUNT_INSUFFICIENT_BALANCE', `available margin ${asset.symbol} is below the repayment`);
  }
  accrueMargin(state, margin, events);
  const paid = repayDebt(state, margin, asset.index, amount, 'REPAY', events);
  const left = owedNow(margin, asset.index);
  return accept({ ...paid, interestLeft: left.interest, principalLeft: left.principal });
}

export function fundMarginInsurance(
  state: EngineState,
  c: FundMarginInsurance,
  events: EngineEvent[],
): Outcome<{ readonly balance: bigint }> {
  const asset = state.venue.assetBySymbol.get(c.asset);
  if (!asset) return reject('ACCOUNT_ASSET_UNKNOWN', `no asset ${c.asset}`);
  if (typeof c.amount !== 'bigint' || c.amount <= 0n) {
    return reject('ACCOUNT_AMOUNT_NOT_POSITIVE', 'amount must be a bigint above zero');
  }
  state.ledger.deposited[asset.index]! += c.amount;
  marginFundFlow(state, asset.index, c.amount, 'DEPOSIT', events);
  return accept({ balance: state.marginFund[asset.index]! });
}

/**
 * A spot pair's index price: stored for margin valuation, then every margin account with debt that
 * the price concerns has its band re-evaluated, and those at or below the liquidation level are
 * liquidated. A spot pair has no mark: the result's `mark` is the index itself.
 */
export function spotIndexPrice(
  state: EngineState,
  market: SpotMarket,
  c: IndexPrice,
  events: EngineEvent[],
): Outcome<MarkResult> {
  if (typeof c.price !== 'bigint' || c.price <= 0n)
    return reject('PRICE_INVALID', 'index price must be a bigint above zero');
  state.spotIndex[market.index] = c.price;
  events.push({ type: 'SpotIndexPrice', market: market.symbol, index: c.price });
  runMarginPass(state, market, events);
  return accept({ mark: c.price, fundingTimes: 0 });
}
