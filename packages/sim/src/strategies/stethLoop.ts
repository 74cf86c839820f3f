import { z } from 'zod';
import { lendingBorrow, lendingMaxBorrow, lendingRepay, lendingSupply, lendingWithdraw } from '@fulcrum/core';
import type { UnstampedCommand } from '@fulcrum/core';
import { ParamError } from '../scenario/errors.ts';
import { fraction, integer, number, numberOrRange } from '../scenario/fields.ts';
import { spotFree } from './orders.ts';
import {
  atOracle,
  draftData,
  eModeFor,
  lessFee,
  poolDraft,
  reserveParam,
  swapCommands,
  unitsFor,
} from './lending.ts';
import type { PoolDraft, ReserveRef } from './lending.ts';
import { draw, parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyDefinition, StrategyEnv } from './types.ts';

const schema = z.strictObject({
  /** Supplied as collateral (default WSTETH). */
  collateral: z.string().optional(),
  /** Borrowed against it and swapped into more collateral (default ETH). */
  debt: z.string().optional(),
  /** E-mode category (default: the first where the collateral counts and the debt may be borrowed; 0: none). */
  eMode: integer.min(0, 'must be at least 0').max(255, 'must be at most 255').optional(),
  /** Collateral / equity to reach: a number, or a [min, max] range drawn per agent. */
  targetLeverage: numberOrRange.optional(),
  /** Most borrow-swap-supply rounds (default 100 with a targetLeverage, else 10). */
  loops: integer.min(1, 'must be at least 1').max(1_000, 'must be at most 1000').optional(),
  /** No round may leave the health factor below this (default 1.01). */
  minHealthFactor: number.gt(1, 'must be above 1').optional(),
  /** Unwind when the health factor falls below this (default: never). */
  deleverageBelow: number.gt(1, 'must be above 1').optional(),
  /** ...until it is back to this (default deleverageBelow + 0.02). */
  deleverageTo: number.gt(1, 'must be above 1').optional(),
  /** Cost of each swap between the two assets, a fraction (default 0). */
  swapFee: fraction.optional(),
});

export interface StethLoopParams {
  readonly collateral: ReserveRef;
  readonly debt: ReserveRef;
  readonly eMode: number;
  /** A number, or a range each agent draws its own from. */
  readonly targetLeverage: number | readonly [number, number] | undefined;
  readonly loops: number;
  readonly minHealthFactor: number;
  readonly deleverageBelow: number | undefined;
  readonly deleverageTo: number;
  readonly swapFee: number;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): StethLoopParams {
  const p = parseWith(schema, raw);
  const collateral = reserveParam(env, p.collateral ?? 'WSTETH', 'collateral');
  const debt = reserveParam(env, p.debt ?? 'ETH', 'debt');
  if (collateral.asset === debt.asset) throw new ParamError('debt', 'must differ from the collateral');
  const lending = env.venue.lending!.params;
  const eMode = p.eMode ?? eModeFor(env.venue, collateral, debt);
  const category = eMode === 0 ? undefined : lending.eModes.get(eMode);
  if (eMode !== 0 && !category)
    throw new ParamError(
      'eMode',
      `no e-mode ${eMode} in the pool (it has ${[...lending.eModes.keys()].join(', ') || 'none'})`,
    );
  const name = (a: ReserveRef) => a.asset.symbol;
  if (category && category.collateral[collateral.params.index] !== true)
    throw new ParamError(
      'eMode',
      `${name(collateral)} is not collateral in e-mode ${eMode} (${category.label})`,
    );
  if (category && category.borrowable[debt.params.index] !== true)
    throw new ParamError('eMode', `${name(debt)} may not be borrowed in e-mode ${eMode} (${category.label})`);
  if (!debt.params.borrowingEnabled) throw new ParamError('debt', `the pool does not lend ${name(debt)}`);
  const ltv = Number((category ?? collateral.params).ltv) / 10_000;
  if (ltv === 0) throw new ParamError('collateral', `${name(collateral)} cannot back a borrow (LTV 0)`);
  const most = 1 / (1 - ltv);
  const target = p.targetLeverage;
  const [lo, hi] = typeof target === 'number' ? [target, target] : (target ?? [2, 2]);
  if (lo <= 1) throw new ParamError('targetLeverage', 'must be above 1');
  if (hi >= most)
    throw new ParamError(
      'targetLeverage',
      `must be below ${most.toFixed(2)}x: ${name(collateral)} backs borrows up to ${(ltv * 100).toFixed(1)}%${category ? ` in ${category.label}` : ''}`,
    );
  const deleverageTo = p.deleverageTo ?? (p.deleverageBelow === undefined ? 0 : p.deleverageBelow + 0.02);
  if (p.deleverageBelow !== undefined && deleverageTo <= p.deleverageBelow)
    throw new ParamError('deleverageTo', `must be above deleverageBelow (${p.deleverageBelow})`);
  return {
    collateral,
    debt,
    eMode,
    targetLeverage: p.targetLeverage,
    loops: p.loops ?? (p.targetLeverage === undefined ? 10 : 100),
    minHealthFactor: p.minHealthFactor ?? 1.01,
    deleverageBelow: p.deleverageBelow,
    deleverageTo,
    swapFee: p.swapFee ?? 0,
  };
}

