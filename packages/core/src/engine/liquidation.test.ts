import { describe, expect, it } from 'vitest';
import { defaultVenueConfig } from '../market/index.ts';
import type { PerpMarket, VenueConfig } from '../market/index.ts';
import type { EngineEvent } from './events.ts';
import { invariantViolations } from './invariants.ts';
import { adlQueue, bankruptcyPrice } from './liquidation.ts';
import { accountRisk, positionRisk } from './perpRisk.ts';
import { decodeSnapshot, encodeSnapshot, stateHash } from './snapshot.ts';
import { Driver, btcPerp, units } from './testDriver.ts';

const u = (text: string): bigint => units(text);
const { lots, order } = btcPerp;
const T0 = Date.UTC(2026, 0, 1, 1, 0, 0);

/** The default venue without trading fees (so the numbers are the SPEC's), plus a SOLUSDT perpetual. */
function venue(): VenueConfig {
  const base = defaultVenueConfig();
  const perps = base.perps!.map((p) => ({ ...p, makerFee: '0', takerFee: '0' }));
  const eth = perps.find((p) => p.symbol === 'ETHUSDT')!;
  return {
    ...base,
    assets: [...base.assets, { symbol: 'SOL', decimals: 8 }],
    perps: [...perps, { ...eth, symbol: 'SOLUSDT', base: 'SOL', tickSize: '0.01', minNotional: '5' }],
  };
}

function setup() {
  const d = new Driver(venue());
  d.time = T0;
  for (const [market, price] of [
    ['BTCUSDT', '50000'],
    ['ETHUSDT', '3000'],
    ['SOLUSDT', '100'],
  ] as const) {
    d.ok({ type: 'IndexPrice', market, price: u(price) });
  }
  return d;
}

function fund(d: Driver, usdt: string): number {
  const id = d.account();
  d.ok({ type: 'Deposit', accountId: id, asset: 'USDT', amount: u(usdt) });
  d.ok({ type: 'Transfer', accountId: id, asset: 'USDT', amount: u(usdt), direction: 'SPOT_TO_FUTURES' });
  return id;
}

function tick(d: Driver, market: string, price: string): EngineEvent[] {
  d.time += 1_000;
  const { result, events } = d.run({ type: 'IndexPrice', market, price: u(price) });
  if (!result.ok) throw new Error(result.code);
  return events;
}

const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

function expectSound(d: Driver): void {
  expect(invariantViolations(d.state)).toEqual([]);
  expect(stateHash(decodeSnapshot(encodeSnapshot(d.state)))).toBe(stateHash(d.state));
}

describe('bankruptcy price', () => {
  it('isolated long 1 BTC @ 50,000 with 5,000 margin goes bankrupt at 45,000 (SPEC section 2)', () => {
    const d = setup();
    const market = d.state.venue.marketBySymbol.get('BTCUSDT') as PerpMarket;
    const p = { market: market.index, side: 'BOTH', qty: lots(1), basis: u('50000') } as const;
    const position = { ...p, isolated: true, margin: u('5000'), fundingCount: 0 };
    const full = { ...position, realizedPnl: 0n, fees: 0n, funding: 0n };
    // Equity at a mark of 50,000 is the margin; at 47,000 it is 2,000: both give 45,000.
    expect(bankruptcyPrice(market, full, u('5000'), u('50000'))).toBe(u('45000'));
    expect(bankruptcyPrice(market, full, u('2000'), u('47000'))).toBe(u('45000'));
    // A short mirrors it; negative equity puts the price beyond the mark.
    expect(bankruptcyPrice(market, { ...full, qty: -lots(1) }, u('5000'), u('50000'))).toBe(u('55000'));
    expect(bankruptcyPrice(market, full, -u('1000'), u('44000'))).toBe(u('45000'));
  });
});

