import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START, harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

let h: Harness;

beforeAll(async () => {
  h = await harness({ docs: true });
  const maker = await h.account({ BTC: '10', USDT: '1000000' });
  const taker = await h.account({ BTC: '10', USDT: '1000000' });
  const order = (key: typeof maker, body: Record<string, unknown>) =>
    h.call(key, 'POST', '/api/v1/orders', { market: 'BTC/USDT', type: 'LIMIT', ...body });
  await order(maker, { side: 'SELL', price: '60000', quantity: '1' });
  await order(maker, { side: 'SELL', price: '60010.5', quantity: '0.5' });
  await order(maker, { side: 'BUY', price: '59990', quantity: '0.25' });
  await order(taker, { side: 'BUY', price: '60000', quantity: '0.1' });
  h.clock.advance(60_000);
  await order(taker, { side: 'BUY', price: '60000', quantity: '0.2' });
  h.clock.advance(5 * 60_000);
  await order(taker, { side: 'BUY', price: '60010.5', quantity: '0.8' });
  await h.index('BTCUSDT', '61000');
});

afterAll(async () => {
  await h.close();
});

const get = async (url: string) => {
  const res = await h.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};

describe('public routes', () => {
  it('GET /time answers the exchange clock', async () => {
    expect(await get('/api/v1/time')).toEqual({ status: 200, body: { serverTime: h.clock.now() } });
  });

  it('GET /markets lists assets, spot pairs and perpetuals with brackets', async () => {
    const { status, body } = await get('/api/v1/markets');
    expect(status).toBe(200);
    expect(body.assets).toContainEqual({ symbol: 'BTC', decimals: 8 });
    const symbols = body.markets.map((m: { symbol: string }) => m.symbol);
    expect(symbols).toEqual(['BTC/USDT', 'ETH/USDT', 'BTCUSDT', 'ETHUSDT']);
    const spot = body.markets[0];
    expect(spot).toMatchObject({ kind: 'SPOT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5' });
    expect(spot.perpetual).toBeNull();
    const perp = body.markets[2];
    expect(perp).toMatchObject({
      kind: 'PERPETUAL',
      tickSize: '0.1',
      makerFee: '0.0002',
      takerFee: '0.0005',
    });
    expect(perp.perpetual.marginAsset).toBe('USDT');
    expect(perp.perpetual.brackets[0]).toMatchObject({ bracket: 1, notionalFloor: '0', maxLeverage: 125 });
    expect(perp.perpetual.brackets.length).toBeGreaterThan(3);
  });

  it('GET /book gives levels best first with the seq they are as of', async () => {
    const { status, body } = await get('/api/v1/book?market=BTC/USDT&limit=5');
    expect(status).toBe(200);
    expect(body.bids).toEqual([['59990', '0.25']]);
    expect(body.asks).toEqual([['60010.5', '0.4']]);
    expect(body.seq).toBe(h.exchange.state.seq);
    expect((await get('/api/v1/book?market=BTC/USDT&limit=1')).body.asks).toHaveLength(1);
  });

  it('GET /trades gives the newest first', async () => {
    const { status, body } = await get('/api/v1/trades?market=BTC/USDT');
    expect(status).toBe(200);
    expect(body.map((t: { qty: string }) => t.qty)).toEqual(['0.1', '0.7', '0.2', '0.1']);
    expect(body[0]).toMatchObject({ price: '60010.5', takerSide: 'BUY', quoteQty: '6001.05' });
    expect((await get('/api/v1/trades?market=BTC/USDT&limit=2')).body).toHaveLength(2);
    expect((await get('/api/v1/trades?market=ETH/USDT')).body).toEqual([]);
  });

  it('GET /candles builds 1m candles and aggregates them', async () => {
    const one = await get('/api/v1/candles?market=BTC/USDT&interval=1m');
    expect(one.status).toBe(200);
    expect(one.body).toHaveLength(3);
    expect(one.body[0]).toMatchObject({
      openTime: START,
      closeTime: START + 59_999,
      volume: '0.1',
      trades: 1,
    });
    expect(one.body[2]).toMatchObject({
      open: '60000',
      high: '60010.5',
      low: '60000',
      close: '60010.5',
      trades: 2,
    });
    const hour = await get('/api/v1/candles?market=BTC/USDT&interval=1h');
    expect(hour.body).toEqual([
      {
        openTime: START,
        closeTime: START + 3_600_000 - 1,
        open: '60000',
        high: '60010.5',
        low: '60000',
        close: '60010.5',
        volume: '1.1',
        quoteVolume: '66001.05',
        trades: 4,
      },
    ]);
    const last = await get('/api/v1/candles?market=BTC/USDT&interval=5m&limit=1');
    expect(last.body).toHaveLength(1);
    expect(last.body[0].openTime).toBe(START + 5 * 60_000);
    const ranged = await get(
      `/api/v1/candles?market=BTC/USDT&startTime=${START + 1}&endTime=${START + 60_000}`,
    );
    expect(ranged.body.map((c: { openTime: number }) => c.openTime)).toEqual([START + 60_000]);
  });

  it('GET /prices gives index, mark and funding per perpetual', async () => {
    const { status, body } = await get('/api/v1/prices');
    expect(status).toBe(200);
    expect(body).toHaveLength(2);
    expect(body[0]).toMatchObject({
      market: 'BTCUSDT',
      indexPrice: '61000',
      lastPrice: null,
      lastFundingRate: '0',
    });
    expect(body[0].markPrice).not.toBeNull();
    expect(body[0].nextFundingTime).toBeGreaterThan(START);
    expect(body[1]).toMatchObject({ market: 'ETHUSDT', indexPrice: null, markPrice: null });
    expect((await get('/api/v1/prices?market=ETHUSDT')).body).toHaveLength(1);
    expect((await get('/api/v1/prices?market=BTC/USDT')).body.code).toBe('MARKET_NOT_PERPETUAL');
  });

  it('refuses unknown markets, parameters and limits with coded 400s', async () => {
    expect((await get('/api/v1/book?market=DOGE/USDT')).body.code).toBe('MARKET_UNKNOWN');
    expect((await get('/api/v1/book')).body).toMatchObject({ code: 'REQUEST_INVALID' });
    expect((await get('/api/v1/book?market=BTC/USDT&limit=0')).status).toBe(400);
    expect((await get('/api/v1/book?market=BTC/USDT&limit=abc')).status).toBe(400);
    expect((await get('/api/v1/book?market=BTC/USDT&limit=1e400')).status).toBe(400);
    expect((await get('/api/v1/book?market=BTC/USDT&market=ETH/USDT')).status).toBe(400);
    expect((await get('/api/v1/trades?market=BTC/USDT&depth=1')).body.message).toContain('"depth"');
    expect((await get('/api/v1/candles?market=BTC/USDT&interval=2m')).body.code).toBe('REQUEST_INVALID');
    expect((await get('/api/v1/nope')).body).toEqual({ code: 'NOT_FOUND', message: 'no such route' });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const { status, body } = await get('/docs/json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orders', '/api/v1/book', '/api/v1/admin/accounts']),
    );
    expect(body.components.securitySchemes.signature.name).toBe('X-FULCRUM-SIGNATURE');
  });
});
