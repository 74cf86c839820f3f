import type { PerpMarket } from '@fulcrum/core';
import { CsvCandleFeed, SyntheticFeed } from '@fulcrum/runtime';
import type { PriceFeed, SyntheticAsset } from '@fulcrum/runtime';
import { QUOTE_DECIMALS } from '../units.ts';
import { envelopeWeight } from './envelope.ts';
import type { Envelope } from './envelope.ts';
import type { FundingPoint } from './fundingCsv.ts';

/** A price path as the model runs it (files already read, times absolute). */
export type PathPlan =
  | { readonly kind: 'synthetic'; readonly asset: SyntheticAsset }
  | { readonly kind: 'csv'; readonly csv: string; readonly startMs: number; readonly speed: number }
  | { readonly kind: 'constant'; readonly price: bigint }
  | { readonly kind: 'follow'; readonly source: string; readonly ratio: number };

/** A shock on an asset's price: the multiplier at full strength (0.7 for a 30% crash). */
export interface PriceShock {
  /** What it is, for reports: "ETH crash -30%". */
  readonly label: string;
  readonly asset: string;
  readonly multiplier: number;
  readonly envelope: Envelope;
}

/** A push of a perpetual's funding towards `rate` (per interval). */
export interface FundingShock {
  readonly label: string;
  readonly market: string;
  readonly rate: number;
  /** The rate without a premium (the market's interest rate per interval), where no funding path is set. */
  readonly baseline: number;
  readonly envelope: Envelope;
}

export type FundingBase =
  | { readonly kind: 'rate'; readonly rate: number }
  | { readonly kind: 'history'; readonly points: readonly FundingPoint[] };

export interface PriceModelPlan {
  readonly seed: number;
  readonly startMs: number;
  readonly stepMs: number;
  /** Paths by asset, in an order where every followed asset comes before its followers. */
  readonly paths: ReadonlyMap<string, PathPlan>;
  readonly shocks: readonly PriceShock[];
  readonly funding: ReadonlyMap<string, FundingBase>;
  readonly fundingShocks: readonly FundingShock[];
}

const SCALE = 1_000_000_000;

/**
 * The scenario's prices: every asset's path (seeded synthetic, candle replay, constant, or another
 * asset times a ratio) with its shocks multiplied in, as bigint quote units (USDT, 8 decimals);
 * and, per perpetual, the funding rate the makers' quotes aim at. The same plan gives the same
 * prices at the same times.
 */
export class PriceModel {
  readonly assets: readonly string[];
  private readonly feeds: { readonly feed: PriceFeed; readonly assets: readonly string[] }[] = [];
  private readonly constants = new Map<string, bigint>();
  private readonly follows: { asset: string; source: string; ratio: bigint }[] = [];
  private readonly shocksByAsset = new Map<string, PriceShock[]>();
  private readonly plan: PriceModelPlan;
  private readonly historyCursor = new Map<string, number>();

  constructor(plan: PriceModelPlan) {
    this.plan = plan;
    this.assets = [...plan.paths.keys()];
    const synthetic: SyntheticAsset[] = [];
    for (const [asset, path] of plan.paths) {
      if (path.kind === 'synthetic') synthetic.push(path.asset);
      else if (path.kind === 'csv') {
        const feed = new CsvCandleFeed({ asset, csv: path.csv, startMs: path.startMs, speed: path.speed });
        this.feeds.push({ feed, assets: [asset] });
      } else if (path.kind === 'constant') this.constants.set(asset, path.price);
      else this.follows.push({ asset, source: path.source, ratio: BigInt(Math.round(path.ratio * SCALE)) });
    }
    if (synthetic.length > 0) {
      const feed = new SyntheticFeed({
        seed: plan.seed,
        startMs: plan.startMs,
        stepMs: plan.stepMs,
        assets: synthetic,
        decimals: QUOTE_DECIMALS,
      });
      this.feeds.unshift({ feed, assets: synthetic.map((a) => a.symbol) });
    }
    for (const s of plan.shocks) {
      const list = this.shocksByAsset.get(s.asset) ?? [];
      list.push(s);
      this.shocksByAsset.set(s.asset, list);
    }
  }

  /** Every asset's price at `timeMs` (never earlier than the last time asked). */
  at(timeMs: number): Map<string, bigint> {
    const out = new Map<string, bigint>();
    for (const { feed } of this.feeds)
      for (const [a, p] of feed.prices(timeMs)) out.set(a, this.shocked(a, p, timeMs));
    for (const [a, p] of this.constants) out.set(a, this.shocked(a, p, timeMs));
    for (const f of this.follows) {
      const source = out.get(f.source);
      if (source !== undefined)
        out.set(f.asset, this.shocked(f.asset, (source * f.ratio) / BigInt(SCALE), timeMs));
    }
    return out;
  }

  /** Funding rate per interval the perpetual's quotes aim at; undefined when the scenario sets none. */
  fundingTarget(market: string, timeMs: number): number | undefined {
    let rate: number | undefined;
    const base = this.plan.funding.get(market);
    if (base?.kind === 'rate') rate = base.rate;
    else if (base?.kind === 'history') rate = this.historyRate(market, base.points, timeMs);
    for (const s of this.plan.fundingShocks) {
      if (s.market !== market) continue;
      const w = envelopeWeight(s.envelope, timeMs);
      if (w > 0) rate = (rate ?? s.baseline) + (s.rate - (rate ?? s.baseline)) * w;
    }
    return rate;
  }

  /** The rate of the next settlement at or after `timeMs`: the one the current interval's premium makes. */
  private historyRate(market: string, points: readonly FundingPoint[], timeMs: number): number {
    let i = this.historyCursor.get(market) ?? 0;
    while (i < points.length - 1 && points[i]!.time < timeMs) i++;
    this.historyCursor.set(market, i);
    return points[i]!.rate;
  }

  private shocked(asset: string, price: bigint, timeMs: number): bigint {
    const shocks = this.shocksByAsset.get(asset);
    if (!shocks) return price;
    let m = 1;
    for (const s of shocks) m *= 1 + (s.multiplier - 1) * envelopeWeight(s.envelope, timeMs);
    if (m === 1) return price;
    const scaled = (price * BigInt(Math.round(m * SCALE))) / BigInt(SCALE);
    return scaled > 0n ? scaled : 1n;
  }
}

/**
 * The premium (fraction of the index) at which a perpetual trades when its funding rate is `rate`
 * per interval: Binance's rate is avgPremium + clamp(interest - avgPremium, +-clamp), scaled to the
 * interval, so any premium within the clamp of the interest rate gives the interest rate, and a rate
 * above it needs premium = rate + clamp (below: rate - clamp).
 */
export function premiumForRate(market: PerpMarket, rate: number): number {
  const hours = market.fundingIntervalMs / 3_600_000;
  const rate8h = (rate * 8) / hours;
  const interest = Number(market.interestRate) / 1e18;
  const clamp = Number(market.premiumClamp) / 1e18;
  if (rate8h > interest + 1e-12) return rate8h + clamp;
  if (rate8h < interest - 1e-12) return rate8h - clamp;
  return 0;
}
