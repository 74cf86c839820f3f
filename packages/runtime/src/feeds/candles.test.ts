import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candlePrice, parseCandles, parseTime } from './candles.ts';
import { CsvCandleFeed } from './csvCandleFeed.ts';

const U = 100_000_000n; // one USDT in quote units
const MIN = 60_000;

const CSV = `time,open,high,low,close,volume
0,100,110,95,105,1.5
60000,105,106,90,91,2
120000,91,91,91,91,0
`;

describe('parseCandles', () => {
  it('reads ms and ISO times and exact decimal prices', () => {
    const csv = `Timestamp,Open,High,Low,Close,Volume
2017-08-17 04:00:00,4261.48,4328.69,4261.32,4315.32,70.415925
2017-08-17T06:00:00Z,4330.29,4349.99,4287.41,4349.99,11.67294
2017-08-18,0.00000001,0.12345678,0.00000001,0.1,0
`;
    const candles = parseCandles(csv, 8);
    expect(candles.map((c) => c.time)).toEqual([
      Date.UTC(2017, 7, 17, 4),
      Date.UTC(2017, 7, 17, 6),
      Date.UTC(2017, 7, 18),
    ]);
    expect(candles[0]!.open).toBe(426_148_000_000n);
    expect(candles[2]!.high).toBe(12_345_678n);
    expect(candles[2]!.low).toBe(1n);
  });

  it('reads time zones and refuses what it cannot read', () => {
    expect(parseTime('2026-01-01T01:00:00+01:00', 1)).toBe(Date.UTC(2026, 0, 1));
    expect(parseTime('1767225600000', 1)).toBe(Date.UTC(2026, 0, 1));
    expect(() => parseTime('yesterday', 1)).toThrow(/line 1/);
    expect(() => parseTime('2026-13-45', 1)).toThrow(/out of range/);
  });

  it('refuses bad rows, naming the line', () => {
    const bad = (row: string) => () => parseCandles(`time,open,high,low,close\n0,1,1,1,1\n${row}\n`, 8);
    expect(bad('1000,1.5,2,1,1.5')).not.toThrow();
    expect(bad('0,1,1,1,1')).toThrow(/line 3: time does not increase/);
    expect(bad('1000,1,2,1.5,1.5')).toThrow(/line 3: low/);
    expect(bad('1000,1,2,1,3')).toThrow(/line 3/);
    expect(bad('1000,0,1,0,1')).toThrow(/above zero/);
    expect(bad('1000,1.123456789,2,1,1.5')).toThrow(/line 3, open/);
    expect(bad('1000,1e3,2,1,1.5')).toThrow(/line 3, open/);
    expect(() => parseCandles('open,high,low,close\n1,1,1,1\n', 8)).toThrow(/time column/);
    expect(() => parseCandles('time,open,high,low\n1,1,1,1\n', 8)).toThrow(/"close"/);
    expect(() => parseCandles('time,open,high,low,close\n', 8)).toThrow(/no rows/);
  });
});

describe('candlePrice', () => {
  const [up, down] = parseCandles(CSV, 8) as [
    ReturnType<typeof parseCandles>[0],
    ReturnType<typeof parseCandles>[0],
  ];

  it('goes open -> low -> high -> close on an up candle, at constant speed', () => {
    // Path 100 -> 95 -> 110 -> 105: legs of 5, 15, 5 (25 in all) over 60 s.
    expect(candlePrice(up, MIN, 0)).toBe(100n * U);
    expect(candlePrice(up, MIN, 12_000)).toBe(95n * U); // 5 of 25
    expect(candlePrice(up, MIN, 48_000)).toBe(110n * U); // 20 of 25
    expect(candlePrice(up, MIN, 54_000)).toBe(10_750_000_000n); // 22.5 of 25
    expect(candlePrice(up, MIN, 60_000)).toBe(105n * U);
  });

  it('goes open -> high -> low -> close on a down candle', () => {
    // Path 105 -> 106 -> 90 -> 91: legs of 1, 16, 1 (18 in all), here over 18 s.
    expect(candlePrice(down, 18_000, 1_000)).toBe(106n * U);
    expect(candlePrice(down, 18_000, 3_000)).toBe(104n * U);
    expect(candlePrice(down, 18_000, 17_000)).toBe(90n * U);
    expect(candlePrice(down, 18_000, 17_500)).toBe(9_050_000_000n);
  });

  it('stays within [low, high] and moves by at most the path speed', () => {
    let last = candlePrice(up, MIN, 0);
    for (let t = 0; t <= MIN; t += 100) {
      const p = candlePrice(up, MIN, t);
      expect(p >= up.low && p <= up.high).toBe(true);
      const step = p > last ? p - last : last - p;
      expect(step <= (25n * U * 100n) / 60_000n + 1n).toBe(true);
      last = p;
    }
  });
});

