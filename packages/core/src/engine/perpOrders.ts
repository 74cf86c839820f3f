import { findPosition, openOrderTotals } from '../account/index.ts';
import type { Account, OpenOrderTotals, Position, PositionSide } from '../account/index.ts';
import { Side } from '../book/index.ts';
import type { MatchOutput } from '../book/index.ts';
import type { PerpMarket } from '../market/index.ts';
import { Rounding, applyPpm, divRound, mulDiv } from '../money/index.ts';
import { initialMargin } from '../risk/index.ts';
import type { PlaceOrder } from './commands.ts';
import { reject } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { acceptedEvent, closedStatus, orderShape, restOrder, restsAfterMatch } from './orders.ts';
import type { OrderResult, OrderShape } from './orders.ts';
import {
  crossSummary,
  exposure,
  isolatedIn,
  leverageOf,
  maxNotionalAt,
  perpState,
  positionMaintenance,
  positionUpnl,
  settleFunding,
} from './perpMargin.ts';
import type { PerpOrderMeta } from './perpState.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import { settleFills } from './fills.ts';
import { closeOrder } from './spot.ts';
import { markDirty } from './riskIndex.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

/**
 * Orders on perpetual markets: position side and reduce-only rules, the pre-trade margin check,
 * and the settlement of fills into positions (entry value, realized PnL, fees, isolated margin,
 * open interest).
 */

/** +1 when a fill on `side` adds to this position side, -1 when it reduces it (BOTH: by sign). */
function opensPosition(positionSide: PositionSide, side: Side): boolean {
  return positionSide === 'LONG' ? side === Side.Buy : positionSide === 'SHORT' ? side === Side.Sell : true;
}

/** Does a resting order count toward the open-order margin (could it add exposure)? */
function counts(meta: PerpOrderMeta, side: Side): boolean {
  return !meta.reduceOnly && opensPosition(meta.positionSide, side);
}

function addToTotals(totals: OpenOrderTotals, side: Side, tick: number, lots: number): void {
  if (side === Side.Buy) {
    totals.buyQty += lots;
    totals.buyValue += tick * lots;
  } else {
    totals.sellQty += lots;
    totals.sellValue += tick * lots;
  }
}

/** Take lots of a resting order off the account's totals (filled or cancelled). */
export function releasePerpOrder(
  state: EngineState,
  account: Account,
  market: PerpMarket,
  orderId: number,
  side: Side,
  tick: number,
  lots: number,
  closed: boolean,
): void {
  const meta = state.perpOrders.get(orderId);
  if (!meta) throw new RangeError(`perpetual order ${orderId} has no metadata`);
  const f = account.futures;
  if (counts(meta, side)) {
    const totals = openOrderTotals(f, market.index);
    addToTotals(totals, side, tick, -lots);
    if (totals.buyQty === 0 && totals.sellQty === 0) f.openOrders.delete(market.index);
  }
  if (closed) {
    state.perpOrders.delete(orderId);
    const left = f.orderCount.get(market.index)! - 1;
    if (left === 0) f.orderCount.delete(market.index);
    else f.orderCount.set(market.index, left);
  }
}

function positionSideOf(account: Account, c: PlaceOrder): PositionSide | 'invalid' {
  const requested = c.positionSide ?? 'BOTH';
  if (account.futures.dualSide) return requested === 'LONG' || requested === 'SHORT' ? requested : 'invalid';
  return requested === 'BOTH' ? 'BOTH' : 'invalid';
}

/** Signed exposure of a position side: lots, long > 0. */
function signedQty(p: Position | undefined): number {
  if (!p) return 0;
  return p.side === 'SHORT' ? -p.qty : p.qty;
}

/**
 * Place a LIMIT or MARKET order on a perpetual market now. `orderId` is given when a triggered
 * conditional order goes to the book under the id it already has.
 */
