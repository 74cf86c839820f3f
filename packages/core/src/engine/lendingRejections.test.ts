import { describe, expect, it } from 'vitest';
import { defaultSpotVenueConfig, defaultVenueConfig } from '../market/index.ts';
import type { VenueConfig } from '../market/index.ts';
import { apply } from './apply.ts';
import type { Command, UnstampedCommand } from './commands.ts';
import { invariantViolations } from './invariants.ts';
import { decodeSnapshot, encodeSnapshot, stateHash } from './snapshot.ts';
import { Driver, units } from './testDriver.ts';

const U = (text: string) => units(text);
const DAY = 86_400_000;

/** The default venue plus BNB, an asset the pool does not lend. */
function config(): VenueConfig {
  const base = defaultVenueConfig();
  return { ...base, assets: [...base.assets, { symbol: 'BNB', decimals: 8 }] };
}

const LENDER = 1;
const ALICE = 2; // ETH collateral, USDT debt, HF ~1.16, LTV nearly used
const BOB = 3; // wstETH collateral in e-mode, ETH debt
const CAROL = 4; // USDT in the wallet, never used the pool
const DAVE = 5; // ETH collateral, USDC debt, HF < 1
const KEEPER = 6; // ETH and USDC to liquidate with

/** Every kind of position the pool holds, with days of interest pending: a refusal must not accrue it. */
function busy(): Driver {
  const d = new Driver(config());
  for (let i = 0; i < 6; i++) d.account();
  const deposit = (accountId: number, asset: string, amount: string) =>
    d.ok({ type: 'Deposit', accountId, asset, amount: units(amount, asset === 'USDC' ? 6 : 8) });
  const oracle = (asset: string, usd: string) => d.ok({ type: 'OraclePrice', asset, price: U(usd) });
  const run = (c: UnstampedCommand) => d.ok(c);
  oracle('ETH', '3000');
  oracle('WSTETH', '3000');
  oracle('USDT', '1');
  oracle('USDC', '1');
  for (const [asset, amount] of [
    ['USDT', '100000'],
    ['ETH', '100'],
    ['USDC', '50000'],
    ['BTC', '10'],
  ] as const) {
    deposit(LENDER, asset, amount);
    run({
      type: 'LendingSupply',
      accountId: LENDER,
      asset,
      amount: units(amount, asset === 'USDC' ? 6 : 8),
    });
  }
  deposit(LENDER, 'BTC', '50000');
  deposit(ALICE, 'ETH', '10');
  run({ type: 'LendingSupply', accountId: ALICE, asset: 'ETH', amount: U('10') });
  run({ type: 'LendingBorrow', accountId: ALICE, asset: 'USDT', amount: U('20000') });
  run({ type: 'Withdraw', accountId: ALICE, asset: 'USDT', amount: U('19900') });
  deposit(BOB, 'WSTETH', '5');
  run({ type: 'LendingSupply', accountId: BOB, asset: 'WSTETH', amount: U('5') });
  run({ type: 'SetEMode', accountId: BOB, category: 1 });
  run({ type: 'LendingBorrow', accountId: BOB, asset: 'ETH', amount: U('4.1') });
  deposit(CAROL, 'USDT', '1000');
  deposit(DAVE, 'ETH', '1');
  run({ type: 'LendingSupply', accountId: DAVE, asset: 'ETH', amount: U('1') });
  run({ type: 'LendingBorrow', accountId: DAVE, asset: 'USDC', amount: units('2400', 6) });
  deposit(KEEPER, 'ETH', '10');
  deposit(KEEPER, 'USDC', '10000');
  oracle('ETH', '2800');
  oracle('WSTETH', '2800');
  d.time += 5 * DAY;
  expect(invariantViolations(d.state)).toEqual([]);
  return d;
}

const supply = (accountId: number, asset: string, amount: bigint): UnstampedCommand => ({
  type: 'LendingSupply',
  accountId,
  asset,
  amount,
});
const borrow = (accountId: number, asset: string, amount: bigint): UnstampedCommand => ({
  type: 'LendingBorrow',
  accountId,
  asset,
  amount,
});
const liquidate = (
  accountId: number,
  borrower: number,
  collateralAsset: string,
  debtAsset: string,
): Extract<UnstampedCommand, { type: 'LiquidationCall' }> => ({
  type: 'LiquidationCall',
  accountId,
  borrower,
  collateralAsset,
  debtAsset,
  debtToCover: 'max',
});

