import { Side, unitsToAmount } from '@fulcrum/core';
import type { Market, Venue } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { marketOf, perpOf, ppmText, priceText, qtyText, quotePriceText, wadText } from '../format.ts';
import { CANDLE_INTERVALS } from '../readModels/index.ts';
import type { CandleInterval } from '../readModels/index.ts';
import { errorResponses, limit, nullableString, strictObject, symbol } from '../schemas.ts';
import type { ServerContext } from '../types.ts';
import { tradeView } from '../views.ts';

/** Public market data: no signature. */

function marketView(m: Market) {
  const c = m.config;
  const common = {
    symbol: m.symbol,
    kind: m.kind === 'perp' ? 'PERPETUAL' : 'SPOT',
    base: m.base.symbol,
    quote: m.quote.symbol,
    tickSize: c.tickSize,
    lotSize: c.lotSize,
    maxPrice: c.maxPrice,
    maxQty: c.maxQty,
    minNotional: c.minNotional,
    makerFee: c.makerFee,
    takerFee: c.takerFee,
  };
  if (m.kind !== 'perp') return { ...common, perpetual: null };
  return {
    ...common,
    perpetual: {
      marginAsset: m.margin.symbol,
      maxLeverage: m.maxLeverage,
      defaultLeverage: m.defaultLeverage,
      fundingIntervalHours: m.config.fundingIntervalHours,
      interestRate: m.config.interestRate,
      premiumClamp: m.config.premiumClamp,
      fundingCap: m.config.fundingCap,
      brackets: m.brackets.map((b) => ({
        bracket: b.index + 1,
        maxLeverage: b.maxLeverage,
        notionalFloor: unitsToAmount(m.margin, b.floor),
        notionalCap: unitsToAmount(m.margin, b.cap),
        maintMarginRatio: ppmText(b.mmrPpm),
        cum: unitsToAmount(m.margin, b.cum),
      })),
    },
  };
}

function marketsView(venue: Venue) {
  return {
    assets: venue.assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals })),
    markets: venue.markets.map(marketView),
  };
}

const levels = { type: 'array', items: { type: 'array', items: { type: 'string' } } } as const;

export function publicRoutes(app: FastifyInstance, context: ServerContext): void {
  const { exchange, readModels, clock } = context;
  const state = exchange.state;
  // Market configuration never changes while the server runs.
  const markets = marketsView(state.venue);

  app.get('/time', {
    schema: {
      tags: ['public'],
      summary: 'Exchange clock (ms): sign requests with it',
      querystring: strictObject({}, []),
      response: {
        200: { type: 'object', properties: { serverTime: { type: 'integer' } } },
        ...errorResponses,
      },
    },
    handler: async () => ({ serverTime: clock.now() }),
  });

  app.get('/markets', {
    schema: {
      tags: ['public'],
      summary: 'Assets and markets: tick and lot sizes, limits, fees, perpetual brackets',
      querystring: strictObject({}, []),
    },
    handler: async () => markets,
  });

  app.get<{ Querystring: { market: string; limit: number } }>('/book', {
    schema: {
      tags: ['public'],
      summary: 'Order book levels [price, quantity], best first, as of command `seq`',
      querystring: strictObject({ market: symbol, limit: limit(1000, 100) }, ['market']),
      response: {
        200: {
          type: 'object',
          properties: {
            market: { type: 'string' },
            seq: { type: 'integer' },
            time: { type: 'integer' },
            bids: levels,
            asks: levels,
          },
        },
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const m = marketOf(state, request.query.market);
      const book = state.books[m.index]!;
      const side = (s: Side) =>
        book.depth(s, request.query.limit).map((l) => [priceText(m, l.tick), qtyText(m, l.qty)]);
      return {
        market: m.symbol,
        seq: state.seq,
        time: state.time,
        bids: side(Side.Buy),
        asks: side(Side.Sell),
      };
    },
  });

  app.get<{ Querystring: { market: string; limit: number } }>('/trades', {
    schema: {
      tags: ['public'],
      summary: 'Recent trades, newest first',
      querystring: strictObject({ market: symbol, limit: limit(1000, 100) }, ['market']),
      response: {
        200: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              price: { type: 'string' },
              qty: { type: 'string' },
              quoteQty: { type: 'string' },
              takerSide: { type: 'string' },
              time: { type: 'integer' },
            },
          },
        },
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const m = marketOf(state, request.query.market);
      return readModels.trades.recent(m.symbol, request.query.limit).map((t) => tradeView(m, t));
    },
  });

  app.get<{
    Querystring: {
      market: string;
      interval: CandleInterval;
      limit: number;
      startTime?: number;
      endTime?: number;
    };
  }>('/candles', {
    schema: {
      tags: ['public'],
      summary: 'Candles from trades, oldest first (minutes without trades have none)',
      querystring: strictObject(
        {
          market: symbol,
          interval: { type: 'string', enum: Object.keys(CANDLE_INTERVALS), default: '1m' },
          limit: limit(1000, 500),
          startTime: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          endTime: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        },
        ['market'],
      ),
      response: {
        200: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              openTime: { type: 'integer' },
              closeTime: { type: 'integer' },
              open: { type: 'string' },
              high: { type: 'string' },
              low: { type: 'string' },
              close: { type: 'string' },
              volume: { type: 'string' },
              quoteVolume: { type: 'string' },
              trades: { type: 'integer' },
            },
          },
        },
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const { market, interval, limit: max, startTime, endTime } = request.query;
      const m = marketOf(state, market);
      const size = CANDLE_INTERVALS[interval];
      const candles = readModels.candles.query(m.symbol, {
        interval,
        limit: max,
        ...(startTime !== undefined ? { startTime } : {}),
        ...(endTime !== undefined ? { endTime } : {}),
      });
      return candles.map((c) => ({
        openTime: c.openTime,
        closeTime: c.openTime + size - 1,
        open: priceText(m, c.open),
        high: priceText(m, c.high),
        low: priceText(m, c.low),
        close: priceText(m, c.close),
        volume: qtyText(m, c.volume),
        quoteVolume: unitsToAmount(m.quote, c.quoteVolume),
        trades: c.trades,
      }));
    },
  });

  app.get<{ Querystring: { market?: string } }>('/prices', {
    schema: {
      tags: ['public'],
      summary: 'Index, mark and last price, last funding rate and next funding time per perpetual',
      querystring: strictObject({ market: symbol }, []),
      response: {
        200: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              market: { type: 'string' },
              indexPrice: nullableString,
              markPrice: nullableString,
              lastPrice: nullableString,
              lastFundingRate: { type: 'string' },
              interestRate: { type: 'string' },
              nextFundingTime: { type: 'integer' },
              time: { type: 'integer' },
            },
          },
        },
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const wanted = request.query.market;
      const perps = wanted === undefined ? state.venue.perpMarkets : [perpOf(state, wanted)];
      return perps.map((m) => {
        const ms = state.perp[m.index]!;
        return {
          market: m.symbol,
          indexPrice: ms.index === 0n ? null : quotePriceText(m, ms.index),
          markPrice: ms.mark === 0n ? null : quotePriceText(m, ms.mark),
          lastPrice: priceText(m, ms.lastTick),
          lastFundingRate: wadText(ms.lastFundingRate),
          interestRate: wadText(m.interestRate),
          nextFundingTime: ms.nextFundingTime,
          time: state.time,
        };
      });
    },
  });
}
