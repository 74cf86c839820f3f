import { candlePrice, parseCandles } from './candles.ts';
import type { Candle } from './candles.ts';
import { FEED_DECIMALS } from './types.ts';
import type { PriceFeed } from './types.ts';

export interface CsvCandleFeedOptions {
  /** Base asset symbol the candles price, e.g. 'BTC'. */
  readonly asset: string;
  /** CSV text: see parseCandles for the columns. */
  readonly csv: string;
  /** Feed time at which the first candle opens (default: that candle's own time). */
  readonly startMs?: number;
  /** Candle ms replayed per feed ms (default 1; 3,600 plays an hour each second). */
  readonly speed?: number;
  /** Candle length in ms (default: the shortest gap between two candles). */
  readonly candleMs?: number;
  /** Quote decimals of the prices (default 8). */
  readonly decimals?: number;
}

/**
 * Replays candles: along each candle the price walks open -> low/high -> close over the candle's
 * length (see candlePrice). Before the first candle the price is its open; in a gap between candles
 * and after the last one, the last close.
 */
export class CsvCandleFeed implements PriceFeed {
  readonly asset: string;
  private readonly candles: readonly Candle[];
  private readonly startMs: number;
  private readonly speed: number;
  private readonly candleMs: number;
  private cursor = 0;
  private lastTime = Number.NEGATIVE_INFINITY;

  constructor(options: CsvCandleFeedOptions) {
    this.asset = options.asset;
    this.candles = parseCandles(options.csv, options.decimals ?? FEED_DECIMALS);
    const first = this.candles[0]!;
    this.startMs = options.startMs ?? first.time;
    this.speed = options.speed ?? 1;
    if (!Number.isFinite(this.speed) || this.speed <= 0) throw new RangeError(`bad speed ${this.speed}`);
    const candleMs = options.candleMs ?? shortestGap(this.candles);
    if (candleMs === undefined) throw new RangeError('one candle gives no length: set candleMs');
    if (!Number.isSafeInteger(candleMs) || candleMs <= 0) throw new RangeError(`bad candleMs ${candleMs}`);
    this.candleMs = candleMs;
  }

  /** Feed time at which the last candle closes: from then on the price stays at its close. */
  get endMs(): number {
    const last = this.candles[this.candles.length - 1]!;
    return this.startMs + (last.time + this.candleMs - this.candles[0]!.time) / this.speed;
  }

  prices(timeMs: number): ReadonlyMap<string, bigint> {
    return new Map([[this.asset, this.priceAt(timeMs)]]);
  }

  private priceAt(timeMs: number): bigint {
    if (timeMs > this.lastTime) this.lastTime = timeMs;
    const dataTime = this.candles[0]!.time + Math.floor((this.lastTime - this.startMs) * this.speed);
    // Time only moves forward, so the current candle does too.
    while (this.cursor + 1 < this.candles.length && this.candles[this.cursor + 1]!.time <= dataTime)
      this.cursor++;
    const candle = this.candles[this.cursor]!;
    return candlePrice(candle, this.candleMs, dataTime - candle.time);
  }
}

function shortestGap(candles: readonly Candle[]): number | undefined {
  let gap: number | undefined;
  for (let i = 1; i < candles.length; i++) {
    const d = candles[i]!.time - candles[i - 1]!.time;
    if (gap === undefined || d < gap) gap = d;
  }
  return gap;
}
