import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultPerpConfigs,
  defaultSpotVenueConfig,
  lendingAccountView,
  lendingReservesView,
} from '@fulcrum/core';
import { Exchange } from '@fulcrum/runtime';
import { signRequest } from '@fulcrum/server';
import { afterAll, describe, expect, it } from 'vitest';
import { KEEPER_ACCOUNT, seedVenue } from './seed.ts';
import { serve } from './serve.ts';
import type { RunningVenue } from './serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'fulcrum-lending-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { host: '127.0.0.1', port: 0, speed: 1, seed: 5, maker: true, quiet: true };

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (const start = Date.now(); !check();) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A signed call as the demo account. */
async function call(venue: RunningVenue, method: string, path: string, body?: unknown) {
  const { apiKey, secret } = venue.demo;
  const timestamp = Math.max(Date.now(), venue.exchange.state.time);
  const signed = signRequest({ apiKey, secret, method, path, body, timestamp });
  const res = await fetch(`${venue.url}${path}`, {
    method,
    headers: signed.headers,
    ...(signed.body !== '' ? { body: signed.body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('fulcrum serve with the lending pool', () => {
  it('seeds liquidity and a keeper, prices the oracle, and liquidates a borrower after an admin shock', async () => {
    const venue = await serve({ ...base, data: join(dir, 'fresh.db') });
    try {
      const state = venue.exchange.state;
      expect(venue.keeper?.config.accountId).toBe(KEEPER_ACCOUNT);
      expect(lendingReservesView(state).find((r) => r.asset === 'USDT')!.totalSupplied).toBe(
        20_000_000n * 10n ** 8n,
      );
      const eth = state.venue.assetBySymbol.get('ETH')!.index;
      await until(() => state.oracle.every((p) => p > 0n));

      expect(
        (await call(venue, 'POST', '/api/v1/lending/supply', { asset: 'ETH', amount: '10' })).status,
      ).toBe(200);
      // Borrow close to the limit: 10 ETH x 0.805.
      const price = Number(state.oracle[eth]!) / 1e8;
      const amount = (Math.floor(price * 10 * 0.8) - 1).toString();
      const borrowed = await call(venue, 'POST', '/api/v1/lending/borrow', { asset: 'USDT', amount });
      expect(borrowed.status).toBe(200);
      const before = lendingAccountView(state, venue.demo.accountId)!;

      const shock = await fetch(`${venue.url}/api/v1/admin/shock`, {
        method: 'POST',
        headers: { authorization: `Bearer ${venue.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ asset: 'ETH', bps: -2_000 }),
      });
      expect(shock.status).toBe(200);
      // The next tick moves the oracle, and the keeper liquidates in the same tick.
      await until(() => lendingAccountView(state, venue.demo.accountId)!.totalDebt < before.totalDebt);
      const after = lendingAccountView(state, venue.demo.accountId)!;
      expect(after.totalDebt).toBeLessThan(before.totalDebt);
    } finally {
      await venue.stop();
    }
  });

  it('gives a venue seeded before the pool a keeper on start, once', async () => {
    const data = join(dir, 'older.db');
    const clock = { now: () => Date.now() };
    const older = await Exchange.open({
      path: data,
      clock,
      venue: { ...defaultSpotVenueConfig(), perps: defaultPerpConfigs() },
    });
    expect((await seedVenue(older)).keeperId).toBe(undefined);
    await older.close();

    const first = await serve({ ...base, data, maker: false });
    expect(first.keeper?.config.accountId).toBe(3);
    expect(JSON.parse(readFileSync(join(dir, 'older.keeper.json'), 'utf8'))).toEqual({ keeperId: 3 });
    const seq = first.exchange.state.seq;
    const hash = first.exchange.stateHash();
    await first.stop();

    const second = await serve({ ...base, data, maker: false });
    try {
      expect(second.keeper?.config.accountId).toBe(3);
      expect(second.exchange.state.seq).toBe(seq);
      expect(second.exchange.stateHash()).toBe(hash);
      expect(second.exchange.state.accounts).toHaveLength(3);
    } finally {
      await second.stop();
    }
  });
});