/** Rounds worth less than this share of the equity are not worth their commands. */
const SMALLEST_ROUND = 1e-4;
/** Closed-form amounts are taken this much short, so rounding never crosses a limit. */
const SHORT = 1 - 1e-6;

/**
 * Borrow-swap-supply rounds on a draft of the pool, each as large as the target leverage, the
 * minimum health factor and the pool allow: LendingBorrow, the swap (Withdraw and Deposit at the
 * oracle ratio) and LendingSupply per round. Every amount is the one the pool will take.
 */
export function planLoop(
  d: PoolDraft,
  p: StethLoopParams,
  accountId: number,
  targetLeverage: number | undefined,
): UnstampedCommand[] {
  const out: UnstampedCommand[] = [];
  const c = p.collateral;
  const b = p.debt;
  const lt = (terms: number) => terms / 10_000;
  for (let round = 0; round < p.loops; round++) {
    const data = draftData(d);
    if (!data || data.totalCollateral === 0n) break;
    const C = Number(data.totalCollateral);
    const D = Number(data.totalDebt);
    const threshold = lt(Number(data.liquidationThreshold));
    // After a round borrowing value V (f: the swap fee): collateral C + V(1 - f), debt D + V.
    // Health factor (C + V(1 - f)) x threshold / (D + V) >= minimum; leverage, collateral / equity,
    // (C + V(1 - f)) / (C - D - fV) <= target.
    const h = p.minHealthFactor;
    const f = p.swapFee;
    let value = ((C * threshold - h * D) / (h - threshold * (1 - f))) * SHORT;
    if (targetLeverage !== undefined)
      value = Math.min(value, ((targetLeverage * (C - D) - C) / (1 - f + targetLeverage * f)) * SHORT);
    if (value < (C - D) * SMALLEST_ROUND) break;
    const most = lendingMaxBorrow(d.pool, d.account, b.params.index, d.now, d.prices);
    const wanted = unitsFor(d.prices, b, value);
    const amount = wanted < most ? wanted : most;
    if (amount <= 0n) break;
    const got = lessFee(atOracle(d.prices, b, c, amount), p.swapFee);
    if (got <= 0n) break;
    if (!lendingBorrow(d.pool, d.account, b.params.index, amount, d.now, d.prices).ok) break;
    if (!lendingSupply(d.pool, d.account, c.params.index, got, d.now).ok) break;
    out.push(
      { type: 'LendingBorrow', accountId, asset: b.asset.symbol, amount },
      ...swapCommands(accountId, b.asset.symbol, c.asset.symbol, amount, got),
      { type: 'LendingSupply', accountId, asset: c.asset.symbol, amount: got },
    );
  }
  return out;
}

/**
 * Unwind rounds until the health factor is back to `deleverageTo`: repay from the debt asset the
 * wallet holds, then withdraw collateral (as much as keeps the health factor at 1), swap it at the
 * oracle ratio and repay. Nothing is possible once the health factor is below 1 and the wallet empty.
 */
