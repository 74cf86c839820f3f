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
  /**
   * Follow another asset of the feed instead of a path of its own: its price x `ratio` (a decimal,
   * default '1'), e.g. WSTETH at 1.0 ETH. `start` and the path fields are then unused; the followed
   * asset must have a path.
   */
  readonly follows?: string;
  readonly ratio?: string;
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

/**
 * Roughly BTC and ETH (their usual volatility and a monthly downward jump of a few percent), wstETH
 * at 1.0 ETH (an admin shock of WSTETH models the stETH discount), and the stablecoins flat at 1.00
 * (pinned or shocked for a depeg). The lending pool's oracle reads all five.
 */
export const DEFAULT_SYNTHETIC_ASSETS: readonly SyntheticAsset[] = [
  { symbol: 'BTC', start: '50000', volatility: 0.6, jumpsPerYear: 12, jumpMean: -0.01, jumpStdev: 0.03 },
  { symbol: 'ETH', start: '3000', volatility: 0.75, jumpsPerYear: 12, jumpMean: -0.015, jumpStdev: 0.04 },
  { symbol: 'WSTETH', start: '3000', volatility: 0, follows: 'ETH', ratio: '1' },
  { symbol: 'USDT', start: '1', volatility: 0 },
  { symbol: 'USDC', start: '1', volatility: 0 },
];

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** An asset priced as another's price x a ratio. */
interface Follower {
  readonly symbol: string;
  readonly source: Path;
  /** The ratio in units of 10^-RATIO_DECIMALS. */
  readonly ratio: bigint;
}

const RATIO_DECIMALS = 18;
const RATIO_ONE = 10n ** BigInt(RATIO_DECIMALS);

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
  private readonly followers: Follower[];
  private step = 0;

  constructor(options: SyntheticFeedOptions) {
    const stepMs = options.stepMs ?? 1_000;
    if (!Number.isSafeInteger(stepMs) || stepMs <= 0) throw new RangeError(`bad stepMs ${stepMs}`);
    if (!Number.isSafeInteger(options.startMs)) throw new RangeError(`bad startMs ${options.startMs}`);
    const decimals = options.decimals ?? FEED_DECIMALS;
    this.startMs = options.startMs;
    this.stepMs = stepMs;
    this.scale = 10 ** decimals;
    const seen = new Set<string>();
    const assets = options.assets ?? DEFAULT_SYNTHETIC_ASSETS;
    for (const a of assets) {
      if (seen.has(a.symbol)) throw new RangeError(`asset ${a.symbol} twice`);
      seen.add(a.symbol);
    }
    this.paths = assets
      .filter((a) => a.follows === undefined)
      .map((a) => newPath(a, options.seed, decimals, stepMs / YEAR_MS));
    this.followers = assets.flatMap((a) => {
      if (a.follows === undefined) return [];
      const source = this.paths.find((p) => p.symbol === a.follows);
      if (!source) throw new RangeError(`${a.symbol} follows ${a.follows}, which has no path`);
      const ratio = mustParseDecimal(a.ratio ?? '1', RATIO_DECIMALS);
      if (ratio <= 0n) throw new RangeError(`${a.symbol}: ratio must be above zero`);
      return [{ symbol: a.symbol, source, ratio }];
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
    const out = new Map(this.paths.map((p) => [p.symbol, p.price]));
    for (const f of this.followers) {
      const price = (f.source.price * f.ratio) / RATIO_ONE;
      out.set(f.symbol, price >= 1n ? price : 1n);
    }
    return out;
  }
}

/** The path of an asset with a price of its own, at its start. */
function newPath(a: SyntheticAsset, seed: number, decimals: number, dt: number): Path {
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
    random: new Random(streamSeed(seed, a.symbol)),
    mu: ((a.drift ?? 0) - (sigma * sigma) / 2 - jumpsPerYear * jumpMeanSize) * dt,
    sigma: sigma * Math.sqrt(dt),
    lambda: jumpsPerYear * dt,
    jumpMean,
    jumpStdev,
    logPrice: Math.log(Number(start) / 10 ** decimals),
    price: start,
  };
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