describe('liquidation', () => {
  it('closes an isolated long in the book above its bankruptcy price and pays the fee from the surplus', () => {
    const d = setup();
    const maker = fund(d, '1000000');
    const trader = fund(d, '10000');
    d.ok({ type: 'SetLeverage', accountId: trader, market: 'BTCUSDT', leverage: 10 });
    d.ok({ type: 'SetMarginType', accountId: trader, market: 'BTCUSDT', isolated: true });
    d.ok(order(maker, 'SELL', 50_000, 1));
    d.ok(order(trader, 'BUY', 50_000, 1));
    expect(positionRisk(d.state, trader)[0]!.isolatedMargin).toBe(u('5000'));
    d.ok(order(maker, 'BUY', 45_140, 1));

    // At 45,300 equity 300 is above maintenance (0.4% of 45,300 = 181.2): nothing happens.
    expect(ofType(tick(d, 'BTCUSDT', '45300'), 'LiquidationStarted')).toEqual([]);
    // At 45,150 equity 150 < 180.6: liquidated. Bankruptcy price 45,000; the bid at 45,140 takes it;
    // of the 0.5% clearance fee (225.70) only the 140 above bankruptcy is charged.
    const events = tick(d, 'BTCUSDT', '45150');
    const [started] = ofType(events, 'LiquidationStarted');
    expect(started).toMatchObject({ accountId: trader, market: 'BTCUSDT', marginBalance: u('150') });
    const [liquidation] = ofType(events, 'OrderAccepted');
    expect(liquidation).toMatchObject({
      origin: 'LIQUIDATION',
      side: 'SELL',
      timeInForce: 'IOC',
      price: 450_000,
    });
    expect(liquidation!.clientOrderId).toMatch(/^autoclose-/);
    expect(ofType(events, 'Trade')[0]).toMatchObject({ price: 451_400, qty: lots(1) });
    expect(ofType(events, 'Liquidated')[0]).toMatchObject({
      bookQty: lots(1),
      insuranceQty: 0,
      adlQty: 0,
      clearanceFee: u('140'),
      equityAfter: 0n,
    });
    expect(ofType(events, 'InsuranceFundChanged')[0]).toMatchObject({
      reason: 'CLEARANCE_FEE',
      amount: u('140'),
      balance: u('140'),
    });
    expect(positionRisk(d.state, trader)).toEqual([]);
    // The rest of the wallet (10,000 - 5,000 moved to the position) is untouched.
    expect(accountRisk(d.state, trader, 'USDT')!.walletBalance).toBe(u('5000'));
    expect(d.state.insuranceHistory).toEqual([
      { time: d.time, asset: 'USDT', reason: 'CLEARANCE_FEE', amount: u('140'), balance: u('140') },
    ]);
    expectSound(d);
  });

  it('cross-margin contagion: a losing BTC long drains the ETH long of its group; the isolated SOL long is untouched', () => {
    const d = setup();
    const maker = fund(d, '10000000');
    const trader = fund(d, '12000');
    d.ok({ type: 'SetMarginType', accountId: trader, market: 'SOLUSDT', isolated: true });
    d.ok({ type: 'SetLeverage', accountId: trader, market: 'SOLUSDT', leverage: 5 });
    const both = (market: string, price: number, qty: number) => {
      d.ok({ type: 'PlaceOrder', accountId: maker, market, side: 'SELL', orderType: 'LIMIT', price, qty });
      d.ok({ type: 'PlaceOrder', accountId: trader, market, side: 'BUY', orderType: 'LIMIT', price, qty });
    };
    both('BTCUSDT', 500_000, lots(2)); // 100,000 notional at 20x
    both('ETHUSDT', 300_000, 10_000); // 10 ETH = 30,000 notional
    both('SOLUSDT', 10_000, 50_000); // 50 SOL = 5,000 notional, isolated at 5x: 1,000 margin
    const solBefore = positionRisk(d.state, trader).find((p) => p.market === 'SOLUSDT')!;
    // Bids for the liquidation orders, well below the mark.
    d.ok(order(maker, 'BUY', 44_700, 2));
    d.ok({
      type: 'PlaceOrder',
      accountId: maker,
      market: 'ETHUSDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: 299_500,
      qty: 10_000,
    });

    // BTC falls 6%: the cross group (11,000 wallet) loses 6,000 on BTC alone, ETH has not moved.
    expect(ofType(tick(d, 'BTCUSDT', '47000'), 'LiquidationStarted')).toEqual([]);
    // BTC falls 10.5%: equity 11,000 - 10,500 = 500 is below maintenance: the whole cross group goes.
    const events = tick(d, 'BTCUSDT', '44750');
    const started = ofType(events, 'LiquidationStarted');
    expect(started).toEqual([expect.objectContaining({ accountId: trader, asset: 'USDT' })]);
    expect(started[0]).not.toHaveProperty('market');
    // ETH had not moved, but its group's equity was gone: it was closed too.
    const closed = [...ofType(events, 'Trade'), ...ofType(events, 'InsuranceTakeover')].map((t) => t.market);
    expect(new Set(closed)).toEqual(new Set(['BTCUSDT', 'ETHUSDT']));
    const after = positionRisk(d.state, trader);
    expect(after.map((p) => p.market)).toEqual(['SOLUSDT']);
    expect(after[0]).toEqual(solBefore);
    expect(accountRisk(d.state, trader, 'USDT')!.walletBalance >= 0n).toBe(true);
    expectSound(d);
  });

  it('ranks opposite positions for ADL as SPEC section 2 does: A, B, C', () => {
    const d = setup();
    const { shorts } = adlScenario(d, '5000000');
    tick(d, 'BTCUSDT', '50000');
    const market = d.state.venue.marketBySymbol.get('BTCUSDT') as PerpMarket;
    const queue = adlQueue(d.state, market, -1).map((q) => q.account.id);
    expect(queue).toEqual(shorts);
    // Quantiles: A in the top quarter.
    const quantile = (id: number) => positionRisk(d.state, id)[0]!.adlQuantile;
    expect(shorts.map(quantile)).toEqual([4, 3, 2]);
  });

  it('insurance fund depletion: a gap leaves a bankrupt long, the empty fund cannot take it, the top-ranked shorts are deleveraged', () => {
    const d = setup();
    const { long, shorts } = adlScenario(d, '37000');
    const [a, b, c] = shorts;
    const events = tick(d, 'BTCUSDT', '42000');
    // Equity 37,000 - 64,000 = -27,000: bankruptcy price 42,000 + 27,000 / 5 = 47,400.
    const fills = ofType(events, 'AdlFill');
    expect(fills.map((f) => [f.counterpartyId, f.qty, f.price])).toEqual([
      [a, lots(1), u('47400')],
      [b, lots(2), u('47400')],
      [c, lots(2), u('47400')],
    ]);
    expect(ofType(events, 'Liquidated')[0]).toMatchObject({
      accountId: long,
      adlQty: lots(5),
      equityAfter: 0n,
    });
    expect(positionRisk(d.state, long)).toEqual([]);
    expect(positionRisk(d.state, a!)).toEqual([]);
    expect(positionRisk(d.state, c!)[0]!.qty).toBe(-lots(8));
    expect(accountRisk(d.state, long, 'USDT')!.walletBalance).toBe(0n);
    expectSound(d);
  });

  it('a funded insurance fund takes the bankrupt position over instead', () => {
    const d = setup();
    d.ok({ type: 'FundInsurance', asset: 'USDT', amount: u('100000') });
    const { long } = adlScenario(d, '37000');
    const events = tick(d, 'BTCUSDT', '42000');
    expect(ofType(events, 'AdlFill')).toEqual([]);
    expect(ofType(events, 'InsuranceTakeover')).toEqual([
      expect.objectContaining({ accountId: long, qty: lots(5), price: u('47400') }),
    ]);
    expect(d.state.insurance.futures.positions[0]!.qty).toBe(lots(5));
    expectSound(d);
  });
});

