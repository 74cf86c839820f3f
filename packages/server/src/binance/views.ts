import { lotsToQty } from '@fulcrum/core';
import type { Asset, BookMarket, EngineState, PerpMarket } from '@fulcrum/core';
import { amountText, averagePriceText, quotePriceText } from '../format.ts';
import type { FillRecord, IncomeRecord, OrderRecord } from './history.ts';

/** Binance's shapes: every number but ids and times a string, "0" where nothing applies. */

export const price = (m: BookMarket, units: bigint): string => quotePriceText(m, units);
export const qty = (m: BookMarket, lots: number): string => lotsToQty(m, lots);
export const amount = (asset: Asset, units: bigint): string => amountText(asset, units);
export const tickPrice = (m: BookMarket, tick: number): string =>
  quotePriceText(m, BigInt(tick) * m.tickUnits);

export function perpOfRecord(state: EngineState, symbol: string): PerpMarket {
  const m = state.venue.marketBySymbol.get(symbol);
  if (m?.kind !== 'perp') throw new RangeError(`record of unknown perpetual ${symbol}`);
  return m;
}

export function avgPrice(m: BookMarket, o: { executedQty: number; cumQuote: bigint }): string {
  return averagePriceText(m, o.executedQty, o.cumQuote) ?? '0';
}

export function orderView(state: EngineState, o: OrderRecord) {
  const m = perpOfRecord(state, o.symbol);
  return {
    orderId: o.orderId,
    symbol: o.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: price(m, o.price),
    avgPrice: avgPrice(m, o),
    origQty: qty(m, o.origQty),
    executedQty: qty(m, o.executedQty),
    cumQty: qty(m, o.executedQty),
    cumQuote: amount(m.quote, o.cumQuote),
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: o.closePosition,
    side: o.side,
    positionSide: o.positionSide,
    stopPrice: price(m, o.stopPrice),
    workingType: o.workingType,
    priceProtect: false,
    origType: o.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    time: o.time,
    updateTime: o.updateTime,
  };
}

/** Binance's algo order statuses: waiting, triggered (its order open), finished, or never triggered. */
export function algoStatus(o: OrderRecord): string {
  const open = o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
  if (o.triggerTime === 0) return open ? 'NEW' : o.status === 'CANCELED' ? 'CANCELED' : 'EXPIRED';
  return open ? 'TRIGGERED' : 'FINISHED';
}

export function algoView(state: EngineState, o: OrderRecord) {
  const m = perpOfRecord(state, o.symbol);
  const triggered = o.triggerTime > 0;
  return {
    algoId: o.orderId,
    clientAlgoId: o.clientOrderId,
    algoType: 'CONDITIONAL',
    orderType: o.type,
    symbol: o.symbol,
    side: o.side,
    positionSide: o.positionSide,
    timeInForce: o.timeInForce,
    quantity: qty(m, o.origQty),
    algoStatus: algoStatus(o),
    actualOrderId: triggered ? String(o.orderId) : '',
    actualPrice: triggered ? avgPrice(m, o) : '0',
    triggerPrice: price(m, o.stopPrice),
    price: price(m, o.price),
    icebergQuantity: null,
    tpTriggerPrice: '0',
    tpPrice: '0',
    slTriggerPrice: '0',
    slPrice: '0',
    tpOrderType: '',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    workingType: o.workingType,
    priceMatch: 'NONE',
    closePosition: o.closePosition,
    priceProtect: false,
    reduceOnly: o.reduceOnly,
    createTime: o.time,
    updateTime: o.updateTime,
    triggerTime: o.triggerTime,
    goodTillDate: 0,
  };
}

export function userTradeView(state: EngineState, f: FillRecord) {
  const m = perpOfRecord(state, f.symbol);
  return {
    buyer: f.side === 'BUY',
    commission: amount(m.margin, f.commission),
    commissionAsset: m.margin.symbol,
    id: f.id,
    maker: f.maker,
    orderId: f.orderId,
    price: price(m, f.price),
    qty: qty(m, f.qty),
    quoteQty: amount(m.quote, f.quoteQty),
    realizedPnl: amount(m.margin, f.realizedPnl),
    side: f.side,
    positionSide: f.positionSide,
    symbol: f.symbol,
    time: f.time,
  };
}

export function incomeView(state: EngineState, i: IncomeRecord) {
  const asset = state.venue.assetBySymbol.get(i.asset);
  return {
    symbol: i.symbol,
    incomeType: i.incomeType,
    income: asset ? amount(asset, i.income) : i.income.toString(),
    asset: i.asset,
    info: i.info,
    time: i.time,
    tranId: i.tranId,
    tradeId: i.tradeId,
  };
}
