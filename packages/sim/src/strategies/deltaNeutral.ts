import { z } from 'zod';
import type { PerpMarket, SpotMarket, UnstampedCommand } from '@fulcrum/core';
import { ParamError } from '../scenario/errors.ts';
import { fraction, integer } from '../scenario/fields.ts';
import { scaleBy } from '../units.ts';
import { markOf, minLots, netLots, spotFree } from './orders.ts';
import { marketParam, parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyDefinition, StrategyEnv } from './types.ts';

const schema = z.strictObject({
  /** The spot pair bought, e.g. BTC/USDT. */
  spot: z.string(),
  /** The perpetual shorted against it, e.g. BTCUSDT (same base asset). */
  perp: z.string(),
  /** Leverage of the short (default 3): the rest of the capital buys spot. */
  leverage: integer.min(1, 'must be at least 1').optional(),
  /** Share of the capital put to work (default 0.95). */
  size: fraction.optional(),
  /** Margin ratio of the short at which spot is sold to add margin (default 0.5). */
  rebalanceAt: fraction.optional(),
  /** Share of the position unwound per rebalance (default 0.25). */
  rebalanceShare: fraction.optional(),
});

export interface DeltaNeutralParams {
  readonly spot: SpotMarket;
  readonly perp: PerpMarket;
  readonly leverage: number;
  readonly size: number;
  readonly rebalanceAt: number;
  readonly rebalanceShare: number;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): DeltaNeutralParams {
  const p = parseWith(schema, raw);
  const spot = marketParam(env.venue, p.spot, 'spot', 'spot') as SpotMarket;
  const perp = marketParam(env.venue, p.perp, 'perp', 'perp') as PerpMarket;
  if (spot.base !== perp.base)
    throw new ParamError(
      'perp',
      `${perp.symbol} is on ${perp.base.symbol}, ${spot.symbol} on ${spot.base.symbol}`,
    );
  const leverage = p.leverage ?? 3;
  if (leverage > perp.maxLeverage)
    throw new ParamError('leverage', `${perp.symbol} allows at most ${perp.maxLeverage}x`);
  return {
    spot,
    perp,
    leverage,
    size: p.size ?? 0.95,
    rebalanceAt: p.rebalanceAt ?? 0.5,
    rebalanceShare: p.rebalanceShare ?? 0.25,
  };
}

/**
 * Delta-neutral cash and carry: buy the base on spot and short the same amount on the perpetual, so
 * price moves cancel and the position earns funding while it is positive (and pays it while it is
 * negative). The short's margin is capital / (leverage + 1); when a rally pushes its margin ratio to
 * `rebalanceAt`, part of the spot is sold, the short cut by the same amount, and the USDT moved to
 * the futures wallet.
 */
export const deltaNeutral: StrategyDefinition<DeltaNeutralParams> = {
  name: 'deltaNeutral',
  every: 3_600_000,
  parse,
  create(params: DeltaNeutralParams, agent: AgentInfo): Strategy {
    const { spot, perp, leverage } = params;
    const usdt = scaleBy(agent.capital.get('USDT') ?? 0n, params.size);
    const margin = usdt / BigInt(leverage + 1);
    let opened = false;
    let topUp = false;

    return {
      init(ctx) {
        return [
          {
            type: 'Transfer',
            accountId: ctx.accountId,
            asset: 'USDT',
            amount: margin,
            direction: 'SPOT_TO_FUTURES',
          },
          { type: 'SetLeverage', accountId: ctx.accountId, market: perp.symbol, leverage },
        ];
      },

      onTick(ctx) {
        const out: UnstampedCommand[] = [];
        const mark = markOf(ctx.state, perp);
        const price = ctx.reference(spot.symbol);
        if (mark === 0n || price === 0n) return out;
        const short = -netLots(ctx.state, ctx.accountId, perp);
        if (!opened) {
          // Same base amount on both legs, in the coarser lot; the short's margin keeps 5% for fees.
          const value =
            usdt - margin < (margin * BigInt(leverage) * 95n) / 100n
              ? usdt - margin
              : (margin * BigInt(leverage) * 95n) / 100n;
          const perpLots = ctx.lotsFor(perp.symbol, value, price > mark ? price : mark);
          const spotLots = Number((BigInt(perpLots) * perp.lotUnits) / spot.lotUnits);
          if (perpLots <= 0 || spotLots <= 0) return out;
          out.push(ctx.marketOrder(spot.symbol, 'BUY', spotLots));
          out.push(ctx.marketOrder(perp.symbol, 'SELL', perpLots));
          opened = true;
          return out;
        }
        if (topUp) {
          // Proceeds of last rebalance's spot sale go to the short's margin.
          const free = spotFree(ctx.state, ctx.accountId, 'USDT');
          if (free > 0n)
            out.push({
              type: 'Transfer',
              accountId: ctx.accountId,
              asset: 'USDT',
              amount: free,
              direction: 'SPOT_TO_FUTURES',
            });
          topUp = false;
          return out;
        }
        // Keep the hedge: a short that is missing (refused, liquidated) or too big is brought to the spot held.
        const held = spotFree(ctx.state, ctx.accountId, spot.base.symbol);
        const want = Number(held / perp.lotUnits);
        // Differences below an order's minimum, or 1% of the position (fees taken in base), wait.
        const slack = Math.max(minLots(perp, ctx.ticks(perp.symbol, mark)), Math.ceil(want / 100));
        if (want - short >= slack) {
          const available = ctx.futures()?.availableBalance ?? 0n;
          const room = ctx.lotsFor(perp.symbol, (available * BigInt(leverage) * 95n) / 100n, mark);
          const lots = Math.min(want - short, room);
          if (lots >= slack) out.push(ctx.marketOrder(perp.symbol, 'SELL', lots));
        } else if (short - want >= slack) {
          out.push(ctx.marketOrder(perp.symbol, 'BUY', short - want, { reduceOnly: true }));
        }
        if (short <= 0 || out.length > 0) return out;
        const risk = ctx.futures();
        const ratio = risk ? Number(risk.marginRatioPpm) / 1e6 : 0;
        if (ratio < params.rebalanceAt) return out;
        const cut = Math.max(1, Math.floor(short * params.rebalanceShare));
        const base = BigInt(cut) * perp.lotUnits;
        const spotLots = Number((base < held ? base : held) / spot.lotUnits);
        out.push(ctx.marketOrder(perp.symbol, 'BUY', cut, { reduceOnly: true }));
        if (spotLots > 0) out.push(ctx.marketOrder(spot.symbol, 'SELL', spotLots));
        topUp = true;
        ctx.wakeIn(ctx.agent.stepMs);
        return out;
      },
    };
  },
};
