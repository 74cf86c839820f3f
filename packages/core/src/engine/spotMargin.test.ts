import { describe, expect, it } from 'vitest';
import { defaultSpotVenueConfig } from '../market/index.ts';
import { formatDecimal } from '../money/index.ts';
import type { VenueConfig } from '../market/index.ts';
import type { UnstampedCommand } from './commands.ts';
import type { EngineEvent } from './events.ts';
import { invariantViolations } from './invariants.ts';
import { marginAccountView, marginPoolView } from './marginView.ts';
import { Driver, units } from './testDriver.ts';

// Default venue: USDT, BTC, ETH with 8 decimals; BTC/USDT tick 0.01, lot 0.00001.
const U = (text: string) => units(text);
const px = (usdt: number) => Math.round(usdt * 100);
const lots = (btc: number) => Math.round(btc * 1e5);
const HOUR = 3_600_000;

/** The default venue without trading fees and, unless told, without interest: the doc's round numbers. */
function quietConfig(interest = false): VenueConfig {
  const base = defaultSpotVenueConfig();
  return {
    ...base,
    spotPairs: base.spotPairs.map((p) => ({ ...p, makerFee: '0', takerFee: '0' })),
    margin: {
      ...base.margin!,
      assets: base.margin!.assets.map((a) => (interest ? a : { ...a, dailyInterestRate: '0' })),
    },
  };
}

const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

const limit = (
  accountId: number,
  side: 'BUY' | 'SELL',
  price: number,
  qty: number,
  extra: Partial<Extract<UnstampedCommand, { type: 'PlaceOrder' }>> = {},
): UnstampedCommand => ({
  type: 'PlaceOrder',
  accountId,
  market: 'BTC/USDT',
  side,
  orderType: 'LIMIT',
  price: px(price),
  qty: lots(qty),
  ...extra,
});

const index = (d: Driver, usdt: string) => d.run({ type: 'IndexPrice', market: 'BTC/USDT', price: U(usdt) });

function fund(d: Driver, accountId: number, asset: string, amount: string, toMargin = true) {
  d.ok({ type: 'Deposit', accountId, asset, amount: U(amount) });
  if (toMargin) {
    d.ok({ type: 'MarginTransfer', accountId, asset, amount: U(amount), direction: 'SPOT_TO_MARGIN' });
  }
}

