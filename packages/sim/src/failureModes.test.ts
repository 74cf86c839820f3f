import { describe, expect, it } from 'vitest';
import { highlights } from './report/runReport.ts';
import { group, runExample } from './test/examples.ts';

// The seed's failure modes the engine runs today, each an example scenario whose report shows it.
describe('examples/cross-margin-contagion.yaml', () => {
  it("closes the cross account's second position with its cross group, and spares the isolated one's", async () => {
    const r = await runExample('cross-margin-contagion.yaml');
    const cross = r.liquidations['cross'] ?? [];
    expect(
      cross.some(
        (l) => l.scope === 'cross' && l.markets.includes('ETHUSDT') && l.markets.includes('BTCUSDT'),
      ),
    ).toBe(true);
    expect(group(r, 'cross').openAtEnd['BTCUSDT']).toBeUndefined();
    const isolated = r.liquidations['isolated'] ?? [];
    expect(isolated.length).toBeGreaterThan(0);
    expect(isolated.every((l) => l.scope === 'isolated' && l.markets.join() === 'ETHUSDT')).toBe(true);
    expect(group(r, 'isolated').openAtEnd['BTCUSDT']).toBe(1);
    expect(Number(group(r, 'cross').endEquity)).toBeLessThan(Number(group(r, 'isolated').endEquity) / 10);
    expect(highlights(r).join(' ')).toMatch(
      /cross: 1 cross-margin liquidation closed positions in BTCUSDT and ETHUSDT/,
    );
  });
});

describe('examples/insurance-depletion-adl.yaml', () => {
  it('drains the insurance fund and then deleverages profitable shorts', async () => {
    const r = await runExample('insurance-depletion-adl.yaml');
    const v = r.summary.venue;
    expect(v.insuranceTakeovers).toBeGreaterThan(0);
    expect(v.adlFills).toBeGreaterThan(0);
    const fund = r.summary.insurance;
    expect(Number(fund.min)).toBeLessThan(Number(fund.start) * 0.1);
    expect(Number(fund.flows['POSITION_PNL'])).toBeLessThan(0);
    const shorts = group(r, 'shorts');
    expect(shorts.adlHits).toBeGreaterThan(0);
    expect(Number(shorts.pnl)).toBeGreaterThan(0);
    expect(group(r, 'degenLongs').liquidations).toBeGreaterThanOrEqual(40);
    expect(r.markers.some((m) => m.kind === 'adl' && m.group === 'shorts')).toBe(true);
  });
});

describe('examples/ltv-drift-steth-discount.yaml', () => {
  it('takes the e-mode loopers below a health factor of 1, and the keeper liquidates them at a profit', async () => {
    const r = await runExample('ltv-drift-steth-discount.yaml');
    const looper = group(r, 'looper');
    expect(looper.lendingLiquidations).toBeGreaterThanOrEqual(3);
    expect(looper.minHealthFactor).toBeLessThan(1);
    const records = r.liquidations['looper'] ?? [];
    // Each of the three loopers, each time at a health factor below 1, its wstETH for its ETH debt.
    expect(new Set(records.map((l) => l.accountId)).size).toBe(3);
    expect(
      records.every((l) => l.scope === 'lending' && l.markets.join() === 'WSTETH/ETH' && l.healthFactor! < 1),
    ).toBe(true);
    // ...by the keeper, which earned by it.
    const keeper = group(r, 'keeper');
    expect(new Set(records.map((l) => l.liquidator)).size).toBe(1);
    expect(keeper.lendingLiquidationsMade).toBe(r.summary.venue.lendingLiquidations);
    expect(keeper.lendingLiquidationsMade).toBe(looper.lendingLiquidations);
    expect(Number(keeper.pnl)).toBeGreaterThan(0);
    expect(r.summary.venue.lendingDeficits).toBe(0);
    // The looper that unwinds is never liquidated; all of them lose on the discount.
    const careful = group(r, 'careful');
    expect(careful.lendingLiquidations).toBe(0);
    expect(careful.minHealthFactor).toBeGreaterThanOrEqual(1);
    expect(Number(careful.pnl)).toBeLessThan(0);
    expect(Number(looper.returnPct)).toBeLessThan(careful.returnPct);
    // Before the discount: health factors of 1.03 to 1.045; the oracle followed wstETH down 8%.
    expect(r.series.healthFactor['looper']![0]).toBeGreaterThan(1.025);
    const wsteth = r.series.prices['WSTETH']!;
    expect(Math.min(...wsteth) / wsteth[0]!).toBeCloseTo(0.92, 3);
    expect(r.markers.filter((m) => m.kind === 'lendingLiquidation' && m.group === 'looper')).toHaveLength(
      looper.lendingLiquidations,
    );
    expect(highlights(r).join(' ')).toMatch(/looper: liquidated \d+ times in the lending pool/);
  });
});

describe('examples/ltv-drift-btc-usdc.yaml', () => {
  it('liquidates the USDC loans against BTC when BTC falls and USDC rises, and spares the rebalancers', async () => {
    const r = await runExample('ltv-drift-btc-usdc.yaml');
    const borrowers = group(r, 'borrowers');
    expect(new Set((r.liquidations['borrowers'] ?? []).map((l) => l.accountId)).size).toBe(5);
    expect(borrowers.minHealthFactor).toBeLessThan(1);
    expect((r.liquidations['borrowers'] ?? []).every((l) => l.markets.join() === 'BTC/USDC')).toBe(true);
    const rebalancers = group(r, 'rebalancers');
    expect(rebalancers.lendingLiquidations).toBe(0);
    expect(rebalancers.minHealthFactor).toBeGreaterThan(1);
    const keeper = group(r, 'keeper');
    expect(keeper.lendingLiquidationsMade).toBe(borrowers.lendingLiquidations);
    // It sold the BTC it seized on BTC/USDT, and earned the bonus.
    expect(keeper.trades).toBeGreaterThan(0);
    expect(Number(keeper.pnl)).toBeGreaterThan(0);
    expect(Math.max(...r.series.prices['USDC']!)).toBeCloseTo(1.04, 6);
  });
});
