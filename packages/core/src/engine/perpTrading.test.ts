import { describe, expect, it } from 'vitest';
import { defaultVenueConfig } from '../market/index.ts';
import type { VenueConfig } from '../market/index.ts';
import { Rounding, divRound } from '../money/index.ts';
import type { UnstampedCommand } from './commands.ts';
import { invariantViolations } from './invariants.ts';
import { accountRisk, positionRisk } from './perpRisk.ts';
import { stateHash } from './snapshot.ts';
import { Driver, btcPerp, units } from './testDriver.ts';

/** USDT (8 decimals) from a decimal string. */
const u = (text: string): bigint => units(text);
/** BTCUSDT perpetual: tick 0.1, lot 0.001. */
const { lots } = btcPerp;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1, 1, 0, 0); // one hour after a funding time

function venue(fees: { maker: string; taker: string } = { maker: '0', taker: '0' }): VenueConfig {
  const base = defaultVenueConfig();
  return { ...base, perps: base.perps!.map((p) => ({ ...p, makerFee: fees.maker, takerFee: fees.taker })) };
}

/** Two funded futures accounts and an index price, so the mark exists. */
function setup(config = venue(), wallets: [string, string] = ['500', '1000000']) {
  const d = new Driver(config);
  d.time = T0;
  const ids = [d.account(), d.account()] as const;
  ids.forEach((id, i) => {
    d.ok({ type: 'Deposit', accountId: id, asset: 'USDT', amount: u(wallets[i]!) });
    d.ok({
      type: 'Transfer',
      accountId: id,
      asset: 'USDT',
      amount: u(wallets[i]!),
      direction: 'SPOT_TO_FUTURES',
    });
  });
  d.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: u('50000') });
  return { d, alice: ids[0], bob: ids[1] };
}

const { order } = btcPerp;

/** Alice takes `qty` from a resting order of Bob at `price`. */
function trade(
  d: Driver,
  taker: number,
  maker: number,
  side: 'BUY' | 'SELL',
  price: number,
  qty: number,
): void {
  d.ok(order(maker, side === 'BUY' ? 'SELL' : 'BUY', price, qty));
  d.ok(order(taker, side, price, qty));
}

const cents = (v: bigint | undefined) =>
  v === undefined ? undefined : divRound(v, 1_000_000n, Rounding.HalfUp);

