import { z } from 'zod';
import { parseDecimal } from '@fulcrum/core';
import type { SpotMarket, UnstampedCommand, Venue } from '@fulcrum/core';
import { LiquidationKeeper } from '@fulcrum/runtime';
import { ParamError } from '../scenario/errors.ts';
import { decimal, fraction, integer } from '../scenario/fields.ts';
import { atOracle, lessFee, swapCommands } from './lending.ts';
import type { ReserveRef } from './lending.ts';
import { minLots, spotFree } from './orders.ts';
import { parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './types.ts';

const schema = z.strictObject({
  /** Least profit worth a liquidation, USD (default 1). */
  minProfit: decimal.optional(),
  /** Price impact allowed for when selling seized collateral on the book, bps (default 50). */
  slippageBps: integer.min(0, 'must be at least 0').max(9_999, 'must be at most 9999').optional(),
  /**
   * What becomes of seized collateral: `market` (default) sells it on its USDT spot pair and holds
   * what has none; `swap` also swaps what has no pair into the asset the keeper repaid, at the
   * oracle ratio; `hold` keeps it all.
   */
  sell: z.enum(['market', 'swap', 'hold'], { error: 'must be market, swap or hold' }).optional(),
  /** Cost of a swap, a fraction (default 0). */
  swapFee: fraction.optional(),
});

export interface KeeperParams {
  /** Base currency units. */
  readonly minProfit: bigint;
  readonly slippageBps: number;
  readonly sell: 'market' | 'swap' | 'hold';
  readonly swapFee: number;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): KeeperParams {
  const p = parseWith(schema, raw);
  const lending = env.venue.lending;
  if (!lending) throw new ParamError('', 'the venue has no lending pool');
  const minProfit = parseDecimal(p.minProfit ?? '1', lending.params.baseCurrencyDecimals);
  if (!minProfit.ok) throw new ParamError('minProfit', `"${p.minProfit}": ${minProfit.message}`);
  return {
    minProfit: minProfit.value,
    slippageBps: p.slippageBps ?? 50,
    sell: p.sell ?? 'market',
    swapFee: p.swapFee ?? 0,
  };
}

function usdtPair(venue: Venue, asset: string): SpotMarket | undefined {
  return venue.spotMarkets.find((m) => m.base.symbol === asset && m.quote.symbol === 'USDT');
}

function reserveRef(venue: Venue, symbol: string): ReserveRef | undefined {
  const lending = venue.lending;
  const asset = venue.assetBySymbol.get(symbol);
  const index = asset && lending ? lending.reserveOf[asset.index]! : -1;
  return asset && index >= 0 ? { params: lending!.params.reserves[index]!, asset } : undefined;
}

/**
 * The lending pool's liquidation keeper, on the runtime's LiquidationKeeper planner: every tick it
 * finds the borrowers whose health factor is below 1, previews each LiquidationCall the engine would
 * accept with what its wallet can pay, and sends the most profitable one when the profit (collateral
 * received less debt repaid at the oracle, less the fee and `slippageBps` of selling the collateral)
 * beats `minProfit`. One liquidation a tick: it comes back the next tick while one is left.
 *
 * Seized collateral (what its wallet holds above its starting capital) is then sold at market on its
 * USDT pair, swapped into the repaid asset at the oracle ratio (`sell: swap`, for collateral without
 * a pair, such as WSTETH), or held. The keeper's capital is what it repays debts with (ETH, USDC...).
 */
export const keeper: StrategyDefinition<KeeperParams> = {
  name: 'keeper',
  every: 60_000,
  usesLending: true,
  parse,
  create(params: KeeperParams, agent: AgentInfo): Strategy {
    let planner: LiquidationKeeper | undefined;
    /** Collateral seized and not sold yet, and the asset repaid for it. */
    const seized = new Map<string, string>();

    const dispose = (ctx: StrategyContext): UnstampedCommand[] => {
      const out: UnstampedCommand[] = [];
      for (const r of ctx.lastResults)
        if (r.ok && r.command.type === 'LiquidationCall')
          seized.set(r.command.collateralAsset, r.command.debtAsset);
      for (const [asset, repaid] of [...seized]) {
        const excess = spotFree(ctx.state, ctx.accountId, asset) - (agent.capital.get(asset) ?? 0n);
        const market = params.sell === 'hold' ? undefined : usdtPair(ctx.state.venue, asset);
        if (market) {
          const lots = excess > 0n ? excess / market.lotUnits : 0n;
          const qty = Number(lots < BigInt(market.maxLots) ? lots : BigInt(market.maxLots));
          if (qty >= minLots(market, ctx.ticks(market.symbol, ctx.reference(market.symbol))))
            out.push(ctx.marketOrder(market.symbol, 'SELL', qty));
          else seized.delete(asset);
          continue;
        }
        seized.delete(asset);
        if (params.sell !== 'swap' || excess <= 0n) continue;
        const from = reserveRef(ctx.state.venue, asset);
        const to = reserveRef(ctx.state.venue, repaid);
        if (!from || !to) continue;
        const prices = ctx.state.venue.lending!.assets.map((a) => ctx.state.oracle[a.index] ?? 0n);
        const got = lessFee(atOracle(prices, from, to, excess), params.swapFee);
        if (got > 0n) out.push(...swapCommands(ctx.accountId, asset, repaid, excess, got));
      }
      return out;
    };

    return {
      init(ctx) {
        planner = new LiquidationKeeper({
          accountId: ctx.accountId,
          minProfit: params.minProfit,
          slippageBps: params.slippageBps,
          sellInto: 'USDT',
        });
        return [];
      },

      onTick(ctx) {
        const out = dispose(ctx);
        const plan = planner?.plan(ctx.state);
        if (plan) {
          out.push(plan.command);
          ctx.wakeIn(ctx.agent.stepMs);
        }
        return out;
      },
    };
  },
};
