import { compareText, decimalsOf, div, formatFixed, fx, mul } from './decimal.ts';

/** A candle as GET /api/v1/candles answers it. */
export interface CandleView {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly quoteVolume: string;
  readonly trades: number;
}

export const INTERVALS = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000 } as const;
export type Interval = keyof typeof INTERVALS;

/** The open time of the candle a time falls in. */
export const bucketOf = (time: number, intervalMs: number): number => time - (time % intervalMs);

/**
 * A candle with one more trade folded in: a new candle when the trade opens the next interval.
 * Volumes add exactly; `lotSize` and `quoteDecimals` set how the sums are written.
 */
export function foldTrade(
  last: CandleView | undefined,
  trade: { readonly price: string; readonly qty: string; readonly time: number },
  intervalMs: number,
  lotSize: string,
  quoteDecimals: number,
): CandleView {
  const openTime = bucketOf(trade.time, intervalMs);
  const quote = formatFixed(mul(fx(trade.price), fx(trade.qty)), quoteDecimals, { trim: true });
  if (!last || last.openTime !== openTime) {
    return {
      openTime,
      closeTime: openTime + intervalMs - 1,
      open: trade.price,
      high: trade.price,
      low: trade.price,
      close: trade.price,
      volume: trade.qty,
      quoteVolume: quote,
      trades: 1,
    };
  }
  return {
    ...last,
    high: compareText(trade.price, last.high) > 0 ? trade.price : last.high,
    low: compareText(trade.price, last.low) < 0 ? trade.price : last.low,
    close: trade.price,
    volume: formatFixed(fx(last.volume) + fx(trade.qty), decimalsOf(lotSize)),
    quoteVolume: formatFixed(fx(last.quoteVolume) + fx(quote), quoteDecimals, { trim: true }),
    trades: last.trades + 1,
  };
}

export interface DayStats {
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly change: string;
  /** Percent, two decimals. */
  readonly changePercent: string;
  readonly volume: string;
  readonly quoteVolume: string;
}

/** 24h figures from candles (oldest first) that open within the last day before `now`. */
export function dayStats(
  candles: readonly CandleView[],
  now: number,
  tickSize: string,
  lotSize: string,
): DayStats | undefined {
  const day = candles.filter((c) => c.closeTime >= now - 86_400_000);
  const first = day[0];
  const last = day.at(-1);
  if (!first || !last) return undefined;
  let high = first.high;
  let low = first.low;
  let volume = 0n;
  let quoteVolume = 0n;
  for (const c of day) {
    if (compareText(c.high, high) > 0) high = c.high;
    if (compareText(c.low, low) < 0) low = c.low;
    volume += fx(c.volume);
    quoteVolume += fx(c.quoteVolume);
  }
  const change = fx(last.close) - fx(first.open);
  const open = fx(first.open);
  const percent = open === 0n ? 0n : div(change * 100n, open);
  return {
    open: first.open,
    high,
    low,
    close: last.close,
    change: formatFixed(change, decimalsOf(tickSize)),
    changePercent: formatFixed(percent, 2),
    volume: formatFixed(volume, decimalsOf(lotSize)),
    quoteVolume: formatFixed(quoteVolume, 2),
  };
}

/** Seconds since the epoch, as the chart's time axis takes them. */
export const chartTime = (ms: number): number => Math.floor(ms / 1000);
