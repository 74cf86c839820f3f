import { describe, expect, it } from 'vitest';
import { RAY, Rounding, WAD, applyBps, mulDiv, rayMul } from '../money/index.ts';
import {
  LendingRejectCode,
  borrowRateAt,
  compoundedInterest,
  debtBalance,
  debtMintScaled,
  YEAR_MS,
} from '../lending/index.ts';
import { defaultVenueConfig, mustLoadVenue } from '../market/index.ts';
import type { EngineEvent } from './events.ts';
import { RejectCode } from './codes.ts';
import { invariantViolations } from './invariants.ts';
import { lendingAccountView, lendingHealthFactor, lendingReservesView } from './lendingView.ts';
import { Driver, units } from './testDriver.ts';

/** Default venue: USDT, BTC, ETH, WSTETH with 8 decimals, USDC with 6; oracle prices USD with 8. */
const U = (text: string) => units(text);
const USDC = (text: string) => units(text, 6);
const USD = (text: string) => units(text);
const DAY = 86_400_000;

const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

function lendingVenue() {
  const d = new Driver(defaultVenueConfig());
  const oracle = (asset: string, usd: string) => d.ok({ type: 'OraclePrice', asset, price: USD(usd) });
  /** A new account holding `funds` in its spot wallets. */
  const account = (funds: Record<string, bigint> = {}): number => {
    const id = d.account();
    for (const [asset, amount] of Object.entries(funds))
      d.ok({ type: 'Deposit', accountId: id, asset, amount });
    return id;
  };
  const supply = (accountId: number, asset: string, amount: bigint) =>
    d.ok({ type: 'LendingSupply', accountId, asset, amount });
  const wallet = (accountId: number, asset: string) => {
    const a = d.state.venue.assetBySymbol.get(asset)!;
    return d.state.accounts[accountId - 1]!.wallets[a.index]!.available;
  };
  const view = (accountId: number) => lendingAccountView(d.state, accountId)!;
  const position = (accountId: number, asset: string) =>
    view(accountId).positions.find((p) => p.asset === asset)!;
  const sound = () => expect(invariantViolations(d.state)).toEqual([]);
  return { d, oracle, account, supply, wallet, view, position, sound };
}

