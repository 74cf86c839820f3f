import { debit, hasDebt, release } from '../account/index.ts';
import type { Account, MarginAccount } from '../account/index.ts';
import { Side, Stp } from '../book/index.ts';
import type { OrderBook } from '../book/index.ts';
import type { MarginParams, SpotMarket } from '../market/index.ts';
import { PPM, Rounding, applyPpm, divRound, mulDiv } from '../money/index.ts';
import { marginLevelPpm, marginTotals, splitRepayment } from '../spotMargin/index.ts';
import type { MarginTotals } from '../spotMargin/index.ts';
import type { EngineEvent, MarginAmount } from './events.ts';
import { accrueMargin, owedNow, repayDebt } from './marginDebt.ts';
import { updateLevel } from './marginLevel.ts';
import {
  marginByKey,
  marginFundFlow,
  markMarginDirty,
  pricing,
  scopeOf,
  syncBorrower,
} from './marginState.ts';
import { closeOrder, heldAsset, holdFor, settleMatch, sideName } from './spot.ts';
import type { EngineState } from './state.ts';

/**
 * Spot margin liquidation (SPEC section 3), on a spot index tick. Every margin account with debt
 * that holds or owes the repriced asset gets its band re-evaluated; one at or below the liquidation
 * level is liquidated whole, as Binance does: its orders are cancelled, each loan is repaid from the
 * same asset first, the other assets are sold for the valuation asset and what is still owed in other
 * assets is bought with it, with IOC orders marked LIQUIDATION limited to the index -/+ the
 * configured slippage. The fee (a share of the value traded) is taken only from what is left once
 * every loan is repaid. Debt left with nothing to sell is repaid by the margin insurance fund; what
 * the fund cannot cover the pool writes off as bad debt. When the book cannot take the assets within
 * the band, the rest of the debt waits for the next tick.
 */

export function runMarginPass(state: EngineState, market: SpotMarket, events: EngineEvent[]): void {
  const params = state.venue.margin;
  if (!params || state.borrowers.size === 0) return;
  const asset = market.base.index;
  if (params.priceMarket[asset] !== market.index) return;
  const prices = pricing(state, params);
  // Key order (account id, then cross before isolated pairs): the same after a snapshot rebuild.
  const keys = [...state.borrowers].sort((a, b) => a - b);
  for (const key of keys) {
    const m = marginByKey(state, key);
    if (!m || !concerns(m, asset)) continue;
    const totals = marginTotals(m, prices, state.commandTime);
    if (updateLevel(state, params, m, totals, events) === 'LIQUIDATION') {
      liquidate(state, params, m, totals, events);
    }
  }
}

function concerns(m: MarginAccount, asset: number): boolean {
  const w = m.wallets[asset]!;
  return w.available + w.held > 0n || m.debts[asset]!.principal > 0n;
}

/** Amounts per asset index, reported as a list of the non-zero ones. */
class Amounts {
  readonly values: bigint[];
  constructor(n: number) {
    this.values = new Array<bigint>(n).fill(0n);
  }
  add(asset: number, amount: bigint): void {
    this.values[asset]! += amount;
  }
  list(state: EngineState): MarginAmount[] {
    const out: MarginAmount[] = [];
    this.values.forEach((amount, i) => {
      if (amount !== 0n) out.push({ asset: state.venue.assets[i]!.symbol, amount });
    });
    return out;
  }
}

interface Run {
  readonly state: EngineState;
  readonly params: MarginParams;
  readonly account: Account;
  readonly m: MarginAccount;
  readonly events: EngineEvent[];
  readonly sold: Amounts;
  readonly bought: Amounts;
  readonly repaid: Amounts;
  /** Value traded by the liquidation orders, valuation units: the fee's base. */
  value: bigint;
}

function liquidate(
  state: EngineState,
  params: MarginParams,
  m: MarginAccount,
  totals: MarginTotals,
  events: EngineEvent[],
): void {
  const account = state.accounts[m.id - 1]!;
  const n = state.venue.assets.length;
  const hub = params.valuation.index;
  const run: Run = {
    state,
    params,
    account,
    m,
    events,
    sold: new Amounts(n),
    bought: new Amounts(n),
    repaid: new Amounts(n),
    value: 0n,
  };
  accrueMargin(state, m, events);
  cancelMarginOrders(state, account, m, events);
  for (let a = 0; a < n; a++) repayOwn(run, a);
  if (hasDebt(m)) {
    for (let a = 0; a < n; a++) if (a !== hub && m.debts[a]!.principal === 0n) sellAll(run, a);
    for (let a = 0; a < n; a++) {
      if (a === hub || m.debts[a]!.principal === 0n) continue;
      buyDebt(run, a);
      repayOwn(run, a);
    }
    repayOwn(run, hub);
  }
  let fee = 0n;
  const covered = new Amounts(n);
  const badDebt = new Amounts(n);
  let debtLeft = false;
  if (!hasDebt(m)) {
    // The fee only comes out of what is left once every loan is repaid: never below zero.
    fee = applyPpm(run.value, params.liquidationFeePpm, Rounding.Up);
    const left = m.wallets[hub]!.available;
    if (fee > left) fee = left;
    if (fee > 0n) {
      debit(m, hub, fee);
      marginFundFlow(state, hub, fee, 'LIQUIDATION_FEE', events);
    }
  } else if (exhausted(run)) {
    coverShortfall(run, covered, badDebt);
  } else {
    debtLeft = true;
  }
  syncBorrower(state, m);
  markMarginDirty(state, m);
  events.push({
    type: 'MarginLiquidated',
    accountId: m.id,
    ...scopeOf(state, m),
    levelPpm: marginLevelPpm(totals),
    sold: run.sold.list(state),
    bought: run.bought.list(state),
    repaid: run.repaid.list(state),
    fee,
    covered: covered.list(state),
    badDebt: badDebt.list(state),
    debtLeft,
  });
}

