import { parseUnsignedDecimal } from '@fulcrum/core';
import { parse } from 'csv-parse/sync';

/** One OHLC candle, prices in quote units per whole base. */
export interface Candle {
  /** Open time, ms since the epoch. */
  readonly time: number;
  readonly open: bigint;
  readonly high: bigint;
  readonly low: bigint;
  readonly close: bigint;
}

/** Header names accepted for the time column, first match wins. */
const TIME_COLUMNS = ['time', 'timestamp', 'open_time', 'opentime', 'date', 'datetime'];

/**
 * Candles from CSV text with a header row: a time column (ms since the epoch, or an ISO date or
 * date-time, read as UTC when it has no zone) and open, high, low, close (decimal text, parsed
 * exactly at `decimals`). Other columns (volume...) are ignored. Rows must be in strictly increasing
 * time with low <= open, close <= high and every price above zero; anything else throws, naming the line.
 */
export function parseCandles(csv: string, decimals: number): Candle[] {
  const rows = parse(csv, { skip_empty_lines: true, trim: true, bom: true });
  const header = rows[0];
  if (!header) throw new Error('candle CSV is empty');
  const names = header.map((h) => h.toLowerCase());
  const column = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`candle CSV has no "${name}" column`);
    return i;
  };
  const timeName = TIME_COLUMNS.find((n) => names.includes(n));
  if (timeName === undefined) throw new Error(`candle CSV has no time column (${TIME_COLUMNS.join(', ')})`);
  const [t, o, h, l, c] = [timeName, 'open', 'high', 'low', 'close'].map(column) as [
    number,
    number,
    number,
    number,
    number,
  ];

  const candles: Candle[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const line = r + 1;
    const field = (i: number): string => row[i] ?? '';
    const price = (i: number): bigint => {
      const parsed = parseUnsignedDecimal(field(i), decimals);
      if (!parsed.ok) throw new Error(`line ${line}, ${names[i]}: ${parsed.message}`);
      if (parsed.value === 0n) throw new Error(`line ${line}, ${names[i]}: price must be above zero`);
      return parsed.value;
    };
    const candle: Candle = {
      time: parseTime(field(t), line),
      open: price(o),
      high: price(h),
      low: price(l),
      close: price(c),
    };
    const { open, high, low, close } = candle;
    if (low > open || low > close || high < open || high < close)
      throw new Error(`line ${line}: low <= open, close <= high does not hold`);
    const previous = candles[candles.length - 1];
    if (previous && candle.time <= previous.time) throw new Error(`line ${line}: time does not increase`);
    candles.push(candle);
  }
  if (candles.length === 0) throw new Error('candle CSV has no rows');
  return candles;
}

const DIGITS = /^\d+$/;
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Ms since the epoch, or an ISO date; a date-time without a zone is UTC (as exchanges write it). */
export function parseTime(text: string, line: number): number {
  let ms: number;
  if (DIGITS.test(text)) {
    ms = Number(text);
  } else {
    const m = ISO.exec(text);
    if (!m) throw new Error(`line ${line}: time "${text.slice(0, 40)}" is neither ms nor an ISO date`);
    const hasZone = m[4] !== undefined;
    const hasClock = m[1] !== undefined;
    ms = Date.parse(hasClock && !hasZone ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T'));
  }
  if (!Number.isSafeInteger(ms)) throw new Error(`line ${line}: time "${text.slice(0, 40)}" is out of range`);
  return ms;
}

/**
 * The price `elapsed` ms into a candle lasting `duration` ms. The path goes open -> low -> high ->
 * close when the candle closes at or above its open, open -> high -> low -> close otherwise, at a
 * constant speed (each leg takes time in proportion to its length). Exact integer arithmetic: the
 * price is rounded toward the leg's start.
 */
export function candlePrice(candle: Candle, duration: number, elapsed: number): bigint {
  if (elapsed <= 0 || duration <= 0) return elapsed > 0 ? candle.close : candle.open;
  if (elapsed >= duration) return candle.close;
  const { open, high, low, close } = candle;
  const points = close >= open ? [open, low, high, close] : [open, high, low, close];
  let length = 0n;
  for (let i = 1; i < 4; i++) length += abs(points[i]! - points[i - 1]!);
  if (length === 0n) return open;
  let travelled = (length * BigInt(Math.floor(elapsed))) / BigInt(duration);
  for (let i = 1; i < 4; i++) {
    const from = points[i - 1]!;
    const to = points[i]!;
    const leg = abs(to - from);
    if (travelled <= leg) return to >= from ? from + travelled : from - travelled;
    travelled -= leg;
  }
  return close;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
