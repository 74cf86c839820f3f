import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.ts';
import { Simulation } from '../run/simulation.ts';
import type { StrategyDefinition } from './types.ts';
import { BUILT_IN_STRATEGIES } from './registry.ts';

const base = {
  duration: '2h',
  step: '1m',
  prices: { BTC: { kind: 'constant', price: 50000 }, ETH: { kind: 'constant', price: 3000 } },
};

describe('the strategy context', () => {
  it('gives a strategy the state, views, sizing helpers, its results and its own schedule', async () => {
    const seen: { tick: number; results: number; lots: number; equity: bigint }[] = [];
    const probe: StrategyDefinition = {
      name: 'probe',
      create: () => ({
        init: (ctx) => {
          ctx.wakeIn(10 * 60_000);
          return [
            {
              type: 'Transfer',
              accountId: ctx.accountId,
              asset: 'USDT',
              amount: 5_000n * 100_000_000n,
              direction: 'SPOT_TO_FUTURES',
            },
          ];
        },
        onTick: (ctx) => {
          const lots = ctx.lotsFor('BTCUSDT', 10_000n * 100_000_000n, ctx.price('BTC'));
          seen.push({ tick: ctx.tick, results: ctx.lastResults.length, lots, equity: ctx.equity() });
          ctx.wakeIn(30 * 60_000);
          return [ctx.marketOrder('BTCUSDT', 'BUY', 10)];
        },
      }),
    };
    const scenario = await loadScenario({
      ...base,
      agents: [
        { name: 'makers', strategy: 'marketMaker', capital: 10_000_000, params: { markets: ['BTCUSDT'] } },
        { name: 'probe', strategy: 'marketMaker', capital: 10_000 },
      ],
    }).catch(() => undefined);
    expect(scenario).toBeUndefined(); // marketMaker needs markets: params are checked
    const ok = await loadScenario({
      ...base,
      agents: [
        { name: 'makers', strategy: 'marketMaker', capital: 10_000_000, params: { markets: ['BTCUSDT'] } },
        { name: 'probe', strategy: 'noise', capital: 10_000, params: { markets: ['BTCUSDT'] } },
      ],
    });
    const groups = ok.groups.map((g) =>
      g.name === 'probe' ? { ...g, definition: probe as StrategyDefinition<unknown>, strategy: 'probe' } : g,
    );
    const result = new Simulation({ ...ok, groups }).run();
    expect(seen.map((s) => s.tick)).toEqual([10, 40, 70, 100]);
    // The first call hears how init's transfer went, each later one how its last order did.
    expect(seen.every((s) => s.results === 1)).toBe(true);
    expect(seen[0]!.lots).toBe(200); // 10,000 USDT of BTC at 50,000 in 0.001 BTC lots
    expect(seen[0]!.equity).toBe(10_000n * 100_000_000n);
    const probeGroup = result.summary.groups.find((g) => g.name === 'probe')!;
    expect(probeGroup.trades).toBe(4);
    expect(probeGroup.strategy).toBe('probe');
  });

  it('refuses a command for another account', async () => {
    const rogue: StrategyDefinition = {
      name: 'rogue',
      create: () => ({
        onTick: (ctx) => [{ type: 'Deposit', accountId: ctx.accountId + 1, asset: 'USDT', amount: 1n }],
      }),
    };
    const s = await loadScenario({
      ...base,
      agents: [{ strategy: 'noise', capital: 1, params: { markets: ['BTCUSDT'] } }],
    });
    const groups = s.groups.map((g) => ({ ...g, definition: rogue as StrategyDefinition<unknown> }));
    expect(() => new Simulation({ ...s, groups }).run()).toThrow(/an agent commands its own account only/);
  });

  it('lists the built-in strategies', () => {
    expect([...BUILT_IN_STRATEGIES.keys()]).toEqual([
      'directional',
      'deltaNeutral',
      'marketMaker',
      'noise',
      'lendingSupplier',
      'stethLoop',
      'stableBorrow',
      'keeper',
    ]);
  });
});
