import { describe, expect, it } from 'vitest';
import { Side } from '../book/index.ts';
import { defaultSpotVenueConfig } from '../market/index.ts';
import { Driver } from './testDriver.ts';
import type { EngineEvent, Trade } from './events.ts';

// Default venue: USDT, BTC, ETH with 8 decimals; BTCUSDT tick 0.01, lot 0.00001, fees 0.1%.
const USDT = (n: number) => BigInt(Math.round(n * 1e2)) * 1_000_000n; // whole or cent amounts
const BTC = (n: number) => BigInt(Math.round(n * 1e5)) * 1000n; // down to one lot
const px = (usdt: number) => Math.round(usdt * 100); // ticks
const lots = (btc: number) => Math.round(btc * 1e5);

function setup(minNotional = '5') {
  const config = defaultSpotVenueConfig();
  const d = new Driver({ ...config, spotPairs: config.spotPairs.map((p) => ({ ...p, minNotional })) });
  const alice = d.account();
  const bob = d.account();
  d.ok({ type: 'Deposit', accountId: alice, asset: 'USDT', amount: USDT(100_000) });
  d.ok({ type: 'Deposit', accountId: bob, asset: 'BTC', amount: BTC(1) });
  return { d, alice, bob };
}

const wallet = (d: Driver, account: number, asset: number) => d.state.accounts[account - 1]!.wallets[asset]!;
const trades = (events: EngineEvent[]) => events.filter((e): e is Trade => e.type === 'Trade');

