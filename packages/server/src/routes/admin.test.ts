import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';
import type { AdminControls } from '../types.ts';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const admin = (app: Harness, url: string, body?: unknown, token = ADMIN_TOKEN) =>
  app.app.inject({
    method: 'POST',
    url: `/api/v1/admin${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

describe('admin API', () => {
  it('creates accounts with key pairs that can sign, and credits them', async () => {
    h = await harness();
    const created = await admin(h, '/accounts');
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key).toMatchObject({ accountId: 1, canTrade: true });
    expect(key.apiKey).toMatch(/^[0-9a-f]{64}$/);
    expect(key.secret).toMatch(/^[0-9a-f]{64}$/);

    const credit = await admin(h, '/credit', {
      accountId: 1,
      asset: 'USDT',
      amount: '2500.25',
      futures: true,
    });
    expect(credit.json()).toEqual({
      accountId: 1,
      asset: 'USDT',
      amount: '2500.25',
      spotAvailable: '0',
      futuresWallet: '2500.25',
    });
    await admin(h, '/credit', { accountId: 1, asset: 'BTC', amount: '1' });
    const account = (await h.call(key, 'GET', '/api/v1/account')).json();
    expect(account.spot).toContainEqual({ asset: 'BTC', available: '1', held: '0' });
    expect(account.futures.assets[0].walletBalance).toBe('2500.25');

    const readOnly = await admin(h, '/keys', { accountId: 1, canTrade: false });
    expect(readOnly.statusCode).toBe(201);
    expect(readOnly.json()).toMatchObject({ accountId: 1, canTrade: false });
    expect(h.keys.list(1)).toHaveLength(2);
    expect((await admin(h, '/keys', { accountId: 9 })).statusCode).toBe(404);
    expect((await admin(h, '/credit', { accountId: 9, asset: 'BTC', amount: '1' })).json().code).toBe(
      'ACCOUNT_UNKNOWN',
    );
    expect((await admin(h, '/credit', { accountId: 1, asset: 'BTC', amount: '-1' })).json().code).toBe(
      'ACCOUNT_AMOUNT_NOT_POSITIVE',
    );
    expect((await admin(h, '/accounts', { admin: true })).json().code).toBe('REQUEST_INVALID');
  });

  it('refuses a missing or wrong token and changes nothing', async () => {
    h = await harness();
    const hash = h.exchange.stateHash();
    for (const token of ['', 'wrong', `${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(1)]) {
      const res = await admin(h, '/accounts', undefined, token);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('AUTH_ADMIN_TOKEN');
    }
    const bare = await h.app.inject({ method: 'POST', url: '/api/v1/admin/accounts' });
    expect(bare.statusCode).toBe(401);
    expect(h.exchange.stateHash()).toBe(hash);
  });

  it('has no admin route at all without a token', async () => {
    h = await harness({ adminToken: null });
    const res = await admin(h, '/accounts');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('answers 501 for hooks that are not wired', async () => {
    h = await harness();
    for (const [url, body] of [
      ['/price', { asset: 'BTC', price: '60000' }],
      ['/shock', { asset: 'BTC', bps: -500 }],
      ['/clock-speed', { speed: 10 }],
    ] as const) {
      const res = await admin(h, url, body);
      expect(res.statusCode).toBe(501);
      expect(res.json().code).toBe('NOT_CONFIGURED');
    }
  });

  it('forwards price, shock and clock speed to the controls', async () => {
    const calls: unknown[][] = [];
    const controls: AdminControls = {
      setPrice: (asset, price) => void calls.push(['price', asset, price]),
      shock: async (asset, bps) => {
        if (bps === 1) throw Object.assign(new Error('too small'), { code: 'PRICE_SHOCK_TOO_SMALL' });
        calls.push(['shock', asset, bps]);
      },
      setClockSpeed: (speed) => void calls.push(['speed', speed]),
    };
    h = await harness({ admin: controls });
    expect((await admin(h, '/price', { asset: 'BTC', price: '61000.5' })).json()).toEqual({
      asset: 'BTC',
      price: '61000.5',
    });
    expect((await admin(h, '/shock', { asset: 'ETH', bps: -2000 })).statusCode).toBe(200);
    expect((await admin(h, '/clock-speed', { speed: 60 })).statusCode).toBe(200);
    expect(calls).toEqual([
      ['price', 'BTC', '61000.5'],
      ['shock', 'ETH', -2000],
      ['speed', 60],
    ]);
    expect((await admin(h, '/shock', { asset: 'ETH', bps: 1 })).json()).toEqual({
      code: 'PRICE_SHOCK_TOO_SMALL',
      message: 'too small',
    });
    for (const [url, body] of [
      ['/price', { asset: 'BTC', price: '-1' }],
      ['/price', { asset: 'BTC', price: 'NaN' }],
      ['/price', { asset: 'DOGE', price: '1' }],
      ['/shock', { asset: 'BTC', bps: 1.5 }],
      ['/shock', { asset: 'BTC', bps: -10_000 }],
      ['/clock-speed', { speed: 0 }],
      ['/clock-speed', { speed: '2' }],
    ] as const) {
      expect((await admin(h, url, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    const infinite = await h.app.inject({
      method: 'POST',
      url: '/api/v1/admin/clock-speed',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: '{"speed":1e400}',
    });
    expect(infinite.statusCode).toBe(400);
    expect(calls).toHaveLength(3);
  });
});
