import { apply, createState, defaultVenueConfig, mustLoadVenue } from '@fulcrum/core';
import type { Command, EngineEvent, EngineState, UnstampedCommand } from '@fulcrum/core';
import { describe, expect, it } from 'vitest';
import { Candles } from './candles.ts';
import { OrderRecords } from './orders.ts';

const USDT = 100_000_000n;
const T0 = Date.UTC(2026, 0, 1);

/** An engine driven directly, feeding what it commits to an order read model. */
function engine() {
  const state: EngineState = createState(mustLoadVenue(defaultVenueConfig()));
  const orders = new OrderRecords(state.venue, 3);
  let time = T0;
  const run = (c: UnstampedCommand, advance = 1): EngineEvent[] => {
    time += advance;
    const command = { ...c, seq: state.seq + 1, time } as Command;
    const { result, events } = apply(state, command);
    if (!result.ok) throw new Error(`${c.type}: ${result.code}`);
    orders.apply(command, events);
    return events;
  };
  return { state, orders, run };
}

describe('Candles', () => {
  it('folds trades into minutes and minutes into longer candles', () => {
    const candles = new Candles(100);
    const minute = 60_000;
    candles.add('M', T0 + 5, 100, 1, 100n);
    candles.add('M', T0 + 10, 120, 2, 240n);
    candles.add('M', T0 + 50, 90, 1, 90n);
    candles.add('M', T0 + minute, 95, 3, 285n);
    candles.add('M', T0 + 7 * minute, 130, 1, 130n);
    const ones = candles.query('M', { interval: '1m', limit: 10 });
    expect(ones.map((c) => [c.openTime - T0, c.open, c.high, c.low, c.close, c.volume, c.trades])).toEqual([
      [0, 100, 120, 90, 90, 4, 3],
      [minute, 95, 95, 95, 95, 3, 1],
      [7 * minute, 130, 130, 130, 130, 1, 1],
    ]);
    const fives = candles.query('M', { interval: '5m', limit: 10 });
    expect(
      fives.map((c) => [c.openTime - T0, c.open, c.high, c.low, c.close, c.volume, c.quoteVolume]),
    ).toEqual([
      [0, 100, 120, 90, 95, 7, 715n],
      [5 * minute, 130, 130, 130, 130, 1, 130n],
    ]);
    expect(candles.query('M', { interval: '5m', limit: 1 })).toHaveLength(1);
    expect(candles.query('M', { interval: '1d', limit: 5 })[0]).toMatchObject({
      open: 100,
      close: 130,
      trades: 5,
    });
    expect(candles.query('M', { interval: '1m', limit: 10, endTime: T0 + minute })).toHaveLength(2);
    expect(candles.query('other', { interval: '1m', limit: 10 })).toEqual([]);
  });

  it('keeps a bounded number of minutes', () => {
    const candles = new Candles(3);
    for (let i = 0; i < 10; i++) candles.add('M', T0 + i * 60_000, 100 + i, 1, 1n);
    expect(candles.query('M', { interval: '1m', limit: 10 }).map((c) => c.open)).toEqual([107, 108, 109]);
  });
});

