/**
 * HTTP order benchmark: signed order placements over keep-alive connections to the native API.
 * The server (no rate limit) runs in this process; the clients run in a child process, so each has a
 * core of its own on a 2-core machine, and the server's CPU time per order can be measured apart
 * from the clients'.
 *
 * By default the exchange journals to a SQLite file in a temporary directory, as `npm start` does:
 * an order is answered only once it is synced to disk. `--memory` runs it without a journal.
 *
 *   node --import tsx packages/server/bench/httpOrders.ts [--seconds 10] [--connections 64] [--accounts 4] [--memory] [--skip-peer]
 *
 * Clients alternate buy and sell LIMIT orders on BTC/USDT: most rest within 100 dollars of the mid,
 * one in ten crosses the mid and trades. Then the same clients drive a bare Fastify route (the peer:
 * the HTTP stack alone, no signature check, no engine). Ends with one JSON line on stdout:
 * {"workload":"http-orders","orders_s":...,"p50_ms":...,"p99_ms":...,"peer_bare_fastify_s":...}
 */
import { createSecretKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Exchange } from '@fulcrum/runtime';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { MemoryKeyStore, buildServer, newApiKey, signRequest } from '../src/index.ts';
import type { ApiKeyRecord } from '../src/index.ts';

interface LoadConfig {
  readonly url: string;
  readonly keys: readonly ApiKeyRecord[];
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
}

interface LoadResult {
  readonly ok: number;
  readonly failed: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly firstError: string | undefined;
  /** How busy the clients' thread was while measuring. */
  readonly busy: number;
}

const PATH = '/api/v1/orders';
const MID = 60_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      // The journal answers each order once synced, so a client waits about a millisecond: 64
      // connections keep enough orders in flight to reach the server's rate (docs/benchmarks.md).
      connections: { type: 'string', default: '64' },
      accounts: { type: 'string', default: '4' },
      memory: { type: 'boolean', default: false },
      'skip-peer': { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const accounts = Number(values.accounts);

  const dir = values.memory ? undefined : await mkdtemp(join(tmpdir(), 'fulcrum-http-bench-'));
  const exchange = await Exchange.open({
    clock: { now: () => Date.now() },
    ...(dir === undefined ? {} : { path: join(dir, 'fulcrum.db') }),
  });
  const keys = new MemoryKeyStore();
  const records: ApiKeyRecord[] = [];
  for (let i = 0; i < accounts; i++) {
    const created = await exchange.submit({ type: 'CreateAccount' });
    if (!created.result.ok) throw new Error('account refused');
    const accountId = created.result.value.accountId;
    await exchange.submit({ type: 'Deposit', accountId, asset: 'USDT', amount: 10n ** 18n });
    await exchange.submit({ type: 'Deposit', accountId, asset: 'BTC', amount: 10n ** 16n });
    const key = newApiKey(accountId, Date.now());
    keys.add(key);
    records.push(key);
  }
  const app = buildServer({ exchange, keys, docs: false, limits: { rateLimit: false } });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`[http-orders] server at ${url}, ${connections} connections for ${seconds} s\n`);

  const config: LoadConfig = { url, keys: records, seconds, warmupSeconds: 1, connections };
  const { result, busy, cpuSeconds, systemShare } = await measure(config);

  const resting = exchange.state.books.reduce((n, b) => n + b.size(), 0);
  // Over the whole run, setup and warm-up included.
  const journal = exchange.journalStats;
  const syncMs = journal.writeMs / Math.max(1, journal.commits);
  if (dir !== undefined)
    process.stderr.write(
      `[http-orders] journal: ${journal.commits} syncs of ${(journal.rows / Math.max(1, journal.commits)).toFixed(1)} ` +
        `commands, ${syncMs.toFixed(3)} ms each (insert + fsync), ${journal.snapshots} snapshots\n`,
    );
  await app.close();
  await exchange.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });

  // The peer, in the same run: a bare Fastify route that answers every POST with a fixed order
  // response, driven by the same signing clients. No server on this stack can beat its rate.
  const peer = values['skip-peer'] ? undefined : await measurePeer(config);

  const sorted = Float64Array.from(result.latenciesMs).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (x: number, digits: number): number => Number(x.toFixed(digits));
  if (result.firstError !== undefined)
    process.stderr.write(`[http-orders] first error: ${result.firstError}\n`);
  process.stderr.write(
    `[http-orders] ${result.ok} accepted, ${result.failed} failed, ${resting} resting at the end, ` +
      `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}\n`,
  );
  console.log(
    JSON.stringify({
      workload: 'http-orders',
      store: dir === undefined ? 'memory' : 'sqlite-journal',
      orders_s: Math.round(result.ok / result.seconds),
      p50_ms: round(at(0.5), 3),
      p99_ms: round(at(0.99), 3),
      connections,
      server_busy: round(busy, 3),
      server_cpu_us_per_order: round((cpuSeconds * 1e6) / result.ok, 1),
      server_sys_share: round(systemShare, 2),
      client_busy: round(result.busy, 3),
      seconds: round(result.seconds, 2),
      failed: result.failed,
      ...(peer && {
        peer_bare_fastify_s: Math.round(peer.result.ok / peer.result.seconds),
        peer_cpu_us_per_request: round((peer.cpuSeconds * 1e6) / peer.result.ok, 1),
      }),
    }),
  );
  if (result.failed > 0 || (peer?.result.failed ?? 0) > 0) process.exitCode = 1;
}

