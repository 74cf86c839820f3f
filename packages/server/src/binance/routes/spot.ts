import { scaleOf } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { endpoint } from '../api.ts';
import type { BinanceApi } from '../api.ts';

/**
 * What CCXT asks of the spot and coin-margined APIs while loading markets (research 2.3): the spot
 * pairs as they are (Binance's spot symbols have no slash), no coins with networks, no margin pairs
 * (spot margin is not offered through this API) and no coin-margined futures.
 */
export function spotRoutes(app: FastifyInstance, api: BinanceApi): void {
  const { state, context } = api;
  const spot = state.venue.spotMarkets.map((m) => ({
    symbol: m.base.symbol + m.quote.symbol,
    status: 'TRADING',
    baseAsset: m.base.symbol,
    baseAssetPrecision: m.base.decimals,
    quoteAsset: m.quote.symbol,
    quotePrecision: m.quote.decimals,
    quoteAssetPrecision: m.quote.decimals,
    orderTypes: ['LIMIT', 'MARKET'],
    icebergAllowed: false,
    ocoAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    permissions: ['SPOT'],
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: m.config.tickSize,
        maxPrice: m.config.maxPrice,
        tickSize: m.config.tickSize,
      },
      {
        filterType: 'LOT_SIZE',
        minQty: m.config.lotSize,
        maxQty: m.config.maxQty,
        stepSize: m.config.lotSize,
      },
      { filterType: 'NOTIONAL', minNotional: m.config.minNotional, applyMinToMarket: true },
    ],
    pricePrecision: scaleOf(m.config.tickSize),
  }));

  app.register(
    async (v3) => {
      endpoint(v3, api, 'GET', '/ping', 'NONE', () => ({}));
      endpoint(v3, api, 'GET', '/time', 'NONE', () => ({ serverTime: context.clock.now() }));
      endpoint(v3, api, 'GET', '/exchangeInfo', 'NONE', () => ({
        timezone: 'UTC',
        serverTime: context.clock.now(),
        rateLimits: [],
        exchangeFilters: [],
        symbols: spot,
      }));
    },
    { prefix: '/api/v3' },
  );
  app.register(
    async (sapi) => {
      endpoint(sapi, api, 'GET', '/v1/capital/config/getall', 'USER_DATA', () => []);
      endpoint(sapi, api, 'GET', '/v1/margin/allPairs', 'USER_DATA', () => []);
      endpoint(sapi, api, 'GET', '/v1/margin/isolated/allPairs', 'USER_DATA', () => []);
      endpoint(sapi, api, 'GET', '/v1/system/status', 'NONE', () => ({ status: 0, msg: 'normal' }));
    },
    { prefix: '/sapi' },
  );
  app.register(
    async (dapi) => {
      endpoint(dapi, api, 'GET', '/v1/exchangeInfo', 'NONE', () => ({
        timezone: 'UTC',
        serverTime: context.clock.now(),
        rateLimits: [],
        exchangeFilters: [],
        symbols: [],
      }));
    },
    { prefix: '/dapi' },
  );
}
