import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rounding, WAD, applyBps, pow10 } from '../money/index.ts';
import { accountDataOf, collateralTerms, poolView } from './accountData.ts';
import { lendingBorrow, lendingMaxBorrow, lendingRepay } from './borrow.ts';
import type { LendingRejection } from './codes.ts';
import {
  DECIMALS,
  T0,
  defaultPool,
  defaultPrices,
  newAccounts,
  snapshotOf,
  surplusGrowthBound as growthBound,
} from './fixtures.ts';
import { liquidationCall } from './liquidation.ts';
import { YEAR_MS, debtBalance } from './math.ts';
import type { LendingAccount, LendingPool } from './pool.ts';
import { normalizedDebt, surplusRay } from './reserve.ts';
import { setCollateralUse, setEMode } from './settings.ts';
import { lendingSupply, lendingWithdraw } from './supply.ts';
import { coverDeficit, withdrawTreasury } from './treasury.ts';

const USERS = 3;
const RESERVES = DECIMALS.length;

type Amount = bigint | 'max';
type Sized = { readonly m: number; readonly e: number };
type Op =
  | { readonly kind: 'supply'; readonly who: number; readonly reserve: number; readonly amount: Sized }
  | {
      readonly kind: 'withdraw';
      readonly who: number;
      readonly reserve: number;
      readonly amount: Sized | 'max';
    }
  | { readonly kind: 'borrow'; readonly who: number; readonly reserve: number; readonly amount: Sized }
  | { readonly kind: 'borrowShare'; readonly who: number; readonly reserve: number; readonly percent: number }
  | { readonly kind: 'repay'; readonly who: number; readonly reserve: number; readonly amount: Sized | 'max' }
  | { readonly kind: 'collateral'; readonly who: number; readonly reserve: number; readonly enabled: boolean }
  | { readonly kind: 'eMode'; readonly who: number; readonly category: number }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'price'; readonly reserve: number; readonly percent: number }
  | { readonly kind: 'crash'; readonly who: number; readonly percent: number }
  | {
      readonly kind: 'liquidate';
      readonly keeper: number;
      readonly who: number;
      readonly collateral: number;
      readonly debt: number;
      readonly cover: Sized | 'max';
      readonly receiveSupply: boolean;
    }
  | { readonly kind: 'treasury'; readonly reserve: number }
  | {
      readonly kind: 'cover';
      readonly reserve: number;
      readonly amount: Sized;
      readonly fromTreasury: boolean;
    };

const who = fc.integer({ min: 0, max: USERS - 1 });
const reserve = fc.integer({ min: 0, max: RESERVES - 1 });
/**
 * mantissa x 10^exponent, the exponent capped per reserve when used (see sized): from single units
 * to ~10^4 whole tokens, whatever the decimals.
 */
const units = fc.record({ m: fc.integer({ min: 1, max: 9_999 }), e: fc.integer({ min: 0, max: 22 }) });
const amountOrMax = fc.oneof(units, fc.constant('max' as const));
function sized(u: Sized, reserveIndex: number): bigint {
  return BigInt(u.m) * pow10(Math.min(u.e, (DECIMALS[reserveIndex] ?? 0) + 1));
}
function sizedOrMax(u: Sized | 'max', reserveIndex: number): Amount {
  return u === 'max' ? 'max' : sized(u, reserveIndex);
}

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('supply' as const), who, reserve, amount: units }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who, reserve, amount: amountOrMax }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('borrow' as const), who, reserve, amount: units }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('borrowShare' as const),
      who,
      reserve,
      percent: fc.oneof(fc.integer({ min: 1, max: 110 }), fc.integer({ min: 95, max: 100 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('repay' as const), who, reserve, amount: amountOrMax }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('collateral' as const), who, reserve, enabled: fc.boolean() }),
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
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.oneof(fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 1, max: YEAR_MS })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('price' as const),
      reserve,
      percent: fc.integer({ min: 30, max: 130 }),
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
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('liquidate' as const),
      keeper: who,
      who,
      collateral: reserve,
      debt: reserve,
      cover: amountOrMax,
      receiveSupply: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('treasury' as const), reserve }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('cover' as const),
      reserve,
      amount: units,
      fromTreasury: fc.boolean(),
    }),
  },
);

