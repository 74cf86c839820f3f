import { direction } from '../account/index.ts';
import type { Account, FuturesAccount, OpenOrderTotals, Position } from '../account/index.ts';
import { paymentFor } from '../funding/index.ts';
import type { Bracket, PerpMarket } from '../market/index.ts';
import { Rounding, divRound } from '../money/index.ts';
import { bracketFor, initialMargin, maintenanceMargin, notionalOf, unrealizedPnl } from '../risk/index.ts';
import type { EngineEvent } from './events.ts';
import type { FundingRecord, PerpMarketState } from './perpState.ts';
import type { EngineState } from './state.ts';

/**
 * Margin arithmetic on engine state: notional, uPnL, initial and maintenance margin of positions and
 * open orders, the cross group's balances, and lazy funding settlement. Reads only, except
 * `settleFunding`, which the engine calls before any margin decision.
 */

export function perpState(state: EngineState, market: PerpMarket): PerpMarketState {
  const s = state.perp[market.index];
  if (!s) throw new RangeError(`${market.symbol} has no perpetual state`);
  return s;
}

export function leverageOf(account: FuturesAccount, market: PerpMarket): number {
  return account.settings.get(market.index)?.leverage ?? market.defaultLeverage;
}

export function isolatedIn(account: FuturesAccount, market: PerpMarket): boolean {
  return account.settings.get(market.index)?.isolated ?? false;
}

/** Position size in base units (always >= 0). */
export function baseQty(market: PerpMarket, p: Position): bigint {
  return BigInt(Math.abs(p.qty)) * market.lotUnits;
}

/** Notional at `price`, rounded up (it feeds requirements). */
export function positionNotional(market: PerpMarket, p: Position, price: bigint): bigint {
  return notionalOf(baseQty(market, p), price, market.base.decimals, Rounding.Up);
}

export function positionUpnl(market: PerpMarket, p: Position, price: bigint): bigint {
  const side = direction(p);
  if (side === 0) return 0n;
  return unrealizedPnl(side, baseQty(market, p), p.basis, price, market.base.decimals);
}

/** The bracket for a notional; beyond the last cap the last bracket's rates apply. */
export function bracketAt(market: PerpMarket, notional: bigint): Bracket {
  return bracketFor(market.brackets, notional) ?? market.brackets[market.brackets.length - 1]!;
}

export function positionMaintenance(market: PerpMarket, p: Position, price: bigint): bigint {
  const notional = positionNotional(market, p, price);
  return maintenanceMargin(notional, bracketAt(market, notional));
}

/** The largest position notional allowed at a leverage: the cap of the last bracket that allows it. */
export function maxNotionalAt(market: PerpMarket, leverage: number): bigint {
  let cap = 0n;
  for (const b of market.brackets) if (b.maxLeverage >= leverage) cap = b.cap;
  return cap;
}

/** Value (quote units, rounded up) of the opening part of one side of open orders. */
function openingValue(market: PerpMarket, qty: number, value: number, opening: number): bigint {
  if (opening <= 0 || qty === 0) return 0n;
  return divRound(BigInt(value) * BigInt(opening) * market.notionalUnits, BigInt(qty), Rounding.Up);
}

/**
 * Worst-case exposure notional of a market for an account: its position(s) at the mark plus open
 * orders that could add to them. One-way: orders that would first close the opposite position do
 * not count, and only the larger side counts (both cannot fill without offsetting). Hedge: the
 * long and the short legs add up.
 */
export function exposure(
  account: FuturesAccount,
  market: PerpMarket,
  mark: bigint,
  totals: OpenOrderTotals | undefined,
): { readonly positionNotional: bigint; readonly orderNotional: bigint } {
  let positionValue = 0n;
  let netQty = 0;
  for (const p of account.positions) {
    if (p.market !== market.index) continue;
    positionValue += positionNotional(market, p, mark);
    netQty += p.side === 'SHORT' ? -p.qty : p.qty;
  }
  if (!totals) return { positionNotional: positionValue, orderNotional: 0n };
  if (account.dualSide) {
    const orders =
      openingValue(market, totals.buyQty, totals.buyValue, totals.buyQty) +
      openingValue(market, totals.sellQty, totals.sellValue, totals.sellQty);
    return { positionNotional: positionValue, orderNotional: orders };
  }
  const buys = openingValue(market, totals.buyQty, totals.buyValue, totals.buyQty - Math.max(0, -netQty));
  const sells = openingValue(market, totals.sellQty, totals.sellValue, totals.sellQty - Math.max(0, netQty));
  return { positionNotional: positionValue, orderNotional: buys > sells ? buys : sells };
}

/** Initial margin open orders of a market hold at a leverage. */
export function orderMargin(
  account: FuturesAccount,
  market: PerpMarket,
  mark: bigint,
  totals: OpenOrderTotals | undefined,
  leverage: number,
): bigint {
  const { orderNotional } = exposure(account, market, mark, totals);
  return initialMargin(orderNotional, leverage);
}

