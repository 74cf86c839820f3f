import { toJson } from '@fulcrum/core';
import type { Command, UnstampedCommand } from '@fulcrum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand } from './codec.ts';

const commands: UnstampedCommand[] = [
  { type: 'CreateAccount' },
  { type: 'Deposit', accountId: 1, asset: 'USDT', amount: 123_456_789_012_345_678_901n },
  {
    type: 'PlaceOrder',
    accountId: 1,
    market: 'BTC/USDT',
    side: 'BUY',
    orderType: 'LIMIT',
    price: 6_000_000,
    qty: 10,
    clientOrderId: 'a$n"b',
  },
  { type: 'IndexPrice', market: 'BTCUSDT', price: -1n },
];

describe('command codec', () => {
  it('writes what toJson writes and reads it back with the stamp', () => {
    commands.forEach((command, i) => {
      const text = encodeCommand(command);
      expect(text).toBe(toJson(command));
      expect(decodeCommand(text, i + 1, 1_000 + i)).toEqual({ ...command, seq: i + 1, time: 1_000 + i });
    });
  });

  it('takes the stamp from the journal over any in the text', () => {
    const text = encodeCommand({ type: 'CreateAccount', seq: 9, time: 9 } as Command);
    expect(decodeCommand(text, 3, 4)).toEqual({ type: 'CreateAccount', seq: 3, time: 4 });
  });

  it('round-trips any deposit amount and asset', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.string(), (amount, asset) => {
        const command: UnstampedCommand = { type: 'Deposit', accountId: 1, asset, amount };
        expect(decodeCommand(encodeCommand(command), 1, 0)).toEqual({ ...command, seq: 1, time: 0 });
      }),
    );
  });
});