/** Whole tokens the lender supplies to each reserve. */
const LIQUIDITY = [2_000n, 2_000n, 100n, 5_000_000n, 5_000_000n];
const seed = fc.array(fc.tuple(reserve, units), { minLength: USERS, maxLength: USERS });

interface World {
  readonly pool: LendingPool;
  readonly accounts: LendingAccount[];
  readonly prices: bigint[];
  now: number;
}

type Outcome = { readonly ok: true } | LendingRejection;

function account(world: World, index: number): LendingAccount {
  const found = world.accounts[index];
  if (!found) throw new Error(`no account ${index}`);
  return found;
}

function run(world: World, o: Op): Outcome | undefined {
  const { pool, prices, now } = world;
  switch (o.kind) {
    case 'supply':
      return lendingSupply(pool, account(world, o.who), o.reserve, sized(o.amount, o.reserve), now);
    case 'withdraw':
      return lendingWithdraw(
        pool,
        account(world, o.who),
        o.reserve,
        sizedOrMax(o.amount, o.reserve),
        now,
        prices,
      );
    case 'borrow':
      return lendingBorrow(pool, account(world, o.who), o.reserve, sized(o.amount, o.reserve), now, prices);
    case 'borrowShare': {
      const most = lendingMaxBorrow(pool, account(world, o.who), o.reserve, now, prices);
      const wanted = (most * BigInt(o.percent)) / 100n;
      const result = lendingBorrow(
        pool,
        account(world, o.who),
        o.reserve,
        wanted > 0n ? wanted : 1n,
        now,
        prices,
      );
      // lendingMaxBorrow promises an amount every check accepts.
      if (wanted > 0n && o.percent <= 100) expect(result.ok).toBe(true);
      return result;
    }
    case 'repay':
      return lendingRepay(pool, account(world, o.who), o.reserve, sizedOrMax(o.amount, o.reserve), now);
    case 'collateral':
      return setCollateralUse(pool, account(world, o.who), o.reserve, o.enabled, now, prices);
    case 'eMode':
      return setEMode(pool, account(world, o.who), o.category, now, prices);
    case 'wait':
      world.now += o.ms;
      return undefined;
    case 'price': {
      const current = prices[o.reserve] ?? 0n;
      const next = (current * BigInt(o.percent)) / 100n;
      prices[o.reserve] = next > 0n ? next : 1n;
      return undefined;
    }
    case 'crash': {
      // Every asset the account uses as collateral falls to `percent` of its price.
      account(world, o.who).positions.forEach((p, i) => {
        if (p.collateral) prices[i] = ((prices[i] ?? 0n) * BigInt(o.percent)) / 100n || 1n;
      });
      return undefined;
    }
    case 'liquidate': {
      // Like a keeper: rotate to an unhealthy account, and to reserves it holds and owes.
      const unhealthy = (i: number): boolean => {
        const data = accountDataOf(poolView(pool, account(world, i)), prices, now);
        return !('ok' in data) && data.healthFactor < WAD;
      };
      let target = o.who;
      for (let k = 0; k < USERS; k++) if (unhealthy((o.who + k) % USERS)) target = (o.who + k) % USERS;
      const borrower = account(world, target);
      const pick = (from: number, holds: (i: number) => boolean): number => {
        for (let k = 0; k < RESERVES; k++) if (holds((from + k) % RESERVES)) return (from + k) % RESERVES;
        return from;
      };
      const collateral = pick(o.collateral, (i) => borrower.positions[i]!.collateral);
      const debt = pick(o.debt, (i) => borrower.positions[i]!.scaledDebt !== 0n);
      const debtToCover = sizedOrMax(o.cover, debt);
      const request = { collateral, debt, debtToCover, receiveSupply: o.receiveSupply };
      return liquidationCall(pool, borrower, request, now, prices, account(world, o.keeper));
    }
    case 'treasury':
      return withdrawTreasury(pool, o.reserve, 'max', now);
    case 'cover':
      return coverDeficit(
        pool,
        o.reserve,
        sized(o.amount, o.reserve),
        now,
        o.fromTreasury ? 'treasury' : 'payment',
      );
  }
}

