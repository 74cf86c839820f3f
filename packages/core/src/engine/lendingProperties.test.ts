import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surplusGrowthBound } from '../lending/fixtures.ts';
import { HEALTH_FACTOR_LIQUIDATION, surplusRay } from '../lending/index.ts';
import type { ReserveState } from '../lending/index.ts';
import { defaultVenueConfig } from '../market/index.ts';
import { Rounding, applyBps, pow10 } from '../money/index.ts';
import { apply } from './apply.ts';
import type { UnstampedCommand } from './commands.ts';
import { invariantViolations } from './invariants.ts';
import { lendingAccountView } from './lendingView.ts';
import { decodeSnapshot, encodeSnapshot, stateHash, toJson, toSnapshot } from './snapshot.ts';
import { Driver } from './testDriver.ts';

/** Reserve order of the default venue's pool, with decimals and a starting oracle price in USD. */
const ASSETS = [
  { symbol: 'ETH', decimals: 8, usd: 3_000n, wallet: 100n, liquidity: 2_000n },
  { symbol: 'WSTETH', decimals: 8, usd: 3_000n, wallet: 100n, liquidity: 2_000n },
  { symbol: 'BTC', decimals: 8, usd: 60_000n, wallet: 5n, liquidity: 100n },
  { symbol: 'USDC', decimals: 6, usd: 1n, wallet: 300_000n, liquidity: 5_000_000n },
  { symbol: 'USDT', decimals: 8, usd: 1n, wallet: 300_000n, liquidity: 5_000_000n },
] as const;
const USERS = 4;
const LENDER = USERS + 1;
const USD = 100_000_000n;

type Sized = { readonly m: number; readonly e: number } | 'max';
type Step =
  | { kind: 'supply'; who: number; asset: number; percent: number }
  | { kind: 'withdraw'; who: number; asset: number; amount: Sized }
  | { kind: 'borrow'; who: number; asset: number; percent: number }
  | { kind: 'repay'; who: number; asset: number; amount: Sized; forOther: boolean }
  | { kind: 'collateral'; who: number; asset: number; enabled: boolean }
  | { kind: 'eMode'; who: number; category: number }
  | { kind: 'price'; asset: number; percent: number }
  | { kind: 'crash'; who: number; percent: number }
  | { kind: 'wait'; ms: number }
  | {
      kind: 'liquidate';
      keeper: number;
      who: number;
      collateral: number;
      debt: number;
      cover: Sized;
      receiveSupply: boolean;
    }
  | { kind: 'treasury'; asset: number }
  | { kind: 'cover'; asset: number; fromTreasury: boolean };

