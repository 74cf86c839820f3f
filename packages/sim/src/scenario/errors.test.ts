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
    [
      'a reserve LTV above its liquidation threshold',
      smallScenario({ venue: { lending: { reserves: { WSTETH: { ltv: '0.9' } } } } }),
      /^venue\.lending\.reserves\.WSTETH\.ltv: must not exceed liquidationThreshold$/,
    ],
    [
      'a reserve share above 1',
      smallScenario({ venue: { lending: { reserves: { BTC: { liquidationThreshold: '1.5' } } } } }),
      /^venue\.lending\.reserves\.BTC\.liquidationThreshold: must be at most 1$/,
    ],
    [
      'a rate curve slope that is not a decimal',
      smallScenario({ venue: { lending: { reserves: { ETH: { slope1: 'steep' } } } } }),
      /^venue\.lending\.reserves\.ETH\.slope1: "steep" is not a decimal amount/,
    ],
    [
      'a rate curve whose second slope is below the first',
      smallScenario({ venue: { lending: { reserves: { USDC: { slope1: '0.5', slope2: '0.1' } } } } }),
      /^venue\.lending\.reserves\.USDC\.slope2: must be at least slope1$/,
    ],
    [
      'a liquidation bonus the threshold cannot pay',
      smallScenario({ venue: { lending: { reserves: { BTC: { liquidationBonus: '0.5' } } } } }),
      /^venue\.lending\.reserves\.BTC\.liquidationBonus: liquidationThreshold x \(1 \+ bonus\) exceeds 100%$/,
    ],
    [
      "a reserve under Aave's name",
      smallScenario({ venue: { lending: { reserves: { WETH: { ltv: '0.8' } } } } }),
      /^venue\.lending\.reserves\.WETH: the pool lends ETH as Aave's WETH: name it ETH$/,
    ],
    [
      'a spot margin level that is not a decimal',
      smallScenario({ venue: { margin: { liquidationLevel: 'low' } } }),
      /^venue\.margin\.liquidationLevel: "low" is not a decimal amount/,
    ],
    [
      'an unknown reserve field',
      smallScenario({ venue: { lending: { reserves: { ETH: { collateralFactor: '0.8' } } } } }),
      /^venue\.lending\.reserves\.ETH\.collateralFactor: unknown field$/,
    ],
    [
      'an e-mode LTV above its threshold',
      smallScenario({ venue: { lending: { eModes: { 1: { ltv: '0.97' } } } } }),
      /^venue\.lending\.eModes\["1"\]\.ltv: must not exceed liquidationThreshold$/,
    ],
    [
      'a new e-mode category without its members',
      smallScenario({
        venue: {
          lending: { eModes: { 2: { ltv: '0.9', liquidationThreshold: '0.93', liquidationBonus: '0.02' } } },
        },
      }),
      /^venue\.lending\.eModes\["2"\]\.collateral: is required for a new e-mode category \(2\)$/,
    ],
    [
      'an e-mode member the pool does not lend',
      smallScenario({ venue: { lending: { eModes: { 1: { collateral: ['ETH', 'SOL'] } } } } }),
      /^venue\.lending\.eModes\["1"\]\.collateral\[1\]: no reserve SOL$/,
    ],
    [
      'a loop target beyond what the e-mode LTV allows',
      {
        ...agentsWith(2, { strategy: 'stethLoop', capital: { WSTETH: 10 }, params: { targetLeverage: 20 } }),
        prices: {
          BTC: { kind: 'constant', price: 50000 },
          ETH: { kind: 'constant', price: 3000 },
          WSTETH: { kind: 'follow', asset: 'ETH', ratio: 1.2 },
        },
      },
      /^agents\[2\]\.params\.targetLeverage: must be below 14\.29x: WSTETH backs borrows up to 93\.0% in ETH correlated$/,
    ],
    [
      'a loop on an asset without a price path',
      agentsWith(2, { strategy: 'stethLoop', capital: { WSTETH: 10 }, params: { targetLeverage: 5 } }),
      /^agents\[2\]\.params\.collateral: no price path for WSTETH: the pool's oracle needs one/,
    ],
    [
      'a loop in an e-mode that does not lend the debt',
      agentsWith(2, {
        strategy: 'stethLoop',
        capital: { ETH: 10 },
        params: { collateral: 'ETH', debt: 'USDT', eMode: 1 },
      }),
      /^agents\[2\]\.params\.eMode: USDT may not be borrowed in e-mode 1 \(ETH correlated\)$/,
    ],
    [
      'a stablecoin loan above the collateral LTV',
      agentsWith(2, {
        strategy: 'stableBorrow',
        capital: { BTC: 1 },
        params: { borrow: 'USDT', targetLtv: 0.8 },
      }),
      /^agents\[2\]\.params\.targetLtv: BTC backs borrows up to 73\.0% of its value$/,
    ],
    [
      'a rebalance threshold below the target',
      agentsWith(2, {
        strategy: 'stableBorrow',
        capital: { BTC: 1 },
        params: { borrow: 'USDT', targetLtv: 0.6, rebalanceAbove: 0.5 },
      }),
      /^agents\[2\]\.params\.rebalanceAbove: must be above targetLtv \(0\.6\)$/,
    ],
    [
      'a keeper that does not know what to do with collateral',
      agentsWith(2, { strategy: 'keeper', capital: { USDT: 1000 }, params: { sell: 'burn' } }),
      /^agents\[2\]\.params\.sell: must be market, swap or hold$/,
    ],
    [
      'a lender of an asset the pool does not lend',
      agentsWith(2, {
        strategy: 'lendingSupplier',
        capital: { ETH: 10 },
        params: { assets: ['ETH', 'DOGE'] },
      }),
      /^agents\[2\]\.params\.assets\[1\]: DOGE is not a reserve of the lending pool/,
    ],
    [
      'a lending strategy on a venue without a pool',
      { ...agentsWith(2, { strategy: 'stableBorrow', capital: { BTC: 1 } }), venue: { lending: false } },
      /^agents\[2\]\.params\.collateral: the venue has no lending pool$/,
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