describe('OrderRecords', () => {
  it('follows an order from acceptance through fills to its close, and bounds closed ones', () => {
    const { orders, run } = engine();
    run({ type: 'CreateAccount' });
    run({ type: 'CreateAccount' });
    for (const accountId of [1, 2]) {
      run({ type: 'Deposit', accountId, asset: 'USDT', amount: 1_000_000n * USDT });
      run({ type: 'Deposit', accountId, asset: 'BTC', amount: 10n * USDT });
    }
    const base = { market: 'BTC/USDT', orderType: 'LIMIT' } as const;
    run({
      type: 'PlaceOrder',
      accountId: 1,
      ...base,
      side: 'SELL',
      price: 6_000_000,
      qty: 50_000,
      clientOrderId: 'a',
    });
    expect(orders.openByClientId(1, 'a')).toMatchObject({ orderId: 1, status: 'NEW', origQty: 50_000 });
    run({ type: 'PlaceOrder', accountId: 2, ...base, side: 'BUY', price: 6_000_100, qty: 20_000 });
    expect(orders.get(1, 1)).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: 20_000,
      cumQuote: 12_000n * USDT,
    });
    expect(orders.get(2, 2)).toMatchObject({ status: 'FILLED', executedQty: 20_000 });
    expect(orders.get(1, 2)).toBeUndefined();
    run({ type: 'AmendOrder', accountId: 1, market: 'BTC/USDT', orderId: 1, price: 6_100_000, qty: 40_000 });
    expect(orders.get(1, 1)).toMatchObject({ price: 6_100_000, origQty: 40_000 });
    run({ type: 'CancelOrder', accountId: 1, market: 'BTC/USDT', clientOrderId: 'a' });
    expect(orders.get(1, 1)).toMatchObject({ status: 'CANCELED' });
    expect(orders.open(1)).toEqual([]);
    for (let i = 0; i < 4; i++) {
      run({ type: 'PlaceOrder', accountId: 2, ...base, side: 'BUY', price: 5_000_000, qty: 1_000 });
      run({ type: 'CancelOrder', accountId: 2, market: 'BTC/USDT', orderId: 3 + i });
    }
    expect(orders.closed(2, 10).map((r) => r.orderId)).toEqual([6, 5, 4]);
    expect(orders.get(2, 2)).toBeUndefined();
  });

  it('keeps a triggered conditional order under its id and type', () => {
    const { orders, run, state } = engine();
    for (let i = 0; i < 2; i++) run({ type: 'CreateAccount' });
    for (const accountId of [1, 2]) {
      run({ type: 'Deposit', accountId, asset: 'USDT', amount: 100_000n * USDT });
      run({
        type: 'Transfer',
        accountId,
        asset: 'USDT',
        amount: 100_000n * USDT,
        direction: 'SPOT_TO_FUTURES',
      });
    }
    run({ type: 'IndexPrice', market: 'BTCUSDT', price: 60_000n * USDT });
    const perp = { market: 'BTCUSDT' } as const;
    run({
      type: 'PlaceOrder',
      accountId: 1,
      ...perp,
      side: 'SELL',
      orderType: 'LIMIT',
      price: 600_000,
      qty: 100,
    });
    run({ type: 'PlaceOrder', accountId: 2, ...perp, side: 'BUY', orderType: 'MARKET', qty: 100 });
    run({
      type: 'PlaceOrder',
      accountId: 2,
      ...perp,
      side: 'SELL',
      orderType: 'STOP_MARKET',
      stopPrice: 590_000,
      qty: 100,
      reduceOnly: true,
      workingType: 'MARK_PRICE',
    });
    const stopId = state.nextOrderId - 1;
    expect(orders.get(2, stopId)).toMatchObject({
      type: 'STOP_MARKET',
      stopPrice: 590_000,
      reduceOnly: true,
      positionSide: 'BOTH',
      workingType: 'MARK_PRICE',
      triggered: false,
    });
    run({
      type: 'PlaceOrder',
      accountId: 1,
      ...perp,
      side: 'BUY',
      orderType: 'LIMIT',
      price: 580_000,
      qty: 100,
    });
    // The mark falls through the stop: it triggers, sells into account 1's bid, and fills.
    for (let i = 0; i < 8; i++) run({ type: 'IndexPrice', market: 'BTCUSDT', price: 57_000n * USDT }, 5_000);
    expect(orders.get(2, stopId)).toMatchObject({
      type: 'STOP_MARKET',
      triggered: true,
      status: 'FILLED',
      executedQty: 100,
    });
  });

  it('starts from the orders open in a state', () => {
    const { state, run } = engine();
    run({ type: 'CreateAccount' });
    run({ type: 'Deposit', accountId: 1, asset: 'USDT', amount: 1_000_000n * USDT });
    run({
      type: 'PlaceOrder',
      accountId: 1,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: 5_000_000,
      qty: 1_000,
      clientOrderId: 'seeded',
    });
    const fresh = new OrderRecords(state.venue, 10);
    fresh.seed(state);
    expect(fresh.open(1)).toMatchObject([
      { orderId: 1, clientOrderId: 'seeded', price: 5_000_000, origQty: 1_000 },
    ]);
  });
});
