import type { UnstampedCommand } from '@fulcrum/core';

/**
 * A deterministic command stream for tests on the default venue's BTC/USDT pair: 4 accounts and their
 * deposits, then resting and crossing limit orders and cancels. Some cancels name an order that is
 * gone or belongs to someone else, so the stream also holds refused commands.
 */

export const STREAM_ACCOUNTS = 4;
/** CreateAccount for each account, then a USDT and a BTC deposit each. */
export const STREAM_SETUP = STREAM_ACCOUNTS * 3;

const MARKET = 'BTC/USDT';
/** 60,000 USDT in ticks of 0.01. */
const MID = 6_000_000;
const USDT = 100_000_000n;

/** A well-mixed 32-bit hash of the index, so that command i is the same whenever it is asked for. */
function mix(i: number): number {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Command number `i` (from 0) of the stream. */
export function streamCommand(i: number): UnstampedCommand {
  if (i < STREAM_ACCOUNTS) return { type: 'CreateAccount' };
  if (i < STREAM_SETUP) {
    const k = i - STREAM_ACCOUNTS;
    const accountId = (k >> 1) + 1;
    return k % 2 === 0
      ? { type: 'Deposit', accountId, asset: 'USDT', amount: 100_000_000n * USDT }
      : { type: 'Deposit', accountId, asset: 'BTC', amount: 1_000n * USDT };
  }
  const r = mix(i);
  const accountId = (r % STREAM_ACCOUNTS) + 1;
  if (r % 6 === 0) {
    // Order ids grow by about one per placement: aim near recent ones, often already gone.
    const orderId = 1 + ((r >>> 8) % Math.max(1, i - STREAM_SETUP));
    return { type: 'CancelOrder', accountId, market: MARKET, orderId };
  }
  const side = (r >>> 3) % 2 === 0 ? 'BUY' : 'SELL';
  const crossing = (r >>> 4) % 10 === 0;
  const offset = crossing ? -2_000 : 1 + ((r >>> 5) % 2_000);
  return {
    type: 'PlaceOrder',
    accountId,
    market: MARKET,
    side,
    orderType: 'LIMIT',
    timeInForce: crossing ? 'IOC' : 'GTC',
    price: side === 'BUY' ? MID - offset : MID + offset,
    qty: 10 + ((r >>> 12) % 40),
  };
}
