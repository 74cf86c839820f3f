/**
 * Crash benchmark: one mark tick 30% below the last, in a perpetual market holding many positions,
 * with a market maker's bids, a small insurance fund and leverage from 2x to 50x. Measures the one
 * IndexPrice command that finds the liquidatable groups, liquidates them (book, insurance fund,
 * ADL) and settles every account, then checks nobody is left below zero and funds are conserved.
 *
 *   node --import tsx packages/core/bench/crash.ts [--positions 100000] [--drop 30]
 *
 * Ends with one JSON line: {"workload":"crash","positions":...,"crash_ms":...,"liquidated":...,
 * "adl_fills":...,"negative_equity_left":0}
 */
import { arch, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { apply, createState, invariantViolations } from '../src/engine/index.ts';
import type { Command, EngineEvent, EngineState, UnstampedCommand } from '../src/engine/index.ts';
import { isLiquidatable, unitStatus } from '../src/engine/riskIndex.ts';
import type { RiskUnit } from '../src/engine/riskIndex.ts';
import { defaultVenueConfig, mustLoadVenue } from '../src/market/index.ts';

const USDT = 100_000_000n;
const T0 = Date.UTC(2026, 0, 1, 0, 0, 1);

const { values } = parseArgs({
  options: {
    positions: { type: 'string', default: '100000' },
    drop: { type: 'string', default: '30' },
  },
});
const positions = Number(values.positions);
const drop = Number(values.drop);
if (!Number.isInteger(positions) || positions < 2 || positions % 2 !== 0)
  throw new Error('--positions: an even count');
if (!Number.isInteger(drop) || drop < 1 || drop > 90) throw new Error('--drop: percent in 1..90');

let seq = 0;
let time = T0;
function run(state: EngineState, command: UnstampedCommand): EngineEvent[] {
  const { result, events } = apply(state, { ...command, seq: ++seq, time } as Command);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
  return events;
}

function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(
    `\r[crash] ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stderr.write('\n');
}

function funded(state: EngineState, usdt: bigint): number {
  const id = state.accounts.length + 1;
  run(state, { type: 'CreateAccount' });
  run(state, { type: 'Deposit', accountId: id, asset: 'USDT', amount: usdt });
  run(state, { type: 'Transfer', accountId: id, asset: 'USDT', amount: usdt, direction: 'SPOT_TO_FUTURES' });
  return id;
}

/**
 * Pairs of accounts trade 0.01 BTC near 50,000: the long at 2x-50x (every other one isolated), the
 * short at 1x-3x with its margin, so that the crash bankrupts many longs and the shorts profit.
 */
function build(): EngineState {
  const state = createState(mustLoadVenue(defaultVenueConfig()));
  run(state, { type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * USDT });
  run(state, { type: 'FundInsurance', asset: 'USDT', amount: 20_000n * USDT });
  const pairs = positions / 2;
  for (let i = 0; i < pairs; i++) {
    const price = 499_000 + (i % 2_000);
    const leverage = 2 + (i % 49);
    const notional = (BigInt(price) * USDT) / 10n / 100n; // 0.01 BTC
    const long = funded(state, notional / BigInt(leverage) + notional / 100n);
    const short = funded(state, notional / BigInt(1 + (i % 3)) + notional / 10n);
    run(state, { type: 'SetLeverage', accountId: long, market: 'BTCUSDT', leverage });
    if (i % 2 === 1)
      run(state, { type: 'SetMarginType', accountId: long, market: 'BTCUSDT', isolated: true });
    const order = { type: 'PlaceOrder', market: 'BTCUSDT', orderType: 'LIMIT', price, qty: 10 } as const;
    run(state, { ...order, accountId: short, side: 'SELL' });
    run(state, { ...order, accountId: long, side: 'BUY' });
    if (i % 5_000 === 0 || i === pairs - 1) progress('opening positions', i + 1, pairs);
  }
  // A market maker's bids under the crash price: 200 levels of 0.5 BTC, 5 USDT apart.
  const maker = funded(state, 100_000_000n * USDT);
  const crashTick = Math.round(500_000 * (1 - drop / 100));
  for (let level = 0; level < 200; level++) {
    run(state, {
      type: 'PlaceOrder',
      accountId: maker,
      market: 'BTCUSDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: crashTick - level * 50,
      qty: 500,
    });
  }
  return state;
}

const state = build();
time += 1_000;
const crashPrice = (50_000n * USDT * BigInt(100 - drop)) / 100n;
const start = process.hrtime.bigint();
const events = run(state, { type: 'IndexPrice', market: 'BTCUSDT', price: crashPrice });
const crashNs = Number(process.hrtime.bigint() - start);

let liquidated = 0;
let adlFills = 0;
let takeovers = 0;
let bookTrades = 0;
for (const e of events) {
  if (e.type === 'LiquidationStarted') liquidated++;
  else if (e.type === 'AdlFill') adlFills++;
  else if (e.type === 'InsuranceTakeover') takeovers++;
  else if (e.type === 'Trade') bookTrades++;
}
progress('checking every account', 0, 1);
let negative = 0;
let stillLiquidatable = 0;
for (const account of state.accounts) {
  const base = { id: -1, accountId: account.id, asset: 0, version: 0, hedged: [] };
  const units: RiskUnit[] = [{ ...base, market: -1, positionSide: 'BOTH' }];
  for (const p of account.futures.positions)
    if (p.isolated) units.push({ ...base, market: p.market, positionSide: p.side });
  for (const unit of units) {
    const status = unitStatus(state, unit);
    if (isLiquidatable(status)) stillLiquidatable++;
    const equity = status.positions.length > 0 || unit.market === -1 ? status.equity : 0n;
    if (equity < 0n) negative++;
  }
}
const violations = invariantViolations(state);
progress('checking every account', 1, 1);
if (violations.length > 0) throw new Error(`crash: invariants broken: ${violations.slice(0, 3).join('; ')}`);
if (stillLiquidatable > 0) throw new Error(`crash: ${stillLiquidatable} groups left liquidatable`);

const fund = state.insurance.futures.wallet[0]!;
const summary = {
  workload: 'crash',
  positions,
  drop_pct: drop,
  crash_ms: Math.round(crashNs / 1e4) / 100,
  liquidated,
  book_trades: bookTrades,
  insurance_takeovers: takeovers,
  adl_fills: adlFills,
  negative_equity_left: negative,
  insurance_fund_usdt: Number(fund / USDT),
  events: events.length,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  arch: arch(),
  mem_gib: Math.round(totalmem() / 2 ** 30),
};
process.stderr.write(
  `[crash] ${positions} positions, -${drop}% in one tick: ${summary.crash_ms} ms, ${liquidated} liquidated ` +
    `(${bookTrades} book trades, ${takeovers} insurance takeovers, ${adlFills} ADL fills), ` +
    `${negative} below zero\n`,
);
process.stdout.write(`${JSON.stringify(summary)}\n`);
