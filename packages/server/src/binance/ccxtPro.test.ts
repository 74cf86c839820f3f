import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { lots, proClient, startVenue, ticks } from './testVenue.ts';
import type { Venue } from './testVenue.ts';

/** ccxt.pro binanceusdm over the WebSocket streams, with both WebSocket plugins on one server. */

const SYMBOL = 'BTC/USDT:USDT';
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** Watch until the value satisfies `done`: a first answer may be the REST snapshot before the event. */
async function until<T>(first: Promise<T>, again: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await first;
  for (let i = 0; i < 20 && !done(value); i++) value = await again();
  return value;
}
let venue: Venue;
let key: ApiKeyRecord;
let ex: Awaited<ReturnType<typeof proClient>>;

beforeAll(async () => {
  venue = await startVenue({ nativeFirst: false });
  await venue.index('BTCUSDT', 60_000);
  await venue.quote(60_000, 3, 10);
  key = await venue.trader('10000');
  ex = await proClient(venue, key);
  await ex.loadMarkets();
});
afterAll(async () => {
  await ex.close();
  await venue.close();
});

describe('ccxt.pro binanceusdm', () => {
  it('keeps a book from the snapshot and the depth diffs', async () => {
    const first = await ex.watchOrderBook(SYMBOL);
    expect(first.bids[0]).toEqual([59_990, 1]);
    const next = ex.watchOrderBook(SYMBOL);
    await venue.must({
      type: 'PlaceOrder',
      accountId: venue.makerId,
      market: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'LONG',
      orderType: 'LIMIT',
      price: ticks(59_995),
      qty: lots(0.5),
    });
    const book = await next;
    expect(book.bids[0]).toEqual([59_995, 0.5]);
    expect(book.bids[1]).toEqual([59_990, 1]);
    expect(book.asks[0]).toEqual([60_010, 1]);
  });

  it('streams trades, orders, positions and balances', async () => {
    // The first answers of these two are REST snapshots (no position yet): take them first.
    await ex.watchPositions([SYMBOL]);
    await Promise.race([ex.watchBalance(), settle()]);
    const trades = ex.watchTrades(SYMBOL);
    const orders = ex.watchOrders(SYMBOL);
    const positions = ex.watchPositions([SYMBOL]);
    const balance = ex.watchBalance();
    await settle();
    await ex.createOrder(SYMBOL, 'market', 'sell', 0.2);
    const [t] = await trades;
    expect(t).toMatchObject({ price: 59_995, amount: 0.2, side: 'sell' });
    const o = (await orders).at(-1)!;
    expect(o).toMatchObject({ symbol: SYMBOL, side: 'sell', amount: 0.2, status: 'closed' });
    expect(o.average).toBeCloseTo((59_995 * 0.5 + 59_990 * 0 + 0) / 0.5, 6);
    const all = await until(
      positions,
      () => ex.watchPositions([SYMBOL]),
      (ps) => ps.some((x) => x.symbol === SYMBOL && x.contracts === 0.2),
    );
    const p = all.find((x) => x.symbol === SYMBOL)!;
    expect(p).toMatchObject({ side: 'short', contracts: 0.2, entryPrice: 59_995 });
    const b = await until(
      balance,
      () => ex.watchBalance(),
      (x) => x['USDT']?.total !== 10_000,
    );
    const fee = 59_995 * 0.2 * 0.0005;
    expect(b['USDT']?.total).toBeCloseTo(10_000 - fee, 6);
  });
});
