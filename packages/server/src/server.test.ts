import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Exchange } from '@fulcrum/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteKeyStore, buildServer, signRequest } from './index.ts';
import type { ServerContext } from './index.ts';
import { TestClock, harness } from './testHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'fulcrum-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildServer', () => {
  it('serves signed requests over real HTTP with keys in SQLite, and takes plugins', async () => {
    const clock = new TestClock();
    const exchange = await Exchange.open({ clock });
    const keys = SqliteKeyStore.open(join(dir, 'keys.db'));
    let seen: ServerContext | undefined;
    const app = buildServer({
      exchange,
      keys,
      clock,
      adminToken: 'secret-token',
      docs: false,
      plugins: [
        (instance, context) => {
          seen = context;
          instance.get('/extra', async () => ({ seq: context.exchange.state.seq }));
        },
      ],
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect(seen?.readModels).toBe(app.fulcrum.readModels);
      const created = await fetch(`${base}/api/v1/admin/accounts`, {
        method: 'POST',
        headers: { authorization: 'Bearer secret-token' },
      });
      expect(created.status).toBe(201);
      const key = (await created.json()) as { apiKey: string; secret: string; accountId: number };
      expect(keys.get(key.apiKey)?.accountId).toBe(key.accountId);

      const path = '/api/v1/account';
      const signed = signRequest({ ...key, method: 'GET', path, timestamp: clock.now() });
      const account = await fetch(`${base}${path}`, { headers: signed.headers });
      expect(account.status).toBe(200);
      expect(((await account.json()) as { accountId: number }).accountId).toBe(key.accountId);
      const replay = await fetch(`${base}${path}`, { headers: signed.headers });
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({ code: 'AUTH_REPLAYED' });

      expect(await (await fetch(`${base}/extra`)).json()).toEqual({ seq: exchange.state.seq });
      const big = await fetch(`${base}/api/v1/admin/credit`, {
        method: 'POST',
        headers: { authorization: 'Bearer secret-token', 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ code: 'REQUEST_TOO_LARGE' });
    } finally {
      await app.close();
      await exchange.close();
      keys.close();
    }
  });

  it('answers 503 once the exchange takes no more commands', async () => {
    const h = await harness();
    const key = await h.account({ USDT: '1000' });
    await h.exchange.close();
    const res = await h.call(key, 'POST', '/api/v1/transfer', {
      asset: 'USDT',
      amount: '1',
      direction: 'SPOT_TO_FUTURES',
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: 'the exchange is not taking commands',
    });
    await h.app.close();
  });
});
