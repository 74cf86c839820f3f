import { describe, expect, it } from 'vitest';
import { priceToTicks, qtyToLots } from '../market/index.ts';
import type { UnstampedCommand } from './commands.ts';
import { apply } from './apply.ts';
import { encodeSnapshot, stateHash } from './snapshot.ts';
import { Driver } from './testDriver.ts';

/** A venue with an open order and funds, so that every refusal has something it could damage. */
function busy() {
  const d = new Driver();
  const alice = d.account();
  d.ok({ type: 'Deposit', accountId: alice, asset: 'USDT', amount: 10n ** 13n });
  d.ok({ type: 'Deposit', accountId: alice, asset: 'BTC', amount: 10n ** 9n });
  const open = d.ok({
    type: 'PlaceOrder',
    accountId: alice,
    market: 'BTC/USDT',
    side: 'BUY',
    orderType: 'LIMIT',
    price: 5_000_000,
    qty: 100,
    clientOrderId: 'mine',
  });
  return { d, alice, open: open.orderId };
}

const limit = (over: Partial<Extract<UnstampedCommand, { type: 'PlaceOrder' }>>): UnstampedCommand => ({
  type: 'PlaceOrder',
  accountId: 1,
  market: 'BTC/USDT',
  side: 'BUY',
  orderType: 'LIMIT',
  price: 5_000_000,
  qty: 100,
  ...over,
});

describe('bad input is refused with its own code and changes nothing', () => {
  const cases: [string, UnstampedCommand, string][] = [
    ['zero quantity', limit({ qty: 0 }), 'BOOK_QTY_NOT_POSITIVE'],
    ['negative quantity', limit({ qty: -3 }), 'BOOK_QTY_NOT_POSITIVE'],
    ['fractional lots', limit({ qty: 2.5 }), 'BOOK_QTY_NOT_INTEGER'],
    ['quantity above the maximum', limit({ qty: 90_000_001 }), 'BOOK_QTY_ABOVE_MAX'],
    ['zero price', limit({ price: 0 }), 'BOOK_PRICE_NOT_POSITIVE'],
    ['negative price', limit({ price: -100 }), 'BOOK_PRICE_NOT_POSITIVE'],
    ['price between ticks', limit({ price: 5_000_000.5 }), 'BOOK_PRICE_NOT_INTEGER'],
    ['price above the maximum', limit({ price: 100_000_001 }), 'BOOK_PRICE_ABOVE_MAX'],
    [
      'limit without a price',
      { type: 'PlaceOrder', accountId: 1, market: 'BTC/USDT', side: 'BUY', orderType: 'LIMIT', qty: 1 },
      'BOOK_PRICE_MISSING',
    ],
    ['market with a price', limit({ orderType: 'MARKET' }), 'BOOK_PRICE_NOT_ALLOWED'],
    [
      'market GTC',
      {
        type: 'PlaceOrder',
        accountId: 1,
        market: 'BTC/USDT',
        side: 'BUY',
        orderType: 'MARKET',
        timeInForce: 'GTC',
        qty: 1,
      },
      'BOOK_TIME_IN_FORCE_INVALID',
    ],
    ['below min notional', limit({ qty: 1 }), 'BOOK_MIN_NOTIONAL'],
    ['unknown market', limit({ market: 'BTCEUR' }), 'MARKET_UNKNOWN'],
    ['unknown account', limit({ accountId: 42 }), 'ACCOUNT_UNKNOWN'],
    ['duplicate client id', limit({ clientOrderId: 'mine' }), 'BOOK_DUPLICATE_CLIENT_ID'],
    ['malformed client id', limit({ clientOrderId: 'has space' }), 'BOOK_CLIENT_ID_INVALID'],
    ['bad side', limit({ side: 'LONG' as 'BUY' }), 'BOOK_SIDE_INVALID'],
    ['bad order type', limit({ orderType: 'STOP' as 'LIMIT' }), 'BOOK_ORDER_TYPE_INVALID'],
    ['bad stp mode', limit({ stp: 'MAYBE' as 'NONE' }), 'BOOK_STP_INVALID'],
    ['more than the balance', limit({ qty: 90_000_000 }), 'ACCOUNT_INSUFFICIENT_BALANCE'],
    [
      'unknown order id',
      { type: 'CancelOrder', accountId: 1, market: 'BTC/USDT', orderId: 999 },
      'BOOK_UNKNOWN_ORDER',
    ],
    [
      'unknown client order id',
      { type: 'CancelOrder', accountId: 1, market: 'BTC/USDT', clientOrderId: 'nope' },
      'BOOK_UNKNOWN_ORDER',
    ],
    [
      'cancel naming no order',
      { type: 'CancelOrder', accountId: 1, market: 'BTC/USDT' },
      'ENGINE_BAD_COMMAND',
    ],
    [
      'amend unknown order',
      { type: 'AmendOrder', accountId: 1, market: 'BTC/USDT', orderId: 999, price: 1, qty: 1 },
      'BOOK_UNKNOWN_ORDER',
    ],
    [
      'amend with no change',
      { type: 'AmendOrder', accountId: 1, market: 'BTC/USDT', orderId: 1, price: 5_000_000, qty: 100 },
      'BOOK_AMEND_NO_CHANGE',
    ],
    [
      'deposit zero',
      { type: 'Deposit', accountId: 1, asset: 'BTC', amount: 0n },
      'ACCOUNT_AMOUNT_NOT_POSITIVE',
    ],
    [
      'deposit unknown asset',
      { type: 'Deposit', accountId: 1, asset: 'XRP', amount: 1n },
      'ACCOUNT_ASSET_UNKNOWN',
    ],
    [
      'withdraw more than available',
      { type: 'Withdraw', accountId: 1, asset: 'BTC', amount: 10n ** 9n + 1n },
      'ACCOUNT_INSUFFICIENT_BALANCE',
    ],
    ['unknown command', { type: 'Explode' } as unknown as UnstampedCommand, 'ENGINE_BAD_COMMAND'],
  ];

  it.each(cases)('%s', (_name, command, code) => {
    const { d } = busy();
    const before = encodeSnapshot(d.state);
    const { result, events } = d.run(command);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).not.toBe('');
    expect(events).toEqual([]);
    expect(encodeSnapshot(d.state)).toBe(before);
  });

  it('refuses a sequence number that does not increase and time that goes back', () => {
    const { d } = busy();
    const hash = stateHash(d.state);
    const seq = d.state.seq;
    const stale = apply(d.state, { type: 'CreateAccount', seq, time: d.time });
    expect(stale.result).toMatchObject({ ok: false, code: 'ENGINE_SEQUENCE_NOT_INCREASING' });
    const back = apply(d.state, { type: 'CreateAccount', seq: seq + 1, time: d.time - 1 });
    expect(back.result).toMatchObject({ ok: false, code: 'ENGINE_TIME_BACKWARDS' });
    expect(stateHash(d.state)).toBe(hash);
  });
});

