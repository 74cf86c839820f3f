import { describe, expect, it } from 'vitest';
import { defaultVenueConfig } from '../market/index.ts';
import type { UnstampedCommand } from './commands.ts';
import { invariantViolations } from './invariants.ts';
import { positionRisk } from './perpRisk.ts';
import { stateHash } from './snapshot.ts';
import { Driver, btcPerp, units } from './testDriver.ts';

const u = (text: string): bigint => units(text);
const { px, lots } = btcPerp;
type Place = Extract<UnstampedCommand, { type: 'PlaceOrder' }>;

const { order } = btcPerp;

/** A conditional order of a *_MARKET kind: a stop price and no limit price. */
const conditional = (accountId: number, side: 'BUY' | 'SELL', qty: number, extra: Partial<Place>): Place => ({
  type: 'PlaceOrder',
  accountId,
  market: 'BTCUSDT',
  side,
  orderType: 'STOP_MARKET',
  qty: lots(qty),
  ...extra,
});

function setup() {
  const d = new Driver(defaultVenueConfig());
  d.time = Date.UTC(2026, 0, 1, 1);
  const ids = [d.account(), d.account(), d.account()] as const;
  for (const id of ids) {
    d.ok({ type: 'Deposit', accountId: id, asset: 'USDT', amount: u('1000000') });
    d.ok({
      type: 'Transfer',
      accountId: id,
      asset: 'USDT',
      amount: u('1000000'),
      direction: 'SPOT_TO_FUTURES',
    });
  }
  d.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: u('50000') });
  const [trader, maker, other] = ids;
  // The trader goes long 1 BTC at 50,000. The maker then bids 48,900; with the ask side empty the
  // book gives no basis sample, so the mark follows the index.
  d.ok(order(maker, 'SELL', 50_000, 1));
  d.ok(order(trader, 'BUY', 50_000, 1));
  d.ok(order(maker, 'BUY', 48_900, 5));
  return { d, trader, maker, other };
}

describe('conditional orders', () => {
  it('a STOP_MARKET sell on the mark price closes the long when the mark falls to the stop', () => {
    const { d, trader } = setup();
    const stop = d.ok(
      conditional(trader, 'SELL', 1, { stopPrice: px(49_000), workingType: 'MARK_PRICE', reduceOnly: true }),
    );
    expect(stop.status).toBe('NEW');
    d.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: u('49500') });
    expect(positionRisk(d.state, trader)).toHaveLength(1);
    const { events } = d.run({ type: 'IndexPrice', market: 'BTCUSDT', price: u('48950') });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'OrderTriggered', orderId: stop.orderId, stopPrice: px(49_000) }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'Trade', takerOrderId: stop.orderId, price: px(48_900), qty: lots(1) }),
    );
    expect(positionRisk(d.state, trader)).toEqual([]);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('a TAKE_PROFIT_MARKET with closePosition triggers on the last trade price', () => {
    const { d, trader, maker, other } = setup();
    const tp = d.ok(
      conditional(trader, 'SELL', 0, {
        orderType: 'TAKE_PROFIT_MARKET',
        stopPrice: px(51_000),
        closePosition: true,
      }),
    );
    d.ok(order(maker, 'SELL', 51_100, 5));
    // Another account lifts the ask at 51,100: the last price passes 51,000 and the take-profit sells
    // into the maker's bid.
    const { events } = d.run(order(other, 'BUY', 51_100, 0.5));
    expect(events).toContainEqual(expect.objectContaining({ type: 'OrderTriggered', orderId: tp.orderId }));
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'Trade',
        takerOrderId: tp.orderId,
        makerAccountId: maker,
        price: px(48_900),
        qty: lots(1),
      }),
    );
    expect(positionRisk(d.state, trader)).toEqual([]);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('a STOP (limit) buy rests at its limit once triggered', () => {
    const { d, other } = setup();
    const stop = d.ok(
      order(other, 'BUY', 50_600, 0.2, {
        orderType: 'STOP',
        stopPrice: px(50_500),
        workingType: 'MARK_PRICE',
      }),
    );
    d.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: u('50600') });
    expect(d.state.books[2]!.get(stop.orderId)).toMatchObject({ tick: px(50_600), qty: lots(0.2) });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('refuses a stop already reached, cancels a waiting one, and expires one that cannot be placed', () => {
    const { d, trader, other } = setup();
    const now = d.run(
      order(trader, 'SELL', 49_000, 1, {
        orderType: 'STOP',
        stopPrice: px(50_100),
        workingType: 'MARK_PRICE',
      }),
    );
    expect(now.result).toMatchObject({ ok: false, code: 'RISK_WOULD_TRIGGER_IMMEDIATELY' });
    const waiting = d.ok(
      order(trader, 'SELL', 48_000, 1, {
        orderType: 'STOP',
        stopPrice: px(45_000),
        workingType: 'MARK_PRICE',
        clientOrderId: 'sl-1',
      }),
    );
    expect(
      d.ok({ type: 'CancelOrder', accountId: trader, market: 'BTCUSDT', clientOrderId: 'sl-1' }),
    ).toEqual({
      orderId: waiting.orderId,
      leftQty: lots(1),
    });
    expect(d.state.conditional.size).toBe(0);
    // closePosition for an account with no position: it triggers, finds nothing to close, expires.
    const empty = d.ok(
      conditional(other, 'SELL', 0, {
        stopPrice: px(49_500),
        workingType: 'MARK_PRICE',
        closePosition: true,
      }),
    );
    const { events } = d.run({ type: 'IndexPrice', market: 'BTCUSDT', price: u('49400') });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'OrderClosed',
        orderId: empty.orderId,
        status: 'EXPIRED',
        reason: 'RISK_NO_POSITION',
      }),
    );
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it.each([
    ['no stop price', { stopPrice: undefined }, 'BOOK_STOP_PRICE_INVALID'],
    ['stop price between ticks', { stopPrice: 490_000.5 }, 'BOOK_STOP_PRICE_INVALID'],
    ['a limit price on a market kind', { price: px(49_000) }, 'BOOK_PRICE_NOT_ALLOWED'],
    ['quantity above the maximum', { qty: 1_000_001 }, 'BOOK_QTY_ABOVE_MAX'],
    ['malformed client id', { clientOrderId: 'no spaces' }, 'BOOK_CLIENT_ID_INVALID'],
    [
      'closePosition with reduceOnly',
      { closePosition: true, reduceOnly: true },
      'RISK_CLOSE_POSITION_INVALID',
    ],
    ['LONG in one-way mode', { positionSide: 'LONG' }, 'RISK_POSITION_SIDE_MISMATCH'],
  ] as const)('refuses %s', (_name, extra, code) => {
    const { d, trader } = setup();
    const before = stateHash(d.state);
    const { result, events } = d.run({
      ...conditional(trader, 'SELL', 1, { stopPrice: px(49_000) }),
      ...extra,
    } as Place);
    expect(result).toMatchObject({ ok: false, code });
    expect(events).toEqual([]);
    expect(stateHash(d.state)).toBe(before);
  });
});
