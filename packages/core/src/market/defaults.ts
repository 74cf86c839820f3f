import type { VenueConfig } from './config.ts';

/**
 * Default spot venue: Binance spot's BTCUSDT and ETHUSDT filters (tick 0.01, lot 0.00001 / 0.0001,
 * notional >= 5 USDT) and its base fee tier (0.1% maker and taker). Maximum quantities are lower than
 * Binance's so one order's value in tick-lots stays exact in a double (see loadVenue).
 * Ledger amounts use 8 decimals, as Binance's balances do.
 */
export function defaultSpotVenueConfig(): VenueConfig {
  return {
    assets: [
      { symbol: 'USDT', decimals: 8 },
      { symbol: 'BTC', decimals: 8 },
      { symbol: 'ETH', decimals: 8 },
    ],
    spotPairs: [
      {
        symbol: 'BTCUSDT',
        base: 'BTC',
        quote: 'USDT',
        tickSize: '0.01',
        lotSize: '0.00001',
        maxPrice: '1000000',
        maxQty: '900',
        minNotional: '5',
        makerFee: '0.001',
        takerFee: '0.001',
      },
      {
        symbol: 'ETHUSDT',
        base: 'ETH',
        quote: 'USDT',
        tickSize: '0.01',
        lotSize: '0.0001',
        maxPrice: '100000',
        maxQty: '9000',
        minNotional: '5',
        makerFee: '0.001',
        takerFee: '0.001',
      },
    ],
  };
}