describe('lending pool in the engine (SPEC section 4)', () => {
  it('registers every code of the lending module with the engine', () => {
    const engine = new Set<string>(Object.values(RejectCode));
    for (const code of Object.values(LendingRejectCode)) expect(engine.has(code)).toBe(true);
    expect(engine.has('LENDING_DISABLED')).toBe(true);
  });

  it('supplies, borrows, accrues 30 days and repays to the unit; suppliers and treasury share the interest', () => {
    const v = lendingVenue();
    const { d } = v;
    const bob = v.account({ USDT: U('100000') });
    const alice = v.account({ ETH: U('10'), USDT: U('1000') });
    v.oracle('ETH', '3000');
    v.oracle('USDT', '1');
    const supplied = d.run({ type: 'LendingSupply', accountId: bob, asset: 'USDT', amount: U('100000') });
    expect(of(supplied.events, 'LendingSupplied')[0]).toMatchObject({
      amount: U('100000'),
      scaled: U('100000'),
    });
    expect(of(supplied.events, 'ReserveDataUpdated')).toMatchObject([{ asset: 'USDT', cash: U('100000') }]);
    v.supply(alice, 'ETH', U('10'));
    expect(v.position(alice, 'ETH')).toMatchObject({ supplied: U('10'), collateral: true });
    const t0 = d.time;
    const borrowed = d.run({ type: 'LendingBorrow', accountId: alice, asset: 'USDT', amount: U('10000') });
    expect(borrowed.result.ok).toBe(true);
    expect(v.wallet(alice, 'USDT')).toBe(U('11000'));
    // 10% usage of USDT: 6.5% x 0.1 / 0.92 a year.
    const usdt = lendingReservesView(d.state).find((r) => r.asset === 'USDT')!;
    expect(usdt.utilization).toBe(RAY / 10n);
    const model = d.state.venue.lending!.params.reserveByAsset.get('USDT')!.rates;
    const rate = borrowRateAt(model, RAY / 10n);
    expect(usdt.borrowRate).toBe(rate);
    v.sound();

    d.time += 30 * DAY;
    v.oracle('USDT', '1'); // views read the pool at the last command's time
    const owed = v.position(alice, 'USDT').borrowed;
    // Debt minted at index 1 (ceil), then the borrow index grown by the v3.4+ Taylor factor (ceil).
    const index = rayMul(compoundedInterest(rate, d.time - t0), RAY, Rounding.Up);
    expect(owed).toBe(debtBalance(debtMintScaled(U('10000'), RAY), index));
    // 0.7065% a year for 30 days, compounded: 5.80871440 USDT.
    expect(owed - U('10000')).toBe(580_871_440n);
    const repaid = d.run({ type: 'LendingRepay', accountId: alice, asset: 'USDT', amount: 'max' });
    expect(repaid.result).toMatchObject({ ok: true, value: { amount: owed, cleared: true } });
    expect(v.wallet(alice, 'USDT')).toBe(U('11000') - owed);
    const ethBack = d.ok({ type: 'LendingWithdraw', accountId: alice, asset: 'ETH', amount: 'max' });
    expect(ethBack.amount).toBe(U('10'));
    expect(d.state.accounts[alice - 1]!.lending).toBe(null);

    const bobBack = d.ok({ type: 'LendingWithdraw', accountId: bob, asset: 'USDT', amount: 'max' });
    const treasury = d.ok({ type: 'TreasuryWithdraw', accountId: bob, asset: 'USDT', amount: 'max' });
    const interest = owed - U('10000');
    const earned = bobBack.amount - U('100000');
    // Suppliers get about (1 - reserve factor 10%) of the interest, the treasury the rest.
    expect(Number(earned) / Number(interest)).toBeCloseTo(0.9, 3);
    // To the unit: what the borrower paid is what the supplier and the treasury took plus the pool's
    // surplus, which stays in cash: the spread between compounded debt and linear supply interest
    // (debt x (factor - 1 - rate x t)) and a few units of rounding.
    const left = lendingReservesView(d.state).find((r) => r.asset === 'USDT')!;
    expect(earned + treasury.amount + left.cash).toBe(interest);
    const x = mulDiv(rate, BigInt(30 * DAY), BigInt(YEAR_MS), Rounding.Up);
    const spread = mulDiv(U('10000'), compoundedInterest(rate, 30 * DAY) - RAY - x, RAY, Rounding.Up);
    expect(left.cash).toBeGreaterThan(0n);
    expect(left.cash).toBeLessThanOrEqual(spread + 10n);
    expect([left.totalSupplied, left.totalBorrowed, left.treasury]).toEqual([0n, 0n, 0n]);
    v.sound();
  });

  it('loops ETH/wstETH in e-mode to ~1/(1 - 93%) leverage; a 7% wstETH discount lets another account liquidate', () => {
    const v = lendingVenue();
    const { d } = v;
    const lender = v.account({ ETH: U('100000') });
    v.supply(lender, 'ETH', U('100000'));
    v.oracle('ETH', '3000');
    v.oracle('WSTETH', '3600'); // 1.2 ETH, Lido's exchange rate
    const looper = v.account({ WSTETH: U('10') });
    v.supply(looper, 'WSTETH', U('10'));
    d.ok({ type: 'SetEMode', accountId: looper, category: 1 });
    let rounds = 0;
    for (; rounds < 1_000; rounds++) {
      const borrow = v.position(looper, 'ETH').maxBorrow;
      if (borrow < 10_000n) break;
      d.ok({ type: 'LendingBorrow', accountId: looper, asset: 'ETH', amount: borrow });
      // Swapped outside the venue at the oracle ratio.
      const wsteth = (borrow * 3_000n) / 3_600n;
      d.ok({ type: 'Withdraw', accountId: looper, asset: 'ETH', amount: borrow });
      d.ok({ type: 'Deposit', accountId: looper, asset: 'WSTETH', amount: wsteth });
      v.supply(looper, 'WSTETH', wsteth);
    }
    expect(rounds).toBeGreaterThan(100);
    const looped = v.view(looper);
    expect([looped.eMode, looped.ltv, looped.liquidationThreshold]).toEqual([1, 9_300n, 9_500n]);
    const leverageMillis = (looped.totalCollateral * 1_000n) / (looped.totalCollateral - looped.totalDebt);
    expect(leverageMillis).toBeGreaterThanOrEqual(14_270n);
    expect(leverageMillis).toBeLessThanOrEqual(14_286n);
    expect(looped.healthFactor).toBeGreaterThanOrEqual((WAD * 95n) / 93n);
    v.sound();

    const keeper = v.account({ ETH: U('1000') });
    const request = {
      type: 'LiquidationCall',
      accountId: keeper,
      borrower: looper,
      collateralAsset: 'WSTETH',
      debtAsset: 'ETH',
      debtToCover: 'max',
    } as const;
    v.oracle('WSTETH', '3528'); // 2% discount: still healthy
    expect(d.run(request).result).toMatchObject({ ok: false, code: 'LENDING_NOT_LIQUIDATABLE' });
    v.oracle('WSTETH', '3348'); // 7% discount
    const before = v.view(looper);
    expect(before.healthFactor).toBeLessThan(WAD);
    expect(before.healthFactor).toBeGreaterThan((WAD * 95n) / 100n);
    const { result, events } = d.run(request);
    if (!result.ok) throw new Error(result.message);
    const out = result.value;
    // HF above 0.95 and both sides above $2,000: half the debt may go.
    expect(out.closeFactor).toBe(5_000n);
    const repaidValue = (out.debtRepaid * USD('3000')) / U('1');
    expect(repaidValue * 2n - before.totalDebt).toBeLessThanOrEqual(2n * 3_000n);
    expect(repaidValue * 2n - before.totalDebt).toBeGreaterThanOrEqual(-2n * 3_000n);
    // Seized: the debt's worth in wstETH (floor) x 1.01 (floor); 10% of the bonus to the treasury (ceil).
    const base = mulDiv(USD('3000') * out.debtRepaid, U('1'), USD('3348') * U('1'), Rounding.Down);
    const seized = applyBps(base, 10_100n, Rounding.Down);
    const bonus = seized - mulDiv(seized, 10_000n, 10_100n, Rounding.Down);
    const fee = applyBps(bonus, 1_000n, Rounding.Up);
    expect(out.protocolFee).toBe(fee);
    expect(out.collateralToLiquidator).toBe(seized - fee);
    expect(v.wallet(keeper, 'WSTETH')).toBe(seized - fee);
    expect(v.wallet(keeper, 'ETH')).toBe(U('1000') - out.debtRepaid);
    expect(of(events, 'LendingLiquidated')[0]).toMatchObject({
      liquidatorId: keeper,
      accountId: looper,
      debtRepaid: out.debtRepaid,
      collateralToLiquidator: seized - fee,
    });
    expect(of(events, 'ReserveDataUpdated').map((e) => e.asset)).toEqual(['ETH', 'WSTETH']);
    const after = v.view(looper);
    expect(after.totalDebt).toBeLessThan(before.totalDebt);
    // With a 1% bonus at HF 0.95 < LT x 1.01, the rest is slightly less healthy (research s5.7).
    expect(after.healthFactor).toBeLessThan(before.healthFactor);
    v.sound();
  });

  it('a USDC depeg moves the health factor of USDC collateral, and a liquidation then restores it', () => {
    const v = lendingVenue();
    const { d } = v;
    const lender = v.account({ ETH: U('1000') });
    v.supply(lender, 'ETH', U('1000'));
    v.oracle('ETH', '3000');
    v.oracle('USDC', '1');
    const carol = v.account({ USDC: USDC('10000') });
    v.supply(carol, 'USDC', USDC('10000'));
    d.ok({ type: 'LendingBorrow', accountId: carol, asset: 'ETH', amount: U('2') });
    // 10,000 x 0.78 / 6,000
    expect(v.view(carol).healthFactor).toBe(1_300_000_000_000_000_000n);
    v.oracle('USDC', '0.9');
    expect(v.view(carol).healthFactor).toBe(1_170_000_000_000_000_000n);
    v.oracle('USDC', '0.75');
    const before = v.view(carol).healthFactor;
    expect(before).toBe(975_000_000_000_000_000n);
    expect(lendingHealthFactor(d.state, carol)).toBe(before);
    const keeper = v.account({ ETH: U('10') });
    const out = d.ok({
      type: 'LiquidationCall',
      accountId: keeper,
      borrower: carol,
      collateralAsset: 'USDC',
      debtAsset: 'ETH',
      debtToCover: 'max',
    });
    expect(out.closeFactor).toBe(5_000n);
    expect(v.wallet(keeper, 'USDC')).toBe(out.collateralToLiquidator);
    // HF 0.975 is above LT x bonus (0.78 x 1.045): taking collateral at a discount improves the rest.
    expect(v.view(carol).healthFactor).toBeGreaterThan(before);
    v.sound();
  });

  it('writes off debt left without collateral as the reserve deficit, and covers it', () => {
    const v = lendingVenue();
    const { d } = v;
    const lender = v.account({ USDT: U('100000') });
    v.supply(lender, 'USDT', U('100000'));
    v.oracle('ETH', '3000');
    v.oracle('USDT', '1');
    const dan = v.account({ ETH: U('1') });
    v.supply(dan, 'ETH', U('1'));
    d.ok({ type: 'LendingBorrow', accountId: dan, asset: 'USDT', amount: U('2400') });
    v.oracle('ETH', '1500'); // collateral worth $1,500 against $2,400 owed
    const keeper = v.account({ USDT: U('10000') });
    const { result, events } = d.run({
      type: 'LiquidationCall',
      accountId: keeper,
      borrower: dan,
      collateralAsset: 'ETH',
      debtAsset: 'USDT',
      debtToCover: 'max',
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.closeFactor).toBe(10_000n);
    const deficit = of(events, 'DeficitCreated');
    expect(deficit).toHaveLength(1);
    expect(deficit[0]).toMatchObject({ accountId: dan, asset: 'USDT' });
    expect(deficit[0]!.amount + result.value.debtRepaid).toBe(U('2400'));
    expect(d.state.accounts[dan - 1]!.lending).toBe(null);
    expect(lendingReservesView(d.state).find((r) => r.asset === 'USDT')!.deficit).toBe(deficit[0]!.amount);
    v.sound();
    const covered = d.ok({
      type: 'FundLendingDeficit',
      accountId: keeper,
      asset: 'USDT',
      amount: U('100000'),
    });
    expect(covered.amount).toBe(deficit[0]!.amount);
    expect(lendingReservesView(d.state).find((r) => r.asset === 'USDT')!.deficit).toBe(0n);
    v.sound();
  });

  it('has no pool on a venue configured without one', () => {
    const d = new Driver();
    const a = d.account();
    d.ok({ type: 'Deposit', accountId: a, asset: 'USDT', amount: U('10') });
    expect(
      d.run({ type: 'LendingSupply', accountId: a, asset: 'USDT', amount: U('1') }).result,
    ).toMatchObject({
      ok: false,
      code: 'LENDING_DISABLED',
    });
    expect(lendingAccountView(d.state, a)).toBe(undefined);
    expect(lendingReservesView(d.state)).toEqual([]);
    // The oracle takes prices all the same.
    expect(d.run({ type: 'OraclePrice', asset: 'BTC', price: USD('60000') }).result.ok).toBe(true);
  });

  it('loads the default venue with the pool on', () => {
    expect(mustLoadVenue(defaultVenueConfig()).lending?.params.reserves).toHaveLength(5);
  });
});
