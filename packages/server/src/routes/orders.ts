import { unitsToAmount } from '@fulcrum/core';
import type { OrderType, PlaceOrder, PositionSide, SideName, StpMode, TimeInForce } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { ApiCode, badRequest, orderNotFound } from '../errors.ts';
import { marketOf, parsePrice, parseQty, priceText, qtyText } from '../format.ts';
import { submit } from '../http/submit.ts';
import { feeAsset, placedRecord } from '../readModels/index.ts';
import {
  decimal,
  errorResponses,
  fillSchema,
  limit,
  orderSchema,
  positionSide,
  side,
  signed,
  strictObject,
  symbol,
} from '../schemas.ts';
import type { ServerContext } from '../types.ts';
import { fillView, orderView } from '../views.ts';
import { accountOf } from './authenticate.ts';

/** Signed order routes: place, cancel, look up, list; fills. */

export interface PlaceOrderBody {
  readonly market: string;
  readonly side: SideName;
  readonly type: OrderType;
  readonly quantity?: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly timeInForce?: TimeInForce;
  readonly clientOrderId?: string;
  readonly reduceOnly?: boolean;
  readonly positionSide?: PositionSide;
  readonly workingType?: 'MARK_PRICE' | 'CONTRACT_PRICE';
  readonly closePosition?: boolean;
  readonly selfTradePrevention?: StpMode;
  /** Spot pairs: trade from the spot wallet (default), the cross margin account or the pair's isolated one. */
  readonly wallet?: 'SPOT' | 'MARGIN' | 'ISOLATED_MARGIN';
  /** Margin orders: borrow what is missing, repay debt with what comes in, or both. */
  readonly sideEffect?: 'NO_SIDE_EFFECT' | 'MARGIN_BUY' | 'AUTO_REPAY' | 'AUTO_BORROW_REPAY';
}

const orderId = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const clientOrderId = { type: 'string', minLength: 1, maxLength: 36 } as const;

const placeOrderSchema = strictObject(
  {
    market: symbol,
    side,
    type: {
      type: 'string',
      enum: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET'],
    },
    quantity: decimal,
    price: decimal,
    stopPrice: decimal,
    timeInForce: { type: 'string', enum: ['GTC', 'IOC', 'FOK', 'GTX'] },
    clientOrderId,
    reduceOnly: { type: 'boolean' },
    positionSide,
    workingType: { type: 'string', enum: ['MARK_PRICE', 'CONTRACT_PRICE'] },
    closePosition: { type: 'boolean' },
    selfTradePrevention: { type: 'string', enum: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'] },
    wallet: { type: 'string', enum: ['SPOT', 'MARGIN', 'ISOLATED_MARGIN'] },
    sideEffect: { type: 'string', enum: ['NO_SIDE_EFFECT', 'MARGIN_BUY', 'AUTO_REPAY', 'AUTO_BORROW_REPAY'] },
  },
  ['market', 'side', 'type'],
);

const PERP_ONLY = ['stopPrice', 'reduceOnly', 'positionSide', 'workingType', 'closePosition'] as const;

const placedSchema = {
  type: 'object',
  properties: {
    ...orderSchema.properties,
    fills: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          tradeId: { type: 'integer' },
          price: { type: 'string' },
          qty: { type: 'string' },
          fee: { type: 'string' },
          feeAsset: { type: 'string' },
        },
      },
    },
  },
} as const;

