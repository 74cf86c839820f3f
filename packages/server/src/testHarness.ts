import { amountToUnits } from '@fulcrum/core';
import { Exchange } from '@fulcrum/runtime';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { MemoryKeyStore, newApiKey } from './auth/keyStore.ts';
import type { ApiKeyRecord } from './auth/keyStore.ts';
import { signRequest } from './auth/sign.ts';
import { buildServer } from './server.ts';
import type { AdminControls, ServerLimits, ServerOptions } from './types.ts';

/** A server on an in-memory exchange with a clock the test moves, and helpers to call it. */

export const START = Date.UTC(2026, 0, 1);
export const ADMIN_TOKEN = 'test-admin-token';

export class TestClock {
  constructor(public time = START) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly exchange: Exchange;
  readonly clock: TestClock;
  readonly keys: MemoryKeyStore;
  /** A new account with a key, funded with spot balances, optionally moved to futures. */
  account(funds?: Record<string, string>, futures?: Record<string, string>): Promise<ApiKeyRecord>;
  /** A signed request of this key. */
  call(key: ApiKeyRecord, method: string, path: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Set a perpetual's index price (quote per base, decimal). */
  index(market: string, price: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly limits?: Partial<ServerLimits>;
  readonly admin?: AdminControls;
  readonly adminToken?: string | null;
  readonly docs?: boolean;
}

export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new TestClock();
  const exchange = await Exchange.open({ clock });
  const keys = new MemoryKeyStore();
  const serverOptions: ServerOptions = {
    exchange,
    keys,
    clock,
    docs: options.docs ?? false,
    limits: { rateLimit: false, ...options.limits },
    ...(options.adminToken !== null ? { adminToken: options.adminToken ?? ADMIN_TOKEN } : {}),
    ...(options.admin ? { admin: options.admin } : {}),
  };
  const app = buildServer(serverOptions);
  await app.ready();
  const venue = exchange.state.venue;
  const units = (asset: string, amount: string): bigint => {
    const a = venue.assetBySymbol.get(asset)!;
    const converted = amountToUnits(a, amount);
    if (!converted.ok) throw new Error(converted.message);
    return converted.value;
  };
  const must = async (p: Promise<{ result: { ok: boolean } }>): Promise<void> => {
    const c = await p;
    if (!c.result.ok) throw new Error(JSON.stringify(c.result));
  };
  return {
    app,
    exchange,
    clock,
    keys,
    async account(funds = {}, futures = {}) {
      const created = await exchange.submit({ type: 'CreateAccount' });
      if (!created.result.ok) throw new Error('account not created');
      const accountId = created.result.value.accountId;
      for (const [asset, amount] of Object.entries(funds))
        await must(exchange.submit({ type: 'Deposit', accountId, asset, amount: units(asset, amount) }));
      for (const [asset, amount] of Object.entries(futures)) {
        const amt = units(asset, amount);
        await must(exchange.submit({ type: 'Deposit', accountId, asset, amount: amt }));
        await must(
          exchange.submit({ type: 'Transfer', accountId, asset, amount: amt, direction: 'SPOT_TO_FUTURES' }),
        );
      }
      const key = newApiKey(accountId, clock.now());
      keys.add(key);
      return key;
    },
    async call(key, method, path, body) {
      const signed = signRequest({
        apiKey: key.apiKey,
        secret: key.secret,
        method,
        path,
        body,
        timestamp: clock.now(),
      });
      // Each request its own millisecond: two identical requests would otherwise be replays.
      clock.advance(1);
      return app.inject({
        method: method as 'GET',
        url: path,
        headers: signed.headers,
        ...(signed.body !== '' ? { payload: signed.body } : {}),
      });
    },
    async index(market, price) {
      const m = venue.marketBySymbol.get(market)!;
      await must(exchange.submit({ type: 'IndexPrice', market, price: units(m.quote.symbol, price) }));
    },
    async close() {
      await app.close();
      await exchange.close();
    },
  };
}