/**
 * Shorts A (1 BTC @ 60,000, margin 6,000), B (2 @ 55,000, margin 20,000), C (10 @ 52,000, margin
 * 104,000), isolated; one cross long of 5 BTC from A, B and 2 of C's, with `wallet`; another long
 * with deep pockets holds the rest of C's.
 */
function adlScenario(d: Driver, wallet: string) {
  const shorts: number[] = [];
  const long = fund(d, wallet);
  const whale = fund(d, '10000000');
  for (const [price, qty, leverage, extra] of [
    [60_000, 1, 10, '0'],
    [55_000, 2, 10, '9000'],
    [52_000, 10, 5, '0'],
  ] as const) {
    tick(d, 'BTCUSDT', String(price));
    const id = fund(d, '200000');
    d.ok({ type: 'SetMarginType', accountId: id, market: 'BTCUSDT', isolated: true });
    d.ok({ type: 'SetLeverage', accountId: id, market: 'BTCUSDT', leverage });
    d.ok(order(id, 'SELL', price, qty));
    d.ok(order(price === 52_000 ? whale : long, 'BUY', price, price === 52_000 ? 8 : qty));
    if (extra !== '0')
      d.ok({ type: 'AdjustIsolatedMargin', accountId: id, market: 'BTCUSDT', amount: u(extra), add: true });
    shorts.push(id);
  }
  d.ok(order(long, 'BUY', 52_000, 2));
  return { long, shorts };
}
