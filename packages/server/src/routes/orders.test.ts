import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

let h: Harness;
let alice: ApiKeyRecord;
let bob: ApiKeyRecord;

beforeEach(async () => {
  h = await harness();
  alice = await h.account({ BTC: '10', USDT: '1000000' }, { USDT: '100000' });
  bob = await h.account({ BTC: '10', USDT: '1000000' }, { USDT: '100000' });
});

afterEach(async () => {
  await h.close();
});

const place = (key: ApiKeyRecord, body: Record<string, unknown>) =>
  h.call(key, 'POST', '/api/v1/orders', body);

describe('spot orders', () => {
  it('fills between two accounts and reports orders, fills and balances', async () => {
    const sell = await place(alice, {
      market: 'BTC/USDT',
      side: 'SELL',
      type: 'LIMIT',
      price: '60000',
      quantity: '0.5',
      clientOrderId: 'ask-1',
    });
    expect(sell.statusCode).toBe(200);
    expect(sell.json()).toMatchObject({
      orderId: 1,
      clientOrderId: 'ask-1',
      status: 'NEW',
      price: '60000',
      origQty: '0.5',
      executedQty: '0',
      avgPrice: null,
      positionSide: null,
      fills: [],
    });

    const buy = await place(bob, { market: 'BTC/USDT', side: 'BUY', type: 'MARKET', quantity: '0.2' });
    expect(buy.statusCode).toBe(200);
    expect(buy.json()).toMatchObject({
      orderId: 2,
      type: 'MARKET',
      timeInForce: 'IOC',
      price: null,
      status: 'FILLED',
      executedQty: '0.2',
      cumQuote: '12000',
      avgPrice: '60000',
      fills: [{ tradeId: 1, price: '60000', qty: '0.2', fee: '0.0002', feeAsset: 'BTC' }],
    });

    const open = await h.call(alice, 'GET', '/api/v1/orders/open');
    expect(open.json()).toMatchObject([{ orderId: 1, status: 'PARTIALLY_FILLED', executedQty: '0.2' }]);
    expect((await h.call(bob, 'GET', '/api/v1/orders/open')).json()).toEqual([]);
    expect((await h.call(bob, 'GET', '/api/v1/orders/2')).json()).toMatchObject({ status: 'FILLED' });
    expect((await h.call(bob, 'GET', '/api/v1/orders/history')).json()).toMatchObject([{ orderId: 2 }]);

    const fills = await h.call(alice, 'GET', '/api/v1/fills?market=BTC/USDT');
    expect(fills.json()).toEqual([
      {
        tradeId: 1,
        orderId: 1,
        market: 'BTC/USDT',
        side: 'SELL',
        price: '60000',
        qty: '0.2',
        quoteQty: '12000',
        fee: '12',
        feeAsset: 'USDT',
        maker: true,
        time: expect.any(Number),
      },
    ]);
    expect((await h.call(alice, 'GET', '/api/v1/fills?orderId=99')).json()).toEqual([]);

    const account = (await h.call(alice, 'GET', '/api/v1/account')).json();
    expect(account.spot).toContainEqual({ asset: 'BTC', available: '9.5', held: '0.3' });
    expect(account.spot).toContainEqual({ asset: 'USDT', available: '1011988', held: '0' });
  });

  it('cancels by order id and by client order id', async () => {
    await place(alice, { market: 'BTC/USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '1' });
    await place(alice, {
      market: 'BTC/USDT',
      side: 'BUY',
      type: 'LIMIT',
      price: '49000',
      quantity: '1',
      clientOrderId: 'mine',
    });
    const byId = await h.call(alice, 'DELETE', '/api/v1/orders?orderId=1');
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toMatchObject({ orderId: 1, status: 'CANCELED', origQty: '1' });
    const byClient = await h.call(alice, 'DELETE', '/api/v1/orders?clientOrderId=mine&market=BTC/USDT');
    expect(byClient.json()).toMatchObject({ orderId: 2, status: 'CANCELED', clientOrderId: 'mine' });
    expect((await h.call(alice, 'GET', '/api/v1/orders/open')).json()).toEqual([]);
    expect((await h.call(alice, 'GET', '/api/v1/orders/1')).json()).toMatchObject({ status: 'CANCELED' });
    const again = await h.call(alice, 'DELETE', '/api/v1/orders?orderId=1');
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('ORDER_NOT_FOUND');
    const account = (await h.call(alice, 'GET', '/api/v1/account')).json();
    expect(account.spot).toContainEqual({ asset: 'USDT', available: '1000000', held: '0' });
  });

  it("never shows or touches another account's order", async () => {
    await place(alice, { market: 'BTC/USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '1' });
    const hash = h.exchange.stateHash();
    for (const [method, path] of [
      ['GET', '/api/v1/orders/1'],
      ['DELETE', '/api/v1/orders?orderId=1'],
      ['DELETE', '/api/v1/orders?orderId=1&market=BTC/USDT'],
    ] as const) {
      const res = await h.call(bob, method, path);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('ORDER_NOT_FOUND');
    }
    expect((await h.call(bob, 'GET', '/api/v1/orders/open')).json()).toEqual([]);
    expect(h.exchange.stateHash()).toBe(hash);
    expect((await h.call(alice, 'GET', '/api/v1/orders/open')).json()).toHaveLength(1);
  });

  it('answers engine rejections with their code and changes nothing', async () => {
    const hash = h.exchange.stateHash();
    const cases: [Record<string, unknown>, string][] = [
      [{ side: 'BUY', type: 'LIMIT', price: '60000', quantity: '100' }, 'ACCOUNT_INSUFFICIENT_BALANCE'],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.1' }, 'BOOK_NO_LIQUIDITY'],
      [{ side: 'BUY', type: 'LIMIT', price: '1', quantity: '0.001' }, 'BOOK_MIN_NOTIONAL'],
      [{ side: 'BUY', type: 'LIMIT', quantity: '0.1' }, 'BOOK_PRICE_MISSING'],
      [{ side: 'BUY', type: 'STOP', price: '1', stopPrice: '2', quantity: '0.1' }, 'REQUEST_INVALID'],
      [{ side: 'BUY', type: 'LIMIT', price: '60000', quantity: '0.1', reduceOnly: true }, 'REQUEST_INVALID'],
      [{ side: 'BUY', type: 'LIMIT', price: '60000' }, 'REQUEST_INVALID'],
      [
        { side: 'BUY', type: 'LIMIT', price: '60000', quantity: '0.1', clientOrderId: 'a b' },
        'BOOK_CLIENT_ID_INVALID',
      ],
    ];
    for (const [body, code] of cases) {
      const res = await place(alice, { market: 'BTC/USDT', ...body });
      expect(res.statusCode, code).toBe(400);
      expect(res.json().code).toBe(code);
    }
    expect(h.exchange.stateHash()).toBe(hash);
  });
});

describe('perpetual orders', () => {
  beforeEach(async () => {
    await h.index('BTCUSDT', '60000');
  });

  it('opens positions on both sides and reports their risk', async () => {
    const ask = await place(alice, {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      price: '60000',
      quantity: '0.1',
    });
    expect(ask.json()).toMatchObject({ status: 'NEW', positionSide: 'BOTH', reduceOnly: false });
    const take = await place(bob, { market: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' });
    expect(take.json()).toMatchObject({
      status: 'FILLED',
      avgPrice: '60000',
      fills: [{ price: '60000', qty: '0.1', fee: '3', feeAsset: 'USDT' }],
    });

    const long = (await h.call(bob, 'GET', '/api/v1/positions')).json();
    expect(long).toHaveLength(1);
    expect(long[0]).toMatchObject({
      market: 'BTCUSDT',
      positionSide: 'BOTH',
      marginType: 'CROSSED',
      leverage: 20,
      qty: '0.1',
      entryPrice: '60000',
      notional: '6000',
      initialMargin: '300',
    });
    expect(long[0]).toMatchObject({ liquidationPrice: null, marginRatio: '0.000241' });
    const short = (await h.call(alice, 'GET', '/api/v1/positions?market=BTCUSDT')).json();
    expect(short[0]).toMatchObject({ qty: '-0.1', entryPrice: '60000' });
    expect((await h.call(alice, 'GET', '/api/v1/positions?market=ETHUSDT')).json()).toEqual([]);

    const futures = (await h.call(bob, 'GET', '/api/v1/account')).json().futures;
    expect(futures.assets[0]).toMatchObject({
      asset: 'USDT',
      walletBalance: '99997',
      positionInitialMargin: '300',
    });

    // A reduce-only order larger than the position is refused; a closing one is taken.
    const tooBig = await place(bob, {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      price: '61000',
      quantity: '0.2',
      reduceOnly: true,
    });
    expect(tooBig.json().code).toBe('RISK_REDUCE_ONLY_REJECTED');
    const close = await place(bob, {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      price: '61000',
      quantity: '0.1',
      reduceOnly: true,
    });
    expect(close.json()).toMatchObject({ status: 'NEW', reduceOnly: true });
  });

  it('takes conditional orders and shows them until they trigger', async () => {
    await place(alice, { market: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: '60000', quantity: '0.1' });
    await place(bob, { market: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' });
    const stop = await place(bob, {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '55000',
      closePosition: true,
      workingType: 'MARK_PRICE',
      clientOrderId: 'sl',
    });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({
      type: 'STOP_MARKET',
      stopPrice: '55000',
      price: null,
      closePosition: true,
      reduceOnly: true,
      workingType: 'MARK_PRICE',
      triggered: false,
      status: 'NEW',
    });
    const tp = await place(bob, {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'TAKE_PROFIT',
      price: '70000',
      stopPrice: '69000',
      quantity: '0.1',
      reduceOnly: true,
    });
    expect(tp.json()).toMatchObject({ type: 'TAKE_PROFIT', price: '70000', workingType: 'CONTRACT_PRICE' });
    const immediate = await place(bob, {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '65000',
      quantity: '0.1',
    });
    expect(immediate.json().code).toBe('RISK_WOULD_TRIGGER_IMMEDIATELY');
    const bad = await place(bob, {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      stopPrice: '55000.05',
      quantity: '0.1',
    });
    expect(bad.json()).toMatchObject({
      code: 'BOOK_PRICE_NOT_ON_TICK',
      message: expect.stringMatching(/^stopPrice/),
    });
    expect((await h.call(bob, 'GET', '/api/v1/orders/open?market=BTCUSDT')).json()).toHaveLength(2);
    const cancel = await h.call(bob, 'DELETE', '/api/v1/orders?clientOrderId=sl');
    expect(cancel.json()).toMatchObject({ status: 'CANCELED', type: 'STOP_MARKET' });
  });
});
