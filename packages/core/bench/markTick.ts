/**
 * Mark-price tick benchmark: the cost of one IndexPrice command (new index, basis and premium
 * samples, mark price, funding when due) in a perpetual market holding many open positions.
 * Settlement is lazy (a cumulative funding index), so neither a tick nor a funding time should cost
 * more with a million positions than with none.
 *
 *   tsx packages/core/bench/markTick.ts [--positions 1000000] [--ticks 20000]
 *
 * Ends with one JSON line: {"workload":"mark-tick","positions":...,"tick_ms":...,"funding_settle_ms":...}
 */
import { arch, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { apply, createState } from '../src/engine/index.ts';
import type { Command, EngineState, UnstampedCommand } from '../src/engine/index.ts';
import { defaultVenueConfig, mustLoadVenue } from '../src/market/index.ts';

const USDT = 100_000_000n;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1, 0, 0, 1);

const { values } = parseArgs({
  options: {
    positions: { type: 'string', default: '1000000' },
    ticks: { type: 'string', default: '20000' },
  },
});
const positions = Number(values.positions);
const ticks = Number(values.ticks);
if (!Number.isInteger(positions) || positions < 0 || positions % 2 !== 0)
  throw new Error('--positions: an even count');
if (!Number.isInteger(ticks) || ticks < 10) throw new Error('--ticks: at least 10');

let seq = 0;
let time = T0;
function run(state: EngineState, command: UnstampedCommand): void {
  const { result } = apply(state, { ...command, seq: ++seq, time } as Command);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
}

function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(
    `\r[mark-tick] ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stderr.write('\n');
}

/** Pairs of accounts trade 0.003 BTC near 50,000 (the minimum notional is 100 USDT): one long, one short each. */
function build(): EngineState {
  const state = createState(mustLoadVenue(defaultVenueConfig()));
  run(state, { type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * USDT });
  const pairs = positions / 2;
  for (let i = 0; i < pairs; i++) {
    const long = state.accounts.length + 1;
    const short = long + 1;
    for (const id of [long, short]) {
      run(state, { type: 'CreateAccount' });
      run(state, { type: 'Deposit', accountId: id, asset: 'USDT', amount: 1_000n * USDT });
      run(state, {
        type: 'Transfer',
        accountId: id,
        asset: 'USDT',
        amount: 1_000n * USDT,
        direction: 'SPOT_TO_FUTURES',
      });
    }
    // Spread entry prices so liquidation prices differ; both sides far from liquidation at 1x-ish margin.
    const price = 495_000 + (i % 10_000);
    run(state, {
      type: 'PlaceOrder',
      accountId: short,
      market: 'BTCUSDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price,
      qty: 3,
    });
    run(state, {
      type: 'PlaceOrder',
      accountId: long,
      market: 'BTCUSDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price,
      qty: 3,
    });
    if (i % 5_000 === 0 || i === pairs - 1) progress('opening positions', i + 1, pairs);
  }
  if (pairs === 0) progress('opening positions', 0, 0);
  // A market maker's depth, as a running venue has: 100 levels a side, 0.5 BTC each.
  const maker = state.accounts.length + 1;
  run(state, { type: 'CreateAccount' });
  run(state, { type: 'Deposit', accountId: maker, asset: 'USDT', amount: 100_000_000n * USDT });
  run(state, {
    type: 'Transfer',
    accountId: maker,
    asset: 'USDT',
    amount: 100_000_000n * USDT,
    direction: 'SPOT_TO_FUTURES',
  });
  run(state, { type: 'SetPositionMode', accountId: maker, dualSide: true });
  for (let level = 1; level <= 100; level++) {
    const common = {
      type: 'PlaceOrder',
      accountId: maker,
      market: 'BTCUSDT',
      orderType: 'LIMIT',
      qty: 500,
    } as const;
    run(state, { ...common, side: 'BUY', positionSide: 'LONG', price: 500_000 - level * 5 });
    run(state, { ...common, side: 'SELL', positionSide: 'SHORT', price: 500_000 + level * 5 });
  }
  const ms = state.perp[state.venue.marketBySymbol.get('BTCUSDT')!.index]!;
  if (ms.longQty !== 3 * pairs || ms.shortQty !== 3 * pairs)
    throw new Error('mark-tick: open interest does not match');
  return state;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const state = build();
// Ticks once a second; the walk stays within +-1% of 50,000. One tick in the run crosses 08:00 UTC.
let index = 50_000n * USDT;
let drift = 1;
const tickNs: number[] = [];
const fundingNs: number[] = [];
time = T0 + 8 * HOUR - Math.floor(ticks / 2) * 1_000;
for (let t = 0; t < ticks; t++) {
  time += 1_000;
  index += BigInt(drift) * 1_000_000n;
  if (index > 50_500n * USDT || index < 49_500n * USDT) drift = -drift;
  const fundingDue = time >= state.perp[2]!.nextFundingTime && state.perp[2]!.nextFundingTime !== 0;
  const command = { type: 'IndexPrice', market: 'BTCUSDT', price: index, seq: ++seq, time } as Command;
  const start = process.hrtime.bigint();
  const { result } = apply(state, command);
  const elapsed = Number(process.hrtime.bigint() - start);
  if (!result.ok) throw new Error(`IndexPrice refused: ${result.code}`);
  (fundingDue ? fundingNs : tickNs).push(elapsed);
  if (t % 2_000 === 0 || t === ticks - 1) progress('ticking', t + 1, ticks);
}
if (fundingNs.length === 0) throw new Error('mark-tick: no funding time was crossed');

tickNs.sort((a, b) => a - b);
const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;
const summary = {
  workload: 'mark-tick',
  positions,
  ticks: tickNs.length,
  tick_ms: ms(percentile(tickNs, 0.5)),
  tick_p99_ms: ms(percentile(tickNs, 0.99)),
  tick_max_ms: ms(tickNs[tickNs.length - 1]!),
  funding_settle_ms: ms(Math.max(...fundingNs)),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  arch: arch(),
  mem_gib: Math.round(totalmem() / 2 ** 30),
};
process.stderr.write(
  `[mark-tick] ${positions} positions: tick median ${summary.tick_ms} ms, p99 ${summary.tick_p99_ms} ms, ` +
    `max ${summary.tick_max_ms} ms; funding time ${summary.funding_settle_ms} ms\n`,
);
process.stdout.write(`${JSON.stringify(summary)}\n`);
