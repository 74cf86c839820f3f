import { describe, expect, it } from 'vitest';
import type { UnstampedCommand } from './commands.ts';
import type { EngineEvent } from './events.ts';
import { invariantViolations } from './invariants.ts';
import { marginAccountView } from './marginView.ts';
import { stateHash } from './snapshot.ts';
import { Driver, units } from './testDriver.ts';

// Default venue: fees 0.1% in the asset received, USDT 0.02% a day, BTC 0.005% a day.
const U = (text: string) => units(text);
const px = (usdt: number) => Math.round(usdt * 100);
const lots = (btc: number) => Math.round(btc * 1e5);
const USDT = 0;
const BTC = 1;

const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

type Place = Extract<UnstampedCommand, { type: 'PlaceOrder' }>;
const limit = (
  accountId: number,
  side: 'BUY' | 'SELL',
  price: number,
  qty: number,
  extra: Partial<Place> = {},
): Place => ({
  type: 'PlaceOrder',
  accountId,
  market: 'BTC/USDT',
  side,
  orderType: 'LIMIT',
  price: px(price),
  qty: lots(qty),
  ...extra,
});

function setup() {
  const d = new Driver();
  const alice = d.account();
  const bob = d.account();
  d.ok({ type: 'Deposit', accountId: alice, asset: 'USDT', amount: U('3000') });
  d.ok({
    type: 'MarginTransfer',
    accountId: alice,
    asset: 'USDT',
    amount: U('1000'),
    direction: 'SPOT_TO_MARGIN',
  });
  d.ok({ type: 'Deposit', accountId: bob, asset: 'USDT', amount: U('100000') });
  d.ok({ type: 'Deposit', accountId: bob, asset: 'BTC', amount: U('2') });
  d.ok({ type: 'IndexPrice', market: 'BTC/USDT', price: U('50000') });
  return { d, alice, bob, margin: () => d.state.accounts[alice - 1]!.margin };
}

