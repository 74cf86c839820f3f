import { findPosition } from '../account/index.ts';
import type { Account, PositionSide } from '../account/index.ts';
import type { PerpMarket } from '../market/index.ts';
import type { PlaceOrder, StpMode, TimeInForce } from './commands.ts';
import { reject } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { checkClientId, checkQty } from './orders.ts';
import type { OrderResult } from './orders.ts';
import { perpState } from './perpMargin.ts';
import { placePerpNow } from './perpOrders.ts';
import type { TriggerKey } from './perpState.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

/**
 * Conditional orders (Binance STOP, STOP_MARKET, TAKE_PROFIT, TAKE_PROFIT_MARKET): held off the book
 * until the mark price (workingType MARK_PRICE) or the last trade price (CONTRACT_PRICE, the
 * default) reaches the stop price, then placed as a LIMIT or MARKET order under the same id.
 * A buy stop triggers at or above its stop, a sell stop at or below; take-profits the reverse.
 * Each market keeps its waiting orders in four lists sorted by stop price, so a tick looks only at
 * the orders it triggers.
 */

export interface ConditionalOrder {
  readonly id: number;
  readonly accountId: number;
  readonly market: number;
  readonly side: 'BUY' | 'SELL';
  readonly orderType: 'STOP' | 'STOP_MARKET' | 'TAKE_PROFIT' | 'TAKE_PROFIT_MARKET';
  readonly stopTick: number;
  /** Limit price in ticks, -1 for the MARKET kinds. */
  readonly limit: number;
  readonly qty: number;
  readonly timeInForce: TimeInForce;
  readonly workingType: 'MARK_PRICE' | 'CONTRACT_PRICE';
  readonly positionSide: PositionSide;
  readonly reduceOnly: boolean;
  /** Close whatever position is open when it triggers (the quantity is then the position size). */
  readonly closePosition: boolean;
  readonly stp: StpMode;
  readonly clientOrderId: string | undefined;
}

const CONDITIONAL = new Set(['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET']);

function triggersAbove(o: Pick<ConditionalOrder, 'orderType' | 'side'>): boolean {
  const stop = o.orderType === 'STOP' || o.orderType === 'STOP_MARKET';
  return stop === (o.side === 'BUY');
}

function keyOf(o: Pick<ConditionalOrder, 'orderType' | 'side' | 'workingType'>): TriggerKey {
  return `${o.workingType === 'MARK_PRICE' ? 'mark' : 'last'}${triggersAbove(o) ? 'Above' : 'Below'}`;
}

/** The price a working type watches, in ticks (the mark rounded toward not triggering early). */
function watchedTick(
  state: EngineState,
  market: PerpMarket,
  workingType: ConditionalOrder['workingType'],
  above: boolean,
): number {
  const ms = perpState(state, market);
  if (workingType === 'CONTRACT_PRICE' && ms.lastTick !== -1) return ms.lastTick;
  const ticks = ms.mark / market.tickUnits;
  const exact = ticks * market.tickUnits === ms.mark;
  return Number(above || exact ? ticks : ticks + 1n);
}

function isTriggered(o: ConditionalOrder, tick: number): boolean {
  return triggersAbove(o) ? tick >= o.stopTick : tick <= o.stopTick;
}

/** Entries [stopTick, orderId], sorted so that the next order to trigger comes first. */
function insert(list: [number, number][], above: boolean, stop: number, id: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const [s, i] = list[mid]!;
    const before = above ? s < stop || (s === stop && i < id) : s > stop || (s === stop && i < id);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, [stop, id]);
}

export function isConditionalType(orderType: string): boolean {
  return CONDITIONAL.has(orderType);
}

