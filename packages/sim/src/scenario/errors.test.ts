import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../test/fixtures.ts';
import { ScenarioError } from './errors.ts';
import { loadScenario, loadScenarioFile } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'fulcrum-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The issues a scenario is refused with, as "path: message" lines. */
async function problems(raw: unknown): Promise<string[]> {
  try {
    await loadScenario(raw, { baseDir: dir });
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('the scenario was accepted');
}

function agentsWith(index: number, agent: Record<string, unknown>): Record<string, unknown> {
  const s = smallScenario();
  const agents = [...(s['agents'] as unknown[])];
  agents[index] = agent;
  return { ...s, agents };
}

describe('a bad scenario is refused with the field and the problem', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a missing duration', { ...smallScenario(), duration: undefined }, /^duration: is required$/],
    ['a duration that is not one', smallScenario({ step: '5x' }), /^step: "5x" is not a duration/],
    ['an unknown field', smallScenario({ sede: 1 }), /^sede: unknown field$/],
    ['a seed that is not a whole number', smallScenario({ seed: 1.5 }), /^seed: must be a whole number$/],
    ['a date that is not one', smallScenario({ start: 'yesterday' }), /^start: "yesterday" is not a date/],
    [
      'an unknown price path kind',
      smallScenario({ prices: { BTC: { kind: 'gbm', start: 1 }, ETH: { kind: 'constant', price: 3000 } } }),
      /^prices\.BTC\.kind: .*synthetic, csv, constant or follow/,
    ],
    [
      'a negative volatility',
      smallScenario({
        prices: { BTC: { kind: 'synthetic', start: 1, volatility: -1 }, ETH: { kind: 'constant', price: 1 } },
      }),
      /^prices\.BTC\.volatility: must be at least 0$/,
    ],
    [
      'a market without a price path',
      smallScenario({ prices: { BTC: { kind: 'constant', price: 1 } } }),
      /^prices: no price path for ETH/,
    ],
    [
      'a price path for an asset the venue lacks',
      smallScenario({
        prices: {
          BTC: { kind: 'constant', price: 1 },
          ETH: { kind: 'constant', price: 1 },
          SOL: { kind: 'constant', price: 1 },
        },
      }),
      /^prices\.SOL: no asset SOL in the venue/,
    ],
    [
      'a CSV file that is not there',
      smallScenario({
        prices: { BTC: { kind: 'csv', file: 'nope.csv' }, ETH: { kind: 'constant', price: 1 } },
      }),
      /^prices\.BTC\.file: cannot read .*nope\.csv/,
    ],
    [
      'a crash above 100%',
      smallScenario({ shocks: [{ kind: 'crash', asset: 'BTC', drop: 1.5, at: '1h' }] }),
      /^shocks\[0\]\.drop: must be below 1$/,
    ],
    [
      'a shock on an asset without a path',
      smallScenario({ shocks: [{ kind: 'depeg', asset: 'USDC', to: 0.9, at: '1h' }] }),
      /^shocks\[0\]\.asset: no price path for USDC$/,
    ],
    [
      'a funding shock on a spot pair',
      smallScenario({ shocks: [{ kind: 'funding', market: 'BTC/USDT', rate: 0.001, at: '1h' }] }),
      /^shocks\[0\]\.market: BTC\/USDT is not a perpetual/,
    ],
    [
      'funding for a spot pair',
      smallScenario({ funding: { 'BTC/USDT': { rate: 0.001 } } }),
      /^funding\.BTC\/USDT: BTC\/USDT is not a perpetual/,
    ],
    [
      'an unknown strategy',
      agentsWith(1, { strategy: 'hodl', capital: 100 }),
      /^agents\[1\]\.strategy: "hodl" is neither a built-in strategy/,
    ],
    [
      'a strategy module that is not there',
      agentsWith(1, { strategy: './missing.ts', capital: 100 }),
      /^agents\[1\]\.strategy: cannot load .*missing\.ts/,
    ],
    [
      'leverage above the brackets',
      agentsWith(2, {
        strategy: 'directional',
        capital: 100,
        params: { market: 'BTCUSDT', side: 'long', leverage: 200 },
      }),
      /^agents\[2\]\.params\.leverage: BTCUSDT allows at most 125x$/,
    ],
    [
      'a side that is neither long nor short',
      agentsWith(2, {
        strategy: 'directional',
        capital: 100,
        params: { market: 'BTCUSDT', side: 'up', leverage: 2 },
      }),
      /^agents\[2\]\.params\.side: "up" is not long or short$/,
    ],
    [
      'a market the venue does not list',
      agentsWith(2, {
        strategy: 'directional',
        capital: 100,
        params: { legs: [{ market: 'SOLUSDT', side: 'long', leverage: 2 }] },
      }),
      /^agents\[2\]\.params\.legs\[0\]\.market: no market SOLUSDT in the venue/,
    ],
    [
      'delta-neutral legs on different assets',
      agentsWith(2, {
        strategy: 'deltaNeutral',
        capital: 100,
        params: { spot: 'ETH/USDT', perp: 'BTCUSDT' },
      }),
      /^agents\[2\]\.params\.perp: BTCUSDT is on BTC, ETH\/USDT on ETH$/,
    ],
    [
      'capital in an unknown asset',
      agentsWith(1, { strategy: 'noise', capital: { DOGE: 5 }, params: { markets: ['BTCUSDT'] } }),
      /^agents\[1\]\.capital\.DOGE: no asset DOGE in the venue$/,
    ],
    [
      'capital with too many decimals',
      agentsWith(1, { strategy: 'noise', capital: '1.123456789', params: { markets: ['BTCUSDT'] } }),
      /^agents\[1\]\.capital: "1\.123456789": /,
    ],
    [
      'two groups with one name',
      agentsWith(1, { name: 'makers', strategy: 'noise', capital: 5, params: { markets: ['BTCUSDT'] } }),
      /^agents\[1\]\.name: another agent group is named makers$/,
    ],
    [
      'a fee that is not a decimal',
      smallScenario({ venue: { markets: { BTCUSDT: { takerFee: 'lots' } } } }),
      /^venue\.markets\.BTCUSDT\.takerFee: "lots" is not a decimal amount/,
    ],
    [
      'a tick size the quote cannot hold',
      smallScenario({ venue: { markets: { 'BTC/USDT': { tickSize: '0.000000001' } } } }),
      /^venue\.markets\.BTC\/USDT\.tickSize: /,
    ],
    [
      'a perpetual field on a spot pair',
      smallScenario({ venue: { markets: { 'BTC/USDT': { fundingIntervalHours: 4 } } } }),
      /^venue\.markets\.BTC\/USDT\.fundingIntervalHours: only perpetual markets take this field$/,
    ],
    [
      'a new market without its kind',
      smallScenario({ venue: { markets: { 'SOL/USDT': {} } } }),
      /^venue\.markets\.SOL\/USDT: SOL\/USDT is not a default market: give kind/,
    ],
    ['a step longer than the run', smallScenario({ step: '2d' }), /^step: is longer than the duration/],
    ['no agents', smallScenario({ agents: [] }), /^agents: needs at least one agent$/],
  ];
  for (const [what, raw, expected] of cases) {
    it(`names the field for ${what}`, async () => {
      const found = await problems(raw);
      expect(
        found.some((p) => expected.test(p)),
        found.join('\n'),
      ).toBe(true);
    });
  }

  it('reports every problem at once', async () => {
    const found = await problems(smallScenario({ step: 'x', seed: -1, extra: true }));
    expect(found.length).toBeGreaterThanOrEqual(3);
  });

  it('names the line of a YAML syntax error and the file', async () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'name: x\nduration: 1d\nprices: { BTC: [\n');
    await expect(loadScenarioFile(path)).rejects.toThrow(
      /broken\.yaml: invalid scenario\n.*not valid YAML.*line \d+/s,
    );
  });

  it('names a file that cannot be read', async () => {
    await expect(loadScenarioFile(join(dir, 'absent.yaml'))).rejects.toThrow(/cannot read .*absent\.yaml/);
  });

  it('names a bad sweep path', async () => {
    const { runSweep } = await import('../sweep/runSweep.ts');
    const scenario = await loadScenario(
      smallScenario({ sweep: { parameters: [{ path: 'agents.nobody.params.leverage', values: [1, 2] }] } }),
    );
    await expect(runSweep(scenario, { workers: 0 })).rejects.toThrow(
      /sweep\.parameters\[0\]\.path: agents\.nobody\.params\.leverage: no item nobody in agents/,
    );
  });
});
