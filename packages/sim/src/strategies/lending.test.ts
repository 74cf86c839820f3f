import { describe, expect, it } from 'vitest';
import { lendingAccountView } from '@fulcrum/core';
import { Simulation } from '../run/simulation.ts';
import { loadScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/load.ts';
import type { SimResult } from '../run/result.ts';

const ETH = 10n ** 8n;

/** ETH at 3,000 and wstETH at 1.2 ETH, BTC at 60,000, USDC at 1; an ETH spot pair and the pool. */
function scenario(agents: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    seed: 3,
    start: '2024-01-01T00:00:00Z',
    duration: '6h',
    step: '5m',
    venue: { markets: { 'ETH/USDT': {}, 'BTC/USDT': {} } },
    prices: {
      ETH: { kind: 'constant', price: 3000 },
      WSTETH: { kind: 'follow', asset: 'ETH', ratio: 1.2 },
      BTC: { kind: 'constant', price: 60000 },
      USDC: { kind: 'constant', price: 1 },
    },
    agents: [
      {
        name: 'makers',
        strategy: 'marketMaker',
        capital: { USDT: 10_000_000, BTC: 100, ETH: 1000 },
        params: { markets: ['ETH/USDT', 'BTC/USDT'] },
      },
      { name: 'lenders', strategy: 'lendingSupplier', capital: { ETH: 10_000, USDC: 5_000_000 } },
      ...agents,
    ],
    ...extra,
  };
}

async function run(
  raw: Record<string, unknown>,
): Promise<{ sim: Simulation; s: Scenario; result: SimResult }> {
  const s = await loadScenario(raw);
  const sim = new Simulation(s);
  const result = sim.run();
  return { sim, s, result };
}

function groupOf(result: SimResult, name: string) {
  return result.summary.groups.find((g) => g.name === name)!;
}

function accountOf(sim: Simulation, s: Scenario, group: string, n = 0): number {
  const g = s.groups.findIndex((x) => x.name === group);
  return sim.recorder.agents.filter((a) => a.group === g)[n]!.accountId;
}

function standing(sim: Simulation, accountId: number) {
  const v = lendingAccountView(sim.state, accountId)!;
  const collateral = Number(v.totalCollateral);
  const debt = Number(v.totalDebt);
  return {
    view: v,
    leverage: collateral / (collateral - debt),
    ltv: debt / collateral,
    hf: Number(v.healthFactor) / 1e18,
  };
}

describe('lendingSupplier', () => {
  it("supplies its capital, and the pool's supply counts in its equity", async () => {
    const { sim, s, result } = await run(scenario([]));
    const v = lendingAccountView(sim.state, accountOf(sim, s, 'lenders'))!;
    expect(v.positions.find((p) => p.asset === 'ETH')!.supplied).toBe(10_000n * ETH);
    expect(v.positions.find((p) => p.asset === 'USDC')!.supplied).toBe(5_000_000n * 10n ** 6n);
    expect(groupOf(result, 'lenders').startEquity).toBe('35000000.00000000');
    expect(result.summary.lending?.map((r) => r.asset)).toEqual(['ETH', 'WSTETH', 'BTC', 'USDC', 'USDT']);
  });
});

describe('stethLoop', () => {
  it('loops wstETH and ETH in e-mode to its target leverage, every command accepted', async () => {
    const { sim, s } = await run(
      scenario(
        [{ name: 'looper', strategy: 'stethLoop', capital: { WSTETH: 10 }, params: { targetLeverage: 10 } }],
        { duration: '10m' },
      ),
    );
    const { view, leverage, hf } = standing(sim, accountOf(sim, s, 'looper'));
    expect(view.eMode).toBe(1);
    expect(leverage).toBeCloseTo(10, 4);
    // 0.95 / 0.9 at 10x.
    expect(hf).toBeCloseTo(0.95 / 0.9, 3);
    expect(sim.recorder.counts.rejected).toBe(0);
  });

  it('stops where another round would take the health factor below minHealthFactor', async () => {
    const { sim, s } = await run(
      scenario(
        [
          {
            name: 'looper',
            strategy: 'stethLoop',
            capital: { ETH: 12 },
            params: { loops: 200, minHealthFactor: 1.05 },
          },
        ],
        { duration: '5m' },
      ),
    );
    // One tick: the loop is built on it, so no interest has accrued since.
    const { hf, view } = standing(sim, accountOf(sim, s, 'looper'));
    expect(hf).toBeGreaterThanOrEqual(1.05);
    expect(hf).toBeLessThan(1.051);
    // The ETH capital was swapped into wstETH first: 12 ETH = 10 wstETH of equity.
    const equity = Number(view.totalCollateral - view.totalDebt) / 1e8;
    expect(equity).toBeCloseTo(36_000, 0);
  });

  it('keeps to its limits when every swap costs a fee', async () => {
    const { sim, s } = await run(
      scenario(
        [
          {
            name: 'looper',
            strategy: 'stethLoop',
            capital: { WSTETH: 10 },
            params: { targetLeverage: 13, minHealthFactor: 1.04, swapFee: 0.003 },
          },
        ],
        { duration: '5m' },
      ),
    );
    const { hf, leverage } = standing(sim, accountOf(sim, s, 'looper'));
    // 13x would be a health factor of 1.029: the minimum binds first.
    expect(hf).toBeGreaterThanOrEqual(1.04);
    expect(hf).toBeLessThan(1.041);
    expect(leverage).toBeLessThan(13);
  });

  it('unwinds to deleverageTo when a discount pushes its health factor below deleverageBelow', async () => {
    const { sim, s, result } = await run(
      scenario(
        [
          {
            name: 'careful',
            strategy: 'stethLoop',
            capital: { WSTETH: 10 },
            every: '5m',
            params: { targetLeverage: 12, deleverageBelow: 1.02, deleverageTo: 1.05 },
          },
          {
            name: 'holder',
            strategy: 'stethLoop',
            capital: { WSTETH: 10 },
            every: '5m',
            params: { targetLeverage: 12 },
          },
        ],
        { shocks: [{ kind: 'discount', asset: 'WSTETH', discount: 0.03, at: '1h', over: '1h' }] },
      ),
    );
    // 12x: 0.95 x 12 / 11 = 1.036; a 3% discount takes it to 1.005 unless it unwinds.
    const holder = standing(sim, accountOf(sim, s, 'holder'));
    expect(holder.hf).toBeCloseTo(1.0364 * 0.97, 3);
    const careful = standing(sim, accountOf(sim, s, 'careful'));
    expect(careful.hf).toBeGreaterThan(1.03);
    expect(groupOf(result, 'careful').minHealthFactor).toBeGreaterThan(1.02);
    // It went back up to 1.05 once it crossed 1.02.
    expect(Math.max(...result.series.healthFactor['careful']!.slice(13).map((v) => v ?? 0))).toBeGreaterThan(
      1.049,
    );
    expect(sim.recorder.counts.lendingLiquidations).toBe(0);
    expect(sim.recorder.counts.rejected).toBe(0);
  });
});

