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
