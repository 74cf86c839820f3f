import { describe, expect, it } from 'vitest';
import { sweepReport } from '../report/sweepReport.ts';
import { resultJson } from '../run/result.ts';
import { loadScenario } from '../scenario/load.ts';
import { expandGrid, setPath } from './grid.ts';
import { runSweep } from './runSweep.ts';

const scenario = {
  name: 'tiny sweep',
  seed: 9,
  duration: '6h',
  step: '5m',
  prices: {
    BTC: { kind: 'synthetic', start: 50000, volatility: 0.5 },
    ETH: { kind: 'constant', price: 3000 },
  },
  shocks: [{ kind: 'crash', asset: 'BTC', drop: 0.1, at: '3h', over: '5m' }],
  agents: [
    {
      name: 'makers',
      strategy: 'marketMaker',
      capital: { USDT: 10_000_000 },
      params: { markets: ['BTCUSDT'] },
    },
    {
      name: 'longs',
      strategy: 'directional',
      count: 3,
      capital: 2000,
      params: { market: 'BTCUSDT', side: 'long', leverage: 5 },
    },
  ],
  sweep: {
    parameters: [
      { path: 'agents.longs.params.leverage', values: [2, 20], label: 'leverage' },
      { path: 'shocks[0].drop', values: [0.05, 0.3], label: 'crash' },
    ],
    metrics: ['longs.returnPct', 'longs.liquidations'],
  },
};

describe('sweeps', () => {
  it('sets values by path: agents by name, lists by index', () => {
    const raw = structuredClone(scenario) as Record<string, unknown>;
    expect(setPath(raw, 'agents.longs.params.leverage', 7)).toBeUndefined();
    expect(setPath(raw, 'shocks.0.over', '1m')).toBeUndefined();
    expect(setPath(raw, 'venue.insuranceFund', 5)).toBeUndefined();
    expect(setPath(raw, 'agents[9].count', 1)).toMatch(/no item 9/);
    const agents = raw['agents'] as { params: { leverage: number } }[];
    expect(agents[1]!.params.leverage).toBe(7);
    expect((raw['venue'] as { insuranceFund: number }).insuranceFund).toBe(5);
    const { variants } = expandGrid(scenario, scenario.sweep);
    expect(variants.map((v) => v.values)).toEqual([
      [2, 0.05],
      [2, 0.3],
      [20, 0.05],
      [20, 0.3],
    ]);
  });

  it('runs the grid on worker threads with the same figures as in one thread', async () => {
    const s = await loadScenario(scenario);
    const threads = await runSweep(s, { workers: 2 });
    const inline = await runSweep(s, { workers: 0 });
    expect(resultJson(threads)).toBe(resultJson(inline));
    expect(threads.runs).toHaveLength(4);
    const byCell = (lev: number, crash: number) =>
      threads.runs.find((r) => r.values[0] === lev && r.values[1] === crash)!;
    // More leverage and a bigger crash lose more; 20x through a 30% crash is liquidated.
    expect(byCell(20, 0.3).metrics['longs.returnPct']!).toBeLessThan(
      byCell(2, 0.05).metrics['longs.returnPct']!,
    );
    expect(byCell(20, 0.3).metrics['longs.liquidations']!).toBeGreaterThan(0);
    const html = sweepReport(threads);
    expect(html).toContain('longs.returnPct');
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect(html).toMatch(/crash=0\.3, leverage=20: -\d/);
  });
});
