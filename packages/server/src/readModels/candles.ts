import { Ring } from './ring.ts';

/** Candle intervals served; 1m candles are kept, the others are built from them on read. */
export const CANDLE_INTERVALS = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
} as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

const MINUTE = CANDLE_INTERVALS['1m'];

/** Open, high, low and close in ticks; volume in lots; quote volume in quote units. */
export interface Candle {
  readonly openTime: number;
  readonly open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: bigint;
  trades: number;
}

export interface CandleQuery {
  readonly interval: CandleInterval;
  readonly limit: number;
  /** Only candles that open at or after this time. */
  readonly startTime?: number;
  /** Only candles that open at or before this time. */
  readonly endTime?: number;
}

/**
 * 1-minute candles per market from trades. Minutes without a trade have no candle (the reader sees
 * a gap). Trades arrive in time order because commands are stamped with non-decreasing times.
 */
export class Candles {
  private readonly byMarket = new Map<string, Ring<Candle>>();

  constructor(private readonly capacity: number) {}

  add(market: string, time: number, price: number, qty: number, quoteQty: bigint): void {
    let ring = this.byMarket.get(market);
    if (!ring) {
      ring = new Ring<Candle>(this.capacity);
      this.byMarket.set(market, ring);
    }
    const openTime = time - (time % MINUTE);
    const last = ring.fromNewest(0);
    if (last && last.openTime === openTime) {
      if (price > last.high) last.high = price;
      if (price < last.low) last.low = price;
      last.close = price;
      last.volume += qty;
      last.quoteVolume += quoteQty;
      last.trades++;
      return;
    }
    ring.push({
      openTime,
      open: price,
      high: price,
      low: price,
      close: price,
      volume: qty,
      quoteVolume: quoteQty,
      trades: 1,
    });
  }

  /** Oldest first, the newest `limit` candles of the interval within the time range. */
  query(market: string, q: CandleQuery): Candle[] {
    const ring = this.byMarket.get(market);
    if (!ring) return [];
    const size = CANDLE_INTERVALS[q.interval];
    const out: Candle[] = [];
    let current: Candle | undefined;
    // Walk minutes from the newest back, folding each into the candle of its interval.
    for (let i = 0; i < ring.size; i++) {
      const m = ring.fromNewest(i)!;
      const openTime = m.openTime - (m.openTime % size);
      if (q.endTime !== undefined && openTime > q.endTime) continue;
      if (q.startTime !== undefined && openTime < q.startTime) break;
      if (!current || current.openTime !== openTime) {
        if (out.length === q.limit) break;
        current = { ...m, openTime };
        out.push(current);
        continue;
      }
      // An older minute of the same candle: it sets the open, the close stays the newest's.
      current = mergeOlder(current, m);
      out[out.length - 1] = current;
    }
    return out.reverse();
  }
}

function mergeOlder(candle: Candle, older: Candle): Candle {
  return {
    openTime: candle.openTime,
    open: older.open,
    high: Math.max(candle.high, older.high),
    low: Math.min(candle.low, older.low),
    close: candle.close,
    volume: candle.volume + older.volume,
    quoteVolume: candle.quoteVolume + older.quoteVolume,
    trades: candle.trades + older.trades,
  };
}