describe('margin orders', () => {
  it('MARGIN_BUY borrows only what the buy needs beyond the balance, before matching', () => {
    const { d, alice, bob, margin } = setup();
    d.ok(limit(bob, 'SELL', 50_000, 0.05));
    const { result, events } = d.run(
      limit(alice, 'BUY', 50_000, 0.05, { wallet: 'MARGIN', sideEffect: 'MARGIN_BUY' }),
    );
    expect(result).toMatchObject({ ok: true, value: { status: 'FILLED' } });
    const order = of(events, 'OrderAccepted')[0]!;
    expect(order).toMatchObject({ wallet: 'MARGIN', sideEffect: 'MARGIN_BUY' });
    expect(of(events, 'Borrowed')).toEqual([
      expect.objectContaining({ asset: 'USDT', amount: U('1500'), orderId: order.orderId }),
    ]);
    expect(events.map((e) => e.type).slice(0, 3)).toEqual(['OrderAccepted', 'Borrowed', 'Trade']);
    // The buy came from the margin wallets: 0.05 BTC less the 0.1% fee, no USDT left.
    expect(margin().wallets[BTC]).toEqual({ available: U('0.04995'), held: 0n });
    expect(margin().wallets[USDT]).toEqual({ available: 0n, held: 0n });
    expect(d.state.accounts[alice - 1]!.wallets[USDT]).toEqual({ available: U('2000'), held: 0n });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('refuses an auto-borrow that would take the level below 1.5, changing nothing', () => {
    const { d, alice, bob } = setup();
    d.ok(limit(bob, 'SELL', 50_000, 0.1));
    const hash = stateHash(d.state);
    // 3,500 USDT of BTC on 1,000 of collateral: ML 3,500 / 2,500 = 1.4.
    const { result, events } = d.run(
      limit(alice, 'BUY', 50_000, 0.07, { wallet: 'MARGIN', sideEffect: 'MARGIN_BUY' }),
    );
    expect(result).toMatchObject({ ok: false, code: 'MARGIN_LEVEL_TOO_LOW_TO_BORROW' });
    expect(events).toEqual([]);
    expect(stateHash(d.state)).toBe(hash);
  });

  it('sells short with MARGIN_BUY and buys back with AUTO_REPAY, interest first', () => {
    const { d, alice, bob, margin } = setup();
    d.ok(limit(bob, 'BUY', 50_000, 0.02));
    const short = d.run(limit(alice, 'SELL', 50_000, 0.02, { wallet: 'MARGIN', sideEffect: 'MARGIN_BUY' }));
    expect(of(short.events, 'Borrowed')[0]).toMatchObject({ asset: 'BTC', amount: U('0.02') });
    // 1,000 USDT + 1,000 USDT for the BTC, less the 1 USDT fee.
    expect(margin().wallets[USDT]!.available).toBe(U('1999'));
    d.time += 2 * 3_600_000;
    d.ok(limit(bob, 'SELL', 49_000, 0.03));
    const cover = d.run(limit(alice, 'BUY', 49_000, 0.02, { wallet: 'MARGIN', sideEffect: 'AUTO_REPAY' }));
    const [repaid] = of(cover.events, 'Repaid');
    // Received 0.02 BTC less 0.1%: pays 3 hours of interest, then principal.
    const interest = (U('0.02') * 5n * 3n + 24n * 100_000n - 1n) / (24n * 100_000n);
    expect(repaid).toMatchObject({
      asset: 'BTC',
      reason: 'AUTO_REPAY',
      interest,
      principal: U('0.01998') - interest,
    });
    expect(repaid!.principalLeft).toBe(U('0.00002') + interest);
    expect(margin().wallets[BTC]!.available).toBe(0n);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('a resting AUTO_REPAY order holds in the margin wallets and repays when a taker fills it', () => {
    const { d, alice, bob, margin } = setup();
    d.ok({ type: 'Borrow', accountId: alice, asset: 'BTC', amount: U('0.01') });
    const rest = d.run(limit(alice, 'BUY', 49_000, 0.01, { wallet: 'MARGIN', sideEffect: 'AUTO_REPAY' }));
    const orderId = of(rest.events, 'OrderAccepted')[0]!.orderId;
    expect(margin().wallets[USDT]!.held).toBe(U('490'));
    expect(d.state.accounts[alice - 1]!.wallets[USDT]!.held).toBe(0n);
    const take = d.run(limit(bob, 'SELL', 49_000, 0.01));
    expect(of(take.events, 'Repaid')[0]).toMatchObject({
      accountId: alice,
      asset: 'BTC',
      reason: 'AUTO_REPAY',
      orderId,
      interest: 3n, // one hour of 0.01 BTC at 0.005% a day: 2.08 units, rounded up
      principal: U('0.00999') - 3n,
    });
    expect(margin().wallets[BTC]!.available).toBe(U('0.01'));
    expect(d.state.marginOrders.size).toBe(0);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('trades an isolated pair from its own account; cancel and amend stay there', () => {
    const { d, alice, bob } = setup();
    const pair = 'BTC/USDT';
    d.ok({
      type: 'MarginTransfer',
      accountId: alice,
      asset: 'USDT',
      amount: U('500'),
      direction: 'SPOT_TO_MARGIN',
      pair,
    });
    const iso = () => d.state.accounts[alice - 1]!.isolated.get(0)!;
    const placed = d.run(
      limit(alice, 'BUY', 45_000, 0.02, { wallet: 'ISOLATED_MARGIN', sideEffect: 'MARGIN_BUY' }),
    );
    expect(of(placed.events, 'Borrowed')[0]).toMatchObject({ pair, amount: U('400') });
    expect(of(placed.events, 'OrderAccepted')[0]).toMatchObject({ wallet: 'ISOLATED_MARGIN' });
    const orderId = of(placed.events, 'OrderAccepted')[0]!.orderId;
    expect(iso().wallets[USDT]).toEqual({ available: 0n, held: U('900') });
    d.ok({ type: 'AmendOrder', accountId: alice, market: pair, orderId, price: px(40_000), qty: lots(0.02) });
    expect(iso().wallets[USDT]).toEqual({ available: U('100'), held: U('800') });
    d.ok({ type: 'CancelOrder', accountId: alice, market: pair, orderId });
    expect(iso().wallets[USDT]).toEqual({ available: U('900'), held: 0n });
    expect(d.state.accounts[alice - 1]!.margin.wallets[USDT]!.available).toBe(U('1000'));
    expect(marginAccountView(d.state, alice, pair)).toMatchObject({
      pair,
      assets: [{ asset: 'BTC' }, { asset: 'USDT', borrowed: U('400') }],
    });
    // Isolated: only the pair's two assets.
    expect(d.run({ type: 'Borrow', accountId: alice, asset: 'ETH', amount: 1n, pair }).result).toMatchObject({
      code: 'MARGIN_ASSET_NOT_IN_PAIR',
    });
    void bob;
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('self-trade prevention spans the spot and margin orders of one account', () => {
    const { d, alice, bob } = setup();
    d.ok({ type: 'Deposit', accountId: alice, asset: 'BTC', amount: U('0.01') });
    d.ok(limit(alice, 'SELL', 50_000, 0.01));
    d.ok(limit(bob, 'SELL', 50_001, 0.01));
    const { events } = d.run(limit(alice, 'BUY', 50_001, 0.01, { wallet: 'MARGIN' }));
    expect(of(events, 'OrderClosed').find((e) => e.status === 'EXPIRED_IN_MATCH')).toMatchObject({
      accountId: alice,
    });
    expect(of(events, 'Trade')[0]).toMatchObject({ makerAccountId: bob, takerAccountId: alice });
    expect(d.state.accounts[alice - 1]!.wallets[BTC]).toEqual({ available: U('0.01'), held: 0n });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('a liquidation cancels the margin account orders but not the spot ones', () => {
    const { d, alice, bob } = setup();
    d.ok(limit(bob, 'SELL', 50_000, 0.05));
    d.ok(limit(alice, 'BUY', 50_000, 0.05, { wallet: 'MARGIN', sideEffect: 'MARGIN_BUY' }));
    const resting = d.ok(limit(alice, 'SELL', 60_000, 0.01, { wallet: 'MARGIN' }));
    const spot = d.ok(limit(alice, 'BUY', 20_000, 0.01));
    d.ok(limit(bob, 'BUY', 29_000, 0.1));
    const { events } = d.run({ type: 'IndexPrice', market: 'BTC/USDT', price: U('30000') });
    expect(of(events, 'OrderClosed')[0]).toMatchObject({
      orderId: resting.orderId,
      status: 'CANCELED',
      reason: 'LIQUIDATION',
    });
    expect(of(events, 'MarginLiquidated')[0]).toMatchObject({ accountId: alice, debtLeft: false });
    expect(d.state.books[0]!.has(spot.orderId)).toBe(true);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('shows the most that can be borrowed: ML stays at 1.5 after it', () => {
    const { d, alice } = setup();
    const view = marginAccountView(d.state, alice)!;
    const usdt = view.assets.find((a) => a.asset === 'USDT')!;
    const btc = view.assets.find((a) => a.asset === 'BTC')!;
    // 1,000 collateral: about 2,000 USDT (less the first hour of interest) or 0.04 BTC.
    expect(usdt.maxBorrowable < U('2000') && usdt.maxBorrowable > U('1999.9')).toBe(true);
    expect(btc.maxBorrowable < U('0.04') && btc.maxBorrowable > U('0.03999')).toBe(true);
    expect(
      d.run({ type: 'Borrow', accountId: alice, asset: 'BTC', amount: btc.maxBorrowable + 1n }).result,
    ).toMatchObject({
      code: 'MARGIN_LEVEL_TOO_LOW_TO_BORROW',
    });
    expect(
      d.run({ type: 'Borrow', accountId: alice, asset: 'BTC', amount: btc.maxBorrowable }).result.ok,
    ).toBe(true);
  });
});
