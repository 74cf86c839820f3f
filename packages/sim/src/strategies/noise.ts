import { z } from 'zod';
import type { Market, UnstampedCommand } from '@fulcrum/core';
import { ParamError } from '../scenario/errors.ts';
import { fraction, integer, numberOrRange, positive } from '../scenario/fields.ts';
import { scaleBy } from '../units.ts';
import { markOf, minLots, netLots, spotFree } from './orders.ts';
import { draw, marketParam, parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyDefinition, StrategyEnv } from './types.ts';

const schema = z.strictObject({
  markets: z.array(z.string()).min(1, 'needs at least one market'),
  /** Order value as a share of the agent's equity: a number or a [min, max] range drawn per order. */
  size: numberOrRange.optional(),
  /** Leverage on perpetuals (default 3). */
  leverage: integer.min(1, 'must be at least 1').optional(),
  /** Largest position value per market as a multiple of equity (default 2): past it, trades only reduce. */
  maxExposure: positive.optional(),
  /** Chance that a trade closes the whole position instead (default 0.1). */
  closeChance: fraction.optional(),
});

export interface NoiseParams {
  readonly markets: readonly Market[];
  readonly size: number | readonly [number, number];
  readonly leverage: number;
  readonly maxExposure: number;
  readonly closeChance: number;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): NoiseParams {
  const p = parseWith(schema, raw);
  const markets = p.markets.map((s, i) => marketParam(env.venue, s, `markets[${i}]`));
  const leverage = p.leverage ?? 3;
  for (const [i, m] of markets.entries())
    if (m.kind === 'perp' && leverage > m.maxLeverage)
      throw new ParamError('leverage', `${m.symbol} (markets[${i}]) allows at most ${m.maxLeverage}x`);
  const size = p.size ?? [0.05, 0.3];
  const hi = typeof size === 'number' ? size : size[1];
  if ((typeof size === 'number' ? size : size[0]) <= 0) throw new ParamError('size', 'must be above 0');
  if (hi > 10) throw new ParamError('size', 'must be at most 10 (times equity)');
  return { markets, size, leverage, maxExposure: p.maxExposure ?? 2, closeChance: p.closeChance ?? 0.1 };
}

/**
 * Noise traders: at random times (exponential waits averaging `every`), a market order of random
 * side and size on a random one of their markets; on perpetuals up to `maxExposure` x equity per
 * market, on spot pairs only with what the spot wallets hold. They make the volume and the flow
 * against which the market makers earn their spread and the others trade.
 */
export const noise: StrategyDefinition<NoiseParams> = {
  name: 'noise',
  every: 3_600_000,
  parse,
  create(params: NoiseParams, agent: AgentInfo): Strategy {
    const usdt = agent.capital.get('USDT') ?? 0n;
    const perps = params.markets.filter((m) => m.kind === 'perp');
    const share = perps.length === params.markets.length ? 1 : perps.length / params.markets.length;

    return {
      init(ctx) {
        const out: UnstampedCommand[] = [];
        const toFutures = scaleBy(usdt, share);
        if (toFutures > 0n)
          out.push({
            type: 'Transfer',
            accountId: ctx.accountId,
            asset: 'USDT',
            amount: toFutures,
            direction: 'SPOT_TO_FUTURES',
          });
        for (const m of perps)
          out.push({
            type: 'SetLeverage',
            accountId: ctx.accountId,
            market: m.symbol,
            leverage: params.leverage,
          });
        // Start at a random point of the first wait, so the crowd does not trade all at once.
        ctx.wakeIn(agent.random.uniform() * agent.every);
        return out;
      },

      onTick(ctx) {
        ctx.wakeIn(agent.random.exponential(agent.every));
        const market = params.markets[agent.random.int(0, params.markets.length - 1)]!;
        const equity = ctx.equity();
        if (equity <= 0n) return [];
        const value = scaleBy(equity, draw(params.size, agent.random));
        if (market.kind === 'perp') {
          const mark = markOf(ctx.state, market);
          if (mark === 0n) return [];
          const held = netLots(ctx.state, ctx.accountId, market);
          if (held !== 0 && agent.random.chance(params.closeChance))
            return [
              ctx.marketOrder(market.symbol, held > 0 ? 'SELL' : 'BUY', Math.abs(held), { reduceOnly: true }),
            ];
          const tick = ctx.ticks(market.symbol, mark);
          let lots = Math.max(ctx.lotsFor(market.symbol, value, mark), minLots(market, tick));
          let buy = agent.random.chance(0.5);
          const cap = ctx.lotsFor(market.symbol, scaleBy(equity, params.maxExposure), mark);
          if (Math.abs(held + (buy ? lots : -lots)) > cap) {
            // Past the cap: trade the other way, no further than flat.
            if (held === 0) return [];
            buy = held < 0;
            lots = Math.min(lots, Math.abs(held));
          }
          return [ctx.marketOrder(market.symbol, buy ? 'BUY' : 'SELL', lots)];
        }
        const price = ctx.reference(market.symbol);
        if (price === 0n) return [];
        const tick = ctx.ticks(market.symbol, price);
        const min = minLots(market, tick);
        const baseFree = spotFree(ctx.state, ctx.accountId, market.base.symbol);
        const quoteFree = spotFree(ctx.state, ctx.accountId, market.quote.symbol);
        const sellable = Number(baseFree / market.lotUnits);
        // Spend at most 95% of the free quote, so fees and the book walk fit.
        const affordable = ctx.lotsFor(market.symbol, scaleBy(quoteFree, 0.95), (price * 1_002n) / 1_000n);
        let lots = Math.max(ctx.lotsFor(market.symbol, value, price), min);
        const buy = sellable < min || (affordable >= min && agent.random.chance(0.5));
        lots = Math.min(lots, buy ? affordable : sellable);
        if (lots < min) return [];
        return [ctx.marketOrder(market.symbol, buy ? 'BUY' : 'SELL', lots)];
      },
    };
  },
};
