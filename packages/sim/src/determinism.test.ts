import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadScenario, loadScenarioFile } from './scenario/load.ts';
import { resultJson } from './run/result.ts';
import { runScenario } from './run/simulation.ts';
import { runExample } from './test/examples.ts';
import { smallScenario } from './test/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'fulcrum-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a run repeats exactly', () => {
  it('gives byte-identical JSON for the same scenario and seed', async () => {
    const first = resultJson(runScenario(await loadScenario(smallScenario())));
    const second = resultJson(runScenario(await loadScenario(smallScenario())));
    expect(second).toBe(first);
    const parsed = JSON.parse(first) as {
      summary: { venue: { trades: number } };
      series: { time: number[] };
    };
    expect(parsed.summary.venue.trades).toBeGreaterThan(50);
    expect(parsed.series.time.length).toBeGreaterThan(200);
  });

  it('gives byte-identical JSON for a lending scenario: loops, oracle prices, keeper liquidations', async () => {
    const first = resultJson(await runExample('ltv-drift-steth-discount.yaml'));
    const second = resultJson(await runExample('ltv-drift-steth-discount.yaml'));
    expect(second).toBe(first);
    const parsed = JSON.parse(first) as { summary: { venue: { lendingLiquidations: number } } };
    expect(parsed.summary.venue.lendingLiquidations).toBeGreaterThan(0);
  });

  it('gives the same bytes from a YAML file and a JSON file of the same scenario', async () => {
    writeFileSync(join(dir, 'small.yaml'), stringify(smallScenario()));
    writeFileSync(join(dir, 'small.json'), JSON.stringify(smallScenario()));
    const yaml = resultJson(runScenario(await loadScenarioFile(join(dir, 'small.yaml'))));
    const json = resultJson(runScenario(await loadScenarioFile(join(dir, 'small.json'))));
    expect(json).toBe(yaml);
  });

  it('changes with the seed', async () => {
    const a = runScenario(await loadScenario(smallScenario()));
    const b = runScenario(await loadScenario(smallScenario(), { seed: 43 }));
    expect(b.scenario.seed).toBe(43);
    expect(b.scenario.stateHash).not.toBe(a.scenario.stateHash);
    expect(b.series.prices['BTC']).not.toEqual(a.series.prices['BTC']);
  });

  it('keeps money exact: summary amounts are decimal text with 8 decimals', async () => {
    const r = runScenario(await loadScenario(smallScenario()));
    for (const g of r.summary.groups)
      for (const v of [g.startEquity, g.endEquity, g.pnl, g.fundingPaid, g.feesPaid, g.interestPaid])
        expect(v).toMatch(/^-?\d+\.\d{8}$/);
    const carry = r.summary.groups.find((g) => g.name === 'carry')!;
    // The carry trade is short the perpetual while funding is positive: it receives.
    expect(Number(carry.fundingPaid)).toBeLessThan(0);
    const margin = r.summary.groups.find((g) => g.name === 'margin')!;
    expect(Number(margin.interestPaid)).toBeGreaterThan(0);
  });
});