function checkInvariants(world: World, bounds: bigint[]): void {
  world.pool.reserves.forEach((r, i) => {
    const supply = world.accounts.reduce((sum, a) => sum + a.positions[i]!.scaledSupply, 0n);
    const debt = world.accounts.reduce((sum, a) => sum + a.positions[i]!.scaledDebt, 0n);
    expect(supply).toBe(r.scaledTotalSupply);
    expect(debt).toBe(r.scaledTotalDebt);
    for (const value of [r.cash, r.deficit, r.accruedToTreasury]) expect(value).toBeGreaterThanOrEqual(0n);
    const surplus = surplusRay(r);
    expect(surplus).toBeGreaterThanOrEqual(0n);
    expect(surplus).toBeLessThanOrEqual(bounds[i]!);
  });
  for (const a of world.accounts) {
    for (const p of a.positions) {
      expect(p.scaledSupply).toBeGreaterThanOrEqual(0n);
      expect(p.scaledDebt).toBeGreaterThanOrEqual(0n);
    }
  }
}

/** A funded pool: a lender supplies every reserve; users start with nothing. */
function newWorld(users: number): World {
  const pool = defaultPool();
  const world: World = { pool, accounts: newAccounts(pool, users + 1), prices: defaultPrices(), now: T0 };
  const lender = account(world, users);
  LIQUIDITY.forEach((whole, i) => lendingSupply(pool, lender, i, whole * pow10(DECIMALS[i] ?? 0), T0));
  return world;
}

/**
 * Run one step and check it: a refusal must leave everything as it was; otherwise the books must hold,
 * the surplus bound growing with what changed.
 */
