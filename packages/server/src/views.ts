import { unitsToAmount } from '@fulcrum/core';
import type { BookMarket, PositionRisk, Venue } from '@fulcrum/core';
import { averagePriceText, marginRatioText, ppmText, priceText, qtyText, quotePriceText } from './format.ts';
import type { FillRecord, OrderRecord, TradeRecord } from './readModels/index.ts';

/** Read-model records as the API shows them: decimal strings, nulls for what does not apply. */

export interface OrderView {
  readonly orderId: number;
  readonly clientOrderId: string | null;
  readonly market: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  readonly price: string | null;
  readonly stopPrice: string | null;
  readonly origQty: string;
  readonly executedQty: string;
  readonly cumQuote: string;
  readonly avgPrice: string | null;
  readonly status: string;
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly positionSide: string | null;
  readonly workingType: string | null;
  readonly triggered: boolean;
  readonly reason: string | null;
  readonly time: number;
  readonly updateTime: number;
}

export function marketNamed(venue: Venue, symbol: string): BookMarket {
  const market = venue.marketBySymbol.get(symbol);
  if (!market) throw new RangeError(`record of unknown market ${symbol}`);
  return market;
}

export function orderView(venue: Venue, r: OrderRecord): OrderView {
  const m = marketNamed(venue, r.market);
  return {
    orderId: r.orderId,
    clientOrderId: r.clientOrderId ?? null,
    market: r.market,
    side: r.side,
    type: r.type,
    timeInForce: r.timeInForce,
    price: priceText(m, r.price),
    stopPrice: priceText(m, r.stopPrice),
    origQty: qtyText(m, r.origQty),
    executedQty: qtyText(m, r.executedQty),
    cumQuote: unitsToAmount(m.quote, r.cumQuote),
    avgPrice: averagePriceText(m, r.executedQty, r.cumQuote),
    status: r.status,
    reduceOnly: r.reduceOnly,
    closePosition: r.closePosition,
    positionSide: r.positionSide ?? null,
    workingType: r.workingType ?? null,
    triggered: r.triggered,
    reason: r.reason ?? null,
    time: r.time,
    updateTime: r.updateTime,
  };
}

export interface FillView {
  readonly tradeId: number;
  readonly orderId: number;
  readonly market: string;
  readonly side: string;
  readonly price: string;
  readonly qty: string;
  readonly quoteQty: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly maker: boolean;
  readonly time: number;
}

export function fillView(venue: Venue, f: FillRecord): FillView {
  const m = marketNamed(venue, f.market);
  const feeAsset = venue.assetBySymbol.get(f.feeAsset) ?? m.quote;
  return {
    tradeId: f.tradeId,
    orderId: f.orderId,
    market: f.market,
    side: f.side,
    price: priceText(m, f.price) ?? '0',
    qty: qtyText(m, f.qty),
    quoteQty: unitsToAmount(m.quote, f.quoteQty),
    fee: unitsToAmount(feeAsset, f.fee),
    feeAsset: f.feeAsset,
    maker: f.maker,
    time: f.time,
  };
}

export function tradeView(m: BookMarket, t: TradeRecord) {
  return {
    id: t.id,
    price: priceText(m, t.price) ?? '0',
    qty: qtyText(m, t.qty),
    quoteQty: unitsToAmount(m.quote, t.quoteQty),
    takerSide: t.takerSide,
    time: t.time,
  };
}

export function positionView(venue: Venue, p: PositionRisk) {
  const m = marketNamed(venue, p.market);
  const quote = (units: bigint): string => unitsToAmount(m.quote, units);
  return {
    market: p.market,
    positionSide: p.positionSide,
    marginType: p.isolated ? 'ISOLATED' : 'CROSSED',
    leverage: p.leverage,
    qty: qtyText(m, p.qty),
    entryPrice: quotePriceText(m, p.entryPrice),
    breakEvenPrice: quotePriceText(m, p.breakEvenPrice),
    markPrice: quotePriceText(m, p.markPrice),
    unrealizedPnl: quote(p.unrealizedPnl),
    roe: ppmText(p.roePpm),
    notional: quote(p.notional),
    initialMargin: quote(p.initialMargin),
    maintenanceMargin: quote(p.maintenanceMargin),
    isolatedMargin: quote(p.isolatedMargin),
    marginRatio: marginRatioText(p.maintenanceMargin, p.marginRatioPpm),
    liquidationPrice: p.liquidationPrice === undefined ? null : quotePriceText(m, p.liquidationPrice),
  };
}
