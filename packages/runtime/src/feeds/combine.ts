import type { PriceFeed } from './types.ts';

/** Several feeds as one, e.g. a CSV replay per asset; a later feed wins for an asset in two. */
export function combineFeeds(feeds: readonly PriceFeed[]): PriceFeed {
  return {
    prices(timeMs: number): ReadonlyMap<string, bigint> {
      const out = new Map<string, bigint>();
      for (const feed of feeds) for (const [asset, price] of feed.prices(timeMs)) out.set(asset, price);
      return out;
    },
  };
}
