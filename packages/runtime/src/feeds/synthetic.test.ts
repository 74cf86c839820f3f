import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyntheticFeed } from './synthetic.ts';
import type { SyntheticAsset } from './synthetic.ts';

const START = Date.UTC(2026, 0, 1);
const USDT = 100_000_000n;

describe('SyntheticFeed', () => {
  it('starts at the default BTC and ETH prices', () => {
    const prices = new SyntheticFeed({ seed: 1, startMs: START }).prices(START);
    expect(prices.get('BTC')).toBe(50_000n * USDT);
    expect(prices.get('ETH')).toBe(3_000n * USDT);
  });

  it('prices wstETH at 1.0 ETH and the stablecoins flat at 1.00 by default', () => {
    const feed = new SyntheticFeed({ seed: 5, startMs: START });
    for (const t of [START, START + 3_600_000, START + 86_400_000]) {
      const prices = feed.prices(t);
      expect(prices.get('WSTETH')).toBe(prices.get('ETH'));
      expect(prices.get('USDT')).toBe(USDT);
      expect(prices.get('USDC')).toBe(USDT);
    }
    expect(feed.prices(START + 86_400_000).get('ETH')).not.toBe(3_000n * USDT);
  });

  it('follows another asset at a ratio, and refuses to follow an asset without a path', () => {
    const eth: SyntheticAsset = { symbol: 'ETH', start: '3000', volatility: 0.8 };
    const feed = new SyntheticFeed({
      seed: 1,
      startMs: START,
      assets: [eth, { symbol: 'WSTETH', start: '0', volatility: 0, follows: 'ETH', ratio: '1.2' }],
    });
    expect(feed.prices(START).get('WSTETH')).toBe(3_600n * USDT);
    const later = feed.prices(START + 600_000);
    expect(later.get('WSTETH')).toBe((later.get('ETH')! * 12n) / 10n);
    const orphan = { symbol: 'X', start: '1', volatility: 0, follows: 'Y' };
    expect(() => new SyntheticFeed({ seed: 1, startMs: START, assets: [eth, orphan] })).toThrow(/no path/);
  });

  it('gives the same prices for the same seed, whatever steps it is asked in', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 20 }),
        (seed, gaps) => {
          const a = new SyntheticFeed({ seed, startMs: START });
          const b = new SyntheticFeed({ seed, startMs: START });
          let t = START;
          for (const gap of gaps) {
            t += gap;
            a.prices(t);
          }
          expect(b.prices(t)).toEqual(a.prices(t));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('differs between seeds and holds prices between steps', () => {
    const a = new SyntheticFeed({ seed: 1, startMs: START });
    const b = new SyntheticFeed({ seed: 2, startMs: START });
    expect(a.prices(START + 60_000).get('BTC')).not.toBe(b.prices(START + 60_000).get('BTC'));
    expect(a.prices(START + 60_999)).toEqual(a.prices(START + 60_000));
    // An earlier time reads as the last one.
    expect(a.prices(START)).toEqual(a.prices(START + 60_000));
  });

  it("keeps each asset's path when another asset is added", () => {
    const both = new SyntheticFeed({ seed: 7, startMs: START });
    const onlyBtc = new SyntheticFeed({
      seed: 7,
      startMs: START,
      assets: [
        {
          symbol: 'BTC',
          start: '50000',
          volatility: 0.6,
          jumpsPerYear: 12,
          jumpMean: -0.01,
          jumpStdev: 0.03,
        },
      ],
    });
    expect(onlyBtc.prices(START + 3_600_000).get('BTC')).toBe(both.prices(START + 3_600_000).get('BTC'));
  });

  it('has about the volatility and drift it is given', () => {
    // 2,000 daily log-returns at 60% a year (stdev ~3.1% a day) with drift 0: jumps off.
    const asset: SyntheticAsset = { symbol: 'X', start: '100', volatility: 0.6 };
    const day = 86_400_000;
    const feed = new SyntheticFeed({ seed: 42, startMs: 0, assets: [asset], stepMs: day });
    const returns: number[] = [];
    let last = Number(feed.prices(0).get('X'));
    for (let d = 1; d <= 2_000; d++) {
      const p = Number(feed.prices(d * day).get('X'));
      returns.push(Math.log(p / last));
      last = p;
    }
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1));
    const annual = sd * Math.sqrt(365.25);
    expect(annual).toBeGreaterThan(0.55);
    expect(annual).toBeLessThan(0.65);
    // Expected daily log-return -sigma^2/2 per year = -0.18/365 ~ -0.0005 a day, within noise.
    expect(Math.abs(mean + 0.18 / 365.25)).toBeLessThan(0.0025);
  });

  it('jumps about as often as asked', () => {
    // No diffusion: every move is a jump (drift compensation aside).
    const asset: SyntheticAsset = {
      symbol: 'J',
      start: '1000',
      volatility: 0,
      jumpsPerYear: 365.25 * 24, // one an hour
      jumpMean: -0.05,
      jumpStdev: 0.01,
    };
    const minute = 60_000;
    const feed = new SyntheticFeed({ seed: 3, startMs: 0, assets: [asset], stepMs: minute });
    let jumps = 0;
    let last = feed.prices(0).get('J')!;
    for (let m = 1; m <= 6_000; m++) {
      const p = feed.prices(m * minute).get('J')!;
      if (p * 100n < last * 98n) jumps++; // a 5% drop, far beyond the compensating drift
      last = p;
    }
    expect(jumps).toBeGreaterThan(80);
    expect(jumps).toBeLessThan(120);
  });

  it('never gives a price at or below zero', () => {
    const asset: SyntheticAsset = { symbol: 'DOOM', start: '0.00000002', volatility: 3, drift: -50 };
    const feed = new SyntheticFeed({ seed: 9, startMs: 0, assets: [asset], stepMs: 86_400_000 });
    for (let d = 1; d <= 50; d++) expect(feed.prices(d * 86_400_000).get('DOOM')).toBeGreaterThanOrEqual(1n);
  });

  it('refuses bad options', () => {
    expect(() => new SyntheticFeed({ seed: 1, startMs: 0, stepMs: 0 })).toThrow(RangeError);
    const bad = (a: Partial<SyntheticAsset>) => () =>
      new SyntheticFeed({
        seed: 1,
        startMs: 0,
        assets: [{ symbol: 'X', start: '1', volatility: 0.5, ...a }],
      });
    expect(bad({ start: '0' })).toThrow(RangeError);
    expect(bad({ volatility: -1 })).toThrow(RangeError);
    expect(bad({ jumpsPerYear: Number.NaN })).toThrow(RangeError);
    expect(bad({ start: 'abc' })).toThrow(RangeError);
  });
});
