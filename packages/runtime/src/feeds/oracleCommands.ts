import { pow10 } from '@fulcrum/core';
import type { EngineState, UnstampedCommand } from '@fulcrum/core';
import { FEED_DECIMALS } from './types.ts';

export type OraclePriceCommand = Extract<UnstampedCommand, { type: 'OraclePrice' }>;

export interface OracleCommandOptions {
  /** Decimals of the feed's prices (default 8), rescaled to the pool's base currency decimals. */
  readonly decimals?: number;
}

/**
 * OraclePrice commands for the lending pool: every venue asset the feed prices, in the venue's asset
 * order, read as USD (the feed's USDT is taken at par; pin or shock USDT itself for a depeg). A price
 * the oracle already holds is not sent again, so flat stablecoins do not fill the journal. Nothing
 * on a venue without a pool.
 */
export function oracleCommands(
  state: EngineState,
  prices: ReadonlyMap<string, bigint>,
  options: OracleCommandOptions = {},
): OraclePriceCommand[] {
  const pool = state.venue.lending;
  if (!pool) return [];
  const shift = pool.params.baseCurrencyDecimals - (options.decimals ?? FEED_DECIMALS);
  const commands: OraclePriceCommand[] = [];
  for (const asset of state.venue.assets) {
    const price = prices.get(asset.symbol);
    if (price === undefined) continue;
    const scaled = shift >= 0 ? price * pow10(shift) : price / pow10(-shift);
    if (scaled > 0n && scaled !== state.oracle[asset.index])
      commands.push({ type: 'OraclePrice', asset: asset.symbol, price: scaled });
  }
  return commands;
}
