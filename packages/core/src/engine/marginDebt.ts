import { debit } from '../account/index.ts';
import type { MarginAccount } from '../account/index.ts';
import type { MarginParams } from '../market/index.ts';
import {
  accrue,
  interestOwed,
  levelAtLeast,
  marginTotals,
  nextHourStart,
  rawAfterBorrow,
  rawAfterPayment,
  splitRepayment,
} from '../spotMargin/index.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import type { EngineEvent, RepayReason } from './events.ts';
import { assetPrice, markMarginDirty, pricing, scopeOf, syncBorrower } from './marginState.ts';
import type { EngineState } from './state.ts';

/**
 * Loans of margin accounts: lazy hourly accrual, borrowing from the pool and repaying it. Checks
 * (`borrowRefusal`) value the account with interest accrued to now without changing it, so a refusal
 * changes nothing; the mutating functions expect those checks done and the account accrued.
 */

export function marginParams(state: EngineState): MarginParams {
  const params = state.venue.margin;
  if (!params) throw new RangeError('the venue has no spot margin');
  return params;
}

/** Charge every hour start passed since each loan's last charge, with the principal in force then. */
export function accrueMargin(state: EngineState, m: MarginAccount, events: EngineEvent[]): void {
  const params = marginParams(state);
  m.debts.forEach((d, asset) => {
    if (d.principal === 0n) return;
    const caught = accrue(d, state.commandTime, params.assets[asset]?.dailyRateWad ?? 0n);
    if (caught.hours === 0) return;
    const before = interestOwed(d.interestRaw);
    d.interestRaw = caught.interestRaw;
    d.nextAccrual = caught.nextAccrual;
    const after = interestOwed(d.interestRaw);
    events.push({
      type: 'MarginInterest',
      accountId: m.id,
      ...scopeOf(state, m),
      asset: state.venue.assets[asset]!.symbol,
      hours: caught.hours,
      amount: after - before,
      interest: after,
    });
  });
}

/** Principal and interest owed now (the account accrued). */
export function owedNow(m: MarginAccount, asset: number): { principal: bigint; interest: bigint } {
  const d = m.debts[asset]!;
  return { principal: d.principal, interest: interestOwed(d.interestRaw) };
}

/** Why `amount` of `asset` cannot be borrowed into `m` now, or undefined when it can. */
export function borrowRefusal(
  state: EngineState,
  m: MarginAccount,
  asset: number,
  amount: bigint,
): Rejection | undefined {
  const params = marginParams(state);
  const symbol = state.venue.assets[asset]!.symbol;
  if (assetPrice(state, params, asset) === 0n) {
    return reject('MARGIN_NO_PRICE', `${symbol} has no index price in ${params.valuation.symbol} yet`);
  }
  if (state.marginPool[asset]!.available < amount) {
    return reject('MARGIN_POOL_EXHAUSTED', `the lending pool has less ${symbol} available than that`);
  }
  const after = marginTotals(m, pricing(state, params), state.commandTime, {
    asset,
    wallet: 0n,
    borrow: amount,
  });
  if (!levelAtLeast(after, params.borrowLevelPpm)) {
    return reject(
      'MARGIN_LEVEL_TOO_LOW_TO_BORROW',
      'the margin level after the loan would be below the borrow level',
    );
  }
  return undefined;
}

/** Lend `amount` from the pool into `m` (checked, accrued): its first hour is charged now. */
export function borrowInto(
  state: EngineState,
  m: MarginAccount,
  asset: number,
  amount: bigint,
  events: EngineEvent[],
  orderId?: number,
): void {
  const params = marginParams(state);
  const d = m.debts[asset]!;
  d.interestRaw = rawAfterBorrow(d.interestRaw, amount, params.assets[asset]?.dailyRateWad ?? 0n);
  d.principal += amount;
  d.nextAccrual = nextHourStart(state.commandTime);
  m.wallets[asset]!.available += amount;
  state.marginPool[asset]!.available -= amount;
  events.push({
    type: 'Borrowed',
    accountId: m.id,
    ...scopeOf(state, m),
    asset: state.venue.assets[asset]!.symbol,
    amount,
    interest: interestOwed(d.interestRaw),
    principal: d.principal,
    ...(orderId === undefined ? {} : { orderId }),
  });
  syncBorrower(state, m);
  markMarginDirty(state, m);
}

/** Pay `amount` (<= owed, <= available; accrued) from the account to the pool: interest, then principal. */
export function repayDebt(
  state: EngineState,
  m: MarginAccount,
  asset: number,
  amount: bigint,
  reason: RepayReason,
  events: EngineEvent[],
  orderId?: number,
): { interest: bigint; principal: bigint } {
  const d = m.debts[asset]!;
  const split = splitRepayment(amount, interestOwed(d.interestRaw), d.principal);
  if (split.interest + split.principal !== amount) throw new RangeError('repayment above what is owed');
  debit(m, asset, amount);
  d.interestRaw = rawAfterPayment(d.interestRaw, split.interest);
  d.principal -= split.principal;
  if (d.principal === 0n) d.nextAccrual = 0;
  const pool = state.marginPool[asset]!;
  pool.available += amount;
  pool.interestEarned += split.interest;
  events.push({
    type: 'Repaid',
    accountId: m.id,
    ...scopeOf(state, m),
    asset: state.venue.assets[asset]!.symbol,
    interest: split.interest,
    principal: split.principal,
    interestLeft: interestOwed(d.interestRaw),
    principalLeft: d.principal,
    reason,
    ...(orderId === undefined ? {} : { orderId }),
  });
  syncBorrower(state, m);
  markMarginDirty(state, m);
  return split;
}

/** AUTO_REPAY: what a fill brought in (`amount`) repays the loan of that asset, as far as it goes. */
export function autoRepay(
  state: EngineState,
  m: MarginAccount,
  asset: number,
  amount: bigint,
  orderId: number,
  events: EngineEvent[],
): void {
  if (m.debts[asset]!.principal === 0n) return;
  accrueMargin(state, m, events);
  const owed = owedNow(m, asset);
  let pay = owed.principal + owed.interest;
  if (amount < pay) pay = amount;
  const available = m.wallets[asset]!.available;
  if (available < pay) pay = available;
  if (pay > 0n) repayDebt(state, m, asset, pay, 'AUTO_REPAY', events, orderId);
}
