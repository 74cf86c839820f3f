import { describe, expect, it } from 'vitest';
import { defaultSpotVenueConfig, defaultVenueConfig } from '../market/index.ts';
import type { VenueConfig } from '../market/index.ts';
import type { UnstampedCommand } from './commands.ts';
import { encodeSnapshot, stateHash } from './snapshot.ts';
import { Driver, units } from './testDriver.ts';

const U = (text: string) => units(text);
const px = (usdt: number) => Math.round(usdt * 100);

/** Default venue plus BNB, an asset margin accounts cannot hold, and a BNB/USDT pair without margin. */
function config(): VenueConfig {
  const base = defaultVenueConfig();
  const eth = base.spotPairs[1]!;
  return {
    ...base,
    assets: [...base.assets, { symbol: 'BNB', decimals: 8 }],
    spotPairs: [...base.spotPairs, { ...eth, symbol: 'BNB/USDT', base: 'BNB', isolatedMargin: false }],
  };
}

/**
 * A margin account with debt, a resting margin order and an isolated account whose every USDT is
 * held by an order: every refusal below has something it could damage.
 */
function busy() {
  const d = new Driver(config());
  const alice = d.account();
  d.ok({ type: 'Deposit', accountId: alice, asset: 'USDT', amount: U('5000') });
  d.ok({ type: 'Deposit', accountId: alice, asset: 'BNB', amount: U('5') });
  d.ok({ type: 'IndexPrice', market: 'BTC/USDT', price: U('50000') });
  d.ok({
    type: 'MarginTransfer',
    accountId: alice,
    asset: 'USDT',
    amount: U('1000'),
    direction: 'SPOT_TO_MARGIN',
  });
  d.ok({ type: 'Borrow', accountId: alice, asset: 'USDT', amount: U('500') });
  const buy = {
    type: 'PlaceOrder',
    accountId: alice,
    market: 'BTC/USDT',
    side: 'BUY',
    orderType: 'LIMIT',
  } as const;
  d.ok({ ...buy, price: px(40_000), qty: 100, wallet: 'MARGIN' });
  const pair = { pair: 'BTC/USDT' } as const;
  d.ok({
    type: 'MarginTransfer',
    accountId: alice,
    asset: 'USDT',
    amount: U('100'),
    direction: 'SPOT_TO_MARGIN',
    ...pair,
  });
  d.ok({ type: 'Borrow', accountId: alice, asset: 'USDT', amount: U('50'), ...pair });
  d.ok({ ...buy, price: px(30_000), qty: 500, wallet: 'ISOLATED_MARGIN' });
  d.time += 5 * 3_600_000; // hours of interest pending: a refusal must not charge them
  return { d, alice };
}

const order = (over: Partial<Extract<UnstampedCommand, { type: 'PlaceOrder' }>>): UnstampedCommand => ({
  type: 'PlaceOrder',
  accountId: 1,
  market: 'BTC/USDT',
  side: 'BUY',
  orderType: 'LIMIT',
  price: px(50_000),
  qty: 1000,
  wallet: 'MARGIN',
  ...over,
});
const borrow = (asset: string, amount: string, pair?: string): UnstampedCommand => ({
  type: 'Borrow',
  accountId: 1,
  asset,
  amount: U(amount),
  ...(pair ? { pair } : {}),
});
const out = (asset: string, amount: string): UnstampedCommand => ({
  type: 'MarginTransfer',
  accountId: 1,
  asset,
  amount: U(amount),
  direction: 'MARGIN_TO_SPOT',
});