const who = fc.integer({ min: 1, max: USERS });
const asset = fc.integer({ min: 0, max: ASSETS.length - 1 });
const sized: fc.Arbitrary<Sized> = fc.oneof(
  fc.record({ m: fc.integer({ min: 1, max: 9_999 }), e: fc.integer({ min: 0, max: 12 }) }),
  fc.constant('max' as const),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('supply' as const),
      who,
      asset,
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who, asset, amount: sized }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('borrow' as const),
      who,
      asset,
      percent: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 95, max: 101 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('repay' as const),
      who,
      asset,
      amount: sized,
      forOther: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('collateral' as const), who, asset, enabled: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('eMode' as const),
      who,
      category: fc.integer({ min: 0, max: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('price' as const),
      asset,
      percent: fc.integer({ min: 40, max: 125 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('crash' as const),
      who,
      percent: fc.integer({ min: 30, max: 97 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.oneof(fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 1, max: 400 * 86_400_000 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('liquidate' as const),
      keeper: fc.oneof(fc.constant(LENDER), fc.integer({ min: 1, max: LENDER })),
      who,
      collateral: asset,
      debt: asset,
      cover: sized,
      receiveSupply: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('treasury' as const), asset }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cover' as const), asset, fromTreasury: fc.boolean() }),
  },
);

/** Users hold every asset; the lender supplies liquidity to every reserve; prices are set. */
function world(): Driver {
  const d = new Driver(defaultVenueConfig());
  for (let i = 0; i < LENDER; i++) d.account();
  ASSETS.forEach((a) => {
    const unit = pow10(a.decimals);
    d.ok({ type: 'OraclePrice', asset: a.symbol, price: a.usd * USD });
    for (let id = 1; id <= USERS; id++)
      d.ok({ type: 'Deposit', accountId: id, asset: a.symbol, amount: a.wallet * unit });
    d.ok({ type: 'Deposit', accountId: LENDER, asset: a.symbol, amount: 2n * a.liquidity * unit });
    d.ok({ type: 'LendingSupply', accountId: LENDER, asset: a.symbol, amount: a.liquidity * unit });
  });
  return d;
}

function amountOf(s: Sized, assetIndex: number): bigint | 'max' {
  if (s === 'max') return 'max';
  return BigInt(s.m) * pow10(Math.min(s.e, ASSETS[assetIndex]!.decimals + 1));
}

function positionsOf(d: Driver, id: number) {
  return d.state.accounts[id - 1]?.lending?.positions ?? [];
}

/** The first reserve from `from` on (cyclically) that `holds`, else `from`. */
function pick(from: number, holds: (i: number) => boolean): number {
  for (let k = 0; k < ASSETS.length; k++)
    if (holds((from + k) % ASSETS.length)) return (from + k) % ASSETS.length;
  return from;
}

/** The command a step stands for, read off the state like a user would. */
function commandOf(d: Driver, s: Step): UnstampedCommand | undefined {
  const symbol = (i: number) => ASSETS[i]!.symbol;
  const wallet = (id: number, i: number) => {
    const a = d.state.venue.assetBySymbol.get(symbol(i))!;
    return d.state.accounts[id - 1]!.wallets[a.index]!.available;
  };
  switch (s.kind) {
    case 'supply':
      return {
        type: 'LendingSupply',
        accountId: s.who,
        asset: symbol(s.asset),
        amount: (wallet(s.who, s.asset) * BigInt(s.percent)) / 100n || 1n,
      };
    case 'withdraw':
      return {
        type: 'LendingWithdraw',
        accountId: s.who,
        asset: symbol(s.asset),
        amount: amountOf(s.amount, s.asset),
      };
    case 'borrow': {
      const most = lendingAccountView(d.state, s.who)!.positions[s.asset]!.maxBorrow;
      return {
        type: 'LendingBorrow',
        accountId: s.who,
        asset: symbol(s.asset),
        amount: (most * BigInt(s.percent)) / 100n || 1n,
      };
    }
    case 'repay': {
      const owed = pick(s.asset, (i) => (positionsOf(d, s.who)[i]?.scaledDebt ?? 0n) !== 0n);
      return {
        type: 'LendingRepay',
        accountId: s.forOther ? LENDER : s.who,
        asset: symbol(owed),
        amount: amountOf(s.amount, owed),
        ...(s.forOther ? { onBehalfOf: s.who } : {}),
      };
    }
    case 'collateral':
      return { type: 'SetCollateral', accountId: s.who, asset: symbol(s.asset), enabled: s.enabled };
    case 'eMode':
      return { type: 'SetEMode', accountId: s.who, category: s.category };
    case 'price': {
      const a = d.state.venue.assetBySymbol.get(symbol(s.asset))!;
      const price = (d.state.oracle[a.index]! * BigInt(s.percent)) / 100n;
      return { type: 'OraclePrice', asset: symbol(s.asset), price: price > 0n ? price : 1n };
    }
    case 'crash': {
      // Every asset the account uses as collateral falls to `percent` of its price, one at a time.
      const falling = pick(0, (i) => positionsOf(d, s.who)[i]?.collateral === true);
      const a = d.state.venue.assetBySymbol.get(symbol(falling))!;
      const price = (d.state.oracle[a.index]! * BigInt(s.percent)) / 100n;
      return { type: 'OraclePrice', asset: symbol(falling), price: price > 0n ? price : 1n };
    }
    case 'wait':
      d.time += s.ms;
      return undefined;
    case 'liquidate': {
      // Like a keeper: the first unhealthy account from `who` on, the reserves it holds and owes.
      let target = s.who;
      for (let k = 0; k < USERS; k++) {
        const id = ((s.who - 1 + k) % USERS) + 1;
        if (lendingAccountView(d.state, id)!.healthFactor < HEALTH_FACTOR_LIQUIDATION) {
          target = id;
          break;
        }
      }
      const positions = d.state.accounts[target - 1]!.lending?.positions ?? [];
      const pick = (from: number, holds: (i: number) => boolean) => {
        for (let k = 0; k < ASSETS.length; k++)
          if (holds((from + k) % ASSETS.length)) return (from + k) % ASSETS.length;
        return from;
      };
      const collateral = pick(s.collateral, (i) => positions[i]?.collateral === true);
      const debt = pick(s.debt, (i) => (positions[i]?.scaledDebt ?? 0n) !== 0n);
      return {
        type: 'LiquidationCall',
        accountId: s.keeper,
        borrower: target,
        collateralAsset: symbol(collateral),
        debtAsset: symbol(debt),
        debtToCover: amountOf(s.cover, debt),
        receiveSupply: s.receiveSupply,
      };
    }
    case 'treasury':
      return { type: 'TreasuryWithdraw', accountId: LENDER, asset: symbol(s.asset), amount: 'max' };
    case 'cover':
      return {
        type: 'FundLendingDeficit',
        asset: symbol(s.asset),
        amount: 10n ** 30n,
        ...(s.fromTreasury ? {} : { accountId: LENDER }),
      };
  }
}

/** The command takes away collateral the account's debt counts on (the checks Aave makes on it). */
function removesBacking(d: Driver, c: UnstampedCommand): boolean {
  if (c.type === 'SetEMode') return d.state.accounts[c.accountId - 1]?.lending?.eMode !== c.category;
  if (c.type !== 'LendingWithdraw' && !(c.type === 'SetCollateral' && !c.enabled)) return false;
  const reserve = ASSETS.findIndex((a) => a.symbol === c.asset);
  return d.state.accounts[c.accountId - 1]?.lending?.positions[reserve]?.collateral === true;
}

/** Every user starts with one supply and a loan against it. */
const seeds = fc.array(fc.tuple(asset, asset, fc.integer({ min: 30, max: 100 })), {
  minLength: USERS,
  maxLength: USERS,
});

function commandsOf(d: Driver, steps: readonly Step[]): void {
  for (const s of steps) {
    const command = commandOf(d, s);
    if (command) d.run(command);
  }
}

function reserves(d: Driver): ReserveState[] {
  return d.state.lending!.reserves.map((r) => ({ ...r }));
}

describe('lending pool properties through the engine', () => {
  it('conserves money, keeps the pool identity, lends within LTV, and replays from a snapshot', () => {
    fc.assert(
      fc.property(seeds, fc.array(step, { minLength: 10, maxLength: 50 }), fc.nat(), (seed, steps, cut) => {
        const d = world();
        seed.forEach(([collateral, debt, percent], i) => {
          commandsOf(d, [
            { kind: 'supply', who: i + 1, asset: collateral, percent: 50 },
            { kind: 'borrow', who: i + 1, asset: debt, percent },
          ]);
        });
        const bounds = d.state.lending!.reserves.map((r) => surplusRay(r));
        const snapshotAt = cut % steps.length;
        let snapshot: { text: string; journal: number } | undefined;
        steps.forEach((s, i) => {
          if (i === snapshotAt) {
            snapshot = { text: encodeSnapshot(d.state), journal: d.journal.length };
            expect(snapshot.text).toBe(toJson(toSnapshot(d.state)));
          }
          const command = commandOf(d, s);
          if (!command) return;
          const hash = stateHash(d.state);
          const before = reserves(d);
          const backing = removesBacking(d, command);
          const { result } = d.run(command);
          if (!result.ok) {
            expect(stateHash(d.state)).toBe(hash);
            return;
          }
          expect(invariantViolations(d.state)).toEqual([]);
          d.state.lending!.reserves.forEach((r, j) => {
            bounds[j] = bounds[j]! + surplusGrowthBound(before[j]!, r);
            expect(surplusRay(r)).toBeLessThanOrEqual(bounds[j]!);
          });
          const actor = 'accountId' in command ? command.accountId : 0;
          const view = actor > 0 ? lendingAccountView(d.state, actor) : undefined;
          if (view && command.type === 'LendingBorrow') {
            // No borrow beyond LTV, none to HF < 1.
            expect(view.totalDebt).toBeLessThanOrEqual(
              applyBps(view.totalCollateral, view.ltv, Rounding.Down),
            );
            expect(view.healthFactor).toBeGreaterThanOrEqual(HEALTH_FACTOR_LIQUIDATION);
          }
          if (view && backing && view.totalDebt > 0n) {
            // Withdrawing or switching off collateral, or changing e-mode, never leaves HF < 1.
            expect(view.healthFactor).toBeGreaterThanOrEqual(HEALTH_FACTOR_LIQUIDATION);
          }
        });
        if (!snapshot) return;
        const restored = decodeSnapshot(snapshot.text);
        for (const command of d.journal.slice(snapshot.journal)) apply(restored, command);
        expect(stateHash(restored)).toBe(stateHash(d.state));
      }),
      { numRuns: 120 },
    );
  });
});
