/**
 * Journal benchmark: OBW-1 commands through the exchange with the SQLite journal (WAL, a sync per
 * commit), every submit awaited, against the same engine without a journal, in one process run.
 * Progress and a table go to stderr; stdout gets one JSON line.
 *
 *   node --import tsx packages/runtime/bench/journal.ts [--placements N] [--cancels N]
 *     [--snapshot-every N] [--slice N] [--depth N] [--dir PATH]
 *
 * Submits go in slices issued back to back (as from many clients at once); at most `depth` slices wait
 * for their sync at a time, so the engine keeps applying while the writer syncs. The journal runs
 * twice: without snapshots (the journal alone), then with one every `--snapshot-every` commands (the
 * exchange's default, 100,000), which a worker thread encodes from its own copy of the state while
 * the engine goes on (its CPU time still competes for the machine's cores).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { encodeSnapshot, toJson, toSnapshot } from '@fulcrum/core';
import type { EngineState, UnstampedCommand } from '@fulcrum/core';
import { engineAdapter, obw1VenueConfig, ownerOf } from '../../core/bench/obw1Engine.ts';
import {
  generateObw1,
  OBW1_CANCELS,
  OBW1_EXPECTED,
  OBW1_PLACEMENTS,
  OBW1_SEED,
  OpKind,
  OpSide,
  OpTif,
} from '../../core/bench/obw1Stream.ts';
import type { Obw1Stream } from '../../core/bench/obw1Stream.ts';
import { Exchange } from '../src/exchange/exchange.ts';

const ACCOUNTS = 16;
const DEPOSIT = 10n ** 18n;
const TIME = 1_700_000_000_000;
const MARKET = 'BTC/USDT';
/** snapshotEvery for the run without snapshots. */
const NEVER = 0;

const { values: args } = parseArgs({
  options: {
    placements: { type: 'string', default: String(OBW1_PLACEMENTS) },
    cancels: { type: 'string', default: String(OBW1_CANCELS) },
    'snapshot-every': { type: 'string', default: '100000' },
    slice: { type: 'string', default: '2048' },
    depth: { type: 'string', default: '2' },
    dir: { type: 'string' },
  },
});