function step<T extends Outcome>(world: World, bounds: bigint[], action: () => T | undefined): T | undefined {
  const { pool } = world;
  const before = snapshotOf(pool, world.accounts);
  const reservesBefore = pool.reserves.map((r) => ({ ...r }));
  const outcome = action();
  if (outcome && !outcome.ok) {
    expect(snapshotOf(pool, world.accounts)).toBe(before);
    return outcome;
  }
  pool.reserves.forEach((r, i) => {
    const prior = reservesBefore[i]!;
    if (JSON.stringify(r, bigints) !== JSON.stringify(prior, bigints))
      bounds[i] = bounds[i]! + growthBound(prior, r);
  });
  checkInvariants(world, bounds);
  return outcome;
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

describe('lending properties', () => {
  it('refusals change nothing, borrows stay within LTV, and the pool balances', () => {
    fc.assert(
      fc.property(seed, fc.array(op, { minLength: 10, maxLength: 60 }), (collateral, ops) => {
        const world = newWorld(USERS);
        const bounds = world.pool.reserves.map(() => 0n);
        collateral.forEach(([r, u], i) => lendingSupply(world.pool, account(world, i), r, sized(u, r), T0));
        checkInvariants(world, bounds);
        for (const o of ops) {
          const outcome = step(world, bounds, () => run(world, o));
          if (outcome?.ok && (o.kind === 'borrow' || o.kind === 'borrowShare')) {
            // No borrow beyond LTV: debt <= collateral x average LTV, and HF >= 1.
            const data = accountDataOf(poolView(world.pool, account(world, o.who)), world.prices, world.now);
            if ('ok' in data) throw new Error(data.message);
            expect(data.totalDebt).toBeLessThanOrEqual(
              applyBps(data.totalCollateral, data.ltv, Rounding.Down),
            );
            expect(data.healthFactor).toBeGreaterThanOrEqual(WAD);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('liquidations repay at most what is owed, pay at most the bonus, and leave no unbacked debt', () => {
    const scenario = fc.record({
      collateral: reserve,
      debt: reserve,
      size: units,
      share: fc.integer({ min: 50, max: 100 }),
      wait: fc.integer({ min: 0, max: 2 * YEAR_MS }),
      drop: fc.integer({ min: 5, max: 99 }),
      covers: fc.array(fc.record({ cover: amountOrMax, receiveSupply: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
      }),
    });
    fc.assert(
      fc.property(scenario, (sc) => {
        const world = newWorld(2);
        const { pool, prices } = world;
        const bounds = pool.reserves.map(() => 0n);
        const [borrower, keeper] = [account(world, 0), account(world, 1)];
        if (!lendingSupply(pool, borrower, sc.collateral, sized(sc.size, sc.collateral), T0).ok) return;
        const most = lendingMaxBorrow(pool, borrower, sc.debt, T0, prices);
        if (most === 0n) return;
        step(world, bounds, () =>
          lendingBorrow(pool, borrower, sc.debt, (most * BigInt(sc.share)) / 100n || 1n, T0, prices),
        );
        world.now += sc.wait;
        prices[sc.collateral] = ((prices[sc.collateral] ?? 0n) * BigInt(100 - sc.drop)) / 100n || 1n;
        for (const { cover, receiveSupply } of sc.covers) {
          const data = accountDataOf(poolView(pool, borrower), prices, world.now);
          if ('ok' in data) throw new Error(data.message);
          const params = pool.params.reserves;
          const owedBefore = borrower.positions.map((_, i) => borrowedBalanceAt(world, borrower, i));
          const request = {
            collateral: sc.collateral,
            debt: sc.debt,
            debtToCover: sizedOrMax(cover, sc.debt),
            receiveSupply,
          };
          const out = step(world, bounds, () =>
            liquidationCall(pool, borrower, request, world.now, prices, keeper),
          );
          if (!out?.ok) {
            if (data.healthFactor >= WAD) expect(out?.code).toBe('LENDING_NOT_LIQUIDATABLE');
            continue;
          }
          expect(data.healthFactor).toBeLessThan(WAD);
          expect(out.debtRepaid).toBeLessThanOrEqual(owedBefore[sc.debt]!);
          // The collateral taken is worth at most the debt repaid x the bonus (plus a unit of rounding).
          const unitC = params[sc.collateral]!.unit;
          const unitD = params[sc.debt]!.unit;
          const taken =
            (out.collateralToLiquidator + out.protocolFee) * prices[sc.collateral]! * unitD * 10_000n;
          const paid = out.debtRepaid * prices[sc.debt]! * unitC * terms(pool, borrower, sc.collateral);
          expect(taken).toBeLessThanOrEqual(paid + prices[sc.collateral]! * unitD * 10_000n);
          if (out.noCollateralLeft) {
            expect(borrower.positions.every((p) => p.scaledDebt === 0n)).toBe(true);
            const written = out.deficits.reduce((sum, d) => sum + d.amount, 0n);
            const owedTotal = owedBefore.reduce((sum, owed) => sum + owed, 0n);
            if (out.deficits.every((d) => d.reserve === sc.debt))
              expect(written).toBe(owedTotal - out.debtRepaid);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

function borrowedBalanceAt(world: World, who: LendingAccount, index: number): bigint {
  const state = world.pool.reserves[index]!;
  return debtBalance(who.positions[index]!.scaledDebt, normalizedDebt(state, world.now));
}

function terms(pool: LendingPool, who: LendingAccount, index: number): bigint {
  return collateralTerms(pool.params, who.eMode, index).liquidationBonus;
}