/** Accept a conditional order: validated now, margin-checked when it triggers (as on Binance). */
export function placeConditional(
  state: EngineState,
  market: PerpMarket,
  c: PlaceOrder,
  events: EngineEvent[],
): Outcome<OrderResult> {
  const account = accountById(state, c.accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const ms = perpState(state, market);
  if (ms.mark === 0n) return reject('RISK_NO_MARK_PRICE', `${market.symbol} has no mark price yet`);
  if (c.side !== 'BUY' && c.side !== 'SELL') return reject('BOOK_SIDE_INVALID', 'side must be BUY or SELL');
  const orderType = c.orderType as ConditionalOrder['orderType'];
  const stop = c.stopPrice;
  if (stop === undefined || !Number.isInteger(stop) || stop <= 0 || stop > market.maxTick) {
    return reject(
      'BOOK_STOP_PRICE_INVALID',
      'a conditional order needs a stopPrice of whole ticks within the price range',
    );
  }
  const isMarket = orderType === 'STOP_MARKET' || orderType === 'TAKE_PROFIT_MARKET';
  if (isMarket && c.price !== undefined)
    return reject('BOOK_PRICE_NOT_ALLOWED', `${orderType} takes no price`);
  if (
    !isMarket &&
    (c.price === undefined || !Number.isInteger(c.price) || c.price <= 0 || c.price > market.maxTick)
  ) {
    return reject('BOOK_PRICE_MISSING', `${orderType} needs a limit price of whole ticks`);
  }
  const closePosition = c.closePosition === true;
  if (closePosition && (!isMarket || c.reduceOnly === true)) {
    return reject(
      'RISK_CLOSE_POSITION_INVALID',
      'closePosition goes with STOP_MARKET or TAKE_PROFIT_MARKET, without reduceOnly',
    );
  }
  if (!closePosition) {
    const badQty = checkQty(market, c.qty);
    if (badQty) return badQty;
  }
  const f = account.futures;
  const positionSide = c.positionSide ?? 'BOTH';
  if (f.dualSide ? positionSide === 'BOTH' : positionSide !== 'BOTH') {
    return reject(
      'RISK_POSITION_SIDE_MISMATCH',
      f.dualSide ? 'hedge mode needs LONG or SHORT' : 'one-way mode takes BOTH',
    );
  }
  if (c.reduceOnly === true && f.dualSide) {
    return reject('RISK_REDUCE_ONLY_IN_HEDGE_MODE', 'reduceOnly is not taken in hedge mode');
  }
  const tif = c.timeInForce ?? 'GTC';
  if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK' && tif !== 'GTX') {
    return reject('BOOK_TIME_IN_FORCE_INVALID', `unknown timeInForce ${tif}`);
  }
  const clientId = c.clientOrderId;
  const badClientId = checkClientId(account, clientId);
  if (badClientId) return badClientId;
  const workingType = c.workingType ?? 'CONTRACT_PRICE';
  if (workingType !== 'MARK_PRICE' && workingType !== 'CONTRACT_PRICE') {
    return reject('ENGINE_BAD_COMMAND', 'workingType must be MARK_PRICE or CONTRACT_PRICE');
  }
  const order: ConditionalOrder = {
    id: state.nextOrderId,
    accountId: account.id,
    market: market.index,
    side: c.side,
    orderType,
    stopTick: stop,
    limit: isMarket ? -1 : c.price!,
    qty: closePosition ? 0 : c.qty,
    timeInForce: tif,
    workingType,
    positionSide,
    reduceOnly: c.reduceOnly === true || closePosition,
    closePosition,
    stp: c.stp ?? 'EXPIRE_MAKER',
    clientOrderId: clientId,
  };
  if (isTriggered(order, watchedTick(state, market, workingType, triggersAbove(order)))) {
    return reject('RISK_WOULD_TRIGGER_IMMEDIATELY', 'the stop price is already reached');
  }

  // Accepted: nothing below refuses.
  state.nextOrderId++;
  state.conditional.set(order.id, order);
  insert(ms.triggers[keyOf(order)], triggersAbove(order), order.stopTick, order.id);
  f.orderCount.set(market.index, (f.orderCount.get(market.index) ?? 0) + 1);
  if (clientId !== undefined) {
    account.openClientIds.set(clientId, order.id);
    state.clientIdByOrder.set(order.id, clientId);
  }
  events.push({
    type: 'OrderAccepted',
    orderId: order.id,
    accountId: account.id,
    market: market.symbol,
    side: c.side,
    orderType,
    timeInForce: tif,
    price: order.limit,
    qty: order.qty,
    clientOrderId: clientId,
  });
  return accept({ orderId: order.id, status: 'NEW', executedQty: 0, cumQuote: 0n, leftQty: order.qty });
}

