import { pow10 } from '@fulcrum/core';
import type { UnstampedCommand, Venue } from '@fulcrum/core';
import { FEED_DECIMALS } from './types.ts';

export type IndexPriceCommand = Extract<UnstampedCommand, { type: 'IndexPrice' }>;

export interface IndexCommandOptions {
  /** The asset the prices are quoted in (default 'USDT'): only markets quoted in it get a price. */
  readonly quote?: string;
  /** Decimals of the prices (default 8); rescaled to each market's quote decimals. */
  readonly decimals?: number;
}

/**
 * IndexPrice commands for every market (spot pairs, whose index values spot margin, and perpetuals)
 * whose base asset has a price, in the venue's market order (so the journal reads the same on every
 * run). A price that would rescale to zero is left out.
 */
export function indexCommands(
  venue: Venue,
  prices: ReadonlyMap<string, bigint>,
  options: IndexCommandOptions = {},
): IndexPriceCommand[] {
  const quote = options.quote ?? 'USDT';
  const decimals = options.decimals ?? FEED_DECIMALS;
  const commands: IndexPriceCommand[] = [];
  for (const market of venue.markets) {
    if (market.quote.symbol !== quote) continue;
    const price = prices.get(market.base.symbol);
    if (price === undefined) continue;
    const shift = market.quote.decimals - decimals;
    const scaled = shift >= 0 ? price * pow10(shift) : price / pow10(-shift);
    if (scaled > 0n) commands.push({ type: 'IndexPrice', market: market.symbol, price: scaled });
  }
  return commands;
}
