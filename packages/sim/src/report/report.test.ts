import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.ts';
import { runScenario } from '../run/simulation.ts';
import { smallScenario } from '../test/fixtures.ts';
import { runReport } from './runReport.ts';
import { niceTicks } from './svg.ts';

describe('the HTML report', () => {
  it('is one self-contained page with the summary table and the charts', async () => {
    const result = runScenario(await loadScenario(smallScenario()));
    const html = runReport(result);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Nothing to fetch: no scripts, stylesheets, images or fonts from anywhere.
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    for (const title of [
      'BTCUSDT: index, mark and last price',
      'ETHUSDT: index, mark and last price',
      'Equity, % of the start',
      'Worst margin ratio of each group, %',
      'Funding paid, % of the start equity',
      'Funding rate per interval, %',
      'Insurance fund, USDT',
    ])
      expect(html).toContain(title);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(7);
    for (const g of result.summary.groups) expect(html).toContain(`<td class="l">${g.name}</td>`);
    // The ETH crash is shaded on its chart.
    expect(html).toMatch(/class="band"><title>ETH crash -20%<\/title>/);
  });

  it('puts axis labels on round values', () => {
    expect(niceTicks(0, 97, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(49_812, 50_390, 5)).toEqual([49_800, 50_000, 50_200, 50_400]);
  });
});