/** Take a waiting conditional order out of its market's lists and the account's counts. */
function remove(state: EngineState, account: Account, market: PerpMarket, order: ConditionalOrder): void {
  state.conditional.delete(order.id);
  const list = perpState(state, market).triggers[keyOf(order)];
  const at = list.findIndex(([, id]) => id === order.id);
  if (at >= 0) list.splice(at, 1);
  const f = account.futures;
  const left = f.orderCount.get(market.index)! - 1;
  if (left === 0) f.orderCount.delete(market.index);
  else f.orderCount.set(market.index, left);
  if (order.clientOrderId !== undefined) {
    account.openClientIds.delete(order.clientOrderId);
    state.clientIdByOrder.delete(order.id);
  }
}

/** Cancel a waiting conditional order of this account and market; false when there is none. */
export function cancelConditional(
  state: EngineState,
  account: Account,
  market: PerpMarket,
  orderId: number,
  events: EngineEvent[],
  reason?: string,
): boolean {
  const order = state.conditional.get(orderId);
  if (!order || order.accountId !== account.id || order.market !== market.index) return false;
  remove(state, account, market, order);
  events.push({
    type: 'OrderClosed',
    orderId,
    accountId: account.id,
    market: market.symbol,
    status: 'CANCELED',
    leftQty: order.qty,
    ...(reason === undefined ? {} : { reason }),
  });
  return true;
}

/** The next order whose stop the watched prices have reached, if any. */
function nextTriggered(state: EngineState, market: PerpMarket): ConditionalOrder | undefined {
  const triggers = perpState(state, market).triggers;
  for (const key of ['markAbove', 'markBelow', 'lastAbove', 'lastBelow'] as const) {
    const first = triggers[key][0];
    if (!first) continue;
    const order = state.conditional.get(first[1])!;
    if (isTriggered(order, watchedTick(state, market, order.workingType, triggersAbove(order)))) return order;
  }
  return undefined;
}

/**
 * Place every conditional order the current prices trigger, in stop order. A triggered order that
 * is refused (no margin, nothing to close...) expires with the reason. Orders placed here can trade
 * and move the last price, which may trigger more; each order triggers at most once.
 */
export function runTriggers(state: EngineState, market: PerpMarket, events: EngineEvent[]): void {
  for (let order = nextTriggered(state, market); order; order = nextTriggered(state, market)) {
    const account = accountById(state, order.accountId)!;
    remove(state, account, market, order);
    events.push({
      type: 'OrderTriggered',
      orderId: order.id,
      accountId: account.id,
      market: market.symbol,
      stopPrice: order.stopTick,
    });
    let qty = order.qty;
    if (order.closePosition) {
      const p = findPosition(account.futures, market.index, order.positionSide);
      qty = p ? Math.abs(p.qty) : 0;
    }
    const command: PlaceOrder = {
      type: 'PlaceOrder',
      seq: state.seq,
      time: state.time,
      accountId: account.id,
      market: market.symbol,
      side: order.side,
      orderType: order.limit === -1 ? 'MARKET' : 'LIMIT',
      qty,
      ...(order.limit === -1 ? {} : { price: order.limit, timeInForce: order.timeInForce }),
      positionSide: order.positionSide,
      ...(order.reduceOnly && !account.futures.dualSide ? { reduceOnly: true } : {}),
      stp: order.stp,
      ...(order.clientOrderId !== undefined ? { clientOrderId: order.clientOrderId } : {}),
    };
    const placed = qty > 0 ? placePerpNow(state, market, command, events, order.id) : undefined;
    if (!placed || !placed.ok) {
      events.push({
        type: 'OrderClosed',
        orderId: order.id,
        accountId: account.id,
        market: market.symbol,
        status: 'EXPIRED',
        leftQty: qty,
        ...(placed && !placed.ok ? { reason: placed.code } : { reason: 'RISK_NO_POSITION' }),
      });
    }
  }
}

/** A perpetual order from a command: conditional ones wait; others go to the book, then triggers run. */
export function placePerpOrder(
  state: EngineState,
  market: PerpMarket,
  c: PlaceOrder,
  events: EngineEvent[],
): Outcome<OrderResult> {
  if (isConditionalType(c.orderType)) return placeConditional(state, market, c, events);
  const result = placePerpNow(state, market, c, events);
  if (result.ok && result.value.executedQty > 0) runTriggers(state, market, events);
  return result;
}
