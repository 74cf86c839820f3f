import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { restClient, startVenue } from './testVenue.ts';
import type { Venue } from './testVenue.ts';

/** The real CCXT client (binanceusdm) against a local server: values, not only the absence of errors. */

const SYMBOL = 'BTC/USDT:USDT';
let venue: Venue;
let key: ApiKeyRecord;
let ex: Awaited<ReturnType<typeof restClient>>;

beforeAll(async () => {
  venue = await startVenue();
  await venue.index('BTCUSDT', 60_000);
  await venue.quote(60_000, 5, 10);
  key = await venue.trader('10000');
  ex = await restClient(venue, key);
});
afterAll(async () => venue.close());

describe('ccxt binanceusdm: market data', () => {
  it('loads the perpetuals with their filters', async () => {
    const markets = await ex.loadMarkets();
    const m = markets[SYMBOL]!;
    expect(m.id).toBe('BTCUSDT');
    expect(m.swap && m.linear).toBe(true);
    expect(m.settle).toBe('USDT');
    expect(m.precision.price).toBe(0.1);
    expect(m.precision.amount).toBe(0.001);
    expect(m.limits.cost?.min).toBe(100);
    expect(markets['ETH/USDT:USDT']?.precision.price).toBe(0.01);
  });

  it('fetches the time of the exchange clock', async () => {
    expect(await ex.fetchTime()).toBe(venue.clock.now());
  });

  it('fetches the book', async () => {
    const book = await ex.fetchOrderBook(SYMBOL, 5);
    expect(book.bids[0]).toEqual([59_990, 1]);
    expect(book.asks[0]).toEqual([60_010, 1]);
    expect(book.bids).toHaveLength(5);
    // lastUpdateId: the seq of the last command that changed this book.
    expect(book.nonce).toBeGreaterThan(0);
    expect(book.nonce).toBeLessThanOrEqual(venue.exchange.state.seq);
  });

  it('fetches funding and mark prices, tiers', async () => {
    const rate = await ex.fetchFundingRate(SYMBOL);
    expect(rate.markPrice).toBe(60_000);
    expect(rate.indexPrice).toBe(60_000);
    expect(rate.fundingRate).toBeCloseTo(0.0001, 10);
    expect(rate.fundingTimestamp).toBe(
      venue.exchange.state.perp.find((p) => p && p.nextFundingTime > 0)!.nextFundingTime,
    );
    const rates = await ex.fetchFundingRates();
    expect(Object.keys(rates)).toContain(SYMBOL);
    const mark = await ex.fetchMarkPrice(SYMBOL);
    expect(mark.markPrice).toBe(60_000);
    const tiers = await ex.fetchLeverageTiers([SYMBOL]);
    const btc = tiers[SYMBOL]!;
    expect(btc[0]!.maxLeverage).toBe(125);
    expect(btc[0]!.maintenanceMarginRate).toBe(0.004);
    expect(btc[0]!.maxNotional).toBe(50_000);
  });
});

