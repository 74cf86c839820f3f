import { defaultVenueConfig, defaultSpotVenueConfig, mustLoadVenue } from '@fulcrum/core';
import { describe, expect, it } from 'vitest';
import { combineFeeds } from './combine.ts';
import { indexCommands } from './indexCommands.ts';
import { ManualOverlay } from './manualOverlay.ts';
import type { PriceFeed } from './types.ts';

const U = 100_000_000n;

/** A feed whose prices the test sets. */
function fixedFeed(prices: Record<string, bigint>): PriceFeed & { set(asset: string, p: bigint): void } {
  const map = new Map(Object.entries(prices));
  return { prices: () => new Map(map), set: (asset, p) => void map.set(asset, p) };
}

describe('ManualOverlay', () => {
  it('passes the underlying feed through untouched', () => {
    const overlay = new ManualOverlay(fixedFeed({ BTC: 50_000n * U, ETH: 3_000n * U }));
    expect(overlay.prices(0)).toEqual(
      new Map([
        ['BTC', 50_000n * U],
        ['ETH', 3_000n * U],
      ]),
    );
  });

  it('pins a price until released', () => {
    const inner = fixedFeed({ BTC: 50_000n * U });
    const overlay = new ManualOverlay(inner);
    overlay.set('BTC', 42_000n * U);
    inner.set('BTC', 51_000n * U);
    expect(overlay.prices(1).get('BTC')).toBe(42_000n * U);
    expect(overlay.pins()).toEqual(new Map([['BTC', 42_000n * U]]));
    overlay.release('BTC');
    expect(overlay.prices(2).get('BTC')).toBe(51_000n * U);
    expect(() => overlay.set('BTC', 0n)).toThrow(RangeError);
  });

  it('keeps a shock on top of the moving feed until cleared', () => {
    const inner = fixedFeed({ BTC: 50_000n * U, ETH: 3_000n * U });
    const overlay = new ManualOverlay(inner);
    overlay.shock('BTC', -3_000);
    expect(overlay.prices(1).get('BTC')).toBe(35_000n * U);
    expect(overlay.prices(1).get('ETH')).toBe(3_000n * U);
    inner.set('BTC', 60_000n * U);
    expect(overlay.prices(2).get('BTC')).toBe(42_000n * U);
    overlay.shock('BTC', 1_000); // replaces, does not compound
    expect(overlay.prices(3).get('BTC')).toBe(66_000n * U);
    expect(overlay.shocks()).toEqual(new Map([['BTC', 1_000]]));
    overlay.shock('BTC', 0);
    expect(overlay.shocks().size).toBe(0);
    expect(overlay.prices(4).get('BTC')).toBe(60_000n * U);
  });

  it('lets a pin win over a shock, and never gives zero', () => {
    const overlay = new ManualOverlay(fixedFeed({ BTC: 1n }));
    overlay.shock('BTC', -9_999);
    expect(overlay.prices(0).get('BTC')).toBe(1n);
    overlay.set('BTC', 7n);
    expect(overlay.prices(0).get('BTC')).toBe(7n);
    expect(() => overlay.shock('BTC', -10_000)).toThrow(RangeError);
    expect(() => overlay.shock('BTC', 1.5)).toThrow(RangeError);
  });

  it('pins an asset the underlying feed does not have', () => {
    const overlay = new ManualOverlay(fixedFeed({}));
    overlay.shock('SOL', -500);
    expect(overlay.prices(0).size).toBe(0);
    overlay.set('SOL', 150n * U);
    expect(overlay.prices(0).get('SOL')).toBe(150n * U);
  });
});

describe('combineFeeds', () => {
  it('merges feeds, the later one winning', () => {
    const feed = combineFeeds([fixedFeed({ BTC: 1n, ETH: 2n }), fixedFeed({ ETH: 3n })]);
    expect(feed.prices(0)).toEqual(
      new Map([
        ['BTC', 1n],
        ['ETH', 3n],
      ]),
    );
  });
});

describe('indexCommands', () => {
  const venue = mustLoadVenue(defaultVenueConfig());

  it('prices every market whose base has a price, in market order', () => {
    const prices = new Map([
      ['ETH', 3_000n * U],
      ['BTC', 50_000n * U],
      ['SOL', 150n * U],
    ]);
    expect(indexCommands(venue, prices)).toEqual([
      { type: 'IndexPrice', market: 'BTC/USDT', price: 50_000n * U },
      { type: 'IndexPrice', market: 'ETH/USDT', price: 3_000n * U },
      { type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * U },
      { type: 'IndexPrice', market: 'ETHUSDT', price: 3_000n * U },
    ]);
    expect(indexCommands(venue, new Map([['ETH', 1n]]))).toEqual([
      { type: 'IndexPrice', market: 'ETH/USDT', price: 1n },
      { type: 'IndexPrice', market: 'ETHUSDT', price: 1n },
    ]);
  });

  it('skips other quotes, and rescales decimals', () => {
    expect(indexCommands(mustLoadVenue(defaultSpotVenueConfig()), new Map([['BTC', U]]))).toEqual([
      { type: 'IndexPrice', market: 'BTC/USDT', price: U },
    ]);
    expect(indexCommands(venue, new Map([['BTC', U]]), { quote: 'USDC' })).toEqual([]);
    const sixDecimals = new Map([
      ['BTC', 50_000_000_000n],
      ['ETH', 0n],
    ]);
    expect(indexCommands(venue, sixDecimals, { decimals: 6 })).toEqual([
      { type: 'IndexPrice', market: 'BTC/USDT', price: 50_000n * U },
      { type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * U },
    ]);
    expect(indexCommands(venue, new Map([['BTC', 123_456_789n]]), { decimals: 10 })).toEqual([
      { type: 'IndexPrice', market: 'BTC/USDT', price: 1_234_567n },
      { type: 'IndexPrice', market: 'BTCUSDT', price: 1_234_567n },
    ]);
  });
});
