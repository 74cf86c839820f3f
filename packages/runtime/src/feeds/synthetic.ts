import { mustParseDecimal } from '@fulcrum/core';
import { Random, streamSeed } from './random.ts';
import { FEED_DECIMALS } from './types.ts';
import type { PriceFeed } from './types.ts';

/** One asset's path: geometric Brownian motion with Merton jumps. Rates are per year. */
export interface SyntheticAsset {
  // Optional fields default to 0.
  /** Base asset symbol, e.g. 'BTC'. */
  readonly symbol: string;
  /** Starting price as a decimal in quote, e.g. '50000'. */
  readonly start: string;
  /** Annual volatility of the diffusion, e.g. 0.6 for 60%. */
  readonly volatility: number;
  /** Annual growth rate, jumps included: the expected price after t years is start x e^(drift x t). */
  readonly drift?: number;
  /** Expected number of jumps per year (default 0: no jumps). */
  readonly jumpsPerYear?: number;
  /** Mean and standard deviation of one jump's log size (defaults 0). */
  readonly jumpMean?: number;
  readonly jumpStdev?: number;
}

export interface SyntheticFeedOptions {
  /** 32-bit integer seed: the same seed gives the same paths. */
  readonly seed: number;
  /** Time of the starting prices (ms). */
  readonly startMs: number;
  /** Default: BTC and ETH (see DEFAULT_SYNTHETIC_ASSETS). */
  readonly assets?: readonly SyntheticAsset[];
  /** Simulation step (default 1,000 ms); prices hold between steps. */
  readonly stepMs?: number;
  /** Quote decimals of the prices produced (default 8). */
  readonly decimals?: number;
}

/** Roughly BTC and ETH: their usual volatility and a monthly downward jump of a few percent. */
export const DEFAULT_SYNTHETIC_ASSETS: readonly SyntheticAsset[] = [
  { symbol: 'BTC', start: '50000', volatility: 0.6, jumpsPerYear: 12, jumpMean: -0.01, jumpStdev: 0.03 },
  { symbol: 'ETH', start: '3000', volatility: 0.75, jumpsPerYear: 12, jumpMean: -0.015, jumpStdev: 0.04 },
];

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

interface Path {
  readonly symbol: string;
  readonly random: Random;
  /** Per step: log drift (compensated for the Ito term and the jumps), diffusion scale, jump mean count. */
  readonly mu: number;
  readonly sigma: number;
  readonly lambda: number;
  readonly jumpMean: number;
  readonly jumpStdev: number;
  logPrice: number;
  price: bigint;
}

/**
 * Seeded synthetic prices. The path is simulated on a fixed grid of `stepMs` from `startMs`, each
 * asset from its own stream of the seed, so prices depend only on the seed, the options and the
 * time: not on how often or in which steps the feed is asked (adding an asset leaves the others'
 * paths unchanged too). Floats stay inside; prices leave as bigint quote units, at least 1.
 */
export class SyntheticFeed implements PriceFeed {
  private readonly startMs: number;
  private readonly stepMs: number;
  private readonly scale: number;
  private readonly paths: Path[];
  private step = 0;

  constructor(options: SyntheticFeedOptions) {
    const stepMs = options.stepMs ?? 1_000;
    if (!Number.isSafeInteger(stepMs) || stepMs <= 0) throw new RangeError(`bad stepMs ${stepMs}`);
    if (!Number.isSafeInteger(options.startMs)) throw new RangeError(`bad startMs ${options.startMs}`);
    const decimals = options.decimals ?? FEED_DECIMALS;
    this.startMs = options.startMs;
    this.stepMs = stepMs;
    this.scale = 10 ** decimals;
    const dt = stepMs / YEAR_MS;
    const seen = new Set<string>();
    this.paths = (options.assets ?? DEFAULT_SYNTHETIC_ASSETS).map((a) => {
      if (seen.has(a.symbol)) throw new RangeError(`asset ${a.symbol} twice`);
      seen.add(a.symbol);
      const start = mustParseDecimal(a.start, decimals);
      if (start <= 0n) throw new RangeError(`${a.symbol}: start price must be above zero`);
      const jumpsPerYear = a.jumpsPerYear ?? 0;
      const jumpMean = a.jumpMean ?? 0;
      const jumpStdev = a.jumpStdev ?? 0;
      for (const [name, v] of [
        ['volatility', a.volatility],
        ['jumpsPerYear', jumpsPerYear],
        ['jumpStdev', jumpStdev],
      ] as const) {
        if (!Number.isFinite(v) || v < 0) throw new RangeError(`${a.symbol}: ${name} must be >= 0`);
      }
      if (!Number.isFinite(a.drift ?? 0) || !Number.isFinite(jumpMean))
        throw new RangeError(`${a.symbol}: drift and jumpMean must be finite`);
      // Merton: subtract the jumps' expected relative size so `drift` stays the expected return.
      const jumpMeanSize = Math.exp(jumpMean + (jumpStdev * jumpStdev) / 2) - 1;
      const sigma = a.volatility;
      return {
        symbol: a.symbol,
        random: new Random(streamSeed(options.seed, a.symbol)),
        mu: ((a.drift ?? 0) - (sigma * sigma) / 2 - jumpsPerYear * jumpMeanSize) * dt,
        sigma: sigma * Math.sqrt(dt),
        lambda: jumpsPerYear * dt,
        jumpMean,
        jumpStdev,
        logPrice: Math.log(Number(start) / this.scale),
        price: start,
      };
    });
  }

  /** Simulate up to the last grid step at or before `toTimeMs`. */
  advance(toTimeMs: number): void {
    const target = Math.floor((toTimeMs - this.startMs) / this.stepMs);
    if (target <= this.step) return;
    for (const path of this.paths) {
      for (let s = this.step; s < target; s++) stepPath(path);
      path.price = toUnits(path.logPrice, this.scale);
    }
    this.step = target;
  }

  prices(timeMs: number): ReadonlyMap<string, bigint> {
    this.advance(timeMs);
    return new Map(this.paths.map((p) => [p.symbol, p.price]));
  }
}

function stepPath(p: Path): void {
  let x = p.mu + p.sigma * p.random.normal();
  const jumps = p.random.poisson(p.lambda);
  for (let j = 0; j < jumps; j++) x += p.jumpMean + p.jumpStdev * p.random.normal();
  p.logPrice += x;
}

function toUnits(logPrice: number, scale: number): bigint {
  const units = Math.round(Math.exp(logPrice) * scale);
  if (!Number.isFinite(units)) throw new RangeError('synthetic price overflowed');
  return units >= 1 ? BigInt(units) : 1n;
}
