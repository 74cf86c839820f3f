import { scaleOf } from '@fulcrum/core';
import type { OrderType, PerpMarket, PlaceOrder, PositionSide, StpMode, TimeInForce } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { parsePrice, parseQty } from '../../format.ts';
import { accountOf, endpoint, submitOrThrow } from '../api.ts';
import type { BinanceApi, Call } from '../api.ts';
import { B, BinanceError, toBinanceError } from '../errors.ts';
import { BinanceHistory } from '../history.ts';
import type { OrderRecord } from '../history.ts';
import { Params, perpNamed } from '../params.ts';
import { algoView, orderView, userTradeView } from '../views.ts';

/** Orders: /fapi/v1/order and friends, the algo (conditional) family, user trades. */

const PLAIN_TYPES = ['LIMIT', 'MARKET'] as const;
const ALGO_TYPES = ['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET'] as const;
const ALL_TYPES = [...PLAIN_TYPES, ...ALGO_TYPES, 'TRAILING_STOP_MARKET'] as const;
const TIFS = ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'] as const;
const STP = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'] as const;

const isOpen = (o: OrderRecord): boolean => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
/** A conditional order still waiting for its trigger lives in the algo family, not in openOrders. */
const waiting = (o: OrderRecord): boolean => o.conditional && o.triggerTime === 0 && isOpen(o);

/** A price or quantity: -1111 when it has more decimals than the market shows, else the engine's code. */
function steps(
  m: PerpMarket,
  name: string,
  text: string,
  parse: (m: PerpMarket, t: string) => number,
  scale: number,
) {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw B.malformed(name);
  if (scaleOf(text.replace(/0+$/, '')) > scale && text.includes('.')) throw B.precision();
  try {
    return parse(m, text);
  } catch (error) {
    throw toBinanceError(error);
  }
}

/** The engine command for a Binance order request (plain or algo). */
export function placeCommand(
  m: PerpMarket,
  accountId: number,
  p: Params,
  algo: boolean,
): Omit<PlaceOrder, 'seq' | 'time'> {
  const side = p.str('side');
  if (side !== 'BUY' && side !== 'SELL') throw side === undefined ? B.mandatory('side') : B.invalidSide();
  const type = p.str('type') ?? p.str('orderType');
  if (type === undefined) throw B.mandatory('type');
  if (!(ALL_TYPES as readonly string[]).includes(type)) throw B.invalidType();
  if (type === 'TRAILING_STOP_MARKET') throw B.invalidType();
  if (!algo && !(PLAIN_TYPES as readonly string[]).includes(type))
    throw new BinanceError(
      400,
      -4120,
      'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
    );
  if (algo && !(ALGO_TYPES as readonly string[]).includes(type)) throw B.invalidType();
  const tif = p.oneOf('timeInForce', TIFS);
  if (tif === 'GTD') throw B.invalidTif();
  const positionSide = p.oneOf<PositionSide>('positionSide', ['BOTH', 'LONG', 'SHORT']);
  const stp = p.oneOf<StpMode>('selfTradePreventionMode', STP);
  const priceMatch = p.str('priceMatch');
  if (priceMatch !== undefined && priceMatch !== 'NONE') throw B.invalidParam('priceMatch', 'Only NONE.');
  const closePosition = p.bool('closePosition');
  const reduceOnly = p.bool('reduceOnly');
  const quantity = p.str('quantity');
  if (quantity === undefined && closePosition !== true) throw B.mandatory('quantity');
  const priceScale = scaleOf(m.config.tickSize);
  const qtyScale = scaleOf(m.config.lotSize);
  const priceText = p.str('price');
  const triggerText = algo ? (p.str('triggerPrice') ?? p.str('stopPrice')) : undefined;
  if (algo && triggerText === undefined) throw B.mandatory('triggerPrice');
  const limitType = type === 'LIMIT' || type === 'STOP' || type === 'TAKE_PROFIT';
  if (limitType && priceText === undefined) throw B.mandatory('price');
  const market = type === 'MARKET' || type === 'STOP_MARKET' || type === 'TAKE_PROFIT_MARKET';
  const workingType = p.oneOf('workingType', ['MARK_PRICE', 'CONTRACT_PRICE'] as const);
  return {
    type: 'PlaceOrder',
    accountId,
    market: m.symbol,
    side,
    orderType: type as OrderType,
    qty: quantity === undefined ? 0 : steps(m, 'quantity', quantity, parseQty, qtyScale),
    ...(priceText !== undefined && !market
      ? { price: steps(m, 'price', priceText, parsePrice, priceScale) }
      : {}),
    ...(triggerText !== undefined
      ? { stopPrice: steps(m, 'triggerPrice', triggerText, parsePrice, priceScale) }
      : {}),
    // Market orders take IOC (the engine's default); GTC sent with them is ignored, as Binance does.
    ...(tif !== undefined && !(market && tif === 'GTC') ? { timeInForce: tif as TimeInForce } : {}),
    ...(limitType && tif === undefined ? { timeInForce: 'GTC' as const } : {}),
    ...((p.str('newClientOrderId') ?? p.str('clientAlgoId')) !== undefined
      ? { clientOrderId: (p.str('newClientOrderId') ?? p.str('clientAlgoId'))! }
      : {}),
    ...(stp !== undefined ? { stp } : {}),
    ...(positionSide !== undefined ? { positionSide } : {}),
    ...(reduceOnly === true ? { reduceOnly } : {}),
    ...(closePosition === true ? { closePosition } : {}),
    ...(workingType !== undefined ? { workingType } : {}),
  };
}