describe('margin refusals are coded and change nothing', () => {
  const cases: [string, UnstampedCommand, string][] = [
    ['borrow an asset with no price', borrow('ETH', '1'), 'MARGIN_NO_PRICE'],
    ['borrow beyond the pool', borrow('USDT', '10000001'), 'MARGIN_POOL_EXHAUSTED'],
    ['borrow below the borrow level', borrow('USDT', '1600'), 'MARGIN_LEVEL_TOO_LOW_TO_BORROW'],
    ['borrow a non-margin asset', borrow('BNB', '1'), 'MARGIN_ASSET_UNSUPPORTED'],
    ['borrow on a pair without isolated margin', borrow('USDT', '1', 'BNB/USDT'), 'MARGIN_PAIR_UNSUPPORTED'],
    ['borrow on an unknown pair', borrow('USDT', '1', 'DOGE/USDT'), 'MARGIN_PAIR_UNSUPPORTED'],
    ['borrow outside the isolated pair', borrow('ETH', '1', 'BTC/USDT'), 'MARGIN_ASSET_NOT_IN_PAIR'],
    ['borrow zero', borrow('USDT', '0'), 'ACCOUNT_AMOUNT_NOT_POSITIVE'],
    ['borrow an unknown asset', borrow('XRP', '1'), 'ACCOUNT_ASSET_UNKNOWN'],
    [
      'borrow for an unknown account',
      { ...borrow('USDT', '1'), accountId: 9 } as UnstampedCommand,
      'ACCOUNT_UNKNOWN',
    ],
    [
      'repay with nothing owed',
      { type: 'Repay', accountId: 1, asset: 'BTC', amount: 1n },
      'MARGIN_NOTHING_OWED',
    ],
    [
      'repay with everything held by an order',
      { type: 'Repay', accountId: 1, asset: 'USDT', amount: U('1'), pair: 'BTC/USDT' },
      'ACCOUNT_INSUFFICIENT_BALANCE',
    ],
    ['transfer out more than available', out('USDT', '1461'), 'ACCOUNT_INSUFFICIENT_BALANCE'],
    ['transfer out down to ML 2', out('USDT', '500.02'), 'MARGIN_LEVEL_TOO_LOW_TO_TRANSFER'],
    [
      'transfer in more than the spot wallet',
      { type: 'MarginTransfer', accountId: 1, asset: 'USDT', amount: U('3901'), direction: 'SPOT_TO_MARGIN' },
      'ACCOUNT_INSUFFICIENT_BALANCE',
    ],
    [
      'transfer in a non-margin asset',
      { type: 'MarginTransfer', accountId: 1, asset: 'BNB', amount: U('1'), direction: 'SPOT_TO_MARGIN' },
      'MARGIN_ASSET_UNSUPPORTED',
    ],
    [
      'transfer the wrong way',
      {
        type: 'MarginTransfer',
        accountId: 1,
        asset: 'USDT',
        amount: 1n,
        direction: 'UP' as 'SPOT_TO_MARGIN',
      },
      'ENGINE_BAD_COMMAND',
    ],
    ['margin order beyond the balance', order({ qty: 10_000 }), 'ACCOUNT_INSUFFICIENT_BALANCE'],
    [
      'auto-borrow below the borrow level',
      order({ qty: 10_000, sideEffect: 'MARGIN_BUY' }),
      'MARGIN_LEVEL_TOO_LOW_TO_BORROW',
    ],
    [
      'auto-borrow an asset with no price',
      order({ market: 'ETH/USDT', side: 'SELL', price: 300_000, qty: 10_000, sideEffect: 'MARGIN_BUY' }),
      'MARGIN_NO_PRICE',
    ],
    [
      'side effect on a spot order',
      order({ wallet: 'SPOT', sideEffect: 'AUTO_REPAY' }),
      'MARGIN_SIDE_EFFECT_INVALID',
    ],
    ['unknown side effect', order({ sideEffect: 'MAYBE' as 'AUTO_REPAY' }), 'MARGIN_SIDE_EFFECT_INVALID'],
    ['unknown wallet', order({ wallet: 'FUTURES' as 'SPOT' }), 'MARGIN_WALLET_INVALID'],
    [
      'margin wallet on a perpetual',
      order({ market: 'BTCUSDT', price: 500_000, qty: 10 }),
      'MARGIN_WALLET_INVALID',
    ],
    [
      'cross margin on a pair of a non-margin asset',
      order({ market: 'BNB/USDT', price: 30_000, qty: 1000 }),
      'MARGIN_PAIR_UNSUPPORTED',
    ],
    [
      'isolated margin where the pair has none',
      order({ market: 'BNB/USDT', price: 30_000, qty: 1000, wallet: 'ISOLATED_MARGIN' }),
      'MARGIN_PAIR_UNSUPPORTED',
    ],
    [
      'fund the margin insurance with zero',
      { type: 'FundMarginInsurance', asset: 'USDT', amount: 0n },
      'ACCOUNT_AMOUNT_NOT_POSITIVE',
    ],
    ['spot index of zero', { type: 'IndexPrice', market: 'BTC/USDT', price: 0n }, 'PRICE_INVALID'],
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

  it('counts pending interest in the level: transfers out stop just short of ML 2', () => {
    const { d } = busy();
    // Assets 1,500 USDT, debt 500 USDT + 6 hours of interest (0.025 USDT): ML 2 after 499.95 out.
    expect(d.run(out('USDT', '499.95')).result).toMatchObject({ code: 'MARGIN_LEVEL_TOO_LOW_TO_TRANSFER' });
    expect(d.run(out('USDT', '499.94')).result.ok).toBe(true);
    expect(d.run(out('USDT', '0.02')).result).toMatchObject({ code: 'MARGIN_LEVEL_TOO_LOW_TO_TRANSFER' });
    // Borrowing stays open down to ML 1.5.
    expect(d.run(borrow('USDT', '1')).result.ok).toBe(true);
    expect(d.run(borrow('ETH', '1', 'ETH/USDT')).result).toMatchObject({ code: 'MARGIN_NO_PRICE' });
  });

  it('refuses every margin command on a venue without spot margin', () => {
    const { margin: _none, ...spotOnly } = defaultSpotVenueConfig();
    const d = new Driver(spotOnly);
    const a = d.account();
    d.ok({ type: 'Deposit', accountId: a, asset: 'USDT', amount: U('100') });
    const hash = stateHash(d.state);
    for (const c of [
      { type: 'MarginTransfer', accountId: a, asset: 'USDT', amount: U('1'), direction: 'SPOT_TO_MARGIN' },
      borrow('USDT', '1'),
      { type: 'Repay', accountId: a, asset: 'USDT', amount: U('1') },
      order({ accountId: a, qty: 10 }),
    ] as UnstampedCommand[]) {
      expect(d.run(c).result).toMatchObject({ ok: false, code: 'MARGIN_DISABLED' });
    }
    expect(stateHash(d.state)).toBe(hash);
  });
});