export function placePerpNow(
  state: EngineState,
  market: PerpMarket,
  c: PlaceOrder,
  events: EngineEvent[],
  orderId?: number,
): Outcome<OrderResult> {
  const account = accountById(state, c.accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const ms = perpState(state, market);
  if (ms.mark === 0n) return reject('RISK_NO_MARK_PRICE', `${market.symbol} has no mark price yet`);
  const book = state.books[market.index]!;
  const shape = orderShape(market, account, book, c);
  if (!shape.ok) return shape;
  const f = account.futures;
  const positionSide = positionSideOf(account, c);
  if (positionSide === 'invalid') {
    return reject(
      'RISK_POSITION_SIDE_MISMATCH',
      f.dualSide ? 'hedge mode needs positionSide LONG or SHORT' : 'one-way mode takes positionSide BOTH',
    );
  }
  const reduceOnly = c.reduceOnly === true;
  if (reduceOnly && f.dualSide) {
    return reject(
      'RISK_REDUCE_ONLY_IN_HEDGE_MODE',
      'reduceOnly is not taken in hedge mode: close with the opposite side',
    );
  }
  const position = findPosition(f, market.index, positionSide);
  const opening = opensPosition(positionSide, shape.side);
  // Closing orders: reduce-only in one-way mode, or the opposite side of a hedge leg.
  if (reduceOnly || !opening) {
    const open = signedQty(position);
    const reduces = shape.side === Side.Buy ? open < 0 : open > 0;
    if (!reduces) return reject('RISK_REDUCE_ONLY_REJECTED', 'the order would not reduce a position');
    if (c.qty > Math.abs(open)) {
      return reject(
        'RISK_REDUCE_ONLY_REJECTED',
        `the order is larger than the ${Math.abs(open)}-lot position`,
      );
    }
  }

  if (opening && !reduceOnly) {
    const bad = checkMargin(state, account, market, shape, c.qty);
    if (bad) return bad;
  }

  // Accepted: nothing below refuses.
  settleFunding(state, account, events);
  orderId ??= state.nextOrderId++;
  events.push(acceptedEvent(orderId, account, market, c, shape));
  const out = book.match(shape.side, shape.limit, c.qty, account.id, shape.stp);
  const executedQty = out.filledQty;
  const takerExpired = out.takerExpired;
  const cumQuote = settlePerpMatch(state, market, account, orderId, positionSide, shape.side, out, events);
  const left = c.qty - executedQty;
  if (restsAfterMatch(shape, left, takerExpired)) {
    const meta: PerpOrderMeta = { positionSide, reduceOnly };
    state.perpOrders.set(orderId, meta);
    if (counts(meta, shape.side))
      addToTotals(openOrderTotals(f, market.index), shape.side, shape.limit, left);
    f.orderCount.set(market.index, (f.orderCount.get(market.index) ?? 0) + 1);
    restOrder(state, market, account, orderId, shape, left, c.qty, c.time, events);
    trimClosingOrders(state, market, account, events);
    return accept({
      orderId,
      status: executedQty > 0 ? 'PARTIALLY_FILLED' : 'NEW',
      executedQty,
      cumQuote,
      leftQty: left,
    });
  }
  const status = closedStatus(left, takerExpired);
  closeOrder(state, market, account, orderId, status, left, events);
  return accept({ orderId, status, executedQty, cumQuote, leftQty: 0 });
}

/**
 * Pre-trade check: with this order counted as if it rested, the account's available balance must
 * stay at or above its open loss (buying above the mark or selling below it), and the worst-case
 * position must fit the brackets at the account's leverage.
 */
function checkMargin(
  state: EngineState,
  account: Account,
  market: PerpMarket,
  shape: OrderShape,
  qty: number,
) {
  const f = account.futures;
  const ms = perpState(state, market);
  const current = f.openOrders.get(market.index);
  const totals: OpenOrderTotals = current
    ? { ...current }
    : { buyQty: 0, buyValue: 0, sellQty: 0, sellValue: 0 };
  const lots = shape.limit === -1 ? shape.fillableQty : qty;
  const value = shape.limit === -1 ? shape.valueBound : shape.limit * qty;
  if (shape.side === Side.Buy) {
    totals.buyQty += lots;
    totals.buyValue += value;
  } else {
    totals.sellQty += lots;
    totals.sellValue += value;
  }
  const leverage = leverageOf(f, market);
  const { positionNotional, orderNotional } = exposure(f, market, ms.mark, totals);
  if (positionNotional + orderNotional > maxNotionalAt(market, leverage)) {
    return reject('RISK_MAX_POSITION', `the position would exceed the maximum for ${leverage}x leverage`);
  }
  const orderValue = BigInt(value) * market.notionalUnits;
  const markValue = divRound(
    BigInt(lots) * market.lotUnits * ms.mark,
    10n ** BigInt(market.base.decimals),
    Rounding.Down,
  );
  const openLoss = shape.side === Side.Buy ? orderValue - markValue : markValue - orderValue;
  const summary = crossSummary(state, account, market.margin.index, { market: market.index, totals });
  if (summary.available - (openLoss > 0n ? openLoss : 0n) < 0n) {
    return reject(
      'RISK_INSUFFICIENT_MARGIN',
      'available balance is below the initial margin the order needs',
    );
  }
  return undefined;
}

/**
 * Fills of one match: the taker's side and each maker's. Returns the value traded in quote units.
 */
export function settlePerpMatch(
  state: EngineState,
  market: PerpMarket,
  taker: Account,
  takerOrderId: number,
  takerPositionSide: PositionSide,
  side: Side,
  out: MatchOutput,
  events: EngineEvent[],
  takerFeePpm: bigint = market.takerFeePpm,
): bigint {
  const makerSide = side === Side.Buy ? Side.Sell : Side.Buy;
  const touched = new Set<Account>();
  const quoteTotal = settleFills(state, market, taker, takerOrderId, side, out, events, {
    fill(maker, makerId, tick, lots, _value, left) {
      const makerMeta = state.perpOrders.get(makerId)!;
      const takerFee = applyFill(
        state,
        market,
        taker,
        takerPositionSide,
        side,
        tick,
        lots,
        takerFeePpm,
        events,
      );
      const makerFee = applyFill(
        state,
        market,
        maker,
        makerMeta.positionSide,
        makerSide,
        tick,
        lots,
        market.makerFeePpm,
        events,
      );
      releasePerpOrder(state, maker, market, makerId, makerSide, tick, lots, left === 0);
      touched.add(maker);
      perpState(state, market).lastTick = tick;
      return [takerFee, makerFee];
    },
    expire(maker, id, tick, lots) {
      releasePerpOrder(state, maker, market, id, makerSide, tick, lots, true);
    },
  });
  for (const maker of touched) if (maker !== taker) trimClosingOrders(state, market, maker, events);
  if (out.fillCount > 0) trimClosingOrders(state, market, taker, events);
  return quoteTotal;
}

/**
 * One account's side of one fill: funding first, then the position update. Returns the fee.
 * Entry value (basis) grows by the fill's value on increases; on decreases it is released pro rata,
 * rounded against the position (a long releases more, a short less), and realized PnL is the
 * difference. A one-way position may flip through zero in one fill.
 */
function applyFill(
  state: EngineState,
  market: PerpMarket,
  account: Account,
  positionSide: PositionSide,
  side: Side,
  tick: number,
  lots: number,
  feePpm: bigint,
  events: EngineEvent[],
): bigint {
  const value = BigInt(tick * lots) * market.notionalUnits;
  const fee = feePpm === 0n ? 0n : applyPpm(value, feePpm, Rounding.Up);
  applyPositionChange(state, market, account, positionSide, side, lots, value, fee, events);
  return fee;
}

/**
 * Change a position by `lots` traded at a total `value` (quote units) with a `fee`: a book fill, or
 * a transfer at a price off the tick grid (insurance takeover, auto-deleveraging).
 */
export function applyPositionChange(
  state: EngineState,
  market: PerpMarket,
  account: Account,
  positionSide: PositionSide,
  side: Side,
  lots: number,
  value: bigint,
  fee: bigint,
  events: EngineEvent[],
): void {
  settleFunding(state, account, events);
  markDirty(state, account);
  const f = account.futures;
  const ms = perpState(state, market);
  const asset = market.margin.index;
  let p = findPosition(f, market.index, positionSide);
  if (!p) {
    p = {
      market: market.index,
      side: positionSide,
      qty: 0,
      basis: 0n,
      isolated: isolatedIn(f, market),
      margin: 0n,
      fundingCount: ms.fundingHistory.length,
      realizedPnl: 0n,
      fees: 0n,
      funding: 0n,
    };
    f.positions.push(p);
  }
  state.ledger.fees[asset]! += fee;
  p.fees += fee;

  const before = signedQty(p);
  const trade = side === Side.Buy ? lots : -lots;
  let after: number;
  let pnl = 0n;
  let closedLots = 0;
  if (before === 0 || Math.sign(before) === Math.sign(trade)) {
    p.basis += value;
    after = before + trade;
  } else {
    closedLots = Math.min(lots, Math.abs(before));
    const closeValue =
      closedLots === lots ? value : mulDiv(value, BigInt(closedLots), BigInt(lots), Rounding.Down);
    const released = mulDiv(
      p.basis,
      BigInt(closedLots),
      BigInt(Math.abs(before)),
      before > 0 ? Rounding.Up : Rounding.Down,
    );
    pnl = before > 0 ? closeValue - released : released - closeValue;
    p.basis -= released;
    after = before + Math.sign(trade) * closedLots;
    const rest = lots - closedLots;
    if (rest > 0) {
      p.basis = value - closeValue;
      after = Math.sign(trade) * rest;
    }
  }
  p.qty = p.side === 'SHORT' ? -after : after;
  ms.longQty += Math.max(0, after) - Math.max(0, before);
  ms.shortQty += Math.max(0, -after) - Math.max(0, -before);
  ms.realizedPnl += pnl;
  p.realizedPnl += pnl;

  const flipped = after !== 0 && before !== 0 && Math.sign(after) !== Math.sign(before);
  if (!p.isolated) {
    f.wallet[asset]! += pnl - fee;
  } else {
    p.margin += pnl - fee;
    if (closedLots > 0) {
      // Closing part of an isolated position frees that part of its margin; closing all frees all.
      const whole = after === 0 || flipped;
      let freed = whole
        ? p.margin
        : p.margin > 0n
          ? mulDiv(p.margin, BigInt(closedLots), BigInt(Math.abs(before)), Rounding.Down)
          : 0n;
      if (!whole) {
        // Never free what the rest of the position needs to stay above its maintenance margin.
        const mark = ms.mark;
        const room = p.margin + positionUpnl(market, p, mark) - positionMaintenance(market, p, mark);
        if (freed > room) freed = room > 0n ? room : 0n;
      }
      p.margin -= freed;
      f.wallet[asset]! += freed;
    }
    const opened =
      before === 0 || Math.sign(before) === Math.sign(trade) ? lots : flipped ? lots - closedLots : 0;
    if (opened > 0) {
      // Opening margin moves from the cross wallet to the position, as far as the wallet has it.
      const openedValue =
        opened === lots ? value : mulDiv(value, BigInt(opened), BigInt(lots), Rounding.Down);
      const need = initialMargin(openedValue, leverageOf(f, market));
      const wallet = f.wallet[asset]!;
      const moved = need < wallet ? need : wallet > 0n ? wallet : 0n;
      f.wallet[asset] = wallet - moved;
      p.margin += moved;
    }
  }
  if (after === 0) {
    if (p.margin !== 0n) {
      f.wallet[asset]! += p.margin;
      p.margin = 0n;
    }
    f.positions.splice(f.positions.indexOf(p), 1);
  }
}

/**
 * Closing orders (reduce-only, or hedge closes) may not outgrow what they close: after a position
 * changes, cancel those that no longer reduce it and shrink those larger than it, newest first.
 */
function trimClosingOrders(
  state: EngineState,
  market: PerpMarket,
  account: Account,
  events: EngineEvent[],
): void {
  const f = account.futures;
  if (!f.orderCount.has(market.index)) return;
  const book = state.books[market.index]!;
  const closing: { id: number; side: Side; tick: number; qty: number; positionSide: PositionSide }[] = [];
  for (const side of [Side.Buy, Side.Sell]) {
    for (const o of book.orders(side)) {
      if (o.owner !== account.id) continue;
      const meta = state.perpOrders.get(o.id);
      if (meta && (meta.reduceOnly || !opensPosition(meta.positionSide, side))) {
        closing.push({ id: o.id, side, tick: o.tick, qty: o.qty, positionSide: meta.positionSide });
      }
    }
  }
  closing.sort((a, b) => a.id - b.id);
  const room = new Map<string, number>();
  for (const o of closing) {
    const key = `${o.positionSide}:${o.side}`;
    if (!room.has(key)) {
      const open = signedQty(findPosition(f, market.index, o.positionSide));
      room.set(key, o.side === Side.Buy ? Math.max(0, -open) : Math.max(0, open));
    }
    const available = room.get(key)!;
    const keep = Math.min(o.qty, available);
    room.set(key, available - keep);
    if (keep === o.qty) continue;
    if (keep === 0) {
      book.cancel(o.id);
      releasePerpOrder(state, account, market, o.id, o.side, o.tick, o.qty, true);
      closeOrder(state, market, account, o.id, 'EXPIRED', o.qty, events);
    } else {
      book.reduce(o.id, keep);
      releasePerpOrder(state, account, market, o.id, o.side, o.tick, o.qty - keep, false);
    }
  }
}