export function planDeleverage(
  d: PoolDraft,
  p: StethLoopParams,
  accountId: number,
  wallet: bigint,
): UnstampedCommand[] {
  const out: UnstampedCommand[] = [];
  const c = p.collateral;
  const b = p.debt;
  if (wallet > 0n) {
    const repaid = lendingRepay(d.pool, d.account, b.params.index, wallet, d.now);
    if (repaid.ok && repaid.amount > 0n)
      out.push({ type: 'LendingRepay', accountId, asset: b.asset.symbol, amount: repaid.amount });
  }
  for (let round = 0; round < p.loops * 2; round++) {
    const data = draftData(d);
    if (!data || data.totalDebt === 0n) break;
    if (Number(data.healthFactor) / 1e18 >= p.deleverageTo) break;
    const C = Number(data.totalCollateral);
    const D = Number(data.totalDebt);
    const threshold = Number(data.liquidationThreshold) / 10_000;
    // Withdrawing value X and repaying X(1 - f): (C - X) x threshold / (D - X(1 - f)) = target; the
    // withdrawal alone must keep (C - X) x threshold >= D.
    const h = p.deleverageTo;
    const needed = (h * D - C * threshold) / (h * (1 - p.swapFee) - threshold);
    const allowed = (C - D / threshold) * SHORT;
    const units = unitsFor(d.prices, c, Math.min(needed, allowed));
    if (units <= 0n) break;
    const withdrawn = lendingWithdraw(d.pool, d.account, c.params.index, units, d.now, d.prices);
    if (!withdrawn.ok) break;
    const got = lessFee(atOracle(d.prices, c, b, withdrawn.amount), p.swapFee);
    if (got <= 0n) break;
    const repaid = lendingRepay(d.pool, d.account, b.params.index, got, d.now);
    if (!repaid.ok) break;
    out.push(
      { type: 'LendingWithdraw', accountId, asset: c.asset.symbol, amount: withdrawn.amount },
      ...swapCommands(accountId, c.asset.symbol, b.asset.symbol, withdrawn.amount, got),
      { type: 'LendingRepay', accountId, asset: b.asset.symbol, amount: got },
    );
  }
  return out;
}

/**
 * ETH/stETH looping in e-mode. At init: enter the e-mode category, swap any capital in the debt
 * asset into the collateral, supply it all as collateral. On its first tick (the lenders have
 * supplied by then): borrow the debt asset, swap it into collateral, supply, repeat, up to
 * `targetLeverage` or `loops` rounds, never below `minHealthFactor`. Then it watches: below
 * `deleverageBelow` it unwinds to `deleverageTo`; without that rule it holds and may be liquidated.
 *
 * The default venue has no wstETH market, so the swaps are made outside the venue at the oracle
 * ratio (a Withdraw of one asset and a Deposit of the other, less `swapFee`), as a swap through Lido
 * or a DEX at the oracle's price would be.
 */
export const stethLoop: StrategyDefinition<StethLoopParams> = {
  name: 'stethLoop',
  every: 3_600_000,
  usesLending: true,
  parse,
  create(params: StethLoopParams, agent: AgentInfo): Strategy {
    const c = params.collateral;
    const b = params.debt;
    const target =
      params.targetLeverage === undefined ? undefined : draw(params.targetLeverage, agent.random);
    let built = false;
    return {
      init(ctx) {
        const out: UnstampedCommand[] = [];
        const id = ctx.accountId;
        if (params.eMode !== 0) out.push({ type: 'SetEMode', accountId: id, category: params.eMode });
        let supply = agent.capital.get(c.asset.symbol) ?? 0n;
        const spare = agent.capital.get(b.asset.symbol) ?? 0n;
        const prices = poolDraft(ctx.state, id, ctx.time)?.prices ?? [];
        const swapped = lessFee(atOracle(prices, b, c, spare), params.swapFee);
        if (swapped > 0n) {
          out.push(...swapCommands(id, b.asset.symbol, c.asset.symbol, spare, swapped));
          supply += swapped;
        }
        if (supply > 0n) {
          out.push({ type: 'LendingSupply', accountId: id, asset: c.asset.symbol, amount: supply });
          out.push({ type: 'SetCollateral', accountId: id, asset: c.asset.symbol, enabled: true });
        }
        return out;
      },

      onTick(ctx) {
        const d = poolDraft(ctx.state, ctx.accountId, ctx.time);
        if (!d) return [];
        if (!built) {
          const out = planLoop(d, params, ctx.accountId, target);
          built = out.length > 0;
          return out;
        }
        if (params.deleverageBelow === undefined || !(ctx.healthFactor() < params.deleverageBelow)) return [];
        const wallet = spotFree(ctx.state, ctx.accountId, b.asset.symbol);
        const out = planDeleverage(d, params, ctx.accountId, wallet);
        if (out.length > 0) ctx.wakeIn(ctx.agent.stepMs);
        return out;
      },
    };
  },
};
