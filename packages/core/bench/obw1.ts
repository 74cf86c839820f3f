/**
 * OBW-1 benchmark CLI: the book alone, the full engine path and nodejs-order-book on the identical
 * stream, in one process run. Progress and a table go to stderr; stdout gets one JSON line.
 *
 *   npm run bench -- [--runs N] [--peer-runs N] [--warmup N] [--engines book,engine,peer] [--warm-book] [--no-gc]
 *
 * By default every run starts from a brand-new instance, so the book's storage grows (and its fresh
 * memory is paged in) inside the timed section. --warm-book hands the book and the engine a FastBook
 * that has already held the stream's orders once and been emptied: steady-state storage.
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { bookAdapter } from './obw1Book.ts';
import { engineAdapter } from './obw1Engine.ts';
import { peerAdapter } from './obw1Peer.ts';
import { checksumMismatches, generateObw1, OBW1_EXPECTED } from './obw1Stream.ts';
import type { Obw1Adapter, Obw1Stream } from './obw1Stream.ts';

const ENGINE_KEYS = ['book', 'engine', 'peer'] as const;
type EngineKey = (typeof ENGINE_KEYS)[number];

const FACTORIES: Readonly<Record<EngineKey, (stream: Obw1Stream, warmBook: boolean) => Obw1Adapter>> = {
  book: bookAdapter,
  engine: engineAdapter,
  // nodejs-order-book keeps orders as GC-heap objects: there is no storage to pre-grow.
  peer: (stream) => peerAdapter(stream),
};

interface Options {
  readonly runs: number;
  /** The peer takes 10-30 s a run on this machine, so it gets its own, smaller count. */
  readonly peerRuns: number;
  /** Uncounted runs per engine before measuring, so the JIT has settled; never for the peer. */
  readonly warmup: number;
  readonly engines: readonly EngineKey[];
  readonly warmBook: boolean;
  /** Skip the full collection between runs. */
  readonly noGc: boolean;
}

const USAGE =
  'usage: obw1 [--runs N] [--peer-runs N] [--warmup N] [--engines book,engine,peer] [--warm-book] [--no-gc]';

function parseArgs(argv: readonly string[]): Options {
  let runs = 5;
  let peerRuns = 3;
  let warmup = 1;
  let engines: EngineKey[] = [...ENGINE_KEYS];
  let warmBook = false;
  let noGc = false;
  const count = (flag: string, text: string | undefined, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer >= ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--runs':
        runs = count(flag, value(), 1);
        break;
      case '--peer-runs':
        peerRuns = count(flag, value(), 1);
        break;
      case '--warmup':
        warmup = count(flag, value(), 0);
        break;
      case '--engines': {
        const names = (value() ?? '').split(',').filter((s) => s !== '');
        const bad = names.filter((n) => !(ENGINE_KEYS as readonly string[]).includes(n));
        if (names.length === 0 || bad.length > 0)
          throw new Error(`--engines: unknown ${bad.join(',')}\n${USAGE}`);
        engines = ENGINE_KEYS.filter((k) => names.includes(k));
        break;
      }
      case '--warm-book':
        warmBook = true;
        break;
      case '--no-gc':
        noGc = true;
        break;
      case '--help':
      case '-h':
        process.stderr.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return { runs, peerRuns, warmup, engines, warmBook, noGc };
}

interface Stats {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: sorted.length, median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples };
}