/** Repay the loan of `asset` from the account's own balance of it, as far as it goes. */
function repayOwn(run: Run, asset: number): void {
  const { m } = run;
  if (m.debts[asset]!.principal === 0n) return;
  const owed = owedNow(m, asset);
  const available = m.wallets[asset]!.available;
  const total = owed.principal + owed.interest;
  const pay = available < total ? available : total;
  if (pay === 0n) return;
  repayDebt(run.state, m, asset, pay, 'LIQUIDATION', run.events);
  run.repaid.add(asset, pay);
}

/** The pair pricing `asset` in the valuation asset, with an index; undefined when there is none. */
function pricedMarket(run: Run, asset: number): { market: SpotMarket; index: bigint } | undefined {
  const at = run.params.priceMarket[asset]!;
  if (at === -1) return undefined;
  const index = run.state.spotIndex[at]!;
  return index === 0n ? undefined : { market: run.state.venue.markets[at] as SpotMarket, index };
}

/** Lowest tick a liquidation sale accepts: index x (1 - slippage), rounded up (for the account). */
function sellLimit(run: Run, market: SpotMarket, index: bigint): number {
  const floor = mulDiv(index, PPM - run.params.liquidationSlippagePpm, PPM, Rounding.Up);
  const tick = divRound(floor, market.tickUnits, Rounding.Up);
  return tick < 1n ? 1 : tick > BigInt(market.maxTick) ? -1 : Number(tick);
}

/** Highest tick a liquidation purchase pays: index x (1 + slippage), rounded down (for the account). */
function buyLimit(run: Run, market: SpotMarket, index: bigint): number {
  const cap = mulDiv(index, PPM + run.params.liquidationSlippagePpm, PPM, Rounding.Down);
  const tick = divRound(cap, market.tickUnits, Rounding.Down);
  return tick < 1n ? -1 : tick > BigInt(market.maxTick) ? market.maxTick : Number(tick);
}

/** Sell everything of `asset` (whole lots) for the valuation asset. */
function sellAll(run: Run, asset: number): void {
  const priced = pricedMarket(run, asset);
  if (!priced) return;
  const { market, index } = priced;
  const tick = sellLimit(run, market, index);
  if (tick === -1) return;
  let lots = run.m.wallets[asset]!.available / market.lotUnits;
  while (lots > 0n) {
    const qty = Number(lots < BigInt(market.maxLots) ? lots : BigInt(market.maxLots));
    const done = liquidationOrder(run, market, Side.Sell, tick, qty);
    run.sold.add(asset, BigInt(done.filled) * market.lotUnits);
    run.bought.add(market.quote.index, done.value);
    if (done.filled < qty) return;
    lots -= BigInt(qty);
  }
}

/** Buy what is still owed in `asset` (rounded up to whole lots) with the valuation asset. */
function buyDebt(run: Run, asset: number): void {
  const priced = pricedMarket(run, asset);
  if (!priced) return;
  const { market, index } = priced;
  const tick = buyLimit(run, market, index);
  if (tick === -1) return;
  const { m } = run;
  for (;;) {
    const owed = owedNow(m, asset);
    const short = owed.principal + owed.interest - m.wallets[asset]!.available;
    if (short <= 0n) return;
    const lots = divRound(short, market.lotUnits, Rounding.Up);
    const want = Number(lots < BigInt(market.maxLots) ? lots : BigInt(market.maxLots));
    const budget = m.wallets[market.quote.index]!.available;
    const qty = affordable(run.state.books[market.index]!, market, tick, want, budget, run.account.id);
    if (qty === 0) return;
    const done = liquidationOrder(run, market, Side.Buy, tick, qty);
    run.sold.add(market.quote.index, done.value);
    run.bought.add(asset, BigInt(done.filled) * market.lotUnits);
    if (done.filled < qty) return;
  }
}

/** The most lots (<= want) a buy limited at `tick` can take for at most `budget` quote units. */
function affordable(
  book: OrderBook,
  market: SpotMarket,
  tick: number,
  want: number,
  budget: bigint,
  owner: number,
): number {
  const cost = (q: number): bigint =>
    BigInt(book.preview(Side.Buy, tick, q, owner, Stp.None).notional) * market.notionalUnits;
  if (cost(want) <= budget) return want;
  // cost(low) <= budget < cost(high); cost never falls as the quantity grows.
  let low = 0;
  let high = want;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (cost(mid) <= budget) low = mid;
    else high = mid;
  }
  return low;
}

