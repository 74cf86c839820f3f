import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proClient, startVenue } from './testVenue.ts';
import type { Venue } from './testVenue.ts';

/**
 * A bot's story through CCXT alone: it opens a leveraged long, pays funding, the price crashes, and
 * it sees its liquidation in watchOrders, fetchMyLiquidations and fetchFundingHistory.
 */

const SYMBOL = 'BTC/USDT:USDT';
let venue: Venue;

beforeAll(async () => {
  venue = await startVenue();
  await venue.index('BTCUSDT', 60_000);
  await venue.quote(60_000, 5, 10);
});
afterAll(async () => venue.close());

describe('a leveraged long through ccxt', () => {
  it('pays funding, is liquidated, and reads both back', async () => {
    const key = await venue.trader('1000');
    const ex = await proClient(venue, key);
    try {
      await ex.loadMarkets();
      await ex.setLeverage(20, SYMBOL);
      const open = await ex.createOrder(SYMBOL, 'market', 'buy', 0.2);
      expect(open).toMatchObject({ status: 'closed', filled: 0.2, average: 60_010 });
      const [long] = await ex.fetchPositions([SYMBOL]);
      expect(long!.leverage).toBeUndefined();
      expect(long!.liquidationPrice).toBeGreaterThan(55_000);
      expect(long!.liquidationPrice).toBeLessThan(56_000);

      // Past the next funding time (00:00, 08:00 or 16:00 UTC): the mark tick records the funding.
      const btc = venue.exchange.state.perp.find((p) => p !== undefined && p.nextFundingTime > 0)!;
      const fundingTime = btc.nextFundingTime;
      venue.clock.time = fundingTime + 1_000;
      await venue.index('BTCUSDT', 60_000);
      await ex.loadTimeDifference();
      // Any margin decision settles the position's funding: a far order, then its cancel.
      const far = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.002, 50_000);
      await ex.cancelOrder(far.id!, SYMBOL);
      const history = await ex.fetchFundingRateHistory(SYMBOL);
      expect(history.at(-1)).toMatchObject({ timestamp: fundingTime });
      const rate = history.at(-1)!.fundingRate!;
      const funding = await ex.fetchFundingHistory(SYMBOL);
      expect(funding).toHaveLength(1);
      expect(funding[0]!.amount).toBeCloseTo(-rate * 0.2 * 60_000, 6);
      expect(funding[0]!.timestamp).toBe(fundingTime);

      // The crash: the book and the index move to 50,000 and stay there for the mark's 30 s average.
      const orders = ex.watchOrders(SYMBOL);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await venue.pull();
      await venue.quote(50_000, 5, 10);
      for (let i = 0; i < 8; i++) {
        venue.clock.time += 5_000;
        await venue.index('BTCUSDT', 50_000);
      }
      await ex.loadTimeDifference();
      let seen = await orders;
      for (let i = 0; i < 10 && !seen.some((o) => o.clientOrderId?.startsWith('autoclose-')); i++)
        seen = await ex.watchOrders(SYMBOL);
      const liquidation = seen.find((o) => o.clientOrderId?.startsWith('autoclose-'))!;
      expect(liquidation.side).toBe('sell');
      expect((liquidation.info as { o: string; x: string }).o).toBe('LIQUIDATION');
      expect((liquidation.info as { o: string; x: string }).x).toBe('CALCULATED');

      const liquidations = await ex.fetchMyLiquidations(SYMBOL);
      expect(liquidations).toHaveLength(1);
      expect(liquidations[0]!.contracts).toBe(0.2);
      expect(liquidations[0]!.price).toBeLessThan(56_000);
      expect(await ex.fetchPositions([SYMBOL])).toEqual([]);
      const income = (await ex.fapiPrivateGetIncome({})) as { incomeType: string }[];
      expect(income.map((i) => i.incomeType)).toEqual(
        expect.arrayContaining(['TRANSFER', 'COMMISSION', 'FUNDING_FEE', 'REALIZED_PNL']),
      );

      // Market data of the crash: last-price and mark candles, trades, the ticker.
      const candles = await ex.fetchOHLCV(SYMBOL, '1m');
      expect(candles.at(0)![1]).toBe(60_010);
      expect(Math.min(...candles.map((c) => c[3]!))).toBeLessThan(56_000);
      const marks = await ex.fetchOHLCV(SYMBOL, '1m', undefined, undefined, { price: 'mark' });
      expect(marks.at(0)![1]).toBe(60_000);
      expect(marks.at(-1)![4]).toBeLessThan(51_000);
      const trades = await ex.fetchTrades(SYMBOL);
      expect(trades[0]).toMatchObject({ price: 60_010, amount: 0.2, side: 'buy' });
      const ticker = await ex.fetchTicker(SYMBOL);
      expect(ticker.last).toBe(trades.at(-1)!.price);
      expect(ticker.high).toBe(60_010);
    } finally {
      await ex.close();
    }
  });

  it('leaves the native WebSocket channels working beside the Binance streams', async () => {
    const socket = new WebSocket(`${venue.url.replace('http', 'ws')}/ws`);
    const reply = await new Promise<unknown>((resolve, reject) => {
      socket.on('open', () => socket.send(JSON.stringify({ op: 'ping' })));
      socket.on('message', (raw: Buffer) => resolve(JSON.parse(raw.toString())));
      socket.on('error', reject);
    });
    socket.close();
    expect(reply).toMatchObject({ op: 'pong', time: venue.clock.now() });
  });
});
