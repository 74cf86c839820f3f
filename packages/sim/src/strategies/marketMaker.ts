import { z } from 'zod';
import { impactPrice, pow10 } from '@fulcrum/core';
import type { Market, PerpMarket, UnstampedCommand } from '@fulcrum/core';
import { MarketMaker, ladder } from '@fulcrum/runtime';
import { ParamError } from '../scenario/errors.ts';
import { fraction, integer, positive } from '../scenario/fields.ts';
import { fromNumber, scaleBy } from '../units.ts';
import { marketParam, parseWith } from './params.ts';
import type { AgentInfo, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './types.ts';

const bps = integer.min(0, 'must be at least 0').max(9_999, 'must be below 10000');
const quoteShape = {
  /** Base quantity per level, e.g. 0.5 (BTC); default: three times the funding impact notional over the levels. */
  size: positive.optional(),
  levels: integer.min(1, 'must be at least 1').max(200, 'must be at most 200').optional(),
  spreadBps: bps.optional(),
  stepBps: bps.optional(),
  /** A quote within this many bps of its level stays put (default 5). */
  toleranceBps: bps.optional(),
};
const schema = z.strictObject({
  markets: z
    .array(z.union([z.string(), z.strictObject({ market: z.string(), ...quoteShape })]))
    .min(1, 'needs at least one market'),
  ...quoteShape,
  /** Share of the USDT capital moved to the futures wallet (default 0.5 with perpetuals and spot, 1 with perpetuals only). */
  futuresShare: fraction.optional(),
  /** Leverage on the perpetuals (default 10). */
  leverage: integer.min(1, 'must be at least 1').optional(),
  /** Re-quote a market once its reference has moved this many bps since the last time (default 3)... */
  requoteBps: bps.optional(),
  /** ...or this many ticks have passed, to refill what was taken (default 5). */
  refreshTicks: integer.min(1, 'must be at least 1').optional(),
});

interface Quote {
  readonly market: Market;
  readonly size: number | undefined;
  readonly levels: number;
  readonly spreadBps: number;
  readonly stepBps: number;
  readonly toleranceBps: number;
}

export interface MarketMakerParams {
  readonly quotes: readonly Quote[];
  readonly futuresShare: number | undefined;
  readonly leverage: number;
  readonly requoteBps: bigint;
  readonly refreshTicks: number;
}

function parse(raw: Readonly<Record<string, unknown>>, env: StrategyEnv): MarketMakerParams {
  const p = parseWith(schema, raw);
  const seen = new Set<string>();
  const quotes = p.markets.map((entry, i): Quote => {
    const e = typeof entry === 'string' ? { market: entry } : entry;
    const market = marketParam(env.venue, e.market, `markets[${i}]`);
    if (seen.has(market.symbol)) throw new ParamError(`markets[${i}]`, `${market.symbol} twice`);
    seen.add(market.symbol);
    const pick = <K extends keyof typeof quoteShape>(k: K) =>
      ('market' in e ? (e as Record<string, unknown>)[k] : undefined) ?? p[k];
    return {
      market,
      size: pick('size') as number | undefined,
      levels: (pick('levels') as number | undefined) ?? 10,
      spreadBps: (pick('spreadBps') as number | undefined) ?? 5,
      stepBps: (pick('stepBps') as number | undefined) ?? 5,
      toleranceBps: (pick('toleranceBps') as number | undefined) ?? 5,
    };
  });
  return {
    quotes,
    futuresShare: p.futuresShare,
    leverage: p.leverage ?? 10,
    requoteBps: BigInt(p.requoteBps ?? 3),
    refreshTicks: p.refreshTicks ?? 5,
  };
}

/** Spot pairs without a funding impact notional get this much depth per side by default (USDT). */
const SPOT_DEPTH = 100_000n * 100_000_000n;

/**
 * The venue's liquidity: runtime's MarketMaker keeps a ladder of post-only quotes around each
 * market's reference price, re-quoted every tick before the index prices move (as a maker watching
 * spot markets would). On a perpetual whose funding rate the scenario sets, the reference sits at
 * the premium that rate needs (plus the ladder's own distance to its impact price), so the engine's
 * premium index, and with it funding, follows the scenario.
 */
export const marketMaker: StrategyDefinition<MarketMakerParams> = {
  name: 'marketMaker',
  every: 1,
  parse,
  create(params: MarketMakerParams, agent: AgentInfo): Strategy {
    const usdt = agent.capital.get('USDT') ?? 0n;
    const hasPerp = params.quotes.some((q) => q.market.kind === 'perp');
    const hasSpot = params.quotes.some((q) => q.market.kind === 'spot');
    const share = params.futuresShare ?? (hasPerp ? (hasSpot ? 0.5 : 1) : 0);
    let makers: {
      quote: Quote;
      maker: MarketMaker;
      impactOffset: number;
      lastRef: bigint;
      lastTick: number;
    }[] = [];

    return {
      phase: 'beforeIndex',
      init(ctx) {
        makers = params.quotes.map((quote) => {
          const reference = ctx.reference(quote.market.symbol);
          const size =
            quote.size === undefined
              ? defaultSize(quote, reference)
              : fromNumber(quote.size, quote.market.base.decimals);
          const maker = new MarketMaker({
            accountId: ctx.accountId,
            market: quote.market.symbol,
            size: size > 0n ? size : 1n,
            levels: quote.levels,
            spreadBps: quote.spreadBps,
            stepBps: quote.stepBps,
            toleranceBps: quote.toleranceBps,
          });
          return {
            quote,
            maker,
            impactOffset: impactOffset(quote, maker, reference),
            lastRef: 0n,
            lastTick: 0,
          };
        });
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
        for (const q of params.quotes)
          if (q.market.kind === 'perp')
            out.push({
              type: 'SetLeverage',
              accountId: ctx.accountId,
              market: q.market.symbol,
              leverage: params.leverage,
            });
        return out;
      },

      onTick(ctx) {
        const out: UnstampedCommand[] = [];
        // A refused quote means the ladder is not what the maker thinks: that market is quoted again.
        let refused: Set<string> | undefined;
        for (const r of ctx.lastResults)
          if (!r.ok && 'market' in r.command) (refused ??= new Set()).add(r.command.market);
        for (const m of makers) {
          const ref = referenceOf(ctx, m.quote.market, m.impactOffset);
          // Reading the book costs: re-quote when the price moved, quotes may be gone, or one was refused.
          const moved = ref > m.lastRef ? ref - m.lastRef : m.lastRef - ref;
          const due =
            m.lastRef === 0n ||
            moved * 10_000n >= m.lastRef * params.requoteBps ||
            ctx.tick - m.lastTick >= params.refreshTicks ||
            refused?.has(m.quote.market.symbol) === true;
          if (!due) continue;
          m.lastRef = ref;
          m.lastTick = ctx.tick;
          out.push(...m.maker.quote(ctx.state, ref));
        }
        return out;
      },
    };
  },
};

/** The reference a maker quotes around: at the premium the target funding needs, beyond its own impact distance. */
function referenceOf(ctx: StrategyContext, market: Market, impactOffset: number): bigint {
  const price = ctx.reference(market.symbol);
  const premium = ctx.premium(market.symbol);
  if (premium === 0) return price;
  const index = (price * 1_000_000_000n) / BigInt(Math.round((1 + premium) * 1e9));
  const shift = premium + Math.sign(premium) * impactOffset;
  return (index * BigInt(Math.round((1 + shift) * 1e9))) / 1_000_000_000n;
}

/** Base units per level so that each side holds three impact notionals (perpetuals) or SPOT_DEPTH. */
function defaultSize(q: Quote, reference: bigint): bigint {
  const depth = q.market.kind === 'perp' ? 3n * q.market.impactNotional : SPOT_DEPTH;
  if (reference <= 0n) return 0n;
  return (depth * pow10(q.market.base.decimals)) / (reference * BigInt(q.levels));
}

/** How far (fraction of the reference) the ladder's impact bid sits below it: the premium it gives away. */
function impactOffset(q: Quote, maker: MarketMaker, reference: bigint): number {
  if (q.market.kind !== 'perp' || reference <= 0n) return 0;
  const perp: PerpMarket = q.market;
  const shape = {
    levels: q.levels,
    spreadBps: q.spreadBps,
    stepBps: q.stepBps,
    size: maker.config.size,
  };
  const { bids } = ladder(perp, reference, shape, { bestBid: -1, bestAsk: -1 });
  const levels = bids.map((b) => ({ tick: b.tick, qty: b.lots, orders: 1 }));
  const impact = impactPrice(levels, perp.impactNotional, perp.tickUnits, perp.lotUnits, perp.base.decimals);
  if (impact === undefined) return 0;
  return Number(reference - impact) / Number(reference);
}