describe('margin interest (SPEC section 3)', () => {
  it('borrow 1,000 USDT at 13:20, repay at 14:15, 0.02% a day: interest 0.01666667 USDT (doc)', () => {
    const d = new Driver();
    const a = d.account();
    fund(d, a, 'USDT', '2000');
    d.time = Date.UTC(2026, 0, 5, 13, 20);
    const borrowed = d.run({ type: 'Borrow', accountId: a, asset: 'USDT', amount: U('1000') });
    // The first hour is charged at borrow time.
    expect(of(borrowed.events, 'Borrowed')[0]).toMatchObject({ amount: U('1000'), interest: 833_334n });
    d.time = Date.UTC(2026, 0, 5, 14, 15);
    const { result, events } = d.run({ type: 'Repay', accountId: a, asset: 'USDT', amount: U('5000') });
    expect(of(events, 'MarginInterest')[0]).toMatchObject({ hours: 1, interest: 1_666_667n });
    expect(result).toMatchObject({
      ok: true,
      value: { interest: 1_666_667n, principal: U('1000'), interestLeft: 0n, principalLeft: 0n },
    });
    expect(formatDecimal(1_666_667n, 8)).toBe('0.01666667');
    expect(marginPoolView(d.state)[0]).toMatchObject({ interestEarned: 1_666_667n, borrowed: 0n });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('counts every started hour: borrow at 13:55, at 14:30 two hours are owed; none without principal', () => {
    const d = new Driver();
    const a = d.account();
    fund(d, a, 'USDT', '2000');
    d.time = Date.UTC(2026, 0, 5, 13, 55);
    d.ok({ type: 'Borrow', accountId: a, asset: 'USDT', amount: U('1000') });
    d.time = Date.UTC(2026, 0, 5, 14, 30);
    d.ok({ type: 'Deposit', accountId: a, asset: 'ETH', amount: 1n });
    expect(marginAccountView(d.state, a)!.assets[0]).toMatchObject({
      borrowed: U('1000'),
      interest: 1_666_667n,
    });
    // Interest first: a repayment of 0.01 USDT pays interest only.
    const part = d.ok({ type: 'Repay', accountId: a, asset: 'USDT', amount: U('0.01') });
    expect(part).toMatchObject({ interest: U('0.01'), principal: 0n, interestLeft: 666_667n });
    d.ok({ type: 'Repay', accountId: a, asset: 'USDT', amount: U('2000') });
    d.time += 10 * HOUR;
    expect(marginAccountView(d.state, a)!.assets[0]).toMatchObject({ borrowed: 0n, interest: 0n });
  });

  it('keeps hours exact when many are charged: 1 unit a day for a year owes ceil(365 x 24 x ...)', () => {
    const d = new Driver();
    const a = d.account();
    fund(d, a, 'USDT', '10');
    d.time = Date.UTC(2026, 0, 1, 0, 0);
    d.ok({ type: 'Borrow', accountId: a, asset: 'USDT', amount: U('1') });
    d.time = Date.UTC(2026, 0, 1, 0, 0) + 365 * 24 * HOUR;
    d.ok({ type: 'Deposit', accountId: a, asset: 'ETH', amount: 1n }); // views read at the last command's time
    // 1e8 units x 0.0002 / 24 per hour x (365 x 24 + 1) hours, rounded up once.
    const hours = 365n * 24n + 1n;
    expect(marginAccountView(d.state, a)!.assets[0]!.interest).toBe(
      (U('1') * 2n * hours + 24n * 10_000n - 1n) / (24n * 10_000n),
    );
  });
});

describe('the 3x example (SPEC section 3)', () => {
  function long(insurance = '1000') {
    const d = new Driver(quietConfig());
    const alice = d.account();
    const bob = d.account();
    const carol = d.account();
    fund(d, alice, 'USDT', '1000');
    fund(d, bob, 'BTC', '1', false);
    fund(d, carol, 'USDT', '100000', false);
    d.ok({ type: 'FundMarginInsurance', asset: 'USDT', amount: U(insurance) });
    expect(index(d, '50000').result.ok).toBe(true);
    d.ok(limit(bob, 'SELL', 50_000, 0.06));
    const borrowed = d.run({ type: 'Borrow', accountId: alice, asset: 'USDT', amount: U('2000') });
    expect(borrowed.result.ok).toBe(true);
    const bought = d.run(limit(alice, 'BUY', 50_000, 0.06, { wallet: 'MARGIN' }));
    expect(bought.result).toMatchObject({ ok: true, value: { status: 'FILLED' } });
    expect(of(bought.events, 'OrderAccepted')[0]).toMatchObject({ wallet: 'MARGIN' });
    return { d, alice, bob, carol };
  }

  it('deposit 1,000 USDT, borrow 2,000 USDT, buy 0.06 BTC at 50,000: ML 1.5', () => {
    const { d, alice } = long();
    const view = marginAccountView(d.state, alice)!;
    expect(view).toMatchObject({
      levelPpm: 1_500_000n,
      state: 'NO_BORROW',
      totalAssetValue: U('3000'),
      totalDebtValue: U('2000'),
    });
    expect(view.assets.find((a) => a.asset === 'USDT')).toMatchObject({ free: 0n, borrowed: U('2000') });
    expect(view.assets.find((a) => a.asset === 'BTC')).toMatchObject({ free: U('0.06'), maxBorrowable: 0n });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('margin call at 43,333.33 and liquidation at 36,666.67 (36,666.666...: first cent at or below is .66)', () => {
    const { d, alice, carol } = long();
    d.ok(limit(carol, 'BUY', 36_000, 0.1));
    const levels = (usdt: string) => of(index(d, usdt).events, 'MarginLevelChanged').map((e) => e.state);
    expect(levels('43333.34')).toEqual([]);
    expect(levels('43333.33')).toEqual(['MARGIN_CALL']);
    expect(levels('40000')).toEqual([]);
    // 0.06 x 36,666.67 = 2,200.0002 > 1.1 x 2,000: still only a margin call.
    expect(levels('36666.67')).toEqual([]);
    const { events } = index(d, '36666.66');
    expect(of(events, 'MarginLevelChanged').map((e) => e.state)).toEqual(['LIQUIDATION', 'NORMAL']);
    const [done] = of(events, 'MarginLiquidated');
    // 0.06 BTC sold at Carol's 36,000 = 2,160 USDT; 2,000 repaid; fee 2% of 2,160 = 43.2 USDT.
    expect(done).toMatchObject({
      accountId: alice,
      sold: [{ asset: 'BTC', amount: U('0.06') }],
      bought: [{ asset: 'USDT', amount: U('2160') }],
      repaid: [{ asset: 'USDT', amount: U('2000') }],
      fee: U('43.2'),
      covered: [],
      badDebt: [],
      debtLeft: false,
    });
    expect(of(events, 'OrderAccepted')[0]).toMatchObject({
      origin: 'LIQUIDATION',
      wallet: 'MARGIN',
      timeInForce: 'IOC',
    });
    expect(of(events, 'MarginInsuranceChanged')[0]).toMatchObject({
      reason: 'LIQUIDATION_FEE',
      amount: U('43.2'),
    });
    expect(marginAccountView(d.state, alice)).toMatchObject({
      state: 'NORMAL',
      totalAssetValue: U('116.8'),
      totalDebtValue: 0n,
    });
    expect(d.state.borrowers.size).toBe(0);
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('short: borrow 0.04 BTC, sell at 50,000: liquidation at 68,181.82', () => {
    const d = new Driver(quietConfig());
    const alice = d.account();
    const bob = d.account();
    fund(d, alice, 'USDT', '1000');
    fund(d, bob, 'USDT', '100000', false);
    fund(d, bob, 'BTC', '1', false);
    index(d, '50000');
    d.ok(limit(bob, 'BUY', 50_000, 0.04));
    d.ok({ type: 'Borrow', accountId: alice, asset: 'BTC', amount: U('0.04') });
    d.ok(limit(alice, 'SELL', 50_000, 0.04, { wallet: 'MARGIN' }));
    expect(marginAccountView(d.state, alice)).toMatchObject({
      levelPpm: 1_500_000n,
      totalAssetValue: U('3000'),
    });
    d.ok(limit(bob, 'SELL', 69_000, 0.1));
    const levels = (usdt: string) => of(index(d, usdt).events, 'MarginLevelChanged').map((e) => e.state);
    expect(levels('57692.30')).toEqual([]);
    expect(levels('57692.31')).toEqual(['MARGIN_CALL']);
    expect(levels('68181.81')).toEqual([]);
    const { events } = index(d, '68181.82');
    // Bought back 0.04 BTC at 69,000 = 2,760 USDT; fee 2% of that = 55.2; 184.8 USDT left.
    expect(of(events, 'MarginLiquidated')[0]).toMatchObject({
      sold: [{ asset: 'USDT', amount: U('2760') }],
      bought: [{ asset: 'BTC', amount: U('0.04') }],
      repaid: [{ asset: 'BTC', amount: U('0.04') }],
      fee: U('55.2'),
      debtLeft: false,
    });
    expect(marginAccountView(d.state, alice)).toMatchObject({
      totalAssetValue: U('184.8'),
      totalDebtValue: 0n,
    });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('covers a shortfall from the margin fund', () => {
    const { d, carol } = long('2000');
    d.ok(limit(carol, 'BUY', 19_500, 0.1));
    // A gap to 20,000: 0.06 BTC fetch 1,170 USDT; 830 USDT still owed with nothing left to sell.
    const { events } = index(d, '20000');
    expect(of(events, 'MarginLiquidated')[0]).toMatchObject({
      bought: [{ asset: 'USDT', amount: U('1170') }],
      repaid: [{ asset: 'USDT', amount: U('2000') }],
      fee: 0n,
      covered: [{ asset: 'USDT', amount: U('830') }],
      badDebt: [],
      debtLeft: false,
    });
    expect(d.state.marginFund[0]).toBe(U('1170'));
    expect(marginPoolView(d.state)[0]).toMatchObject({ borrowed: 0n, badDebt: 0n, insuranceFund: U('1170') });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('records what the fund cannot cover as the pool bad debt, never silently lost', () => {
    const { d, carol } = long('100');
    d.ok(limit(carol, 'BUY', 19_500, 0.1));
    const { events } = index(d, '20000');
    expect(of(events, 'MarginLiquidated')[0]).toMatchObject({
      covered: [{ asset: 'USDT', amount: U('100') }],
      badDebt: [{ asset: 'USDT', amount: U('730') }],
    });
    expect(marginPoolView(d.state)[0]).toMatchObject({ borrowed: 0n, badDebt: U('730'), insuranceFund: 0n });
    expect(invariantViolations(d.state)).toEqual([]);
  });

  it('waits for the next tick when the book cannot take the assets within the band', () => {
    const { d, alice, carol } = long();
    // The only bid is far below the 5% band: nothing sells, the debt stays, orders are not left behind.
    d.ok(limit(carol, 'BUY', 30_000, 0.1));
    const first = index(d, '36000');
    expect(of(first.events, 'MarginLiquidated')[0]).toMatchObject({ sold: [], debtLeft: true });
    expect(marginAccountView(d.state, alice)!.state).toBe('LIQUIDATION');
    d.ok(limit(carol, 'BUY', 35_500, 0.1));
    const second = index(d, '36000');
    expect(of(second.events, 'MarginLiquidated')[0]).toMatchObject({
      sold: [{ asset: 'BTC', amount: U('0.06') }],
      debtLeft: false,
    });
    expect(invariantViolations(d.state)).toEqual([]);
  });
});