/** The same clients against a bare Fastify route answering a fixed order response. */
async function measurePeer(config: LoadConfig): Promise<Measured> {
  const peerApp = Fastify();
  peerApp.post(PATH, (_request, reply) => {
    reply.send(PEER_RESPONSE);
  });
  const peerUrl = await peerApp.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`[http-orders] peer: a bare Fastify route, same clients\n`);
  const peer = await measure({ ...config, url: peerUrl });
  await peerApp.close();
  return peer;
}

/** What a bare route answers: the shape and size of a placed order's response. */
const PEER_RESPONSE = {
  orderId: 1,
  clientOrderId: 'c0-0',
  market: 'BTC/USDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '59999',
  origQty: '0.001',
  executedQty: '0',
  status: 'NEW',
  seq: 1,
};

interface Measured {
  readonly result: LoadResult;
  /** Event loop utilization of this (the server's) thread while measuring. */
  readonly busy: number;
  /** CPU time of this process while measuring: contention from other processes does not inflate it. */
  readonly cpuSeconds: number;
  readonly systemShare: number;
}

/** Run the clients in a child process against `config.url`; measure this process meanwhile. */
async function measure(config: LoadConfig): Promise<Measured> {
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { execArgv: ['--import', 'tsx'] });
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.on('message', (message: LoadResult | 'measuring') => {
      if (message !== 'measuring') return resolve(message);
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
    });
    child.once('error', reject);
    child.send(config);
  });
  const busy = performance.eventLoopUtilization(elu).utilization;
  const used = process.cpuUsage(cpu);
  child.kill();
  return {
    result,
    busy,
    cpuSeconds: (used.user + used.system) / 1e6,
    systemShare: used.system / (used.user + used.system),
  };
}

/** The clients: `connections` loops, each one request at a time on its own keep-alive connection. */
async function load(config: LoadConfig): Promise<LoadResult> {
  const pool = new Pool(config.url, { connections: config.connections, pipelining: 1 });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const warmEnd = start + config.warmupSeconds * 1000;
  const end = warmEnd + config.seconds * 1000;
  let measuring = false;
  let elu = performance.eventLoopUtilization();

  async function client(index: number): Promise<void> {
    const key = config.keys[index % config.keys.length]!;
    const secret = createSecretKey(Buffer.from(key.secret, 'utf8'));
    for (let n = 0; ; n++) {
      const now = performance.now();
      if (now >= end) return;
      const counted = now >= warmEnd;
      const buy = (n + index) % 2 === 0;
      // One order in ten crosses the mid and trades; the others rest within 100 dollars of it.
      const offset = n % 10 === 0 ? -5 : 1 + ((n * 7 + index * 13) % 100);
      const price = buy ? MID - offset : MID + offset;
      const signed = signRequest({
        apiKey: key.apiKey,
        secret,
        method: 'POST',
        path: PATH,
        body: {
          market: 'BTC/USDT',
          side: buy ? 'BUY' : 'SELL',
          type: 'LIMIT',
          price: String(price),
          quantity: '0.001',
          // Two identical requests in the same millisecond would carry the same signature (a replay).
          clientOrderId: `c${index}-${n}`,
        },
        timestamp: Date.now(),
      });
      const sent = performance.now();
      const res = await pool.request({
        path: PATH,
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      const text = await res.body.text();
      const took = performance.now() - sent;
      if (!counted) continue;
      if (!measuring) {
        process.send?.('measuring');
        elu = performance.eventLoopUtilization();
      }
      measuring = true;
      if (res.statusCode === 200) {
        ok++;
        latencies.push(took);
      } else {
        failed++;
        firstError ??= `${res.statusCode} ${text}`;
      }
    }
  }

  await Promise.all(Array.from({ length: config.connections }, (_, i) => client(i)));
  const seconds = measuring ? (performance.now() - warmEnd) / 1000 : 0;
  const busy = performance.eventLoopUtilization(elu).utilization;
  await pool.close();
  return { ok, failed, seconds, latenciesMs: latencies, firstError, busy };
}

if (process.argv.includes('--client')) {
  process.once('message', (config: LoadConfig) => {
    void load(config).then((result) => process.send?.(result));
  });
} else {
  await main();
}
