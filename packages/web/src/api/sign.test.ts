import { signRequest } from '@fulcrum/server';
import { describe, expect, it } from 'vitest';
import { hmacHex, nativePayload } from './sign.ts';

describe('signing with WebCrypto', () => {
  it('signs exactly as the venue checks: HMAC-SHA256 hex of timestamp + method + path + body', async () => {
    const body = { market: 'BTC/USDT', side: 'BUY', type: 'LIMIT', price: '60000', quantity: '0.01' };
    const input = {
      apiKey: 'k',
      secret: 's3cr3t',
      method: 'POST',
      path: '/api/v1/orders?x=1',
      body,
      timestamp: 1767225600000,
    };
    const expected = signRequest(input).headers['X-FULCRUM-SIGNATURE'];
    const mine = await hmacHex(
      's3cr3t',
      nativePayload(input.timestamp, 'post', input.path, JSON.stringify(body)),
    );
    expect(mine).toBe(expected);
    expect(mine).toMatch(/^[0-9a-f]{64}$/);
  });
});
