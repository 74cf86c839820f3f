import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@fulcrum/server';
import { afterAll, describe, expect, it } from 'vitest';
import { serve } from './serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'fulcrum-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = { data: join(dir, 'fulcrum.db'), host: '127.0.0.1', port: 0, speed: 1, seed: 3, maker: true };

describe('fulcrum serve', () => {
  it('starts a seeded venue with quotes, takes a signed order, and keeps it across a restart', async () => {
    const first = await serve({ ...options, quiet: true });
    const { apiKey, secret } = first.demo;
    // The makers quote once the first tick has run.
    let book: { bids: unknown[]; asks: unknown[] } = { bids: [], asks: [] };
    for (let i = 0; i < 50 && book.bids.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      book = (await (await fetch(`${first.url}/api/v1/book?market=BTCUSDT`)).json()) as typeof book;
    }
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.asks.length).toBeGreaterThan(0);
    const time = (await (await fetch(`${first.url}/api/v1/time`)).json()) as {
      serverTime?: number;
      time?: number;
    };
    const timestamp = time.serverTime ?? time.time ?? Date.now();
    const body = {
      market: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      price: '30000',
      quantity: '0.01',
      clientOrderId: 'keep-me',
    };
    const signed = signRequest({ apiKey, secret, method: 'POST', path: '/api/v1/orders', body, timestamp });
    const placed = await fetch(`${first.url}/api/v1/orders`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(placed.status).toBe(200);
    // A market order trades against the maker: a trade, a fill and a candle to find after the restart.
    const market = signRequest({
      apiKey,
      secret,
      method: 'POST',
      path: '/api/v1/orders',
      body: { market: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002', clientOrderId: 'traded' },
      timestamp: timestamp + 1,
    });
    const traded = await fetch(`${first.url}/api/v1/orders`, {
      method: 'POST',
      headers: market.headers,
      body: market.body,
    });
    expect(traded.status).toBe(200);
    const tradesBefore = await (await fetch(`${first.url}/api/v1/trades?market=BTCUSDT`)).json();
    expect(tradesBefore).not.toEqual([]);
    // The admin API pays funding now: the clock jumps to the next funding time.
    const btc = first.exchange.state.venue.marketBySymbol.get('BTCUSDT')!;
    const fundingTimes = first.exchange.state.perp[btc.index]!.fundingHistory.length;
    const funding = await fetch(`${first.url}/api/v1/admin/funding`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.adminToken}` },
    });
    expect(funding.status).toBe(200);
    expect(first.exchange.state.perp[btc.index]!.fundingHistory.length).toBe(fundingTimes + 1);
    const hash = first.exchange.stateHash();
    const seq = first.exchange.state.seq;
    await first.stop();

    const second = await serve({ ...options, quiet: true, maker: false });
    expect(second.demo.apiKey).toBe(apiKey);
    expect(second.exchange.state.seq).toBe(seq);
    expect(second.exchange.stateHash()).toBe(hash);
    const path = '/api/v1/orders/open?market=BTCUSDT';
    const t2 = second.exchange.state.time;
    const open = signRequest({ apiKey, secret, method: 'GET', path, timestamp: Math.max(Date.now(), t2) });
    const orders = (await (await fetch(`${second.url}${path}`, { headers: open.headers })).json()) as {
      clientOrderId: string;
    }[];
    expect(orders.map((o) => o.clientOrderId)).toContain('keep-me');
    // Recent trades, fills and closed orders are rebuilt from the journal, not lost with the process.
    expect(await (await fetch(`${second.url}/api/v1/trades?market=BTCUSDT`)).json()).toEqual(tradesBefore);
    const signedGet = (p: string) =>
      signRequest({ apiKey, secret, method: 'GET', path: p, timestamp: Math.max(Date.now(), t2) }).headers;
    const fillsPath = '/api/v1/fills?market=BTCUSDT';
    const fills = (await (
      await fetch(`${second.url}${fillsPath}`, { headers: signedGet(fillsPath) })
    ).json()) as unknown[];
    expect(fills.length).toBeGreaterThan(0);
    const historyPath = '/api/v1/orders/history?market=BTCUSDT';
    const history = (await (
      await fetch(`${second.url}${historyPath}`, { headers: signedGet(historyPath) })
    ).json()) as { clientOrderId: string; status: string }[];
    expect(history.find((o) => o.clientOrderId === 'traded')?.status).toBe('FILLED');
    await second.stop();
  });
});