describe('CsvCandleFeed', () => {
  it('replays in data time by default, holding before and after', () => {
    const feed = new CsvCandleFeed({ asset: 'BTC', csv: CSV });
    expect(feed.prices(-5_000).get('BTC')).toBe(100n * U);
    expect(feed.prices(12_000).get('BTC')).toBe(95n * U);
    expect(feed.prices(60_000).get('BTC')).toBe(105n * U);
    expect(feed.prices(120_000).get('BTC')).toBe(91n * U);
    expect(feed.endMs).toBe(180_000);
    expect(feed.prices(10_000_000).get('BTC')).toBe(91n * U);
  });

  it('maps feed time onto candle time with a start and a speed', () => {
    const feed = new CsvCandleFeed({ asset: 'BTC', csv: CSV, startMs: 1_000_000, speed: 60 });
    expect(feed.prices(1_000_000).get('BTC')).toBe(100n * U);
    expect(feed.prices(1_000_200).get('BTC')).toBe(95n * U); // 12 s of candle time
    expect(feed.prices(1_001_000).get('BTC')).toBe(105n * U);
    expect(feed.endMs).toBe(1_003_000);
    // Time does not go back.
    expect(feed.prices(1_000_000).get('BTC')).toBe(105n * U);
  });

  it('holds the close through a gap between candles', () => {
    const csv = 'time,open,high,low,close\n0,10,12,10,12\n60000,12,12,12,12\n600000,20,20,20,20\n';
    const feed = new CsvCandleFeed({ asset: 'ETH', csv });
    expect(feed.prices(300_000).get('ETH')).toBe(12n * U);
    expect(feed.prices(600_000).get('ETH')).toBe(20n * U);
  });

  it('needs a length for a single candle', () => {
    const csv = 'time,open,high,low,close\n0,10,12,9,11\n';
    expect(() => new CsvCandleFeed({ asset: 'BTC', csv })).toThrow(/candleMs/);
    const feed = new CsvCandleFeed({ asset: 'BTC', csv, candleMs: 1_000 });
    expect(feed.prices(1_000).get('BTC')).toBe(11n * U);
  });

  const ETH_DAILY = '../shared/data/binance_ETHUSDT_spot_1d_2020-01-01_2025-06-22__bumpy-croc.csv';
  it.skipIf(!existsSync(ETH_DAILY))('replays real daily candles exactly', () => {
    const feed = new CsvCandleFeed({ asset: 'ETH', csv: readFileSync(ETH_DAILY, 'utf8') });
    const day = Date.UTC(2020, 0, 2);
    // 2020-01-02: open 130.72, high 130.78, low 126.38, close 127.19 (a down day: high first, and the
    // last leg climbs from the low to the close).
    expect(feed.prices(day).get('ETH')).toBe(13_072_000_000n);
    const late = feed.prices(day + 86_400_000 - 60_000).get('ETH')!;
    expect(late > 12_638_000_000n && late < 12_719_000_000n).toBe(true);
    expect(feed.prices(day + 86_400_000).get('ETH')).toBe(12_719_000_000n);
  });
});
