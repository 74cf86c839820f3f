import { describe, expect, it } from 'vitest';
import { dayStats, foldTrade } from './candles.ts';
import type { CandleView } from './candles.ts';

describe('candles', () => {
  it('folds live trades into the current candle and opens the next one on time', () => {
    const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
    let c = foldTrade(undefined, { price: '100.1', qty: '0.5', time: t0 + 1 }, 60_000, '0.001', 8);
    c = foldTrade(c, { price: '99.9', qty: '0.25', time: t0 + 2 }, 60_000, '0.001', 8);
    expect(c).toMatchObject({
      open: '100.1',
      high: '100.1',
      low: '99.9',
      close: '99.9',
      volume: '0.750',
      trades: 2,
    });
    expect(c.quoteVolume).toBe('75.025');
    const next = foldTrade(c, { price: '101', qty: '1', time: t0 + 60_000 }, 60_000, '0.001', 8);
    expect(next.openTime).toBe(t0 + 60_000);
    expect(next.open).toBe('101');
  });

  it('gives 24h figures from the candles of the last day', () => {
    const hour = 3_600_000;
    const now = 100 * hour;
    const candle = (h: number, open: string, high: string, low: string, close: string): CandleView => ({
      openTime: h * hour,
      closeTime: (h + 1) * hour - 1,
      open,
      high,
      low,
      close,
      volume: '1',
      quoteVolume: '100.5',
      trades: 1,
    });
    const stats = dayStats(
      [
        candle(70, '1', '1000', '1', '1'),
        candle(80, '100', '110', '95', '105'),
        candle(99, '105', '120', '90', '99'),
      ],
      now,
      '0.1',
      '0.001',
    );
    expect(stats).toMatchObject({ open: '100', high: '120', low: '90', close: '99', change: '-1.0' });
    expect(stats?.changePercent).toBe('-1.00');
    expect(stats?.volume).toBe('2.000');
    expect(stats?.quoteVolume).toBe('201.00');
  });
});
