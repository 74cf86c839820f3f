import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateHash } from '@fulcrum/core';
import { replayJournal } from '@fulcrum/runtime';
import { signRequest } from '@fulcrum/server';
import { afterAll, describe, expect, it } from 'vitest';
import { serve } from './serve.ts';

const bin = fileURLToPath(new URL('../bin/fulcrum.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fulcrum-crash-'));
const data = join(dir, 'fulcrum.db');
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly apiKey: string;
  readonly secret: string;
}

/** `fulcrum serve` in its own process, as `npm start` runs it. */
async function start(): Promise<Started> {
  const child = spawn(process.execPath, [bin, 'serve', '--data', data, '--port', '0', '--seed', '5'], {
    env: { ...process.env, FULCRUM_ADMIN_TOKEN: 'test-token' },
  });
  children.push(child);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (out += text));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 20 s: ${out}`)), 20_000);
    child.stdout.on('data', (text: string) => {
      out += text;
      const url = /running at (\S+)/.exec(out)?.[1];
      const apiKey = /API key\s+(\S+)/.exec(out)?.[1];
      const secret = /secret\s+(\S+)/.exec(out)?.[1];
      if (url && apiKey && secret && /admin token/.test(out)) {
        clearTimeout(timer);
        resolve({ child, url, apiKey, secret });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

async function placeOrder(s: Started, n: number): Promise<number | undefined> {
  const body = {
    market: 'BTCUSDT',
    side: n % 2 === 0 ? 'BUY' : 'SELL',
    type: 'LIMIT',
    price: n % 2 === 0 ? String(20_000 + (n % 50)) : String(90_000 + (n % 50)),
    quantity: '0.01',
    clientOrderId: `crash-${n}`,
  };
  const signed = signRequest({
    apiKey: s.apiKey,
    secret: s.secret,
    method: 'POST',
    path: '/api/v1/orders',
    body,
    timestamp: Date.now(),
  });
  try {
    const response = await fetch(`${s.url}/api/v1/orders`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    if (response.status !== 200) return undefined;
    return ((await response.json()) as { orderId: number }).orderId;
  } catch {
    return undefined; // the process died under the request: not acknowledged
  }
}

describe('crash safety', () => {
  it('after SIGKILL at several points, every acknowledged order is there and the state equals a clean replay', async () => {
    const acknowledged = new Map<number, number>();
    let n = 0;
    for (const stopAfter of [10, 25, 50]) {
      const s = await start();
      let acks = 0;
      // Orders go out concurrently, so the kill lands while some are in flight.
      const inFlight = new Set<Promise<void>>();
      while (acks < stopAfter) {
        const i = n++;
        const p = placeOrder(s, i).then((id) => {
          if (id !== undefined) {
            acknowledged.set(i, id);
            acks++;
          }
        });
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        if (inFlight.size >= 8) await Promise.race(inFlight);
      }
      const exited = new Promise((resolve) => {
        if (s.child.exitCode !== null || s.child.signalCode !== null) resolve(undefined);
        else s.child.once('exit', resolve);
      });
      s.child.kill('SIGKILL');
      await Promise.allSettled([...inFlight]);
      await exited;
    }
    const venue = await serve({
      data,
      host: '127.0.0.1',
      port: 0,
      speed: 1,
      seed: 5,
      maker: false,
      quiet: true,
    });
    try {
      const state = venue.exchange.state;
      const demo = state.accounts[venue.demo.accountId - 1]!;
      for (const [i, orderId] of acknowledged) {
        expect(demo.openClientIds.get(`crash-${i}`), `order ${i}`).toBe(orderId);
      }
      expect(acknowledged.size).toBeGreaterThanOrEqual(85);
      expect(stateHash(replayJournal(data))).toBe(venue.exchange.stateHash());
    } finally {
      await venue.stop();
    }
  }, 180_000);
});