/** One IOC liquidation order from the margin account, without trading fee. */
function liquidationOrder(
  run: Run,
  market: SpotMarket,
  side: Side,
  tick: number,
  lots: number,
): { filled: number; value: bigint } {
  const { state, account, m, events } = run;
  const orderId = state.nextOrderId++;
  events.push({
    type: 'OrderAccepted',
    orderId,
    accountId: account.id,
    market: market.symbol,
    side: sideName(side),
    orderType: 'LIMIT',
    timeInForce: 'IOC',
    price: tick,
    qty: lots,
    clientOrderId: `autoclose-${orderId}`,
    origin: 'LIQUIDATION',
    wallet: m.pair === -1 ? 'MARGIN' : 'ISOLATED_MARGIN',
  });
  const out = state.books[market.index]!.match(side, tick, lots, account.id, Stp.None);
  const filled = out.filledQty;
  const value =
    out.fillCount > 0
      ? settleMatch(state, market, account, orderId, side, out, events, { holder: m, takerFeePpm: 0n })
      : 0n;
  run.value += value;
  closeOrder(state, market, account, orderId, filled === lots ? 'FILLED' : 'EXPIRED', lots - filled, events);
  return { filled, value };
}

/**
 * Nothing left to liquidate while debt remains: no asset has a whole lot to sell, and what is left
 * of the valuation asset cannot buy one lot of what is owed (a book with nothing in the band is not
 * exhaustion: the next tick tries again).
 */
function exhausted(run: Run): boolean {
  const { m, params } = run;
  const hub = params.valuation.index;
  for (let a = 0; a < m.wallets.length; a++) {
    if (a === hub) continue;
    const priced = pricedMarket(run, a);
    if (priced && m.wallets[a]!.available >= priced.market.lotUnits) return false;
  }
  if (m.wallets[hub]!.available === 0n) return true;
  for (let a = 0; a < m.wallets.length; a++) {
    if (a === hub || m.debts[a]!.principal === 0n) continue;
    const priced = pricedMarket(run, a);
    if (!priced) continue;
    const tick = buyLimit(run, priced.market, priced.index);
    const book = run.state.books[priced.market.index]!;
    if (tick !== -1 && book.preview(Side.Buy, tick, 1, run.account.id, Stp.None).qty === 0) return false;
  }
  return true;
}

/**
 * Debt left with nothing to sell: what remains of the valuation asset goes to the margin fund, which
 * repays each loan to the pool (interest first) as far as its balance of that asset goes; the pool
 * writes off the rest as bad debt, recorded, never silently lost.
 */
function coverShortfall(run: Run, covered: Amounts, badDebt: Amounts): void {
  const { state, m, events, params } = run;
  const hub = params.valuation.index;
  const residual = m.wallets[hub]!.available;
  if (residual > 0n) {
    debit(m, hub, residual);
    marginFundFlow(state, hub, residual, 'LIQUIDATION_RESIDUAL', events);
  }
  m.debts.forEach((d, asset) => {
    if (d.principal === 0n) return;
    const owed = owedNow(m, asset);
    const total = owed.principal + owed.interest;
    const fund = state.marginFund[asset]!;
    const pay = fund < total ? fund : total;
    const paid = splitRepayment(pay, owed.interest, owed.principal);
    const pool = state.marginPool[asset]!;
    pool.available += pay;
    pool.interestEarned += paid.interest;
    pool.badDebt += owed.principal - paid.principal;
    pool.lostInterest += owed.interest - paid.interest;
    marginFundFlow(state, asset, -pay, 'SHORTFALL_COVER', events);
    d.principal = 0n;
    d.interestRaw = 0n;
    d.nextAccrual = 0;
    covered.add(asset, pay);
    badDebt.add(asset, total - pay);
    run.repaid.add(asset, pay);
  });
}

/** Cancel the margin account's resting orders (reason LIQUIDATION), in order id order. */
function cancelMarginOrders(
  state: EngineState,
  account: Account,
  m: MarginAccount,
  events: EngineEvent[],
): void {
  if (state.marginOrders.size === 0) return;
  const ids: number[] = [];
  for (const [id, meta] of state.marginOrders) {
    if (meta.accountId !== account.id) continue;
    if (meta.isolated ? meta.market === m.pair : m.pair === -1) ids.push(id);
  }
  ids.sort((a, b) => a - b);
  for (const id of ids) {
    const market = state.venue.markets[state.marginOrders.get(id)!.market] as SpotMarket;
    const book = state.books[market.index]!;
    const order = book.get(id)!;
    book.cancel(id);
    release(m, heldAsset(market, order.side), holdFor(market, order.side, order.tick, order.qty));
    closeOrder(state, market, account, id, 'CANCELED', order.qty, events, 'LIQUIDATION');
  }
}
