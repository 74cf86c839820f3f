import { available, release } from '../account/index.ts';
import type { Account } from '../account/index.ts';
import { Side, Stp } from '../book/index.ts';
import type { OrderBook } from '../book/index.ts';
import type { BookMarket, Market, SpotMarket } from '../market/index.ts';
import type { AmendOrder, CancelOrder, OrderType, PlaceOrder, StpMode, TimeInForce } from './commands.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import { releasePerpOrder } from './perpOrders.ts';
import { cancelConditional, placePerpOrder } from './perpTriggers.ts';
import { closeOrder, heldAsset, holdFor, holdResting, settleMatch } from './spot.ts';
import { accrueMargin, borrowInto, borrowRefusal } from './marginDebt.ts';
import { orderWallet, perpWalletRefusal } from './marginOrders.ts';
import type { OrderWallet } from './marginOrders.ts';
import { attachMargin, holderOf, markMarginDirty } from './marginState.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';

export interface OrderResult {
  readonly orderId: number;
  readonly status: OrderStatus;
  /** Lots traded immediately. */
  readonly executedQty: number;
  /** Value traded immediately, in quote units. */
  readonly cumQuote: bigint;
  /** Lots left resting on the book. */
  readonly leftQty: number;
}

export interface CancelResult {
  readonly orderId: number;
  readonly leftQty: number;
}

export interface AmendResult {
  readonly orderId: number;
  readonly leftQty: number;
  readonly keptPriority: boolean;
}

const STP_MODES: Readonly<Record<StpMode, Stp>> = {
  NONE: Stp.None,
  EXPIRE_TAKER: Stp.ExpireTaker,
  EXPIRE_MAKER: Stp.ExpireMaker,
  EXPIRE_BOTH: Stp.ExpireBoth,
};

/** Binance's rule for client order ids. */
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

interface Target {
  readonly ok: true;
  readonly account: Account;
  readonly market: SpotMarket;
  readonly book: OrderBook;
}