function count(name: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} needs an integer >= ${min}`);
  return n;
}

const placements = count('placements', args.placements, 1);
const cancels = count('cancels', args.cancels, 0);
/** 0: skip the run with snapshots. */
const snapshotEvery = count('snapshot-every', args['snapshot-every'], 0);
const slice = count('slice', args.slice, 1);
const depth = count('depth', args.depth, 1);
const log = (text: string): void => void process.stderr.write(`${text}\n`);
const fmt = (n: number): string => Math.round(n).toLocaleString('en');

/**
 * OBW-1 op `i` as an unstamped command, built when it is submitted, as a gateway builds one per
 * request: a million prebuilt commands held through the run would make every major GC mark them.
 */
function streamCommand(stream: Obw1Stream, i: number): UnstampedCommand {
  const orderId = stream.id[i]!;
  const accountId = ownerOf(orderId);
  if (stream.kind[i] === OpKind.Cancel) return { type: 'CancelOrder', accountId, market: MARKET, orderId };
  return {
    type: 'PlaceOrder',
    accountId,
    market: MARKET,
    side: stream.side[i] === OpSide.Buy ? 'BUY' : 'SELL',
    orderType: 'LIMIT',
    timeInForce: stream.tif[i] === OpTif.Ioc ? 'IOC' : 'GTC',
    price: stream.price[i]!,
    qty: stream.size[i]!,
    stp: 'NONE',
  };
}

/** CPU time (ms) of each thread of this process, from /proc (Linux); empty elsewhere. */
function threadCpuMs(): Map<string, number> {
  const times = new Map<string, number>();
  try {
    const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(tid, (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
    }
  } catch {
    // No /proc: CPU figures are left out.
  }
  return times;
}

/**
 * CPU ms of the engine (main) thread and of the two busiest other threads (the journal writer and,
 * with snapshots, the snapshotter; which is which is not told apart) between two readings.
 */
function cpuSplit(
  before: Map<string, number>,
  after: Map<string, number>,
): { engine: number; workers: [number, number] } {
  const main = String(process.pid);
  const others: number[] = [];
  for (const [tid, ms] of after) if (tid !== main) others.push(ms - (before.get(tid) ?? 0));
  others.sort((a, b) => b - a);
  return {
    engine: (after.get(main) ?? 0) - (before.get(main) ?? 0),
    workers: [others[0] ?? 0, others[1] ?? 0],
  };
}

/** Total GC pause time on the engine thread while `run` runs. */
async function withGcTime<T>(run: () => Promise<T>): Promise<{ value: T; gcMs: number }> {
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const value = await run();
    // GC entries are delivered asynchronously: let the last ones arrive.
    await new Promise((resolve) => setImmediate(resolve));
    return { value, gcMs };
  } finally {
    observer.disconnect();
  }
}

interface JournalRun {
  readonly elapsedMs: number;
  /** GC pauses on the engine thread during the run. */
  readonly gcMs: number;
  /** CPU time of the engine thread and of the two busiest worker threads during the run. */
  readonly cpu: { readonly engine: number; readonly workers: readonly [number, number] };
  /** Time the engine thread spent in submit loops (the rest it waited for syncs). */
  readonly submitMs: number;
  readonly accepted: number;
  readonly commits: number;
  /** Time the writer spent in transactions (inserts and syncs). */
  readonly writeMs: number;
  readonly bytes: number;
  readonly snapshots: number;
  /** Encoding the final state as a snapshot, timed on the run without snapshots. */
  readonly encoding: SnapshotEncoding | undefined;
}

interface SnapshotEncoding {
  readonly restingOrders: number;
  readonly megabytes: number;
  /** `encodeSnapshot`, median of three. */
  readonly ms: number;
  /** The generic encoding it is equal to, `toJson(toSnapshot(state))`, median of three. */
  readonly genericMs: number;
}

/** Time the snapshot of `state` both ways (what a snapshot of a full book costs whoever encodes it). */
function timeSnapshotEncoding(state: EngineState): SnapshotEncoding {
  const median = (encode: () => string): { ms: number; text: string } => {
    const times: number[] = [];
    let text = '';
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      text = encode();
      times.push(performance.now() - start);
    }
    return { ms: times.sort((a, b) => a - b)[1]!, text };
  };
  const fast = median(() => encodeSnapshot(state));
  const generic = median(() => toJson(toSnapshot(state)));
  if (fast.text !== generic.text) throw new Error('journal bench: the two snapshot encodings differ');
  return {
    restingOrders: state.books.reduce((n, b) => n + b.size(), 0),
    megabytes: fast.text.length / 1e6,
    ms: fast.ms,
    genericMs: generic.ms,
  };
}

async function runJournaled(stream: Obw1Stream, dir: string, every: number): Promise<JournalRun> {
  const path = join(dir, `journal-${every}.db`);
  const exchange = await Exchange.open({
    path,
    venue: obw1VenueConfig(),
    snapshotEvery: every,
    clock: { now: () => TIME },
  });
  const setup: Promise<unknown>[] = [];
  for (let a = 1; a <= ACCOUNTS; a++) setup.push(exchange.submit({ type: 'CreateAccount' }));
  for (let a = 1; a <= ACCOUNTS; a++) {
    setup.push(exchange.submit({ type: 'Deposit', accountId: a, asset: 'USDT', amount: DEPOSIT }));
    setup.push(exchange.submit({ type: 'Deposit', accountId: a, asset: 'BTC', amount: DEPOSIT }));
  }
  await Promise.all(setup);
  const setupSeq = exchange.state.seq;
  const before = exchange.journalStats;

  let accepted = 0;
  let unexpected = '';
  const tally = (results: readonly { result: { ok: boolean; code?: string } }[]): void => {
    for (const { result } of results) {
      if (result.ok) accepted++;
      else if (result.code !== 'BOOK_UNKNOWN_ORDER') unexpected ||= result.code ?? '?';
    }
  };
  const total = stream.length;
  const progressEvery = Math.max(slice, Math.floor(total / 10));
  let submitMs = 0;
  const cpuBefore = threadCpuMs();
  const start = performance.now();
  const { gcMs } = await withGcTime(async () => {
    const waiting: Promise<void>[] = [];
    for (let i = 0; i < total; i += slice) {
      const sliceStart = performance.now();
      const end = Math.min(total, i + slice);
      const submitted = [];
      for (let k = i; k < end; k++) submitted.push(exchange.submit(streamCommand(stream, k)));
      waiting.push(Promise.all(submitted).then(tally));
      submitMs += performance.now() - sliceStart;
      if (waiting.length >= depth) await waiting.shift();
      if (Math.floor(end / progressEvery) !== Math.floor(i / progressEvery)) log(`  ${end} commands`);
    }
    await Promise.all(waiting);
  });
  const elapsedMs = performance.now() - start;
  const cpu = cpuSplit(cpuBefore, threadCpuMs());

  if (unexpected) throw new Error(`journal bench: unexpected refusal ${unexpected}`);
  if (exchange.state.seq !== setupSeq + accepted)
    throw new Error('journal bench: seq does not match accepts');
  checkBook(exchange);
  const encoding = every === NEVER ? timeSnapshotEncoding(exchange.state) : undefined;
  // Closing waits for the snapshotter to write the snapshots of every committed command.
  await exchange.close();
  const after = exchange.journalStats;
  const bytes = (statSafe(path) ?? 0) + (statSafe(`${path}-wal`) ?? 0);
  return {
    elapsedMs,
    gcMs,
    cpu,
    submitMs,
    accepted,
    commits: after.commits - before.commits,
    writeMs: after.writeMs - before.writeMs,
    bytes,
    snapshots: after.snapshots - before.snapshots,
    encoding,
  };
}

/** On the full stream, the book must end as OBW-1 says. */
function checkBook(exchange: Exchange): void {
  if (placements !== OBW1_PLACEMENTS || cancels !== OBW1_CANCELS) return;
  const market = exchange.state.venue.marketBySymbol.get(MARKET);
  const book = market && exchange.state.books[market.index];
  if (!book) throw new Error(`journal bench: no ${MARKET} book`);
  const got = [book.size(), book.bestBid(), book.bestAsk()];
  const want = [OBW1_EXPECTED.restingOrders, OBW1_EXPECTED.bestBid, OBW1_EXPECTED.bestAsk];
  if (got.join() !== want.join())
    throw new Error(`journal bench: book ends at ${got.join()}, OBW-1 expects ${want.join()}`);
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

function report(label: string, run: JournalRun, commands: number): void {
  log(`  ${label.padEnd(26)} ${fmt((commands * 1000) / run.elapsedMs)} commands/s`);
  log(
    `    engine thread busy ${fmt((100 * run.submitMs) / run.elapsedMs)}%, writer busy ` +
      `${fmt((100 * run.writeMs) / run.elapsedMs)}%; ${fmt(run.commits)} commits of ` +
      `${fmt(run.accepted / run.commits)} rows; ${(run.bytes / 1e6).toFixed(0)} MB; ${run.snapshots} snapshots`,
  );
  const us = (ms: number): string => ((ms * 1000) / commands).toFixed(2);
  if (run.cpu.engine > 0)
    log(
      `    CPU per command: engine thread ${us(run.cpu.engine)} us (GC ${us(run.gcMs)} us), ` +
        `busiest worker threads ${us(run.cpu.workers[0])} and ${us(run.cpu.workers[1])} us`,
    );
}

async function main(): Promise<void> {
  const stream = generateObw1({ seed: OBW1_SEED, placements, cancels });
  const commands = stream.length;
  const dir = mkdtempSync(join(args.dir ?? os.tmpdir(), 'fulcrum-journal-bench-'));
  log(`journal bench: ${commands} OBW-1 commands, slices of ${slice}, depth ${depth}, in ${dir}`);
  try {
    log('engine only (apply, no journal)...');
    const engine = engineAdapter(stream, false).run();
    const engineRate = Math.round((commands * 1e9) / Number(engine.elapsedNs));
    log('engine + journal, no snapshot...');
    const plain = await runJournaled(stream, dir, NEVER);
    let snapshotted: JournalRun | undefined;
    if (snapshotEvery > 0) {
      log(`engine + journal, a snapshot every ${snapshotEvery}...`);
      snapshotted = await runJournaled(stream, dir, snapshotEvery);
    }
    const rate = (run: JournalRun): number => Math.round((commands * 1000) / run.elapsedMs);
    log('');
    log(`  ${'engine only'.padEnd(26)} ${fmt(engineRate)} commands/s`);
    report('engine + journal', plain, commands);
    if (snapshotted) report(`  + snapshots every ${snapshotEvery}`, snapshotted, commands);
    log(`  (${fmt(plain.accepted)} of ${fmt(commands)} commands journaled: refused cancels are not)`);
    const enc = plain.encoding;
    if (enc)
      log(
        `  a snapshot of the final state (${fmt(enc.restingOrders)} resting orders, ${enc.megabytes.toFixed(1)} MB): ` +
          `${enc.ms.toFixed(0)} ms to encode (the generic encoding: ${enc.genericMs.toFixed(0)} ms)`,
      );
    process.stdout.write(
      `${JSON.stringify({
        workload: 'journal',
        commands,
        journaled_cmds_s: rate(plain),
        engine_only_cmds_s: engineRate,
        fsyncs: plain.commits,
        journaled_rows: plain.accepted,
        ...(snapshotted && {
          snapshot_every: snapshotEvery,
          journaled_with_snapshots_cmds_s: rate(snapshotted),
          fsyncs_with_snapshots: snapshotted.commits,
        }),
        ...(plain.encoding && {
          snapshot_encode_ms: Math.round(plain.encoding.ms),
          snapshot_generic_encode_ms: Math.round(plain.encoding.genericMs),
        }),
        slice,
        depth,
        node: process.version,
        cores: os.cpus().length,
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