describe('lending refusals are coded and change nothing', () => {
  const cases: [string, UnstampedCommand, string][] = [
    ['supply an unknown asset', supply(CAROL, 'XRP', 1n), 'ACCOUNT_ASSET_UNKNOWN'],
    ['supply an asset the pool does not lend', supply(CAROL, 'BNB', 1n), 'LENDING_UNKNOWN_RESERVE'],
    ['supply zero', supply(CAROL, 'USDT', 0n), 'LENDING_INVALID_AMOUNT'],
    ['supply for an unknown account', supply(99, 'USDT', 1n), 'ACCOUNT_UNKNOWN'],
    ['supply more than the wallet', supply(CAROL, 'USDT', U('1001')), 'ACCOUNT_INSUFFICIENT_BALANCE'],
    ['supply beyond the cap', supply(LENDER, 'BTC', U('50000')), 'LENDING_SUPPLY_CAP'],
    [
      'withdraw more than supplied',
      { type: 'LendingWithdraw', accountId: ALICE, asset: 'ETH', amount: U('11') },
      'LENDING_NOT_ENOUGH_BALANCE',
    ],
    [
      'withdraw collateral down to HF < 1',
      { type: 'LendingWithdraw', accountId: ALICE, asset: 'ETH', amount: U('3') },
      'LENDING_HEALTH_FACTOR_TOO_LOW',
    ],
    [
      'withdraw everything of nothing',
      { type: 'LendingWithdraw', accountId: CAROL, asset: 'USDT', amount: 'max' },
      'LENDING_INVALID_AMOUNT',
    ],
    ['borrow beyond LTV', borrow(ALICE, 'USDT', U('2600')), 'LENDING_LTV_EXCEEDED'],
    ['borrow without collateral', borrow(CAROL, 'USDT', U('1')), 'LENDING_NO_COLLATERAL'],
    ['borrow an asset with no price', borrow(ALICE, 'BTC', U('0.01')), 'LENDING_NO_PRICE'],
    ['borrow more than the cash', borrow(ALICE, 'WSTETH', U('6')), 'LENDING_NO_LIQUIDITY'],
    ['borrow outside the e-mode', borrow(BOB, 'USDT', U('1')), 'LENDING_NOT_BORROWABLE_IN_EMODE'],
    [
      'repay with nothing owed',
      { type: 'LendingRepay', accountId: CAROL, asset: 'USDT', amount: U('1') },
      'LENDING_NO_DEBT',
    ],
    [
      'repay everything from a wallet that is short',
      { type: 'LendingRepay', accountId: ALICE, asset: 'USDT', amount: 'max' },
      'ACCOUNT_INSUFFICIENT_BALANCE',
    ],
    [
      'repay for an unknown account',
      { type: 'LendingRepay', accountId: CAROL, asset: 'USDT', amount: U('1'), onBehalfOf: 99 },
      'ACCOUNT_UNKNOWN',
    ],
    [
      'repay a made-up amount',
      { type: 'LendingRepay', accountId: ALICE, asset: 'USDT', amount: 'all' as unknown as bigint },
      'LENDING_INVALID_AMOUNT',
    ],
    [
      'use a supply that does not exist as collateral',
      { type: 'SetCollateral', accountId: CAROL, asset: 'USDT', enabled: true },
      'LENDING_NO_SUPPLY',
    ],
    [
      'stop using collateral the debt needs',
      { type: 'SetCollateral', accountId: ALICE, asset: 'ETH', enabled: false },
      'LENDING_HEALTH_FACTOR_TOO_LOW',
    ],
    [
      'set collateral with a non-boolean',
      { type: 'SetCollateral', accountId: ALICE, asset: 'ETH', enabled: 1 as unknown as boolean },
      'ENGINE_BAD_COMMAND',
    ],
    ['enter an unknown e-mode', { type: 'SetEMode', accountId: ALICE, category: 7 }, 'LENDING_UNKNOWN_EMODE'],
    [
      'enter an e-mode that cannot borrow what is owed',
      { type: 'SetEMode', accountId: ALICE, category: 1 },
      'LENDING_NOT_BORROWABLE_IN_EMODE',
    ],
    [
      'leave the e-mode the loop needs',
      { type: 'SetEMode', accountId: BOB, category: 0 },
      'LENDING_HEALTH_FACTOR_TOO_LOW',
    ],
    ['liquidate a healthy account', liquidate(KEEPER, ALICE, 'ETH', 'USDT'), 'LENDING_NOT_LIQUIDATABLE'],
    ['liquidate itself', liquidate(DAVE, DAVE, 'ETH', 'USDC'), 'LENDING_SELF_LIQUIDATION'],
    ['liquidate an unknown account', liquidate(KEEPER, 99, 'ETH', 'USDC'), 'ACCOUNT_UNKNOWN'],
    [
      'liquidate collateral the account does not use',
      liquidate(KEEPER, DAVE, 'USDT', 'USDC'),
      'LENDING_COLLATERAL_NOT_ENABLED',
    ],
    ['liquidate a debt the account does not owe', liquidate(KEEPER, DAVE, 'ETH', 'USDT'), 'LENDING_NO_DEBT'],
    [
      'liquidate without the debt asset in the wallet',
      liquidate(CAROL, DAVE, 'ETH', 'USDC'),
      'ACCOUNT_INSUFFICIENT_BALANCE',
    ],
    ['price an asset at zero', { type: 'OraclePrice', asset: 'ETH', price: 0n }, 'PRICE_INVALID'],
    ['price an unknown asset', { type: 'OraclePrice', asset: 'XRP', price: 1n }, 'ACCOUNT_ASSET_UNKNOWN'],
    [
      'cover a deficit that does not exist',
      { type: 'FundLendingDeficit', accountId: KEEPER, asset: 'USDC', amount: 1n },
      'LENDING_NO_DEFICIT',
    ],
    [
      'withdraw more than the treasury holds',
      { type: 'TreasuryWithdraw', accountId: LENDER, asset: 'USDT', amount: U('1000') },
      'LENDING_NOT_ENOUGH_BALANCE',
    ],
  ];

  it.each(cases)('%s: %s', (_name, command, code) => {
    const d = busy();
    const before = stateHash(d.state);
    const seq = d.state.seq;
    const { result, events } = d.run(command);
    expect(result).toMatchObject({ ok: false, code });
    expect(events).toEqual([]);
    expect(d.state.seq).toBe(seq);
    expect(stateHash(d.state)).toBe(before);
  });

  it('refuses every command on a venue without a pool', () => {
    const d = new Driver(defaultSpotVenueConfig());
    const a = d.account();
    const before = stateHash(d.state);
    for (const c of [
      supply(a, 'USDT', 1n),
      { type: 'SetEMode', accountId: a, category: 1 } as const,
      liquidate(a, a, 'ETH', 'USDT'),
      { type: 'FundLendingDeficit', asset: 'USDT', amount: 1n } as const,
    ]) {
      expect(d.run(c).result).toMatchObject({ ok: false, code: 'LENDING_DISABLED' });
    }
    expect(stateHash(d.state)).toBe(before);
  });

  it('after the refusals the same commands succeed where they can: a liquidation, then a repay', () => {
    const d = busy();
    const out = d.ok(liquidate(KEEPER, DAVE, 'ETH', 'USDC'));
    expect(out.debtRepaid).toBeGreaterThan(0n);
    d.ok({ type: 'Deposit', accountId: ALICE, asset: 'USDT', amount: U('30000') });
    expect(d.ok({ type: 'LendingRepay', accountId: ALICE, asset: 'USDT', amount: 'max' }).cleared).toBe(true);
    expect(invariantViolations(d.state)).toEqual([]);
  });
});

