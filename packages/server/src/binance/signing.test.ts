import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { binanceSignature, withoutSignature } from './auth.ts';
import { Params } from './params.ts';
import { startVenue } from './testVenue.ts';
import type { Venue } from './testVenue.ts';

/** Binance's signing rules on raw bytes, as other clients than CCXT send them. */

let venue: Venue;
let key: ApiKeyRecord;

beforeAll(async () => {
  venue = await startVenue();
  await venue.index('BTCUSDT', 60_000);
  key = await venue.trader('1000');
});
afterAll(async () => venue.close());

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('parameters and signatures', () => {
  it('merges query and body, the query winning', () => {
    const p = new Params('symbol=BTCUSDT&limit=5', 'limit=10&side=BUY');
    expect([p.str('symbol'), p.str('limit'), p.str('side')]).toEqual(['BTCUSDT', '5', 'BUY']);
    expect(withoutSignature('a=1&signature=ff&b=2')).toBe('a=1&b=2');
  });

  it('verifies the HMAC over query + body with the signature in the query (connector style)', async () => {
    const query = `symbol=BTCUSDT&timestamp=${venue.clock.now()}`;
    const body = 'leverage=7';
    const signature = binanceSignature(key.secret, query, body);
    const res = await venue.app.inject({
      method: 'POST',
      url: `/fapi/v1/leverage?${query}&signature=${signature}`,
      headers: { ...form, 'x-mbx-apikey': key.apiKey },
      payload: body,
    });
    expect(res.json()).toMatchObject({ leverage: 7, symbol: 'BTCUSDT' });
  });

  it('answers -1022, -1021, -2015 and -1102 with Binance bodies', async () => {
    const call = async (query: string, apiKey = key.apiKey, secret = key.secret) =>
      venue.app.inject({
        method: 'GET',
        url: `/fapi/v3/balance?${query}&signature=${binanceSignature(secret, query, '')}`,
        headers: { 'x-mbx-apikey': apiKey },
      });
    const now = venue.clock.now();
    const bad = await call(`timestamp=${now}`, key.apiKey, 'x');
    expect([bad.statusCode, bad.json()]).toEqual([
      400,
      { code: -1022, msg: 'Signature for this request is not valid.' },
    ]);
    expect((await call(`timestamp=${now - 6_000}`)).json().code).toBe(-1021);
    expect((await call(`timestamp=${now - 6_000}&recvWindow=10000`)).statusCode).toBe(200);
    expect((await call(`timestamp=${now + 1_000}`)).json().code).toBe(-1021);
    expect((await call(`timestamp=${now}&recvWindow=70000`)).json().code).toBe(-1131);
    const unknown = await call(`timestamp=${now}`, 'nope');
    expect([unknown.statusCode, unknown.json().code]).toEqual([401, -2015]);
    expect((await call('recvWindow=5000')).json().code).toBe(-1102);
    const missing = await venue.app.inject({ method: 'GET', url: '/fapi/v1/nothing' });
    expect(missing.statusCode).toBe(404);
  });

  it('answers the spot and sapi requests CCXT makes while loading markets', async () => {
    const info = await venue.app.inject({ method: 'GET', url: '/api/v3/exchangeInfo' });
    expect(info.json().symbols.map((s: { symbol: string }) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const query = `timestamp=${venue.clock.now()}`;
    const pairs = await venue.app.inject({
      method: 'GET',
      url: `/sapi/v1/margin/allPairs?${query}&signature=${binanceSignature(key.secret, query, '')}`,
      headers: { 'x-mbx-apikey': key.apiKey },
    });
    expect(pairs.json()).toEqual([]);
  });
});
