/**
 * A source of prices over time. Prices are bigint quote units per whole base asset (USDT with 8
 * decimals unless the feed says otherwise), keyed by the base asset's symbol ('BTC').
 */
export interface PriceFeed {
  /**
   * Advance to `timeMs` and return the price of every asset the feed knows at that time. Time never
   * goes backwards: a time before the last one asked is read as the last one.
   */
  prices(timeMs: number): ReadonlyMap<string, bigint>;
}

/** Quote decimals of the prices feeds produce by default (USDT's on the default venue). */
export const FEED_DECIMALS = 8;