describe('ccxt binanceusdm: trading', () => {
  it('reads the balance', async () => {
    const balance = await ex.fetchBalance();
    expect(balance['USDT']).toMatchObject({ free: 10_000, used: 0, total: 10_000 });
  });

  it('sets leverage, margin mode and position mode', async () => {
    const lev = await ex.setLeverage(10, SYMBOL);
    expect(lev).toMatchObject({ leverage: 10, symbol: 'BTCUSDT' });
    await expect(ex.setMarginMode('cross', SYMBOL)).rejects.toBeInstanceOf(ccxt.MarginModeAlreadySet);
    await ex.setMarginMode('isolated', 'ETH/USDT:USDT');
    await ex.setPositionMode(false).catch((e: unknown) => {
      // Already one-way: Binance answers -4059.
      expect(String(e)).toContain('-4059');
    });
    const cfg = (await ex.fapiPrivateGetSymbolConfig({ symbol: 'ETHUSDT' })) as { marginType: string }[];
    expect(cfg[0]!.marginType).toBe('ISOLATED');
  });

  it('places, lists, fetches and cancels a limit order', async () => {
    const order = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.01, 59_000);
    expect(order).toMatchObject({
      status: 'open',
      price: 59_000,
      amount: 0.01,
      filled: 0,
      side: 'buy',
      type: 'limit',
    });
    const open = await ex.fetchOpenOrders(SYMBOL);
    expect(open.map((o) => o.id)).toEqual([order.id]);
    const fetched = await ex.fetchOrder(order.id!, SYMBOL);
    expect(fetched.clientOrderId).toBe(order.clientOrderId);
    const cancelled = await ex.cancelOrder(order.id!, SYMBOL);
    expect(cancelled.status).toBe('canceled');
    expect(await ex.fetchOpenOrders(SYMBOL)).toEqual([]);
    const again = await ex.fetchOrder(order.id!, SYMBOL);
    expect(again.status).toBe('canceled');
  });

  it('refuses a post-only order that would trade, takes one that rests', async () => {
    await expect(
      ex.createOrder(SYMBOL, 'limit', 'buy', 0.01, 60_010, { postOnly: true }),
    ).rejects.toBeInstanceOf(ccxt.OrderNotFillable);
    const po = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.01, 59_500, { postOnly: true });
    expect(po).toMatchObject({ status: 'open', postOnly: true, timeInForce: 'PO' });
    await ex.cancelAllOrders(SYMBOL);
    expect(await ex.fetchOpenOrders(SYMBOL)).toEqual([]);
  });

  it('trades at market and shows the fill, the position with margin and liquidation price', async () => {
    const order = await ex.createOrder(SYMBOL, 'market', 'buy', 0.1);
    expect(order).toMatchObject({ status: 'closed', filled: 0.1, average: 60_010, cost: 6_001 });
    const trades = await ex.fetchMyTrades(SYMBOL);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      price: 60_010,
      amount: 0.1,
      side: 'buy',
      takerOrMaker: 'taker',
      order: order.id,
    });
    expect(trades[0]!.fee?.cost).toBeCloseTo(6_001 * 0.0005, 8);
    const positions = await ex.fetchPositions([SYMBOL]);
    expect(positions).toHaveLength(1);
    const p = positions[0]!;
    expect(p).toMatchObject({
      side: 'long',
      contracts: 0.1,
      entryPrice: 60_010,
      markPrice: 60_000,
      marginMode: 'cross',
    });
    expect(p.unrealizedPnl).toBeCloseTo(-1, 8);
    expect(p.notional).toBe(6_000);
    expect(p.initialMargin).toBeCloseTo(600, 6);
    // 10,000 USDT carries 0.1 BTC at any price: no liquidation price (Binance's "0").
    expect(p.liquidationPrice).toBeUndefined();
  });

  it('places reduce-only and stop-market orders', async () => {
    await expect(
      ex.createOrder(SYMBOL, 'limit', 'buy', 0.05, 59_000, { reduceOnly: true }),
    ).rejects.toBeInstanceOf(ccxt.InvalidOrder);
    const ro = await ex.createOrder(SYMBOL, 'limit', 'sell', 0.05, 61_000, { reduceOnly: true });
    expect(ro).toMatchObject({ reduceOnly: true, status: 'open' });
    const stop = await ex.createOrder(SYMBOL, 'stop_market', 'sell', 0.1, undefined, {
      stopPrice: 55_000,
      reduceOnly: true,
    });
    expect(stop).toMatchObject({ status: 'open', triggerPrice: 55_000, type: 'market', reduceOnly: true });
    expect((stop.info as { orderType: string }).orderType).toBe('STOP_MARKET');
    const algo = await ex.fetchOpenOrders(SYMBOL, undefined, undefined, { trigger: true });
    expect(algo.map((o) => o.id)).toEqual([stop.id]);
    expect((await ex.fetchOpenOrders(SYMBOL)).map((o) => o.id)).toEqual([ro.id]);
    const cancelled = await ex.cancelOrder(stop.id!, SYMBOL, { trigger: true });
    expect(cancelled.id).toBe(stop.id);
    await ex.cancelAllOrders(SYMBOL);
  });

  it('moves isolated margin', async () => {
    await ex.setLeverage(5, 'ETH/USDT:USDT');
    await venue.index('ETHUSDT', 3_000);
    await venue.must({
      type: 'PlaceOrder',
      accountId: venue.makerId,
      market: 'ETHUSDT',
      side: 'SELL',
      positionSide: 'SHORT',
      orderType: 'LIMIT',
      price: 300_100,
      qty: 1000,
    });
    await ex.createOrder('ETH/USDT:USDT', 'market', 'buy', 1);
    const [before] = await ex.fetchPositions(['ETH/USDT:USDT']);
    expect(before!.marginMode).toBe('isolated');
    const added = await ex.addMargin('ETH/USDT:USDT', 100);
    expect(added).toMatchObject({ type: 'add', amount: 100, status: 'ok' });
    const [after] = await ex.fetchPositions(['ETH/USDT:USDT']);
    expect(after!.collateral! - before!.collateral!).toBeCloseTo(100, 6);
    const reduced = await ex.reduceMargin('ETH/USDT:USDT', 50);
    expect(reduced).toMatchObject({ type: 'reduce', amount: 50 });
  });

  it('maps errors to CCXT classes', async () => {
    await expect(ex.createOrder(SYMBOL, 'limit', 'buy', 100, 59_000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
    await expect(ex.fapiPublicGetDepth({ symbol: 'NOPEUSDT' })).rejects.toBeInstanceOf(ccxt.BadSymbol);
    await expect(ex.createOrder(SYMBOL, 'limit', 'buy', 0.001, 59_000)).rejects.toBeInstanceOf(
      ccxt.InvalidOrder,
    );
    const wrong = await restClient(venue, { ...key, secret: 'f'.repeat(64) });
    await expect(wrong.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    const stale = await restClient(venue, key);
    stale.options['timeDifference'] = -120_000;
    await expect(stale.fetchBalance()).rejects.toBeInstanceOf(ccxt.InvalidNonce);
  });
});
