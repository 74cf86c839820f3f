import { HEALTH_FACTOR_LIQUIDATION, invariantViolations, lendingAccountView } from '@fulcrum/core';
import type { UnstampedCommand } from '@fulcrum/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.ts';
import { Exchange } from '../exchange/exchange.ts';
import type { PriceFeed } from '../feeds/index.ts';
import { VenueRunner } from '../runner/venueRunner.ts';
import { LiquidationKeeper } from './keeper.ts';
import { MarketMaker } from './marketMaker.ts';

const U = 100_000_000n; // one whole unit of an 8-decimal asset, or one USD at the oracle
const T0 = Date.UTC(2026, 0, 1);

/** A feed the test moves by hand. */
class HandFeed implements PriceFeed {
  readonly current = new Map<string, bigint>([
    ['BTC', 60_000n * U],
    ['ETH', 3_000n * U],
    ['WSTETH', 3_000n * U],
    ['USDT', U],
    ['USDC', U],
  ]);
  prices(): ReadonlyMap<string, bigint> {
    return this.current;
  }
}

let exchange: Exchange;
afterEach(async () => exchange.close());

/** A venue with an ETH/USDT maker, a lender, a keeper, and one borrower of USDT against `collateral`. */
async function venue(collateral: 'ETH' | 'WSTETH', minProfit?: bigint) {
  const clock = new ManualClock(T0);
  exchange = await Exchange.open({ clock });
  const ok = async (command: UnstampedCommand) => {
    const { result } = await exchange.submit(command);
    if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
    return result.value;
  };
  const account = async (funds: Record<string, bigint>): Promise<number> => {
    const { accountId } = (await ok({ type: 'CreateAccount' })) as { accountId: number };
    for (const [asset, amount] of Object.entries(funds))
      await ok({ type: 'Deposit', accountId, asset, amount });
    return accountId;
  };
  const maker = await account({ USDT: 10_000_000n * U, ETH: 1_000n * U });
  const lender = await account({ USDT: 1_000_000n * U });
  const borrower = await account({ [collateral]: 10n * U });
  const keeperId = await account({ USDT: 100_000n * U });
  const feed = new HandFeed();
  const keeper = new LiquidationKeeper({
    accountId: keeperId,
    ...(minProfit !== undefined ? { minProfit } : {}),
  });
  const makers = [new MarketMaker({ accountId: maker, market: 'ETH/USDT', size: 2n * U, levels: 10 })];
  // Prices and quotes alone, or with the keeper after them as `fulcrum serve` runs it.
  const runner = new VenueRunner({ exchange, feed, clock, makers });
  const withKeeper = new VenueRunner({ exchange, feed, clock, makers, keeper });
  const tick = async (keeping = false) => {
    clock.advance(1_000);
    return (keeping ? withKeeper : runner).tick();
  };
  await tick();
  await ok({ type: 'LendingSupply', accountId: lender, asset: 'USDT', amount: 1_000_000n * U });
  await ok({ type: 'LendingSupply', accountId: borrower, asset: collateral, amount: 10n * U });
  await ok({ type: 'LendingBorrow', accountId: borrower, asset: 'USDT', amount: 20_000n * U });
  const wallet = (id: number, asset: string) =>
    exchange.state.accounts[id - 1]!.wallets[exchange.state.venue.assetBySymbol.get(asset)!.index]!.available;
  const health = () => lendingAccountView(exchange.state, borrower)!;
  return { feed, keeper, keeperId, borrower, tick, wallet, health };
}

describe('LiquidationKeeper', () => {
  it('liquidates a borrower a price drop made unhealthy, sells the ETH it seized, and keeps the profit', async () => {
    const v = await venue('ETH');
    expect((await v.keeper.tick(exchange)).liquidations).toBe(0);
    // 10 ETH at $2,200 x 0.83 against $20,000: HF 0.913.
    v.feed.current.set('ETH', 2_200n * U);
    v.feed.current.set('WSTETH', 2_200n * U);
    await v.tick();
    const before = v.health();
    expect(before.healthFactor).toBeLessThan(HEALTH_FACTOR_LIQUIDATION);
    expect(v.keeper.plan(exchange.state)?.command).toMatchObject({
      borrower: v.borrower,
      collateralAsset: 'ETH',
      debtAsset: 'USDT',
      debtToCover: 'max',
    });
    const report = await v.keeper.tick(exchange);
    expect(report).toEqual({ liquidations: 1, refused: 0, sales: 1 });
    const after = v.health();
    // HF 0.913 <= 0.95: the whole debt could go, and did; the rest of the collateral is free.
    expect(after.totalDebt).toBe(0n);
    expect(after.healthFactor).toBeGreaterThan(before.healthFactor);
    expect(after.positions.find((p) => p.asset === 'ETH')!.supplied).toBeGreaterThan(0n);
    // The seized ETH went to the book: what is left is less than a lot; the USDT came back with a profit.
    expect(v.wallet(v.keeperId, 'ETH')).toBeLessThan(10_000n);
    expect(v.keeper.holding.get('ETH') ?? 0n).toBeLessThan(10_000n);
    expect(v.wallet(v.keeperId, 'USDT')).toBeGreaterThan(100_000n * U);
    expect(invariantViolations(exchange.state)).toEqual([]);
    expect((await v.keeper.tick(exchange)).liquidations).toBe(0);
  });

  it('holds collateral that has no pair to sell on (wstETH)', async () => {
    const v = await venue('WSTETH');
    // The stETH discount, as an admin shock of WSTETH would make it: 10 x $2,100 x 0.81 / $20,000 = 0.85.
    v.feed.current.set('WSTETH', 2_100n * U);
    const before = v.health();
    // Driven by the runner: the oracle moves, then the keeper liquidates in the same tick.
    const report = await v.tick(true);
    expect(report.liquidations).toBe(1);
    const held = v.keeper.holding.get('WSTETH') ?? 0n;
    expect(held).toBeGreaterThan(0n);
    expect(v.wallet(v.keeperId, 'WSTETH')).toBe(held);
    expect(v.health().totalDebt).toBeLessThan(before.totalDebt);
  });

  it('leaves an unhealthy borrower alone when liquidating would not pay', async () => {
    const v = await venue('ETH', 1_000_000n * U);
    v.feed.current.set('ETH', 2_200n * U);
    const report = await v.tick(true);
    expect(report.liquidations).toBe(0);
    expect(v.health().healthFactor).toBeLessThan(HEALTH_FACTOR_LIQUIDATION);
  });
});