describe('stableBorrow', () => {
  it('borrows to its target LTV and repays back to it when the collateral falls', async () => {
    const { sim, s } = await run(
      scenario(
        [
          {
            name: 'steady',
            strategy: 'stableBorrow',
            capital: { BTC: 1 },
            params: { targetLtv: 0.6 },
          },
          {
            name: 'rebalancer',
            strategy: 'stableBorrow',
            capital: { BTC: 1 },
            every: '5m',
            params: { targetLtv: 0.6, rebalanceAbove: 0.63 },
          },
        ],
        { shocks: [{ kind: 'crash', asset: 'BTC', drop: 0.1, at: '2h', over: '30m' }] },
      ),
    );
    // 0.6 / 0.9 after a 10% fall.
    expect(standing(sim, accountOf(sim, s, 'steady')).ltv).toBeCloseTo(0.6 / 0.9, 3);
    expect(standing(sim, accountOf(sim, s, 'rebalancer')).ltv).toBeCloseTo(0.6, 2);
    expect(standing(sim, accountOf(sim, s, 'rebalancer')).ltv).toBeLessThanOrEqual(0.63);
  });
});

describe('keeper', () => {
  const loans = (sell: string) =>
    scenario(
      [
        { name: 'borrower', strategy: 'stableBorrow', capital: { BTC: 2 }, params: { targetLtv: 0.72 } },
        { name: 'keeper', strategy: 'keeper', capital: { USDC: 500_000 }, params: { sell } },
      ],
      { shocks: [{ kind: 'crash', asset: 'BTC', drop: 0.2, at: '2h', over: '1h' }] },
    );

  it('liquidates a loan below a health factor of 1, at a profit, and sells the BTC it seized', async () => {
    const { sim, s, result } = await run(loans('market'));
    const keeper = groupOf(result, 'keeper');
    const borrower = groupOf(result, 'borrower');
    expect(borrower.lendingLiquidations).toBeGreaterThan(0);
    expect(borrower.minHealthFactor).toBeLessThan(1);
    expect(keeper.lendingLiquidationsMade).toBe(borrower.lendingLiquidations);
    expect(Number(keeper.pnl)).toBeGreaterThan(0);
    expect(keeper.trades).toBeGreaterThan(0);
    // Everything seized was sold on BTC/USDT (less than a lot may stay).
    const account = sim.state.accounts[accountOf(sim, s, 'keeper') - 1]!;
    const btc = sim.state.venue.assetBySymbol.get('BTC')!.index;
    expect(account.wallets[btc]!.available).toBeLessThan(1_000n);
    // The loan was never liquidated above 1.
    expect(result.liquidations['borrower']!.every((l) => l.healthFactor! < 1)).toBe(true);
  });

  it('holds what it seized with sell: hold', async () => {
    const { sim, s } = await run(loans('hold'));
    const account = sim.state.accounts[accountOf(sim, s, 'keeper') - 1]!;
    const btc = sim.state.venue.assetBySymbol.get('BTC')!.index;
    expect(account.wallets[btc]!.available).toBeGreaterThan(0n);
    expect(sim.recorder.counts.trades).toBe(0);
  });
});

describe('the oracle', () => {
  it('is fed the price paths, shocks included, when the scenario uses the pool', async () => {
    const { sim } = await run(
      scenario([], { shocks: [{ kind: 'depeg', asset: 'USDC', to: 0.97, at: '1h', over: '1h' }] }),
    );
    const oracle = (asset: string) => sim.state.oracle[sim.state.venue.assetBySymbol.get(asset)!.index];
    expect(oracle('USDC')).toBe(97_000_000n);
    expect(oracle('WSTETH')).toBe(360_000_000_000n);
    expect(oracle('USDT')).toBe(100_000_000n);
  });

  it('is left alone when nothing uses the pool', async () => {
    const raw = scenario([]);
    const agents = (raw['agents'] as unknown[]).slice(0, 1);
    const { sim } = await run({ ...raw, agents });
    expect(sim.state.oracle.every((p) => p === 0n)).toBe(true);
  });
});