/** The account and the spot market of a command; `market` is the caller's one lookup of the symbol. */
function target(
  state: EngineState,
  accountId: number,
  market: Market | undefined,
  symbol: string,
): Target | Rejection {
  const account = accountById(state, accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${accountId}`);
  if (!market || market.kind !== 'spot') return reject('MARKET_UNKNOWN', `no spot market ${symbol}`);
  return { ok: true, account, market, book: state.books[market.index]! };
}

function checkPrice(market: BookMarket, price: number): Rejection | undefined {
  if (!Number.isInteger(price))
    return reject('BOOK_PRICE_NOT_INTEGER', `price ${price} is not a whole number of ticks`);
  if (price <= 0) return reject('BOOK_PRICE_NOT_POSITIVE', 'price must be above zero');
  if (price > market.maxTick) return reject('BOOK_PRICE_ABOVE_MAX', `price above ${market.maxTick} ticks`);
  return undefined;
}

export function checkQty(market: BookMarket, qty: number): Rejection | undefined {
  if (!Number.isInteger(qty))
    return reject('BOOK_QTY_NOT_INTEGER', `quantity ${qty} is not a whole number of lots`);
  if (qty <= 0) return reject('BOOK_QTY_NOT_POSITIVE', 'quantity must be above zero');
  if (qty > market.maxLots) return reject('BOOK_QTY_ABOVE_MAX', `quantity above ${market.maxLots} lots`);
  return undefined;
}

function checkMinNotional(market: BookMarket, tickLots: number): Rejection | undefined {
  // tick-lots x notionalUnits >= minimum  <=>  tick-lots >= ceil(minimum / notionalUnits).
  if (tickLots < market.minNotionalTickLots) {
    return reject(
      'BOOK_MIN_NOTIONAL',
      `order value below the minimum of ${market.minNotionalUnits} quote units`,
    );
  }
  return undefined;
}

function resolveTif(orderType: OrderType, tif: TimeInForce | undefined): TimeInForce | undefined {
  if (orderType === 'LIMIT') {
    const t = tif ?? 'GTC';
    return t === 'GTC' || t === 'IOC' || t === 'FOK' || t === 'GTX' ? t : undefined;
  }
  const t = tif ?? 'IOC';
  return t === 'IOC' || t === 'FOK' ? t : undefined;
}

/** A client order id must follow Binance's pattern and be free among the account's open orders. */
export function checkClientId(account: Account, clientId: string | undefined): Rejection | undefined {
  if (clientId === undefined) return undefined;
  if (!CLIENT_ID.test(clientId)) {
    return reject('BOOK_CLIENT_ID_INVALID', 'clientOrderId must be 1-36 of A-Z a-z 0-9 . : / _ -');
  }
  if (account.openClientIds.has(clientId)) {
    return reject('BOOK_DUPLICATE_CLIENT_ID', `an open order already has clientOrderId ${clientId}`);
  }
  return undefined;
}

/** A validated order, before any balance or margin check. */
export interface OrderShape {
  readonly ok: true;
  readonly side: Side;
  /** Limit tick, -1 for MARKET. */
  readonly limit: number;
  readonly tif: TimeInForce;
  readonly stp: Stp;
  readonly clientId: string | undefined;
  /** The most the order can be worth in tick-lots: limit x qty, or the book walk for MARKET. */
  readonly valueBound: number;
  /** Lots a MARKET or FOK order would fill now (qty for other orders). */
  readonly fillableQty: number;
}

/** Checks every order takes, spot or perpetual: shape, price, size, client id, post-only, FOK, notional. */
export function orderShape(
  market: BookMarket,
  account: Account,
  book: OrderBook,
  c: PlaceOrder,
): OrderShape | Rejection {
  const side = c.side === 'BUY' ? Side.Buy : c.side === 'SELL' ? Side.Sell : -1;
  if (side === -1) return reject('BOOK_SIDE_INVALID', 'side must be BUY or SELL');
  if (c.orderType !== 'LIMIT' && c.orderType !== 'MARKET') {
    return reject('BOOK_ORDER_TYPE_INVALID', 'orderType must be LIMIT or MARKET');
  }
  const tif = resolveTif(c.orderType, c.timeInForce);
  if (!tif) return reject('BOOK_TIME_IN_FORCE_INVALID', `${c.orderType} does not take ${c.timeInForce}`);
  const badQty = checkQty(market, c.qty);
  if (badQty) return badQty;
  let limit = -1;
  if (c.orderType === 'LIMIT') {
    if (c.price === undefined) return reject('BOOK_PRICE_MISSING', 'a LIMIT order needs a price');
    const badPrice = checkPrice(market, c.price);
    if (badPrice) return badPrice;
    limit = c.price;
  } else if (c.price !== undefined) {
    return reject('BOOK_PRICE_NOT_ALLOWED', 'a MARKET order takes no price');
  }
  const stp = STP_MODES[c.stp ?? 'EXPIRE_MAKER'];
  if (stp === undefined) return reject('BOOK_STP_INVALID', `unknown self-trade prevention mode ${c.stp}`);
  const clientId = c.clientOrderId;
  const badClientId = checkClientId(account, clientId);
  if (badClientId) return badClientId;
  if (tif === 'GTX' && book.wouldCross(side, limit)) {
    return reject('BOOK_POST_ONLY_WOULD_TRADE', 'a post-only order would trade immediately');
  }
  // What the order can be worth: its limit price for a LIMIT order, the book walk for a MARKET one.
  let valueBound = limit * c.qty;
  let fillableQty = c.qty;
  if (c.orderType === 'MARKET' || tif === 'FOK') {
    const preview = book.preview(side, limit, c.qty, account.id, stp);
    if (tif === 'FOK' && preview.qty < c.qty) {
      return reject('BOOK_FOK_UNFILLABLE', 'the book cannot fill the whole FOK quantity now');
    }
    if (preview.qty === 0) return reject('BOOK_NO_LIQUIDITY', 'nothing on the book to trade against');
    if (c.orderType === 'MARKET') valueBound = preview.notional;
    fillableQty = preview.qty;
  }
  const badNotional = checkMinNotional(market, valueBound);
  if (badNotional) return badNotional;
  return { ok: true, side, limit, tif, stp, clientId, valueBound, fillableQty };
}

/** The OrderAccepted event of an order about to match. */
export function acceptedEvent(
  orderId: number,
  account: Account,
  market: BookMarket,
  c: PlaceOrder,
  shape: OrderShape,
  tags: OrderWallet['tags'] = {},
): EngineEvent {
  return {
    type: 'OrderAccepted',
    orderId,
    accountId: account.id,
    market: market.symbol,
    side: c.side,
    orderType: c.orderType,
    timeInForce: shape.tif,
    price: shape.limit,
    qty: c.qty,
    clientOrderId: shape.clientId,
    ...tags,
  };
}

/** Does the unfilled part of a taker rest on the book? */
export function restsAfterMatch(shape: OrderShape, left: number, takerExpired: boolean): boolean {
  return left > 0 && (shape.tif === 'GTC' || shape.tif === 'GTX') && !takerExpired;
}

/** Put a remainder on the book, register its client id, and report it. */
export function restOrder(
  state: EngineState,
  market: BookMarket,
  account: Account,
  orderId: number,
  shape: OrderShape,
  left: number,
  origQty: number,
  time: number,
  events: EngineEvent[],
): void {
  state.books[market.index]!.rest(orderId, account.id, shape.side, shape.limit, left, origQty, time);
  if (shape.clientId !== undefined) {
    account.openClientIds.set(shape.clientId, orderId);
    state.clientIdByOrder.set(orderId, shape.clientId);
  }
  events.push({
    type: 'OrderRested',
    orderId,
    accountId: account.id,
    market: market.symbol,
    price: shape.limit,
    qty: left,
  });
}

/** The status of a taker that does not rest. */
export function closedStatus(left: number, takerExpired: boolean): 'FILLED' | 'EXPIRED' | 'EXPIRED_IN_MATCH' {
  return left === 0 ? 'FILLED' : takerExpired ? 'EXPIRED_IN_MATCH' : 'EXPIRED';
}

export function placeOrder(state: EngineState, c: PlaceOrder, events: EngineEvent[]): Outcome<OrderResult> {
  const found = state.venue.marketBySymbol.get(c.market);
  if (found?.kind === 'perp') return perpWalletRefusal(c) ?? placePerpOrder(state, found, c, events);
  const t = target(state, c.accountId, found, c.market);
  if (!t.ok) return t;
  const { account, market, book } = t;
  const shape = orderShape(market, account, book, c);
  if (!shape.ok) return shape;
  const w = orderWallet(state, account, market, c);
  if (!w.ok) return w;
  const { side } = shape;
  const { holder, margin } = w;
  const need =
    side === Side.Buy ? BigInt(shape.valueBound) * market.notionalUnits : BigInt(c.qty) * market.lotUnits;
  const asset = heldAsset(market, side);
  const have = available(holder, asset);
  // MARGIN_BUY borrows what the order needs beyond the available balance, checked as if borrowed.
  const borrow = have < need && w.autoBorrow && margin ? need - have : 0n;
  if (have + borrow < need) {
    return reject(
      'ACCOUNT_INSUFFICIENT_BALANCE',
      `available ${side === Side.Buy ? market.quote.symbol : market.base.symbol} is below what the order needs`,
    );
  }
  if (borrow > 0n && margin) {
    const refused = borrowRefusal(state, margin, asset, borrow);
    if (refused) return refused;
  }

  // Accepted: nothing below refuses.
  const orderId = state.nextOrderId++;
  events.push(acceptedEvent(orderId, account, market, c, shape, w.tags));
  if (margin) {
    attachMargin(account, margin);
    accrueMargin(state, margin, events);
    if (borrow > 0n) borrowInto(state, margin, asset, borrow, events, orderId);
    markMarginDirty(state, margin);
  }
  const out = book.match(side, shape.limit, c.qty, account.id, shape.stp);
  const executedQty = out.filledQty;
  const takerExpired = out.takerExpired;
  const cumQuote =
    out.fillCount > 0 || out.expiredCount > 0
      ? settleMatch(state, market, account, orderId, side, out, events, { holder, autoRepay: w.autoRepay })
      : 0n;
  const left = c.qty - executedQty;
  if (restsAfterMatch(shape, left, takerExpired)) {
    holdResting(market, holder, side, shape.limit, left);
    restOrder(state, market, account, orderId, shape, left, c.qty, c.time, events);
    if (margin) {
      state.marginOrders.set(orderId, {
        accountId: account.id,
        market: market.index,
        isolated: margin.pair !== -1,
        autoRepay: w.autoRepay,
      });
    }
    const status = executedQty > 0 ? 'PARTIALLY_FILLED' : 'NEW';
    return accept({ orderId, status, executedQty, cumQuote, leftQty: left });
  }
  const status = closedStatus(left, takerExpired);
  closeOrder(state, market, account, orderId, status, left, events);
  return accept({ orderId, status, executedQty, cumQuote, leftQty: 0 });
}

export function cancelOrder(
  state: EngineState,
  c: CancelOrder,
  events: EngineEvent[],
): Outcome<CancelResult> {
  const account = accountById(state, c.accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const market = state.venue.marketBySymbol.get(c.market);
  if (!market) return reject('MARKET_UNKNOWN', `no market ${c.market}`);
  const book = state.books[market.index]!;
  let orderId = c.orderId;
  if (orderId === undefined) {
    if (c.clientOrderId === undefined)
      return reject('ENGINE_BAD_COMMAND', 'orderId or clientOrderId is required');
    orderId = account.openClientIds.get(c.clientOrderId);
  }
  // Conditional orders wait off the book; only perpetual cancels need to look for them.
  const waiting =
    market.kind === 'perp' && orderId !== undefined ? state.conditional.get(orderId) : undefined;
  if (waiting && market.kind === 'perp' && cancelConditional(state, account, market, waiting.id, events)) {
    return accept({ orderId: waiting.id, leftQty: waiting.qty });
  }
  const order = orderId === undefined ? undefined : book.get(orderId);
  if (!order || order.owner !== account.id) {
    return reject(
      'BOOK_UNKNOWN_ORDER',
      `no open order ${orderId ?? c.clientOrderId} of this account on ${market.symbol}`,
    );
  }
  book.cancel(order.id);
  if (market.kind === 'spot') {
    const holder = holderOf(state, account, order.id);
    release(holder, heldAsset(market, order.side), holdFor(market, order.side, order.tick, order.qty));
  } else {
    releasePerpOrder(state, account, market, order.id, order.side, order.tick, order.qty, true);
  }
  closeOrder(state, market, account, order.id, 'CANCELED', order.qty, events);
  return accept({ orderId: order.id, leftQty: order.qty });
}

export function amendOrder(state: EngineState, c: AmendOrder, events: EngineEvent[]): Outcome<AmendResult> {
  const found = state.venue.marketBySymbol.get(c.market);
  if (found?.kind === 'perp') {
    return reject('BOOK_AMEND_UNSUPPORTED', 'perpetual orders are changed by cancel and place for now');
  }
  const t = target(state, c.accountId, found, c.market);
  if (!t.ok) return t;
  const { account, market, book } = t;
  const order = book.get(c.orderId);
  if (!order || order.owner !== account.id) {
    return reject('BOOK_UNKNOWN_ORDER', `no open order ${c.orderId} of this account on ${market.symbol}`);
  }
  const badPrice = checkPrice(market, c.price);
  if (badPrice) return badPrice;
  const badQty = checkQty(market, c.qty);
  if (badQty) return badQty;
  if (c.price === order.tick && c.qty === order.origQty)
    return reject('BOOK_AMEND_NO_CHANGE', 'price and quantity unchanged');
  const executed = order.origQty - order.qty;
  const left = c.qty - executed;
  if (left <= 0)
    return reject('BOOK_AMEND_BELOW_EXECUTED', `quantity must stay above the executed ${executed} lots`);
  const badNotional = checkMinNotional(market, c.price * left);
  if (badNotional) return badNotional;
  const asset = heldAsset(market, order.side);
  const oldHold = holdFor(market, order.side, order.tick, order.qty);
  const newHold = holdFor(market, order.side, c.price, left);
  // A margin order keeps trading from its margin account; an amend never borrows.
  const holder = holderOf(state, account, order.id);

  if (c.price === order.tick && left < order.qty) {
    book.reduce(order.id, left);
    release(holder, asset, oldHold - newHold);
    events.push(amended(market, account, order.id, c, left, true));
    return accept({ orderId: order.id, leftQty: left, keptPriority: true });
  }
  if (c.price !== order.tick && book.wouldCross(order.side, c.price)) {
    return reject(
      'BOOK_AMEND_WOULD_TRADE',
      'the new price would trade immediately; cancel and place instead',
    );
  }
  if (available(holder, asset) + oldHold < newHold) {
    return reject('ACCOUNT_INSUFFICIENT_BALANCE', 'available balance is below what the amended order holds');
  }
  book.cancel(order.id);
  release(holder, asset, oldHold);
  holdResting(market, holder, order.side, c.price, left);
  book.rest(order.id, account.id, order.side, c.price, left, c.qty, c.time);
  events.push(amended(market, account, order.id, c, left, false));
  return accept({ orderId: order.id, leftQty: left, keptPriority: false });
}

function amended(
  market: SpotMarket,
  account: Account,
  orderId: number,
  c: AmendOrder,
  left: number,
  keptPriority: boolean,
): EngineEvent {
  return {
    type: 'OrderAmended',
    orderId,
    accountId: account.id,
    market: market.symbol,
    price: c.price,
    qty: c.qty,
    leftQty: left,
    keptPriority,
  };
}