export function orderRoutes(app: FastifyInstance, context: ServerContext): void {
  const { exchange, readModels } = context;
  const state = exchange.state;
  const venue = state.venue;

  app.post<{ Body: PlaceOrderBody }>('/orders', {
    config: { trade: true },
    schema: {
      tags: ['orders'],
      summary:
        'Place an order (spot: LIMIT, MARKET; perpetuals also STOP, TAKE_PROFIT and their _MARKET kinds)',
      security: signed,
      body: placeOrderSchema,
      response: { 200: placedSchema, ...errorResponses },
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const b = request.body;
      const m = marketOf(state, b.market);
      if (m.kind === 'spot') {
        const extra = PERP_ONLY.find((field) => b[field] !== undefined);
        if (extra) throw badRequest(ApiCode.RequestInvalid, `${extra} is only taken on perpetual markets`);
      }
      if (b.quantity === undefined && b.closePosition !== true)
        throw badRequest(ApiCode.RequestInvalid, 'quantity is required (except with closePosition)');
      const stopPrice = b.stopPrice === undefined ? undefined : stopTicks(m, b.stopPrice);
      const command: Omit<PlaceOrder, 'seq' | 'time'> = {
        type: 'PlaceOrder',
        accountId,
        market: m.symbol,
        side: b.side,
        orderType: b.type,
        qty: b.quantity === undefined ? 0 : parseQty(m, b.quantity),
        ...(b.price !== undefined ? { price: parsePrice(m, b.price) } : {}),
        ...(stopPrice !== undefined ? { stopPrice } : {}),
        ...(b.timeInForce !== undefined ? { timeInForce: b.timeInForce } : {}),
        ...(b.clientOrderId !== undefined ? { clientOrderId: b.clientOrderId } : {}),
        ...(b.reduceOnly !== undefined ? { reduceOnly: b.reduceOnly } : {}),
        ...(b.positionSide !== undefined ? { positionSide: b.positionSide } : {}),
        ...(b.workingType !== undefined ? { workingType: b.workingType } : {}),
        ...(b.closePosition !== undefined ? { closePosition: b.closePosition } : {}),
        ...(b.selfTradePrevention !== undefined ? { stp: b.selfTradePrevention } : {}),
        ...(b.wallet !== undefined ? { wallet: b.wallet } : {}),
        ...(b.sideEffect !== undefined ? { sideEffect: b.sideEffect } : {}),
      };
      const { committed, value } = await submit(exchange, command);
      // The read models hear of this command just after: project the answer from its own events.
      const record = placedRecord(committed.command, committed.events, value.orderId, m.kind === 'perp')!;
      const fills = [];
      for (const e of committed.events) {
        if (e.type !== 'Trade' || e.takerOrderId !== value.orderId) continue;
        const asset = venue.assetBySymbol.get(feeAsset(m, e.takerSide))!;
        fills.push({
          tradeId: e.tradeId,
          price: priceText(m, e.price),
          qty: qtyText(m, e.qty),
          fee: unitsToAmount(asset, e.takerFee),
          feeAsset: asset.symbol,
        });
      }
      return { ...orderView(venue, record), fills };
    },
  });

  app.delete<{ Querystring: { orderId?: number; clientOrderId?: string; market?: string } }>('/orders', {
    config: { trade: true },
    schema: {
      tags: ['orders'],
      summary: 'Cancel an open order by orderId or clientOrderId',
      security: signed,
      querystring: strictObject({ orderId, clientOrderId, market: symbol }, []),
      response: { 200: orderSchema, ...errorResponses },
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const q = request.query;
      if (q.orderId === undefined && q.clientOrderId === undefined)
        throw badRequest(ApiCode.RequestInvalid, 'orderId or clientOrderId is required');
      const record =
        q.orderId !== undefined
          ? readModels.orders.get(accountId, q.orderId)
          : readModels.orders.openByClientId(accountId, q.clientOrderId!);
      const isOpen =
        record !== undefined && (record.status === 'NEW' || record.status === 'PARTIALLY_FILLED');
      const matches =
        isOpen &&
        (q.market === undefined || q.market === record.market) &&
        (q.clientOrderId === undefined || q.clientOrderId === record.clientOrderId);
      if (!matches) throw orderNotFound(q.orderId ?? q.clientOrderId ?? '');
      const { committed } = await submit(exchange, {
        type: 'CancelOrder',
        accountId,
        market: record.market,
        orderId: record.orderId,
      });
      return orderView(venue, { ...record, status: 'CANCELED', updateTime: committed.command.time });
    },
  });

  app.get<{ Querystring: { market?: string; limit: number } }>('/orders/open', {
    schema: {
      tags: ['orders'],
      summary: 'Open orders, oldest first (at most `limit`)',
      security: signed,
      querystring: strictObject({ market: symbol, limit: limit(5000, 1000) }, []),
      response: { 200: { type: 'array', items: orderSchema }, ...errorResponses },
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const { market, limit: max } = request.query;
      if (market !== undefined) marketOf(state, market);
      return readModels.orders.open(accountId, market, max).map((r) => orderView(venue, r));
    },
  });

  app.get<{ Querystring: { market?: string; limit: number } }>('/orders/history', {
    schema: {
      tags: ['orders'],
      summary: 'Recently closed orders, newest first',
      security: signed,
      querystring: strictObject({ market: symbol, limit: limit(1000, 100) }, []),
      response: { 200: { type: 'array', items: orderSchema }, ...errorResponses },
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const { market, limit: max } = request.query;
      if (market !== undefined) marketOf(state, market);
      return readModels.orders.closed(accountId, max, market).map((r) => orderView(venue, r));
    },
  });

  app.get<{ Params: { orderId: number } }>('/orders/:orderId', {
    schema: {
      tags: ['orders'],
      summary: 'One order of this account, open or recently closed',
      security: signed,
      params: strictObject({ orderId }, ['orderId']),
      querystring: strictObject({}, []),
      response: { 200: orderSchema, ...errorResponses },
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const record = readModels.orders.get(accountId, request.params.orderId);
      if (!record) throw orderNotFound(request.params.orderId);
      return orderView(venue, record);
    },
  });

  app.get<{ Querystring: { market?: string; orderId?: number; limit: number } }>('/fills', {
    schema: {
      tags: ['orders'],
      summary: "This account's fills, newest first",
      security: signed,
      querystring: strictObject({ market: symbol, orderId, limit: limit(1000, 100) }, []),
      response: { 200: { type: 'array', items: fillSchema }, ...errorResponses },
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const { market, orderId: id, limit: max } = request.query;
      if (market !== undefined) marketOf(state, market);
      const filter = {
        ...(market !== undefined ? { market } : {}),
        ...(id !== undefined ? { orderId: id } : {}),
      };
      return readModels.fills.recent(accountId, max, filter).map((f) => fillView(venue, f));
    },
  });
}

/** A stop price: the same conversion as a price, its errors named for the field. */
function stopTicks(m: Parameters<typeof parsePrice>[0], text: string): number {
  try {
    return parsePrice(m, text);
  } catch (error) {
    if (error instanceof Error) error.message = `stopPrice: ${error.message}`;
    throw error;
  }
}