function formatRate(opsPerSec: number): string {
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toFixed(2)}M`;
  return `${(opsPerSec / 1e3).toFixed(1)}k`;
}

/**
 * A full collection between runs, so no run pays for the garbage of the one before (the peer leaves
 * ~0.5 GB). `npm run bench` starts node without --expose-gc, so enable it at run time.
 */
function gcFunction(): (() => void) | undefined {
  if (globalThis.gc) return globalThis.gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? () => void gc() : undefined;
  } catch {
    return undefined;
  }
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const t0 = process.hrtime.bigint();
  const stream = generateObw1();
  log(
    `[obw1] stream: ${stream.placements} placements + ${stream.cancels} cancels = ${stream.length} ops ` +
      `(generated in ${Number(process.hrtime.bigint() - t0) / 1e6} ms, untimed)`,
  );
  log(
    `[obw1] book storage: ${options.warmBook ? 'pre-grown (--warm-book)' : 'fresh instance, grows while timed'}`,
  );
  const collect = options.noGc ? undefined : gcFunction();
  log(`[obw1] full GC before each run: ${collect ? 'yes' : 'not available'}`);
  const adapters = options.engines.map((key) => FACTORIES[key](stream, options.warmBook));
  const plannedRuns = (key: string): number => (key === 'peer' ? options.peerRuns : options.runs);
  const samples = new Map<string, number[]>(adapters.map((a) => [a.key, []]));
  let checksumsOk = true;

  for (const adapter of adapters) {
    if (adapter.key === 'peer') continue;
    for (let w = 0; w < options.warmup; w++) {
      collect?.();
      const { elapsedNs } = adapter.run();
      log(
        `[obw1] warm-up ${w + 1}/${options.warmup} ${adapter.key}: ${formatRate(rate(stream, elapsedNs))} ops/s`,
      );
    }
  }

  // Rounds interleave the engines, so background load on this shared machine spreads over all of them.
  const rounds = Math.max(...adapters.map((a) => plannedRuns(a.key)));
  for (let round = 0; round < rounds; round++) {
    for (const adapter of adapters) {
      const planned = plannedRuns(adapter.key);
      if (round >= planned) continue;
      collect?.();
      const { elapsedNs, checksums } = adapter.run();
      const opsPerSec = rate(stream, elapsedNs);
      samples.get(adapter.key)!.push(opsPerSec);
      const problems = checksumMismatches(checksums, OBW1_EXPECTED);
      if (problems.length > 0) checksumsOk = false;
      log(
        `[obw1] run ${round + 1}/${planned} ${adapter.key}: ${formatRate(opsPerSec)} ops/s ` +
          `(${(Number(elapsedNs) / 1e6).toFixed(1)} ms), checksums ${problems.length === 0 ? 'ok' : 'MISMATCH'}`,
      );
      for (const p of problems) log(`[obw1]   ${adapter.key} ${p}`);
    }
  }

  const results = new Map<string, Stats>([...samples].map(([key, s]) => [key, stats(s)]));
  const peer = results.get('peer');
  const ratio = (key: string): number | null => {
    const r = results.get(key);
    return r && peer ? Math.round((r.median / peer.median) * 10) / 10 : null;
  };

  log('');
  log(`OBW-1, ${stream.length} ops, median of the counted runs (ops/s)`);
  log('engine                         runs      median         min         max   x peer');
  for (const adapter of adapters) {
    const r = results.get(adapter.key)!;
    const x = adapter.key === 'peer' ? '' : (ratio(adapter.key)?.toFixed(1) ?? '');
    log(
      `${adapter.label.padEnd(30)} ${String(r.runs).padStart(4)} ${formatRate(r.median).padStart(11)} ` +
        `${formatRate(r.min).padStart(11)} ${formatRate(r.max).padStart(11)} ${x.padStart(8)}`,
    );
  }
  log(`checksums: ${checksumsOk ? 'all runs of all engines match OBW-1' : 'MISMATCH (see above)'}`);

  const field = (key: string, pick: (s: Stats) => number): number | null => {
    const r = results.get(key);
    return r ? Math.round(pick(r)) : null;
  };
  const line = {
    workload: 'OBW-1',
    ops: stream.length,
    book_ops_s: field('book', (s) => s.median),
    engine_ops_s: field('engine', (s) => s.median),
    peer_ops_s: field('peer', (s) => s.median),
    book_min_ops_s: field('book', (s) => s.min),
    book_max_ops_s: field('book', (s) => s.max),
    engine_min_ops_s: field('engine', (s) => s.min),
    engine_max_ops_s: field('engine', (s) => s.max),
    peer_min_ops_s: field('peer', (s) => s.min),
    peer_max_ops_s: field('peer', (s) => s.max),
    book_vs_peer: ratio('book'),
    engine_vs_peer: ratio('engine'),
    runs: Object.fromEntries([...results].map(([key, s]) => [key, s.runs])),
    warmup: options.warmup,
    warm_book: options.warmBook,
    gc_between_runs: collect !== undefined,
    checksums_ok: checksumsOk,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (!checksumsOk) process.exitCode = 1;
}

function rate(stream: Obw1Stream, elapsedNs: bigint): number {
  return stream.length / (Number(elapsedNs) / 1e9);
}

main();
