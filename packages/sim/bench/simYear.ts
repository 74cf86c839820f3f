/**
 * Simulator benchmark: one year of 1-minute steps (525,600 ticks) with 1,000 agents on the default
 * venue (BTC and ETH spot pairs and perpetuals), straight on the engine.
 *
 *   node --import tsx packages/sim/bench/simYear.ts [--days 365] [--agents 1000]
 *
 * Every tick: the feed's BTC and ETH prices (seeded GBM with jumps, an ETH crash and a BTC funding
 * spike) become four IndexPrice commands (marks, premium samples, funding, triggers, liquidations,
 * ADL, spot margin liquidations); the market maker (5 levels a side on each of the four markets)
 * re-quotes a ladder when its reference moved 40 bps or an hour passed. Each other agent decides on
 * its own schedule: noise traders (90%) after exponential waits averaging a day (one market order
 * sized from their equity), directional traders (6%: perpetual cross and isolated, spot margin)
 * every hour (check the position, re-open after a liquidation), delta-neutral traders (4%) every
 * hour (check the hedge and the short's margin ratio). About 1,000 chart points (equity, margin
 * ratio and funding of every agent).
 *
 * Prints progress on stderr and one JSON line on stdout:
 * {"workload":"sim-year","ticks":525600,"agents":1000,"seconds":...}
 */
import { arch, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadScenario, runScenario } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    agents: { type: 'string', default: '1000' },
  },
});
const days = Number(values.days);
const agents = Number(values.agents);
if (!Number.isInteger(days) || days < 1) throw new Error('--days: a whole number >= 1');
if (!Number.isInteger(agents) || agents < 10) throw new Error('--agents: a whole number >= 10');

const directional = Math.round(agents * 0.06);
const neutral = Math.round(agents * 0.04);
const noise = agents - 1 - 3 * Math.floor(directional / 3) - neutral;
const third = Math.floor(directional / 3);

const scenario = await loadScenario(
  {
    name: 'sim-year benchmark',
    seed: 2024,
    start: '2024-01-01',
    duration: `${days}d`,
    step: '1m',
    prices: {
      BTC: {
        kind: 'synthetic',
        start: 50000,
        volatility: 0.6,
        jumpsPerYear: 12,
        jumpMean: -0.01,
        jumpStdev: 0.03,
      },
      ETH: {
        kind: 'synthetic',
        start: 3000,
        volatility: 0.75,
        jumpsPerYear: 12,
        jumpMean: -0.015,
        jumpStdev: 0.04,
      },
    },
    shocks: [
      {
        kind: 'crash',
        asset: 'ETH',
        drop: 0.25,
        at: `${Math.max(1, Math.floor(days / 2))}d`,
        over: '1h',
        hold: '2d',
        recover: '5d',
      },
      {
        kind: 'funding',
        market: 'BTCUSDT',
        rate: 0.001,
        at: `${Math.max(1, Math.floor(days / 4))}d`,
        over: '1d',
        hold: '7d',
        recover: '1d',
      },
    ],
    agents: [
      {
        name: 'maker',
        strategy: 'marketMaker',
        capital: { USDT: 500_000_000, BTC: 2_000, ETH: 30_000 },
        params: {
          markets: ['BTCUSDT', 'ETHUSDT', 'BTC/USDT', 'ETH/USDT'],
          levels: 5,
          spreadBps: 10,
          stepBps: 10,
          toleranceBps: 50,
          requoteBps: 40,
          refreshTicks: 60,
        },
      },
      {
        name: 'noise',
        strategy: 'noise',
        count: noise,
        capital: 10_000,
        every: '1d',
        params: { markets: ['BTCUSDT', 'ETHUSDT'], leverage: 5, size: [0.05, 0.5] },
      },
      {
        name: 'longs',
        strategy: 'directional',
        count: third,
        capital: 10_000,
        params: { market: 'BTCUSDT', side: 'long', leverage: [2, 20], reenter: true },
      },
      {
        name: 'shorts',
        strategy: 'directional',
        count: third,
        capital: 10_000,
        params: { market: 'ETHUSDT', side: 'short', leverage: [2, 20], reenter: true, margin: 'isolated' },
      },
      {
        name: 'marginLongs',
        strategy: 'directional',
        count: third,
        capital: 10_000,
        params: { market: 'BTC/USDT', side: 'long', leverage: 2 },
      },
      {
        name: 'carry',
        strategy: 'deltaNeutral',
        count: neutral,
        capital: 50_000,
        params: { spot: 'BTC/USDT', perp: 'BTCUSDT', leverage: 3 },
      },
    ],
  },
  { baseDir: process.cwd() },
);

const total = scenario.groups.reduce((s, g) => s + g.count, 0);
const start = process.hrtime.bigint();
let last = 0;
const result = runScenario(scenario, {
  onProgress(done, ticks) {
    const pct = Math.floor((done / ticks) * 100);
    if (pct === last && done !== ticks) return;
    last = pct;
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    process.stderr.write(`\r[sim-year] ${done}/${ticks} ticks ${pct}% ${s.toFixed(1)} s`);
    if (done === ticks) process.stderr.write('\n');
  },
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const v = result.summary.venue;
process.stderr.write(
  `[sim-year] ${v.commands} commands (${v.rejected} refused), ${v.trades} trades, ${v.liquidations} liquidations, ` +
    `${v.adlFills} ADL fills, ${v.fundingTimes} funding times; ${cpus()[0]?.model ?? '?'} x${cpus().length} ${arch()}, node ${process.version}\n`,
);
process.stdout.write(
  `${JSON.stringify({ workload: 'sim-year', ticks: scenario.ticks, agents: total, seconds: Math.round(seconds * 100) / 100 })}\n`,
);
