import { z } from 'zod';
import type { UnstampedCommand } from '@fulcrum/core';
import { ParamError } from '../scenario/errors.ts';
import { fraction } from '../scenario/fields.ts';
import { scaleBy } from '../units.ts';
import { spotFree } from './orders.ts';
import { reserveParam, unitsFor } from './lending.ts';
import type { ReserveRef } from './lending.ts';
import { parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyDefinition, StrategyEnv } from './types.ts';

const schema = z.strictObject({
  /** Supplied as collateral (default BTC). */
  collateral: z.string().optional(),
  /** The stablecoin borrowed (default USDC). */
  borrow: z.string().optional(),
  /** Debt / collateral value to borrow to (default 0.6). */
  targetLtv: fraction.optional(),
  /** When debt / collateral value rises above this, repay down to targetLtv (default: never). */
  rebalanceAbove: fraction.optional(),
  /** Share of the collateral capital supplied (default 1). */
  size: fraction.optional(),
});

export interface StableBorrowParams {
  readonly collateral: ReserveRef;
  readonly borrow: ReserveRef;
  readonly targetLtv: number;
  readonly rebalanceAbove: number | undefined;
  readonly size: number;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): StableBorrowParams {
  const p = parseWith(schema, raw);
  const collateral = reserveParam(env, p.collateral ?? 'BTC', 'collateral');
  const borrow = reserveParam(env, p.borrow ?? 'USDC', 'borrow');
  if (collateral.asset === borrow.asset) throw new ParamError('borrow', 'must differ from the collateral');
  if (!borrow.params.borrowingEnabled)
    throw new ParamError('borrow', `the pool does not lend ${borrow.asset.symbol}`);
  const ltv = Number(collateral.params.ltv) / 10_000;
  const targetLtv = p.targetLtv ?? 0.6;
  if (targetLtv <= 0) throw new ParamError('targetLtv', 'must be above 0');
  if (targetLtv > ltv)
    throw new ParamError(
      'targetLtv',
      `${collateral.asset.symbol} backs borrows up to ${(ltv * 100).toFixed(1)}% of its value`,
    );
  if (p.rebalanceAbove !== undefined && p.rebalanceAbove <= targetLtv)
    throw new ParamError('rebalanceAbove', `must be above targetLtv (${targetLtv})`);
  return { collateral, borrow, targetLtv, rebalanceAbove: p.rebalanceAbove, size: p.size ?? 1 };
}

/**
 * A stablecoin loan against BTC: supply the collateral at init, borrow the stablecoin up to
 * `targetLtv` of the collateral's value on the first tick, and keep what it borrowed in the spot
 * wallet. With `rebalanceAbove`, when a fall of the collateral (or a rise of the stablecoin) lifts
 * the loan's LTV above it, repay from the wallet back down to `targetLtv`; without it the loan drifts
 * toward liquidation.
 */
export const stableBorrow: StrategyDefinition<StableBorrowParams> = {
  name: 'stableBorrow',
  every: 3_600_000,
  usesLending: true,
  parse,
  create(params: StableBorrowParams, agent: AgentInfo): Strategy {
    const c = params.collateral.asset.symbol;
    const b = params.borrow;
    let opened = false;
    return {
      init(ctx) {
        const amount = scaleBy(agent.capital.get(c) ?? 0n, params.size);
        if (amount <= 0n) return [];
        return [
          { type: 'LendingSupply', accountId: ctx.accountId, asset: c, amount },
          { type: 'SetCollateral', accountId: ctx.accountId, asset: c, enabled: true },
        ];
      },

      onTick(ctx) {
        // A refused borrow (no liquidity yet) is tried again.
        if (ctx.lastResults.some((r) => r.command.type === 'LendingBorrow' && !r.ok)) opened = false;
        const view = ctx.lending();
        if (!view || view.missingPrice || view.totalCollateral === 0n) return [];
        const collateral = Number(view.totalCollateral);
        const debt = Number(view.totalDebt);
        const prices = view.positions.map((p) => p.price);
        const out: UnstampedCommand[] = [];
        if (!opened) {
          const most = view.positions[b.params.index]!.maxBorrow;
          const wanted = unitsFor(prices, b, params.targetLtv * collateral - debt);
          const amount = wanted < most ? wanted : most;
          if (amount > 0n) {
            out.push({ type: 'LendingBorrow', accountId: ctx.accountId, asset: b.asset.symbol, amount });
            opened = true;
          }
          return out;
        }
        if (params.rebalanceAbove === undefined || debt <= params.rebalanceAbove * collateral) return out;
        const owed = unitsFor(prices, b, debt - params.targetLtv * collateral) + 1n;
        const wallet = spotFree(ctx.state, ctx.accountId, b.asset.symbol);
        const amount = owed < wallet ? owed : wallet;
        if (amount > 0n)
          out.push({ type: 'LendingRepay', accountId: ctx.accountId, asset: b.asset.symbol, amount });
        return out;
      },
    };
  },
};
