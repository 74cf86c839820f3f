import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { signRequest } from '../auth/sign.ts';
import { harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

let h: Harness;
let key: ApiKeyRecord;

beforeAll(async () => {
  h = await harness({ limits: { bodyLimit: 4096 } });
  key = await h.account({ BTC: '1', USDT: '100000' }, { USDT: '10000' });
  await h.index('BTCUSDT', '60000');
  // Something on the book, so that a mistake would have something to change.
  await h.call(key, 'POST', '/api/v1/orders', {
    market: 'BTC/USDT',
    side: 'BUY',
    type: 'LIMIT',
    price: '50000',
    quantity: '0.1',
  });
});

afterAll(async () => {
  await h.close();
});

/** A request signed over exactly the bytes sent. */
function signedRaw(body: string, path = '/api/v1/orders', method = 'POST', contentType = 'application/json') {
  const signed = signRequest({
    apiKey: key.apiKey,
    secret: key.secret,
    method,
    path,
    body,
    timestamp: h.clock.now(),
  });
  h.clock.advance(1);
  return h.app.inject({
    method: method as 'POST',
    url: path,
    headers: { ...signed.headers, 'content-type': contentType },
    payload: body,
  });
}

const order = (fields: Record<string, unknown>) =>
  h.call(key, 'POST', '/api/v1/orders', { market: 'BTC/USDT', side: 'BUY', type: 'LIMIT', ...fields });

/** Run requests that must all be refused with a coded 4xx, and check the engine did not move. */
async function refused(
  cases: [Promise<{ statusCode: number; json(): unknown }>, number, string][],
): Promise<void> {
  const hash = h.exchange.stateHash();
  const seq = h.exchange.state.seq;
  for (const [pending, status, code] of cases) {
    const res = await pending;
    expect({ status: res.statusCode, body: res.json() }, code).toMatchObject({
      status,
      body: { code, message: expect.any(String) },
    });
  }
  expect(h.exchange.stateHash()).toBe(hash);
  expect(h.exchange.state.seq).toBe(seq);
}

describe('bad input', () => {
  it('refuses malformed bodies', async () => {
    await refused([
      [signedRaw('{"market":'), 400, 'REQUEST_MALFORMED_JSON'],
      [signedRaw('{"__proto__":{"x":1},"market":"BTC/USDT"}'), 400, 'REQUEST_MALFORMED_JSON'],
      [signedRaw(''), 400, 'REQUEST_MALFORMED_JSON'],
      [signedRaw('[]'), 400, 'REQUEST_INVALID'],
      [signedRaw('null'), 400, 'REQUEST_INVALID'],
      [signedRaw('"text"'), 400, 'REQUEST_INVALID'],
      [
        signedRaw('market=BTC', '/api/v1/orders', 'POST', 'application/x-www-form-urlencoded'),
        415,
        'REQUEST_UNSUPPORTED_MEDIA_TYPE',
      ],
      [signedRaw('{}', '/api/v1/orders', 'POST', 'text/plain'), 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE'],
    ]);
  });

  it('refuses unknown fields and wrong types', async () => {
    await refused([
      [order({ price: '50000', quantity: '0.1', leverage: 5 }), 400, 'REQUEST_INVALID'],
      [order({ price: 50000, quantity: '0.1' }), 400, 'REQUEST_INVALID'],
      [order({ price: '50000', quantity: ['0.1'] }), 400, 'REQUEST_INVALID'],
      [order({ price: '50000', quantity: '0.1', reduceOnly: 'true' }), 400, 'REQUEST_INVALID'],
      [order({ price: '50000', quantity: '0.1', side: 'buy' }), 400, 'REQUEST_INVALID'],
      [order({ price: '50000', quantity: '0.1', type: 'ICEBERG' }), 400, 'REQUEST_INVALID'],
      [order({ price: '50000', quantity: '0.1', market: null }), 400, 'REQUEST_INVALID'],
      [order({ price: '50000', quantity: '0.1', clientOrderId: 'x'.repeat(37) }), 400, 'REQUEST_INVALID'],
      [h.call(key, 'POST', '/api/v1/leverage', { market: 'BTCUSDT', leverage: 2.5 }), 400, 'REQUEST_INVALID'],
      [h.call(key, 'POST', '/api/v1/leverage', { market: 'BTCUSDT', leverage: '2' }), 400, 'REQUEST_INVALID'],
      [signedRaw('{"market":"BTCUSDT","leverage":1e400}', '/api/v1/leverage'), 400, 'REQUEST_INVALID'],
      [h.call(key, 'GET', '/api/v1/orders/abc'), 400, 'REQUEST_INVALID'],
      [h.call(key, 'GET', '/api/v1/orders/0'), 400, 'REQUEST_INVALID'],
      [h.call(key, 'GET', '/api/v1/orders/99999999999999999999'), 400, 'REQUEST_INVALID'],
      [h.call(key, 'GET', '/api/v1/orders/1?x=1'), 400, 'REQUEST_INVALID'],
      [h.call(key, 'DELETE', '/api/v1/orders'), 400, 'REQUEST_INVALID'],
      [h.call(key, 'DELETE', '/api/v1/orders?orderId=-1'), 400, 'REQUEST_INVALID'],
      [h.call(key, 'GET', '/api/v1/fills?limit=1e400'), 400, 'REQUEST_INVALID'],
    ]);
  });

  it('refuses negative, NaN, huge and over-precise numbers with their codes', async () => {
    await refused([
      [order({ price: '-1', quantity: '0.1' }), 400, 'BOOK_PRICE_NOT_POSITIVE'],
      [order({ price: '0', quantity: '0.1' }), 400, 'BOOK_PRICE_NOT_POSITIVE'],
      [order({ price: 'NaN', quantity: '0.1' }), 400, 'BOOK_PRICE_SYNTAX'],
      [order({ price: 'Infinity', quantity: '0.1' }), 400, 'BOOK_PRICE_SYNTAX'],
      [order({ price: '1e5', quantity: '0.1' }), 400, 'BOOK_PRICE_SYNTAX'],
      [order({ price: ' 50000', quantity: '0.1' }), 400, 'BOOK_PRICE_SYNTAX'],
      [order({ price: '0x10', quantity: '0.1' }), 400, 'BOOK_PRICE_SYNTAX'],
      [order({ price: '99999999999', quantity: '0.1' }), 400, 'BOOK_PRICE_ABOVE_MAX'],
      [order({ price: '9'.repeat(64), quantity: '0.1' }), 400, 'BOOK_PRICE_ABOVE_MAX'],
      [order({ price: '9'.repeat(65), quantity: '0.1' }), 400, 'REQUEST_INVALID'],
      [order({ price: '50000.000000001', quantity: '0.1' }), 400, 'BOOK_PRICE_PRECISION'],
      [order({ price: '50000.001', quantity: '0.1' }), 400, 'BOOK_PRICE_NOT_ON_TICK'],
      [order({ price: '50000', quantity: '0.000000001' }), 400, 'BOOK_QTY_PRECISION'],
      [order({ price: '50000', quantity: '0.000001' }), 400, 'BOOK_QTY_NOT_ON_LOT'],
      [order({ price: '50000', quantity: '-0.1' }), 400, 'BOOK_QTY_NOT_POSITIVE'],
      [order({ price: '50000', quantity: '1000000' }), 400, 'BOOK_QTY_ABOVE_MAX'],
      [
        h.call(key, 'POST', '/api/v1/transfer', {
          asset: 'USDT',
          amount: '1.123456789',
          direction: 'SPOT_TO_FUTURES',
        }),
        400,
        'ACCOUNT_AMOUNT_PRECISION',
      ],
      [
        h.call(key, 'POST', '/api/v1/transfer', {
          asset: 'USDT',
          amount: '-5',
          direction: 'SPOT_TO_FUTURES',
        }),
        400,
        'ACCOUNT_AMOUNT_NOT_POSITIVE',
      ],
      [
        h.call(key, 'POST', '/api/v1/isolated-margin', { market: 'BTCUSDT', amount: 'NaN', action: 'ADD' }),
        400,
        'ACCOUNT_AMOUNT_SYNTAX',
      ],
    ]);
  });

  it('refuses an oversized body with 413', async () => {
    const big = JSON.stringify({ market: 'BTC/USDT', clientOrderId: 'x'.repeat(5000) });
    await refused([
      [signedRaw(big), 413, 'REQUEST_TOO_LARGE'],
      [
        h.app.inject({
          method: 'POST',
          url: '/api/v1/orders',
          headers: { 'content-type': 'application/json' },
          payload: big,
        }),
        413,
        'REQUEST_TOO_LARGE',
      ],
    ]);
  });

  it('refuses bad, replayed and stale signatures', async () => {
    const body = { market: 'BTC/USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.1' };
    const send = (headers: Record<string, string>, payload = JSON.stringify(body)) =>
      h.app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload });
    const sign = (timestamp: number, secret = key.secret) =>
      signRequest({ apiKey: key.apiKey, secret, method: 'POST', path: '/api/v1/orders', body, timestamp })
        .headers;

    const good = sign(h.clock.now());
    expect((await send(good)).statusCode).toBe(200);
    h.clock.advance(1);
    await refused([
      [send(good), 401, 'AUTH_REPLAYED'],
      [send(sign(h.clock.now(), 'not-the-secret')), 401, 'AUTH_BAD_SIGNATURE'],
      [send(sign(h.clock.now() - 5_001)), 401, 'AUTH_TIMESTAMP_OUTSIDE_WINDOW'],
      [send(sign(h.clock.now() + 60_000)), 401, 'AUTH_TIMESTAMP_OUTSIDE_WINDOW'],
      [send({ ...sign(h.clock.now() + 1), 'X-FULCRUM-APIKEY': 'unknown' }), 401, 'AUTH_KEY_UNKNOWN'],
      [send(sign(h.clock.now() + 2), JSON.stringify({ ...body, price: '40000' })), 401, 'AUTH_BAD_SIGNATURE'],
      [send({ 'content-type': 'application/json' }), 401, 'AUTH_MISSING'],
      [h.app.inject({ method: 'GET', url: '/api/v1/account' }), 401, 'AUTH_MISSING'],
    ]);
  });

  it('refuses a key whose account does not exist', async () => {
    const ghost = { ...key, apiKey: 'ghost', accountId: 999 };
    h.keys.add(ghost);
    await refused([[h.call(ghost, 'GET', '/api/v1/account'), 403, 'AUTH_ACCOUNT_UNKNOWN']]);
  });
});

describe('rate limit', () => {
  it('answers 429 past the budget of a key', async () => {
    const limited = await harness({ limits: { rateLimit: { max: 3, timeWindowMs: 60_000 } } });
    try {
      const k = await limited.account();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.call(k, 'GET', '/api/v1/account')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const res = await limited.call(k, 'GET', '/api/v1/account');
      expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
      // Another key (or address) has its own budget.
      const other = await limited.account();
      expect((await limited.call(other, 'GET', '/api/v1/account')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