export function orderRoutes(app: FastifyInstance, api: BinanceApi): void {
  const { state, history } = api;

  /** Place and answer from the command's own events (the shared history hears of it just after). */
  const place = async (accountId: number, m: PerpMarket, p: Params, algo: boolean): Promise<OrderRecord> => {
    const committed = await submitOrThrow(api, placeCommand(m, accountId, p, algo));
    const scratch = BinanceHistory.scratch(state);
    scratch.apply([committed]);
    if (!committed.result.ok) throw B.unknown();
    return scratch.order(accountId, committed.result.value.orderId)!;
  };

  const find = (
    accountId: number,
    p: Params,
    idName: string,
    clientName: string,
  ): OrderRecord | undefined => {
    const id = p.int(idName, 0);
    const client = p.str(clientName);
    if (id === undefined && client === undefined) throw B.mandatory(`${idName}' or '${clientName}`);
    const order =
      id !== undefined ? history.order(accountId, id) : history.orderByClientId(accountId, client!);
    if (order && client !== undefined && order.clientOrderId !== client) return undefined;
    return order;
  };

  const cancel = async (accountId: number, order: OrderRecord): Promise<OrderRecord> => {
    const committed = await submitOrThrow(api, {
      type: 'CancelOrder',
      accountId,
      market: order.symbol,
      orderId: order.orderId,
    });
    return { ...order, status: 'CANCELED', updateTime: committed.command.time };
  };

  const symbolOf = (call: Call): PerpMarket => perpNamed(state, call.params.need('symbol'));

  endpoint(app, api, 'POST', '/v1/order', 'TRADE', async (call) => {
    const m = symbolOf(call);
    return orderView(state, await place(accountOf(call), m, call.params, false));
  });

  endpoint(app, api, 'POST', '/v1/order/test', 'TRADE', (call) => {
    placeCommand(symbolOf(call), accountOf(call), call.params, false);
    return {};
  });

  endpoint(app, api, 'GET', '/v1/order', 'USER_DATA', (call) => {
    const m = symbolOf(call);
    const order = find(accountOf(call), call.params, 'orderId', 'origClientOrderId');
    if (!order || order.symbol !== m.symbol) throw B.noSuchOrder();
    return orderView(state, order);
  });

  endpoint(app, api, 'GET', '/v1/openOrder', 'USER_DATA', (call) => {
    const m = symbolOf(call);
    const order = find(accountOf(call), call.params, 'orderId', 'origClientOrderId');
    if (!order || order.symbol !== m.symbol || !isOpen(order) || waiting(order))
      throw new BinanceError(400, -2013, 'Order does not exist.');
    return orderView(state, order);
  });

  endpoint(app, api, 'DELETE', '/v1/order', 'TRADE', async (call) => {
    const m = symbolOf(call);
    const accountId = accountOf(call);
    const order = find(accountId, call.params, 'orderId', 'origClientOrderId');
    if (!order || order.symbol !== m.symbol || !isOpen(order)) throw B.unknownOrder();
    return orderView(state, await cancel(accountId, order));
  });

  endpoint(app, api, 'GET', '/v1/openOrders', 'USER_DATA', (call) => {
    const symbol = call.params.str('symbol');
    if (symbol !== undefined) perpNamed(state, symbol);
    return history
      .openOf(accountOf(call), symbol?.toUpperCase())
      .filter((o) => !waiting(o))
      .map((o) => orderView(state, o));
  });

  endpoint(app, api, 'GET', '/v1/allOrders', 'USER_DATA', (call) => {
    const m = symbolOf(call);
    const accountId = accountOf(call);
    const p = call.params;
    const fromId = p.int('orderId');
    const start = p.int('startTime');
    const end = p.int('endTime');
    const limit = p.limit(500, 1000);
    const keep = (o: OrderRecord) =>
      o.symbol === m.symbol &&
      !o.conditional &&
      (fromId === undefined || o.orderId >= fromId) &&
      (start === undefined || o.time >= start) &&
      (end === undefined || o.time <= end);
    const orders = [
      ...history.closedOf(accountId, Number.MAX_SAFE_INTEGER, keep),
      ...history.openOf(accountId, m.symbol).filter(keep),
    ].sort((a, b) => a.orderId - b.orderId);
    const kept = fromId !== undefined || start !== undefined ? orders.slice(0, limit) : orders.slice(-limit);
    return kept.map((o) => orderView(state, o));
  });

  endpoint(app, api, 'DELETE', '/v1/allOpenOrders', 'TRADE', async (call) => {
    const m = symbolOf(call);
    const accountId = accountOf(call);
    await cancelEach(
      history.openOf(accountId, m.symbol).filter((o) => !waiting(o)),
      (o) => cancel(accountId, o),
    );
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  });

  endpoint(app, api, 'POST', '/v1/batchOrders', 'TRADE', async (call) => {
    const accountId = accountOf(call);
    const list = parseJsonList(call.params.need('batchOrders'), 'batchOrders');
    if (list.length > 5) throw B.invalidParam('batchOrders', 'At most 5 orders.');
    const results: unknown[] = [];
    for (const entry of list) {
      try {
        const p = paramsOf(entry);
        const m = perpNamed(state, p.need('symbol'));
        results.push(orderView(state, await place(accountId, m, p, false)));
      } catch (error) {
        results.push(toBinanceError(error).body());
      }
    }
    return results;
  });

  endpoint(app, api, 'DELETE', '/v1/batchOrders', 'TRADE', async (call) => {
    const m = symbolOf(call);
    const accountId = accountOf(call);
    const ids = call.params.str('orderIdList') ?? call.params.str('orderidlist');
    const clients = call.params.str('origClientOrderIdList') ?? call.params.str('origclientorderidlist');
    const wanted: { id?: number; client?: string }[] = [
      ...(ids === undefined ? [] : parseJsonList(ids, 'orderIdList').map((id) => ({ id: Number(id) }))),
      ...(clients === undefined
        ? []
        : parseJsonList(clients, 'origClientOrderIdList').map((c) => ({ client: String(c) }))),
    ];
    if (wanted.length === 0) throw B.mandatory('orderIdList');
    const results: unknown[] = [];
    for (const w of wanted) {
      const order =
        w.id !== undefined ? history.order(accountId, w.id) : history.orderByClientId(accountId, w.client!);
      try {
        if (!order || order.symbol !== m.symbol || !isOpen(order)) throw B.unknownOrder();
        results.push(orderView(state, await cancel(accountId, order)));
      } catch (error) {
        results.push(toBinanceError(error).body());
      }
    }
    return results;
  });

  // The conditional family (STOP/TAKE_PROFIT and their _MARKET kinds): an algo id is the engine's order id.

  endpoint(app, api, 'POST', '/v1/algoOrder', 'TRADE', async (call) => {
    const algoType = call.params.str('algoType');
    if (algoType !== undefined && algoType !== 'CONDITIONAL')
      throw B.invalidParam('algoType', 'Only CONDITIONAL.');
    const m = symbolOf(call);
    return algoView(state, await place(accountOf(call), m, call.params, true));
  });

  endpoint(app, api, 'GET', '/v1/algoOrder', 'USER_DATA', (call) => {
    const order = find(accountOf(call), call.params, 'algoId', 'clientAlgoId');
    if (!order || !order.conditional) throw B.noSuchOrder();
    return algoView(state, order);
  });

  endpoint(app, api, 'DELETE', '/v1/algoOrder', 'TRADE', async (call) => {
    const accountId = accountOf(call);
    const order = find(accountId, call.params, 'algoId', 'clientAlgoId');
    if (!order || !waiting(order)) throw B.unknownOrder();
    await cancel(accountId, order);
    return { algoId: order.orderId, clientAlgoId: order.clientOrderId, code: '200', msg: 'success' };
  });

  endpoint(app, api, 'GET', '/v1/openAlgoOrders', 'USER_DATA', (call) => {
    const symbol = call.params.str('symbol');
    if (symbol !== undefined) perpNamed(state, symbol);
    return history
      .openOf(accountOf(call), symbol?.toUpperCase())
      .filter(waiting)
      .map((o) => algoView(state, o));
  });

  endpoint(app, api, 'GET', '/v1/allAlgoOrders', 'USER_DATA', (call) => {
    const m = symbolOf(call);
    const accountId = accountOf(call);
    const keep = (o: OrderRecord) => o.symbol === m.symbol && o.conditional;
    const orders = [
      ...history.closedOf(accountId, Number.MAX_SAFE_INTEGER, keep),
      ...history.openOf(accountId, m.symbol).filter(keep),
    ].sort((a, b) => a.orderId - b.orderId);
    return orders.slice(-call.params.limit(500, 1000)).map((o) => algoView(state, o));
  });

  endpoint(app, api, 'DELETE', '/v1/algoOpenOrders', 'TRADE', async (call) => {
    const m = symbolOf(call);
    const accountId = accountOf(call);
    await cancelEach(history.openOf(accountId, m.symbol).filter(waiting), (o) => cancel(accountId, o));
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  });

  endpoint(app, api, 'GET', '/v1/userTrades', 'USER_DATA', (call) => {
    const p = call.params;
    const symbol = p.str('symbol');
    const orderId = p.int('orderId');
    if (symbol === undefined && orderId === undefined) throw B.mandatory('symbol');
    const m = symbol === undefined ? undefined : perpNamed(state, symbol);
    const fromId = p.int('fromId');
    const start = p.int('startTime');
    const end = p.int('endTime');
    const limit = p.limit(500, 1000);
    const fills = history
      .fills(
        accountOf(call),
        Number.MAX_SAFE_INTEGER,
        (f) =>
          (m === undefined || f.symbol === m.symbol) &&
          (orderId === undefined || f.orderId === orderId) &&
          (fromId === undefined || f.id >= fromId) &&
          (start === undefined || f.time >= start) &&
          (end === undefined || f.time <= end),
      )
      .reverse();
    const kept = fromId !== undefined || start !== undefined ? fills.slice(0, limit) : fills.slice(-limit);
    return kept.map((f) => userTradeView(state, f));
  });
}

/** Cancel one by one; an order that closed meanwhile is no error. */
async function cancelEach(
  orders: OrderRecord[],
  cancel: (o: OrderRecord) => Promise<unknown>,
): Promise<void> {
  for (const order of orders) {
    try {
      await cancel(order);
    } catch (error) {
      if (!(error instanceof BinanceError) || error.code !== -2011) throw error;
    }
  }
}

function parseJsonList(text: string, name: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw B.malformed(name);
  }
  if (!Array.isArray(value)) throw B.malformed(name);
  return value;
}

/** One entry of batchOrders as parameters (values as strings, as in a query). */
function paramsOf(entry: unknown): Params {
  if (typeof entry !== 'object' || entry === null) throw B.malformed('batchOrders');
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(entry)) query.set(k, String(v));
  return new Params(query.toString(), '');
}