describe('spot trading', () => {
  it('rests a limit sell, holding its base, and fills a crossing buy at the maker price with fees', () => {
    const { d, alice, bob } = setup();
    const sell = d.ok({
      type: 'PlaceOrder',
      accountId: bob,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: px(60_000),
      qty: lots(0.5),
    });
    expect(sell.status).toBe('NEW');
    expect(wallet(d, bob, 1)).toEqual({ available: BTC(0.5), held: BTC(0.5) });

    const { result, events } = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: px(61_000),
      qty: lots(0.2),
    });
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'FILLED', executedQty: lots(0.2), cumQuote: USDT(12_000) },
    });
    const [trade] = trades(events);
    // 0.2 BTC at 60,000 = 12,000 USDT; taker fee 0.1% of 0.2 BTC, maker fee 0.1% of 12,000 USDT.
    expect(trade).toMatchObject({
      price: px(60_000),
      qty: lots(0.2),
      quoteQty: USDT(12_000),
      takerFee: BTC(0.0002),
      makerFee: USDT(12),
      makerLeft: lots(0.3),
    });
    expect(wallet(d, alice, 0)).toEqual({ available: USDT(88_000), held: 0n });
    expect(wallet(d, alice, 1)).toEqual({ available: BTC(0.1998), held: 0n });
    expect(wallet(d, bob, 0)).toEqual({ available: USDT(11_988), held: 0n });
    expect(wallet(d, bob, 1)).toEqual({ available: BTC(0.5), held: BTC(0.3) });
    expect(d.state.ledger.fees).toEqual([USDT(12), BTC(0.0002), 0n]);
  });

  it('rounds fees up to the smallest unit, in the venue favour', () => {
    const { d, alice, bob } = setup('0');
    // 1 lot (0.00001 BTC = 1000 units) at 123.45: value 0.0012345 USDT = 123450 units; fee 0.1% = 123.45 -> 124.
    d.ok({
      type: 'PlaceOrder',
      accountId: bob,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: 12_345,
      qty: 1000,
    });
    const { events } = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: 12_345,
      qty: 1,
    });
    expect(trades(events)[0]).toMatchObject({ quoteQty: 123_450n, takerFee: 1n, makerFee: 124n });
  });

  it('walks several levels best first and rests the remainder of a GTC buy, holding it at its limit', () => {
    const { d, alice, bob } = setup();
    for (const [price, qty] of [
      [60_100, 0.1],
      [60_000, 0.1],
      [60_200, 0.1],
    ] as const) {
      d.ok({
        type: 'PlaceOrder',
        accountId: bob,
        market: 'BTC/USDT',
        side: 'SELL',
        orderType: 'LIMIT',
        price: px(price),
        qty: lots(qty),
      });
    }
    const { result, events } = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: px(60_150),
      qty: lots(0.3),
    });
    expect(trades(events).map((t) => t.price)).toEqual([px(60_000), px(60_100)]);
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'PARTIALLY_FILLED', executedQty: lots(0.2), leftQty: lots(0.1) },
    });
    expect(wallet(d, alice, 0)).toEqual({
      available: USDT(100_000 - 6_000 - 6_010 - 6_015),
      held: USDT(6_015),
    });
    expect(d.state.books[0]!.bestBid()).toBe(px(60_150));
    expect(d.state.books[0]!.bestAsk()).toBe(px(60_200));
  });

  it('prices a market buy from the book and refuses it when the balance cannot pay', () => {
    const { d, alice, bob } = setup();
    d.ok({
      type: 'PlaceOrder',
      accountId: bob,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: px(120_000),
      qty: lots(1),
    });
    const tooBig = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'MARKET',
      qty: lots(1),
    });
    expect(tooBig.result).toMatchObject({ ok: false, code: 'ACCOUNT_INSUFFICIENT_BALANCE' });
    const fits = d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'MARKET',
      qty: lots(0.5),
    });
    expect(fits).toMatchObject({ status: 'FILLED', executedQty: lots(0.5), cumQuote: USDT(60_000) });
  });

  it('expires what an IOC cannot fill and what a market order cannot find', () => {
    const { d, alice, bob } = setup();
    d.ok({
      type: 'PlaceOrder',
      accountId: bob,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: px(60_000),
      qty: lots(0.1),
    });
    const ioc = d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'IOC',
      price: px(60_000),
      qty: lots(0.3),
    });
    expect(ioc).toMatchObject({ status: 'EXPIRED', executedQty: lots(0.1), leftQty: 0 });
    expect(wallet(d, alice, 0).held).toBe(0n);
    const none = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'MARKET',
      qty: lots(0.1),
    });
    expect(none.result).toMatchObject({ ok: false, code: 'BOOK_NO_LIQUIDITY' });
  });

  it('fills a FOK entirely or refuses it', () => {
    const { d, alice, bob } = setup();
    d.ok({
      type: 'PlaceOrder',
      accountId: bob,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: px(60_000),
      qty: lots(0.1),
    });
    d.ok({
      type: 'PlaceOrder',
      accountId: bob,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: px(60_100),
      qty: lots(0.1),
    });
    const refused = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'FOK',
      price: px(60_000),
      qty: lots(0.2),
    });
    expect(refused.result).toMatchObject({ ok: false, code: 'BOOK_FOK_UNFILLABLE' });
    expect(refused.events).toEqual([]);
    const filled = d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'FOK',
      price: px(60_100),
      qty: lots(0.2),
    });
    expect(filled.status).toBe('FILLED');
  });

  it('refuses a post-only order that would trade and rests one that would not', () => {
    const { d, alice, bob } = setup();
    d.ok({
      type: 'PlaceOrder',
      accountId: bob,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: px(60_000),
      qty: lots(0.1),
    });
    const crossing = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTX',
      price: px(60_000),
      qty: lots(0.1),
    });
    expect(crossing.result).toMatchObject({ ok: false, code: 'BOOK_POST_ONLY_WOULD_TRADE' });
    const resting = d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTX',
      price: px(59_999.99),
      qty: lots(0.1),
    });
    expect(resting.status).toBe('NEW');
  });

  describe('self-trade prevention', () => {
    function selfCross(stp: 'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH') {
      const d = new Driver();
      const a = d.account();
      const other = d.account();
      d.ok({ type: 'Deposit', accountId: a, asset: 'BTC', amount: BTC(1) });
      d.ok({ type: 'Deposit', accountId: a, asset: 'USDT', amount: USDT(100_000) });
      d.ok({ type: 'Deposit', accountId: other, asset: 'BTC', amount: BTC(1) });
      const own = d.ok({
        type: 'PlaceOrder',
        accountId: a,
        market: 'BTC/USDT',
        side: 'SELL',
        orderType: 'LIMIT',
        price: px(60_000),
        qty: lots(0.1),
      });
      d.ok({
        type: 'PlaceOrder',
        accountId: other,
        market: 'BTC/USDT',
        side: 'SELL',
        orderType: 'LIMIT',
        price: px(60_000),
        qty: lots(0.1),
      });
      const run = d.run({
        type: 'PlaceOrder',
        accountId: a,
        market: 'BTC/USDT',
        side: 'BUY',
        orderType: 'LIMIT',
        price: px(60_000),
        qty: lots(0.2),
        stp,
      });
      return { d, a, own: own.orderId, run };
    }

    it('EXPIRE_MAKER cancels the own resting order, releases its hold and trades on', () => {
      const { d, a, own, run } = selfCross('EXPIRE_MAKER');
      expect(run.result).toMatchObject({
        ok: true,
        value: { executedQty: lots(0.1), status: 'PARTIALLY_FILLED' },
      });
      expect(run.events).toContainEqual(
        expect.objectContaining({ type: 'OrderClosed', orderId: own, status: 'EXPIRED_IN_MATCH' }),
      );
      expect(wallet(d, a, 1).held).toBe(0n);
    });

    it('EXPIRE_TAKER stops the taker and leaves the own order', () => {
      const { d, own, run } = selfCross('EXPIRE_TAKER');
      expect(run.result).toMatchObject({ ok: true, value: { executedQty: 0, status: 'EXPIRED_IN_MATCH' } });
      expect(d.state.books[0]!.has(own)).toBe(true);
    });

    it('EXPIRE_BOTH removes both', () => {
      const { d, own, run } = selfCross('EXPIRE_BOTH');
      expect(run.result).toMatchObject({ ok: true, value: { executedQty: 0, status: 'EXPIRED_IN_MATCH' } });
      expect(d.state.books[0]!.has(own)).toBe(false);
    });

    it('NONE lets an account trade with itself and still charges both fees', () => {
      const { d, a, run } = selfCross('NONE');
      expect(run.result).toMatchObject({ ok: true, value: { executedQty: lots(0.2), status: 'FILLED' } });
      // Own 0.1 sold then bought back: -0.1 BTC +0.1998 BTC received; +6000 - 6 USDT, -12,000 paid.
      expect(wallet(d, a, 1)).toEqual({ available: BTC(0.9) + BTC(0.1998), held: 0n });
      expect(wallet(d, a, 0)).toEqual({ available: USDT(100_000 - 12_000 + 5_994), held: 0n });
    });
  });

  it('cancels by order id and by client order id, releasing holds; a client id is reusable after', () => {
    const { d, alice } = setup();
    const first = d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: px(50_000),
      qty: lots(0.1),
      clientOrderId: 'grid-1',
    });
    const dup = d.run({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: px(50_000),
      qty: lots(0.1),
      clientOrderId: 'grid-1',
    });
    expect(dup.result).toMatchObject({ ok: false, code: 'BOOK_DUPLICATE_CLIENT_ID' });
    expect(wallet(d, alice, 0).held).toBe(USDT(5_000));
    expect(
      d.ok({ type: 'CancelOrder', accountId: alice, market: 'BTC/USDT', clientOrderId: 'grid-1' }),
    ).toEqual({ orderId: first.orderId, leftQty: lots(0.1) });
    expect(wallet(d, alice, 0)).toEqual({ available: USDT(100_000), held: 0n });
    const again = d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: px(50_000),
      qty: lots(0.1),
      clientOrderId: 'grid-1',
    });
    expect(
      d.ok({ type: 'CancelOrder', accountId: alice, market: 'BTC/USDT', orderId: again.orderId }).leftQty,
    ).toBe(lots(0.1));
    expect(
      d.run({ type: 'CancelOrder', accountId: alice, market: 'BTC/USDT', orderId: again.orderId }).result,
    ).toMatchObject({ ok: false, code: 'BOOK_UNKNOWN_ORDER' });
  });

  it('does not let one account cancel or amend another account order', () => {
    const { d, alice, bob } = setup();
    const order = d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: px(50_000),
      qty: lots(0.1),
    });
    expect(
      d.run({ type: 'CancelOrder', accountId: bob, market: 'BTC/USDT', orderId: order.orderId }).result,
    ).toMatchObject({ ok: false, code: 'BOOK_UNKNOWN_ORDER' });
    expect(
      d.run({
        type: 'AmendOrder',
        accountId: bob,
        market: 'BTC/USDT',
        orderId: order.orderId,
        price: px(50_000),
        qty: lots(0.05),
      }).result,
    ).toMatchObject({ ok: false, code: 'BOOK_UNKNOWN_ORDER' });
    expect(
      d.run({ type: 'CancelOrder', accountId: alice, market: 'ETH/USDT', orderId: order.orderId }).result,
    ).toMatchObject({ ok: false, code: 'BOOK_UNKNOWN_ORDER' });
  });

  describe('amend', () => {
    function twoBids() {
      const { d, alice, bob } = setup();
      const carol = d.account();
      d.ok({ type: 'Deposit', accountId: carol, asset: 'USDT', amount: USDT(100_000) });
      const first = d.ok({
        type: 'PlaceOrder',
        accountId: alice,
        market: 'BTC/USDT',
        side: 'BUY',
        orderType: 'LIMIT',
        price: px(50_000),
        qty: lots(0.2),
      });
      d.ok({
        type: 'PlaceOrder',
        accountId: carol,
        market: 'BTC/USDT',
        side: 'BUY',
        orderType: 'LIMIT',
        price: px(50_000),
        qty: lots(0.2),
      });
      return { d, alice, bob, carol, first: first.orderId };
    }

    it('keeps priority when only the size goes down, and releases the hold difference', () => {
      const { d, alice, bob, first } = twoBids();
      expect(
        d.ok({
          type: 'AmendOrder',
          accountId: alice,
          market: 'BTC/USDT',
          orderId: first,
          price: px(50_000),
          qty: lots(0.1),
        }),
      ).toEqual({ orderId: first, leftQty: lots(0.1), keptPriority: true });
      expect(wallet(d, alice, 0)).toEqual({ available: USDT(95_000), held: USDT(5_000) });
      const { events } = d.run({
        type: 'PlaceOrder',
        accountId: bob,
        market: 'BTC/USDT',
        side: 'SELL',
        orderType: 'LIMIT',
        timeInForce: 'IOC',
        price: px(50_000),
        qty: lots(0.05),
      });
      expect(trades(events)[0]!.makerOrderId).toBe(first);
    });

    it('loses priority when the size goes up or the price changes', () => {
      const { d, alice, bob, carol, first } = twoBids();
      expect(
        d.ok({
          type: 'AmendOrder',
          accountId: alice,
          market: 'BTC/USDT',
          orderId: first,
          price: px(50_000),
          qty: lots(0.3),
        }).keptPriority,
      ).toBe(false);
      expect(wallet(d, alice, 0)).toEqual({ available: USDT(85_000), held: USDT(15_000) });
      const { events } = d.run({
        type: 'PlaceOrder',
        accountId: bob,
        market: 'BTC/USDT',
        side: 'SELL',
        orderType: 'LIMIT',
        timeInForce: 'IOC',
        price: px(50_000),
        qty: lots(0.05),
      });
      expect(trades(events)[0]!.makerAccountId).toBe(carol);
    });

    it('counts executed quantity in the new total and refuses totals at or below it', () => {
      const { d, alice, bob, first } = twoBids();
      d.ok({
        type: 'PlaceOrder',
        accountId: bob,
        market: 'BTC/USDT',
        side: 'SELL',
        orderType: 'LIMIT',
        timeInForce: 'IOC',
        price: px(50_000),
        qty: lots(0.15),
      });
      const below = d.run({
        type: 'AmendOrder',
        accountId: alice,
        market: 'BTC/USDT',
        orderId: first,
        price: px(50_000),
        qty: lots(0.15),
      });
      expect(below.result).toMatchObject({ ok: false, code: 'BOOK_AMEND_BELOW_EXECUTED' });
      const amended = d.ok({
        type: 'AmendOrder',
        accountId: alice,
        market: 'BTC/USDT',
        orderId: first,
        price: px(49_000),
        qty: lots(0.25),
      });
      expect(amended).toEqual({ orderId: first, leftQty: lots(0.1), keptPriority: false });
      expect(d.state.books[0]!.get(first)).toMatchObject({
        tick: px(49_000),
        qty: lots(0.1),
        origQty: lots(0.25),
        side: Side.Buy,
      });
    });

    it('refuses an amend that would trade', () => {
      const { d, alice, bob, first } = twoBids();
      d.ok({
        type: 'PlaceOrder',
        accountId: bob,
        market: 'BTC/USDT',
        side: 'SELL',
        orderType: 'LIMIT',
        price: px(51_000),
        qty: lots(0.1),
      });
      const r = d.run({
        type: 'AmendOrder',
        accountId: alice,
        market: 'BTC/USDT',
        orderId: first,
        price: px(51_000),
        qty: lots(0.2),
      });
      expect(r.result).toMatchObject({ ok: false, code: 'BOOK_AMEND_WOULD_TRADE' });
    });
  });

  it('withdraws only what is available, not what open orders hold', () => {
    const { d, alice } = setup();
    d.ok({
      type: 'PlaceOrder',
      accountId: alice,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: px(50_000),
      qty: lots(1),
    });
    expect(
      d.run({ type: 'Withdraw', accountId: alice, asset: 'USDT', amount: USDT(50_001) }).result,
    ).toMatchObject({ ok: false, code: 'ACCOUNT_INSUFFICIENT_BALANCE' });
    expect(d.ok({ type: 'Withdraw', accountId: alice, asset: 'USDT', amount: USDT(50_000) }).available).toBe(
      0n,
    );
  });
});
