import { afterEach, describe, expect, it } from 'vitest';
import { harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

let h: Harness;
afterEach(async () => h.close());

describe('insurance route', () => {
  it('shows the fund balance and every movement with its reason', async () => {
    h = await harness();
    await h.exchange.submit({ type: 'FundInsurance', asset: 'USDT', amount: 12_345n * 100_000_000n });
    const r = await h.app.inject({ method: 'GET', url: '/api/v1/insurance' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      balances: [{ asset: 'USDT', balance: '12345' }],
      history: [
        { time: expect.any(Number), asset: 'USDT', reason: 'DEPOSIT', amount: '12345', balance: '12345' },
      ],
    });
  });
});