describe('decimal input at the edge', () => {
  const d = new Driver();
  const btc = d.state.venue.marketBySymbol.get('BTC/USDT')!;

  it('turns exact decimals into ticks and lots', () => {
    expect(priceToTicks(btc, '64250.10')).toEqual({ ok: true, value: 6_425_010 });
    expect(qtyToLots(btc, '0.015')).toEqual({ ok: true, value: 1_500 });
  });

  it.each([
    ['0', 'BOOK_PRICE_NOT_POSITIVE'],
    ['-1', 'BOOK_PRICE_NOT_POSITIVE'],
    ['100.005', 'BOOK_PRICE_NOT_ON_TICK'],
    ['100.000000001', 'BOOK_PRICE_PRECISION'],
    ['1e5', 'BOOK_PRICE_SYNTAX'],
    ['', 'BOOK_PRICE_SYNTAX'],
    ['1000000.01', 'BOOK_PRICE_ABOVE_MAX'],
  ])('price %j -> %s', (text, code) => {
    expect(priceToTicks(btc, text)).toMatchObject({ ok: false, code });
  });

  it.each([
    ['0', 'BOOK_QTY_NOT_POSITIVE'],
    ['0.000015', 'BOOK_QTY_NOT_ON_LOT'],
    ['0.000000001', 'BOOK_QTY_PRECISION'],
    ['abc', 'BOOK_QTY_SYNTAX'],
    ['900.00001', 'BOOK_QTY_ABOVE_MAX'],
  ])('quantity %j -> %s', (text, code) => {
    expect(qtyToLots(btc, text)).toMatchObject({ ok: false, code });
  });
});

describe('minimum notional boundary', () => {
  it('accepts an order worth exactly the minimum and refuses one lot less', () => {
    const d = new Driver();
    const a = d.account();
    d.ok({ type: 'Deposit', accountId: a, asset: 'USDT', amount: 10n ** 12n });
    // 5 USDT at 50,000.00 = 0.0001 BTC = 10 lots; 9 lots is 4.5 USDT.
    const base = {
      type: 'PlaceOrder',
      accountId: a,
      market: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: 5_000_000,
    } as const;
    expect(d.run({ ...base, qty: 10 }).result.ok).toBe(true);
    expect(d.run({ ...base, qty: 9 }).result).toMatchObject({ ok: false, code: 'BOOK_MIN_NOTIONAL' });
  });
});
