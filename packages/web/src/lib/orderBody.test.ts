import { describe, expect, it } from 'vitest';
import { orderBody } from './orderBody.ts';
import type { OrderInput } from './orderBody.ts';

const base: OrderInput = {
  market: 'BTCUSDT',
  side: 'BUY',
  quantity: '0.1',
  kind: 'LIMIT',
  price: '50000',
  stopPrice: '',
  postOnly: false,
  reduceOnly: false,
  perp: true,
  hedge: false,
};

describe('order body', () => {
  it('writes limit, post-only, market and both stop kinds', () => {
    expect(orderBody(base)).toEqual({
      market: 'BTCUSDT',
      side: 'BUY',
      quantity: '0.1',
      type: 'LIMIT',
      price: '50000',
      timeInForce: 'GTC',
    });
    expect(orderBody({ ...base, postOnly: true })).toMatchObject({ timeInForce: 'GTX' });
    expect(orderBody({ ...base, kind: 'MARKET' })).toEqual({
      market: 'BTCUSDT',
      side: 'BUY',
      quantity: '0.1',
      type: 'MARKET',
    });
    expect(orderBody({ ...base, kind: 'STOP', price: '', stopPrice: '49000' })).toMatchObject({
      type: 'STOP_MARKET',
      stopPrice: '49000',
    });
    expect(orderBody({ ...base, kind: 'STOP', stopPrice: '49000' })).toMatchObject({
      type: 'STOP',
      price: '50000',
      stopPrice: '49000',
    });
  });

  it('closes with reduce-only in one-way mode and by position side in hedge mode', () => {
    expect(orderBody({ ...base, side: 'SELL', reduceOnly: true })).toMatchObject({ reduceOnly: true });
    const hedged = orderBody({ ...base, side: 'SELL', reduceOnly: true, hedge: true });
    expect(hedged).toMatchObject({ positionSide: 'LONG' });
    expect(hedged).not.toHaveProperty('reduceOnly');
    expect(orderBody({ ...base, hedge: true })).toMatchObject({ positionSide: 'LONG' });
  });

  it('sends margin fields only for spot orders from a margin account', () => {
    const spot = { ...base, market: 'BTC/USDT', perp: false };
    expect(orderBody({ ...spot, wallet: 'SPOT' })).not.toHaveProperty('wallet');
    expect(orderBody({ ...spot, wallet: 'MARGIN', sideEffect: 'MARGIN_BUY' })).toMatchObject({
      wallet: 'MARGIN',
      sideEffect: 'MARGIN_BUY',
    });
    expect(orderBody({ ...base, wallet: 'MARGIN' })).not.toHaveProperty('wallet');
    expect(orderBody({ ...spot, reduceOnly: true })).not.toHaveProperty('reduceOnly');
  });
});
