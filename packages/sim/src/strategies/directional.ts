import { z } from 'zod';
import type { PerpMarket, SpotMarket, UnstampedCommand } from '@fulcrum/core';
import { ParamError } from '../scenario/errors.ts';
import { duration, fraction, numberOrRange, side } from '../scenario/fields.ts';
import { scaleBy } from '../units.ts';
import { markOf, netLots } from './orders.ts';
import { draw, marketParam, parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './types.ts';

const leg = z.strictObject({
  /** A perpetual (BTCUSDT) or, for spot margin, a spot pair (BTC/USDT). */
  market: z.string(),
  side,
  /** Position value / margin put up; perpetuals: a whole number up to the brackets' maximum. */
  leverage: numberOrRange,
  /** Share of the USDT capital put up as this leg's margin (default: 0.9 split over the legs). */
  size: fraction.optional(),
});

const schema = z.strictObject({
  ...leg.partial().shape,
  legs: z.array(leg).min(1, 'needs at least one leg').optional(),
  /** Perpetual margin mode of every leg (default cross: the legs share one cross wallet). */
  margin: z.enum(['cross', 'isolated'], { error: 'must be cross or isolated' }).optional(),
  /** Open again after a liquidation (perpetual legs), on the next decision. */
  reenter: z.boolean().optional(),
  /** Close every perpetual leg this long after it opened. */
  closeAfter: duration.optional(),
});

interface Leg {
  readonly market: PerpMarket | SpotMarket;
  readonly side: 'long' | 'short';
  readonly leverage: number | readonly [number, number];
  readonly size: number;
}

export interface DirectionalParams {
  readonly legs: readonly Leg[];
  readonly isolated: boolean;
  readonly reenter: boolean;
  readonly closeAfter: number | undefined;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): DirectionalParams {
  const p = parseWith(schema, raw);
  const single = p.market !== undefined || p.side !== undefined || p.leverage !== undefined;
  if (single && p.legs)
    throw new ParamError('legs', 'give either legs or one leg (market, side, leverage), not both');
  const specs = p.legs ?? [];
  if (!p.legs) {
    for (const field of ['market', 'side', 'leverage'] as const)
      if (p[field] === undefined) throw new ParamError(field, 'is required (or give legs)');
    specs.push({
      market: p.market!,
      side: p.side!,
      leverage: p.leverage!,
      ...(p.size === undefined ? {} : { size: p.size }),
    });
  }
  const legs = specs.map((l, i): Leg => {
    const at = p.legs ? `legs[${i}]` : '';
    const market = marketParam(env.venue, l.market, `${at}${at ? '.' : ''}market`);
    const lo = typeof l.leverage === 'number' ? l.leverage : l.leverage[0];
    const hi = typeof l.leverage === 'number' ? l.leverage : l.leverage[1];
    const path = `${at}${at ? '.' : ''}leverage`;
    if (lo < 1) throw new ParamError(path, 'must be at least 1');
    if (market.kind === 'perp' && hi > market.maxLeverage)
      throw new ParamError(path, `${market.symbol} allows at most ${market.maxLeverage}x`);
    return { market, side: l.side, leverage: l.leverage, size: l.size ?? 0.9 / specs.length };
  });
  const total = legs.reduce((s, l) => s + l.size, 0);
  if (total > 1 + 1e-9)
    throw new ParamError(p.legs ? 'legs' : 'size', `the legs' sizes add up to ${total}, above 1`);
  return { legs, isolated: p.margin === 'isolated', reenter: p.reenter ?? false, closeAfter: p.closeAfter };
}

interface LegState {
  readonly leg: Leg;
  readonly leverage: number;
  /** USDT put up as margin. */
  readonly margin: bigint;
  opened: boolean;
  openedAt: number;
  closed: boolean;
  /** Shrinks the order after a refusal (fees and slippage can make the full size too big). */
  scale: number;
}

/**
 * Leveraged directional: go long or short on one or more markets and hold. A perpetual leg uses the
 * futures wallet (cross or isolated margin) at its leverage; a spot pair leg borrows on spot margin
 * (long: buys with borrowed USDT; short: sells borrowed base), in the cross margin account or, with
 * margin: isolated, the pair's isolated one. Several perpetual legs in cross margin share one wallet:
 * the setting in which one leg's loss can liquidate the others.
 */
export const directional: StrategyDefinition<DirectionalParams> = {
  name: 'directional',
  every: 3_600_000,
  parse,
  create(params: DirectionalParams, agent: AgentInfo): Strategy {
    const usdt = agent.capital.get('USDT') ?? 0n;
    const legs: LegState[] = params.legs.map((leg) => ({
      leg,
      leverage: draw(leg.leverage, agent.random, leg.market.kind === 'perp'),
      margin: scaleBy(usdt, leg.size),
      opened: false,
      openedAt: 0,
      closed: false,
      scale: 1,
    }));
    const perpLegs = legs.filter((l) => l.leg.market.kind === 'perp');

    return {
      init(ctx) {
        const out: UnstampedCommand[] = [];
        const accountId = ctx.accountId;
        if (perpLegs.length > 0) {
          const spotMargin = legs
            .filter((l) => l.leg.market.kind === 'spot')
            .reduce((s, l) => s + l.margin, 0n);
          if (usdt - spotMargin > 0n)
            out.push({
              type: 'Transfer',
              accountId,
              asset: 'USDT',
              amount: usdt - spotMargin,
              direction: 'SPOT_TO_FUTURES',
            });
        }
        for (const l of legs) {
          const symbol = l.leg.market.symbol;
          if (l.leg.market.kind === 'perp') {
            out.push({ type: 'SetLeverage', accountId, market: symbol, leverage: l.leverage });
            if (params.isolated)
              out.push({ type: 'SetMarginType', accountId, market: symbol, isolated: true });
          } else if (l.margin > 0n) {
            out.push({
              type: 'MarginTransfer',
              accountId,
              asset: 'USDT',
              amount: l.margin,
              direction: 'SPOT_TO_MARGIN',
              ...(params.isolated ? { pair: symbol } : {}),
            });
          }
        }
        return out;
      },

      onTick(ctx) {
        // An opening order refused for its size shrinks the next try; an empty book is tried again as is.
        for (const r of ctx.lastResults) {
          if (r.ok || r.command.type !== 'PlaceOrder' || r.code?.startsWith('BOOK_')) continue;
          const l = legs.find((x) => x.leg.market.symbol === (r.command as { market: string }).market);
          if (l && (l.leg.market.kind === 'spot' || !l.opened)) {
            l.opened = false;
            l.scale *= 0.9;
          }
        }
        const out: UnstampedCommand[] = [];
        for (const l of legs) {
          if (l.leg.market.kind === 'perp') perpLeg(ctx, l, l.leg.market, out);
          else spotLeg(ctx, l, l.leg.market, out);
        }
        return out;
      },
    };

    function perpLeg(ctx: StrategyContext, l: LegState, market: PerpMarket, out: UnstampedCommand[]): void {
      const lots = netLots(ctx.state, ctx.accountId, market);
      const want = l.leg.side === 'long' ? 1 : -1;
      if (lots * want > 0) {
        if (!l.opened) {
          l.opened = true;
          l.openedAt = ctx.time;
        }
        if (params.closeAfter !== undefined && ctx.time - l.openedAt >= params.closeAfter) {
          out.push(
            ctx.marketOrder(market.symbol, want > 0 ? 'SELL' : 'BUY', Math.abs(lots), { reduceOnly: true }),
          );
          l.closed = true;
        }
        return;
      }
      // Flat: open, unless it was opened before (liquidated or closed) and may not come back.
      if (l.closed || (l.opened && !params.reenter) || l.scale < 0.3) return;
      l.opened = false;
      const mark = markOf(ctx.state, market);
      if (mark === 0n) return;
      const value = scaleBy(l.margin * BigInt(l.leverage), l.scale);
      const qty = ctx.lotsFor(market.symbol, value, mark);
      if (qty > 0) out.push(ctx.marketOrder(market.symbol, want > 0 ? 'BUY' : 'SELL', qty));
    }

    function spotLeg(ctx: StrategyContext, l: LegState, market: SpotMarket, out: UnstampedCommand[]): void {
      if (l.opened || l.scale < 0.3) return;
      const price = ctx.reference(market.symbol);
      if (price === 0n) return;
      const value = scaleBy((l.margin * BigInt(Math.round(l.leverage * 1000))) / 1000n, l.scale);
      const qty = ctx.lotsFor(market.symbol, value, price);
      if (qty <= 0) return;
      out.push(
        ctx.marketOrder(market.symbol, l.leg.side === 'long' ? 'BUY' : 'SELL', qty, {
          wallet: params.isolated ? 'ISOLATED_MARGIN' : 'MARGIN',
          sideEffect: 'MARGIN_BUY',
        }),
      );
      // Marked open now; a refusal (seen next time) reopens it at a smaller size.
      l.opened = true;
      l.openedAt = ctx.time;
    }
  },
};