describe('perpetual futures', () => {
  it('(doc) cross, wallet 500 USDT, long 0.02 BTC @ 50,000 at 20x: liquidation price 25,100.40', () => {
    const { d, alice, bob } = setup();
    trade(d, alice, bob, 'BUY', 50_000, 0.02);
    const [risk] = positionRisk(d.state, alice);
    expect(risk).toMatchObject({
      qty: lots(0.02),
      entryPrice: u('50000'),
      markPrice: u('50000'),
      leverage: 20,
      unrealizedPnl: 0n,
    });
    expect(cents(risk!.liquidationPrice)).toBe(2_510_040n);
    expect(risk!.initialMargin).toBe(u('50'));
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('(doc) isolated 1 BTC @ 50,000 at 10x: margin 5,000, long liquidates at 45,180.72, short at 54,776.12', () => {
    for (const [side, expected] of [
      ['BUY', 4_518_072n],
      ['SELL', 5_477_612n],
    ] as const) {
      const { d, alice, bob } = setup(venue(), ['20000', '1000000']);
      d.ok({ type: 'SetMarginType', accountId: alice, market: 'BTCUSDT', isolated: true });
      d.ok({ type: 'SetLeverage', accountId: alice, market: 'BTCUSDT', leverage: 10 });
      trade(d, alice, bob, side, 50_000, 1);
      const [risk] = positionRisk(d.state, alice);
      expect(risk).toMatchObject({ isolated: true, isolatedMargin: u('5000') });
      // The short's liquidation notional (~54,780) falls in Binance's second bracket (0.5%, cum 50),
      // so the bracket re-run moves it from the single-bracket 54,780.88 to 54,776.12.
      expect(cents(risk!.liquidationPrice)).toBe(expected);
      expect(accountRisk(d.state, alice, 'USDT')!.walletBalance).toBe(u('15000'));
    }
  });

  it('settles funding from the cumulative index: long 1 BTC at mark 50,000 pays 0.01% = 5 USDT to the short', () => {
    const { d, alice, bob } = setup(venue(), ['10000', '10000']);
    trade(d, alice, bob, 'BUY', 50_000, 1);
    d.time = T0 + 7 * HOUR; // 08:00 UTC
    const { result, events } = d.run({ type: 'IndexPrice', market: 'BTCUSDT', price: u('50000') });
    expect(result).toMatchObject({ ok: true, value: { fundingTimes: 1 } });
    // No premium (no impact prices) -> F = I = 0.01%.
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'Funding', rate: 10n ** 14n, mark: u('50000') }),
    );
    expect(accountRisk(d.state, alice, 'USDT')!.walletBalance).toBe(u('9995'));
    expect(accountRisk(d.state, bob, 'USDT')!.walletBalance).toBe(u('10005'));
    // Settlement is lazy: a transfer touches the accounts and moves the funding into the wallets,
    // one payment per funding time with the rate and mark of that time.
    const paid = d.run({
      type: 'Transfer',
      accountId: alice,
      asset: 'USDT',
      amount: 1n,
      direction: 'FUTURES_TO_SPOT',
    });
    expect(paid.events).toContainEqual(
      expect.objectContaining({
        type: 'FundingFee',
        accountId: alice,
        positionSide: 'BOTH',
        rate: 10n ** 14n,
        mark: u('50000'),
        amount: -u('5'),
      }),
    );
    d.ok({ type: 'Transfer', accountId: bob, asset: 'USDT', amount: 1n, direction: 'FUTURES_TO_SPOT' });
    const ms = d.state.perp[2]!;
    expect([ms.fundingPaid, ms.fundingReceived]).toEqual([u('5'), u('5')]);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('funding bleed: a long that is right about the direction still loses to funding', () => {
    const { d, alice, bob } = setup(venue({ maker: '0.0002', taker: '0.0005' }), ['20000', '1000000']);
    d.ok({ type: 'SetLeverage', accountId: alice, market: 'BTCUSDT', leverage: 3 });
    trade(d, alice, bob, 'BUY', 50_000, 0.3);
    // Ten days, the index creeping up 0.2% in all, funding at 0.01% every 8 hours.
    for (let i = 1; i <= 30; i++) {
      d.time = T0 + 7 * HOUR + (i - 1) * 8 * HOUR;
      d.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: u('50000') + u('3') * BigInt(i) + u('10') });
    }
    trade(d, alice, bob, 'SELL', 50_100, 0.3);
    expect(positionRisk(d.state, alice)).toEqual([]);
    const wallet = accountRisk(d.state, alice, 'USDT')!.walletBalance;
    // +30 USDT of price gain, -15 in fees, about -45.4 in funding: a loss.
    expect(wallet - u('20000')).toBeLessThan(0n);
    const ms = d.state.perp[2]!;
    expect(ms.fundingPaid).toBeGreaterThan(u('45'));
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('flips a one-way position through zero, realizing PnL on the closed part', () => {
    const { d, alice, bob } = setup(venue(), ['100000', '1000000']);
    trade(d, alice, bob, 'BUY', 50_000, 1);
    trade(d, alice, bob, 'SELL', 51_000, 3);
    const [risk] = positionRisk(d.state, alice);
    expect(risk).toMatchObject({ qty: -lots(2), entryPrice: u('51000') });
    expect(accountRisk(d.state, alice, 'USDT')!.walletBalance).toBe(u('101000'));
    expect(d.state.perp[2]!.realizedPnl).toBe(u('1000') + u('-1000'));
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('keeps hedge-mode legs apart and closes a leg with the opposite side', () => {
    const { d, alice, bob } = setup(venue(), ['100000', '1000000']);
    d.ok({ type: 'SetPositionMode', accountId: alice, dualSide: true });
    d.ok(order(bob, 'SELL', 50_000, 1));
    d.ok(order(alice, 'BUY', 50_000, 1, { positionSide: 'LONG' }));
    d.ok(order(bob, 'BUY', 50_000, 0.5));
    d.ok(order(alice, 'SELL', 50_000, 0.5, { positionSide: 'SHORT' }));
    expect(positionRisk(d.state, alice).map((r) => [r.positionSide, r.qty])).toEqual([
      ['LONG', lots(1)],
      ['SHORT', lots(0.5)],
    ]);
    d.ok(order(bob, 'BUY', 50_500, 1));
    d.ok(order(alice, 'SELL', 50_500, 1, { positionSide: 'LONG' }));
    expect(positionRisk(d.state, alice).map((r) => r.positionSide)).toEqual(['SHORT']);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('shrinks and cancels resting reduce-only orders when the position they close shrinks', () => {
    const { d, alice, bob } = setup(venue(), ['100000', '1000000']);
    trade(d, alice, bob, 'BUY', 50_000, 1);
    const tp = d.ok(order(alice, 'SELL', 55_000, 1, { reduceOnly: true }));
    trade(d, alice, bob, 'SELL', 50_000, 0.4);
    expect(d.state.books[2]!.get(tp.orderId)?.qty).toBe(lots(0.6));
    trade(d, alice, bob, 'SELL', 50_000, 0.6);
    expect(d.state.books[2]!.has(tp.orderId)).toBe(false);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  describe('refusals, each with its code and no change', () => {
    const cases: [string, (ids: { alice: number; bob: number }) => UnstampedCommand, string][] = [
      [
        'reduce-only without a position',
        ({ alice }) => order(alice, 'SELL', 50_000, 0.01, { reduceOnly: true }),
        'RISK_REDUCE_ONLY_REJECTED',
      ],
      [
        'LONG in one-way mode',
        ({ alice }) => order(alice, 'BUY', 50_000, 0.01, { positionSide: 'LONG' }),
        'RISK_POSITION_SIDE_MISMATCH',
      ],
      [
        'more margin than the wallet',
        ({ alice }) => order(alice, 'BUY', 50_000, 0.3),
        'RISK_INSUFFICIENT_MARGIN',
      ],
      [
        'leverage above the bracket',
        ({ alice }) => ({ type: 'SetLeverage', accountId: alice, market: 'BTCUSDT', leverage: 126 }),
        'RISK_LEVERAGE_INVALID',
      ],
      ['position above the leverage cap', ({ bob }) => order(bob, 'BUY', 50_000, 2), 'RISK_MAX_POSITION'],
      ['index price zero', () => ({ type: 'IndexPrice', market: 'BTCUSDT', price: 0n }), 'PRICE_INVALID'],
      [
        'index of an unknown market',
        () => ({ type: 'IndexPrice', market: 'BTCEUR', price: 1n }),
        'MARKET_NOT_PERPETUAL',
      ],
      [
        'transfer out more than available',
        ({ alice }) => ({
          type: 'Transfer',
          accountId: alice,
          asset: 'USDT',
          amount: u('501'),
          direction: 'FUTURES_TO_SPOT',
        }),
        'ACCOUNT_INSUFFICIENT_BALANCE',
      ],
      [
        'isolated margin without a position',
        ({ alice }) => ({
          type: 'AdjustIsolatedMargin',
          accountId: alice,
          market: 'BTCUSDT',
          amount: 1n,
          add: true,
        }),
        'RISK_NO_POSITION',
      ],
    ];
    it.each(cases)('%s', (_name, make, code) => {
      const { d, alice, bob } = setup();
      d.ok({ type: 'SetLeverage', accountId: bob, market: 'BTCUSDT', leverage: 125 });
      const before = stateHash(d.state);
      const { result, events } = d.run(make({ alice, bob }));
      expect(result).toMatchObject({ ok: false, code });
      expect(events).toEqual([]);
      expect(stateHash(d.state)).toBe(before);
    });

    it('refuses a margin type or position mode change while a position is open', () => {
      const { d, alice, bob } = setup();
      trade(d, alice, bob, 'BUY', 50_000, 0.01);
      expect(
        d.run({ type: 'SetMarginType', accountId: alice, market: 'BTCUSDT', isolated: true }).result,
      ).toMatchObject({ ok: false, code: 'RISK_OPEN_POSITION_OR_ORDERS' });
      expect(d.run({ type: 'SetPositionMode', accountId: alice, dualSide: true }).result).toMatchObject({
        ok: false,
        code: 'RISK_OPEN_POSITION_OR_ORDERS',
      });
    });
  });
});
