import { afterEach, describe, expect, it } from 'vitest';
import { harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

let h: Harness;
afterEach(async () => h.close());

describe('spot margin routes', () => {
  it('transfers in, borrows, shows the margin level, repays with interest, and refuses what the engine refuses', async () => {
    h = await harness();
    await h.index('BTC/USDT', '50000');
    const key = await h.account({ USDT: '5000' });
    const move = await h.call(key, 'POST', '/api/v1/margin/transfer', {
      asset: 'USDT',
      amount: '1000',
      direction: 'SPOT_TO_MARGIN',
    });
    expect(move.statusCode).toBe(200);
    expect(move.json()).toMatchObject({ state: 'NORMAL', marginLevel: null });

    const borrow = await h.call(key, 'POST', '/api/v1/margin/borrow', { asset: 'USDT', amount: '1000' });
    expect(borrow.statusCode).toBe(200);
    const account = borrow.json() as {
      marginLevel: string;
      assets: { asset: string; borrowed: string; interest: string }[];
    };
    const usdt = account.assets.find((a) => a.asset === 'USDT')!;
    expect(usdt.borrowed).toBe('1000');
    // One hour is charged at borrow: 1,000 x 0.02% / 24.
    expect(usdt.interest).toBe('0.00833334');
    expect(Number(account.marginLevel)).toBeCloseTo(2, 3);

    const tooMuch = await h.call(key, 'POST', '/api/v1/margin/borrow', { asset: 'USDT', amount: '100000' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json()).toMatchObject({ code: 'MARGIN_LEVEL_TOO_LOW_TO_BORROW' });
    const out = await h.call(key, 'POST', '/api/v1/margin/transfer', {
      asset: 'USDT',
      amount: '1500',
      direction: 'MARGIN_TO_SPOT',
    });
    expect(out.statusCode).toBe(400);

    const repay = await h.call(key, 'POST', '/api/v1/margin/repay', { asset: 'USDT', amount: '2000' });
    expect(repay.statusCode).toBe(200);
    const after = (
      repay.json() as { assets: { asset: string; borrowed: string; free: string }[] }
    ).assets.find((a) => a.asset === 'USDT')!;
    expect(after.borrowed).toBe('0');
    expect(after.free).toBe('999.99166666');

    const pools = await h.call(key, 'GET', '/api/v1/margin/pools');
    expect(pools.statusCode).toBe(200);
    expect(
      (pools.json() as { asset: string; interestEarned: string }[]).find((p) => p.asset === 'USDT'),
    ).toMatchObject({
      interestEarned: '0.00833334',
    });
  });

  it('places a margin order that borrows what it lacks (MARGIN_BUY)', async () => {
    h = await harness();
    await h.index('BTC/USDT', '50000');
    const seller = await h.account({ BTC: '1' });
    const sold = await h.call(seller, 'POST', '/api/v1/orders', {
      market: 'BTC/USDT',
      side: 'SELL',
      type: 'LIMIT',
      price: '50000',
      quantity: '0.03',
    });
    expect(sold.statusCode).toBe(200);
    const key = await h.account({ USDT: '1000' });
    await h.call(key, 'POST', '/api/v1/margin/transfer', {
      asset: 'USDT',
      amount: '1000',
      direction: 'SPOT_TO_MARGIN',
    });
    const bought = await h.call(key, 'POST', '/api/v1/orders', {
      market: 'BTC/USDT',
      side: 'BUY',
      type: 'LIMIT',
      price: '50000',
      quantity: '0.03',
      wallet: 'MARGIN',
      sideEffect: 'MARGIN_BUY',
    });
    expect(bought.statusCode).toBe(200);
    expect(bought.json()).toMatchObject({ status: 'FILLED' });
    const account = (await h.call(key, 'GET', '/api/v1/margin/account')).json() as {
      assets: { asset: string; borrowed: string; free: string }[];
    };
    expect(account.assets.find((a) => a.asset === 'USDT')!.borrowed).toBe('500');
    expect(Number(account.assets.find((a) => a.asset === 'BTC')!.free)).toBeGreaterThan(0.029);
  });

  it('refuses unknown fields and another pair', async () => {
    h = await harness();
    const key = await h.account({ USDT: '10' });
    const extra = await h.call(key, 'POST', '/api/v1/margin/borrow', { asset: 'USDT', amount: '1', x: 1 });
    expect(extra.statusCode).toBe(400);
    const pair = await h.call(key, 'GET', '/api/v1/margin/account?pair=NOPE');
    expect(pair.statusCode).toBe(404);
  });
});