/**
 * One funding time's payment for a position: size x mark x rate, signed for the position's wallet
 * (negative = it pays), rounded in the venue's favour (payments up, receipts down).
 */
function fundingPayment(market: PerpMarket, p: Position, record: FundingRecord): bigint {
  const side = direction(p);
  if (side === 0) return 0n;
  return paymentFor(side, baseQty(market, p), record.mark * record.rate, 0n, market.base.decimals);
}

/** What a position would pay (< 0) or get from funding if it settled now. */
export function pendingFunding(state: EngineState, p: Position): bigint {
  const market = state.venue.markets[p.market] as PerpMarket;
  const history = perpState(state, market).fundingHistory;
  let total = 0n;
  for (let i = p.fundingCount; i < history.length; i++) total += fundingPayment(market, p, history[i]!);
  return total;
}

/** A what-if for one market: its open orders as if changed, or another leverage. */
export interface MarketOverride {
  readonly market: number;
  readonly totals?: OpenOrderTotals;
  readonly leverage?: number;
}

export interface CrossSummary {
  /** Cross wallet balance, including funding not yet settled. */
  readonly wallet: bigint;
  /** Unrealized PnL of cross positions at the mark. */
  readonly unrealized: bigint;
  /** Initial margin of cross positions at the mark. */
  readonly positionMargin: bigint;
  /** Initial margin held by open orders (cross and isolated markets: both draw on the cross wallet). */
  readonly orderMargin: bigint;
  /** Maintenance margin of cross positions. */
  readonly maintenance: bigint;
  /** wallet + unrealized. */
  readonly marginBalance: bigint;
  /** What new orders and transfers out may use: wallet + losses (not profits) - margins. */
  readonly available: bigint;
}

/**
 * The cross group of one margin asset. `override` replaces one market's open-order totals, so a
 * pre-trade check can ask "what if this order were resting".
 */
export function crossSummary(
  state: EngineState,
  account: Account,
  asset: number,
  override?: MarketOverride,
): CrossSummary {
  const f = account.futures;
  const leverage = (market: PerpMarket): number =>
    override?.market === market.index && override.leverage !== undefined
      ? override.leverage
      : leverageOf(f, market);
  let unrealized = 0n;
  let funding = 0n;
  let positionMargin = 0n;
  let maintenance = 0n;
  for (const p of f.positions) {
    if (p.isolated) continue;
    const market = state.venue.markets[p.market] as PerpMarket;
    if (market.margin.index !== asset) continue;
    const mark = perpState(state, market).mark;
    funding += pendingFunding(state, p);
    unrealized += positionUpnl(market, p, mark);
    positionMargin += initialMargin(positionNotional(market, p, mark), leverage(market));
    maintenance += positionMaintenance(market, p, mark);
  }
  let orders = 0n;
  const marketsWithOrders = new Set(f.openOrders.keys());
  if (override) marketsWithOrders.add(override.market);
  for (const index of [...marketsWithOrders].sort((a, b) => a - b)) {
    const market = state.venue.markets[index] as PerpMarket;
    if (market.margin.index !== asset) continue;
    const totals = override?.market === index && override.totals ? override.totals : f.openOrders.get(index);
    orders += orderMargin(f, market, perpState(state, market).mark, totals, leverage(market));
  }
  // Funding not yet settled counts as if it were: checks must not depend on when settlement ran.
  const wallet = f.wallet[asset]! + funding;
  const losses = unrealized < 0n ? unrealized : 0n;
  return {
    wallet,
    unrealized,
    positionMargin,
    orderMargin: orders,
    maintenance,
    marginBalance: wallet + unrealized,
    available: wallet + losses - positionMargin - orders,
  };
}

/**
 * Apply the funding each position of the account owes or is owed since it last settled, one
 * payment per funding time (each with the rate and mark of that time), before any margin decision.
 */
export function settleFunding(state: EngineState, account: Account, events: EngineEvent[]): void {
  const f = account.futures;
  for (const p of f.positions) {
    const market = state.venue.markets[p.market] as PerpMarket;
    const ms = perpState(state, market);
    const history = ms.fundingHistory;
    for (; p.fundingCount < history.length; p.fundingCount++) {
      const record = history[p.fundingCount]!;
      const amount = fundingPayment(market, p, record);
      if (amount < 0n) ms.fundingPaid -= amount;
      else ms.fundingReceived += amount;
      p.funding -= amount;
      if (p.isolated) p.margin += amount;
      else f.wallet[market.margin.index]! += amount;
      events.push({
        type: 'FundingFee',
        accountId: account.id,
        market: market.symbol,
        positionSide: p.side,
        time: record.time,
        rate: record.rate,
        mark: record.mark,
        amount,
      });
    }
  }
}
