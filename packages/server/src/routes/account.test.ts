import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

let h: Harness;
let alice: ApiKeyRecord;
let bob: ApiKeyRecord;

beforeAll(async () => {
  h = await harness();
  alice = await h.account({ USDT: '50000' });
  bob = await h.account({}, { USDT: '100000' });
  await h.index('BTCUSDT', '60000');
});

afterAll(async () => {
  await h.close();
});

const post = (key: ApiKeyRecord, path: string, body: Record<string, unknown>) =>
  h.call(key, 'POST', `/api/v1${path}`, body);
const futuresUsdt = async (key: ApiKeyRecord) =>
  (await h.call(key, 'GET', '/api/v1/account')).json().futures.assets[0];

describe('account routes', () => {
  it('moves funds between spot and futures', async () => {
    const res = await post(alice, '/transfer', {
      asset: 'USDT',
      amount: '20000.5',
      direction: 'SPOT_TO_FUTURES',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ asset: 'USDT', amount: '20000.5', direction: 'SPOT_TO_FUTURES' });
    expect(await futuresUsdt(alice)).toMatchObject({ walletBalance: '20000.5', availableBalance: '20000.5' });
    await post(alice, '/transfer', { asset: 'USDT', amount: '0.5', direction: 'FUTURES_TO_SPOT' });
    const account = (await h.call(alice, 'GET', '/api/v1/account')).json();
    expect(account.spot[0]).toEqual({ asset: 'USDT', available: '30000', held: '0' });
    expect(account.futures.assets[0].walletBalance).toBe('20000');
    const tooMuch = await post(alice, '/transfer', {
      asset: 'USDT',
      amount: '1000000',
      direction: 'SPOT_TO_FUTURES',
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().code).toBe('ACCOUNT_INSUFFICIENT_BALANCE');
    const precise = await post(alice, '/transfer', {
      asset: 'USDT',
      amount: '1.000000001',
      direction: 'SPOT_TO_FUTURES',
    });
    expect(precise.json().code).toBe('ACCOUNT_AMOUNT_PRECISION');
    const unknown = await post(alice, '/transfer', {
      asset: 'XRP',
      amount: '1',
      direction: 'SPOT_TO_FUTURES',
    });
    expect(unknown.json().code).toBe('ACCOUNT_ASSET_UNKNOWN');
  });

  it('sets leverage, margin type and position mode', async () => {
    const lev = await post(bob, '/leverage', { market: 'BTCUSDT', leverage: 10 });
    expect(lev.json()).toEqual({ market: 'BTCUSDT', leverage: 10 });
    expect((await post(bob, '/leverage', { market: 'BTCUSDT', leverage: 200 })).json().code).toBe(
      'RISK_LEVERAGE_INVALID',
    );
    expect((await post(bob, '/leverage', { market: 'BTC/USDT', leverage: 2 })).json().code).toBe(
      'MARKET_NOT_PERPETUAL',
    );
    const isolated = await post(bob, '/margin-type', { market: 'BTCUSDT', marginType: 'ISOLATED' });
    expect(isolated.json()).toEqual({ market: 'BTCUSDT', marginType: 'ISOLATED' });
    const hedge = await post(bob, '/position-mode', { mode: 'HEDGE' });
    expect(hedge.json()).toEqual({ mode: 'HEDGE' });
    expect((await post(bob, '/position-mode', { mode: 'ONE_WAY' })).json()).toEqual({ mode: 'ONE_WAY' });
    const account = (await h.call(bob, 'GET', '/api/v1/account')).json();
    expect(account.futures.positionMode).toBe('ONE_WAY');
    expect(account.futures.markets[0]).toEqual({ market: 'BTCUSDT', leverage: 10, marginType: 'ISOLATED' });
  });

  it('adds and removes isolated margin on a position', async () => {
    await post(alice, '/orders', {
      market: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      price: '60000',
      quantity: '0.5',
    });
    const buy = await post(bob, '/orders', {
      market: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.5',
    });
    expect(buy.json().status).toBe('FILLED');
    const [position] = (await h.call(bob, 'GET', '/api/v1/positions')).json();
    expect(position).toMatchObject({ marginType: 'ISOLATED', leverage: 10, qty: '0.5' });
    const before = Number(position.isolatedMargin);
    const add = await post(bob, '/isolated-margin', { market: 'BTCUSDT', amount: '1000', action: 'ADD' });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toMatchObject({
      market: 'BTCUSDT',
      positionSide: 'BOTH',
      action: 'ADD',
      amount: '1000',
    });
    expect(Number(add.json().isolatedMargin)).toBe(before + 1000);
    const remove = await post(bob, '/isolated-margin', {
      market: 'BTCUSDT',
      amount: '500',
      action: 'REMOVE',
    });
    expect(Number(remove.json().isolatedMargin)).toBe(before + 500);
    const huge = await post(bob, '/isolated-margin', {
      market: 'BTCUSDT',
      amount: '99999999',
      action: 'REMOVE',
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().code).toMatch(/^RISK_|^ACCOUNT_/);
    expect((await post(bob, '/position-mode', { mode: 'HEDGE' })).json().code).toBe(
      'RISK_OPEN_POSITION_OR_ORDERS',
    );
  });

  it('refuses a read-only key on every route that changes state', async () => {
    const key = { ...alice, apiKey: 'read-only-key', secret: 'read-only-secret', canTrade: false };
    h.keys.add(key);
    expect((await h.call(key, 'GET', '/api/v1/account')).statusCode).toBe(200);
    const hash = h.exchange.stateHash();
    for (const [path, body] of [
      ['/transfer', { asset: 'USDT', amount: '1', direction: 'SPOT_TO_FUTURES' }],
      ['/orders', { market: 'BTC/USDT', side: 'BUY', type: 'LIMIT', price: '1', quantity: '1' }],
      ['/leverage', { market: 'BTCUSDT', leverage: 3 }],
    ] as const) {
      const res = await post(key, path, body);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('AUTH_FORBIDDEN');
    }
    expect((await h.call(key, 'DELETE', '/api/v1/orders?orderId=1')).statusCode).toBe(403);
    expect(h.exchange.stateHash()).toBe(hash);
  });
});