describe('lending in snapshots', () => {
  it('round-trips reserves, positions and oracle prices, and the copy goes on like the original', () => {
    const d = busy();
    const text = encodeSnapshot(d.state);
    const copy = decodeSnapshot(text);
    expect(encodeSnapshot(copy)).toBe(text);
    expect(stateHash(copy)).toBe(stateHash(d.state));
    // Continue both with the same commands: equal hashes after each.
    const next: UnstampedCommand[] = [
      liquidate(KEEPER, DAVE, 'ETH', 'USDC'),
      { type: 'LendingRepay', accountId: ALICE, asset: 'USDT', amount: U('50') },
      { type: 'OraclePrice', asset: 'ETH', price: U('3100') },
    ];
    let seq = d.state.seq;
    for (const c of next) {
      d.time += DAY;
      d.ok(c);
      const { result } = apply(copy, { ...c, seq: ++seq, time: d.time } as unknown as Command);
      expect(result.ok).toBe(true);
      expect(stateHash(copy)).toBe(stateHash(d.state));
    }
  });

  it('reads a snapshot of the version before the pool: no positions, no prices', () => {
    const d = new Driver(defaultSpotVenueConfig());
    d.account();
    const v5 = JSON.parse(encodeSnapshot(d.state)) as Record<string, unknown> & {
      accounts: Record<string, unknown>[];
    };
    delete v5.oracle;
    delete v5.lending;
    for (const a of v5.accounts) delete a.lending;
    const v4 = JSON.stringify({ ...v5, version: 4 });
    expect(encodeSnapshot(decodeSnapshot(v4))).toBe(encodeSnapshot(d.state));
    expect(() => decodeSnapshot(JSON.stringify({ ...v5, version: 3 }))).toThrow(/version 3/);
  });
});
