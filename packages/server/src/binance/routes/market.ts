import { averagePremium, fundingRate, scaleOf } from '@fulcrum/core';
import type { PerpMarket } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { wadText, ppmText } from '../../format.ts';
import { CANDLE_INTERVALS } from '../../readModels/index.ts';
import type { Candle, CandleInterval } from '../../readModels/index.ts';
import { endpoint } from '../api.ts';
import type { BinanceApi } from '../api.ts';
import { B } from '../errors.ts';
import { optionalPerp, perpNamed } from '../params.ts';
import type { Params } from '../params.ts';
import { amount, price, qty, tickPrice } from '../views.ts';

/** Public market data under /fapi/v1: no key, no signature. */

const DAY = 86_400_000;
const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];

/** Binance's interval names Fulcrum keeps candles for. */
const INTERVALS: ReadonlySet<string> = new Set(Object.keys(CANDLE_INTERVALS));

function interval(params: Params): CandleInterval {
  const name = params.need('interval');
  if (!INTERVALS.has(name)) throw B.invalidInterval([...INTERVALS]);
  return name as CandleInterval;
}

export function exchangeInfoSymbol(m: PerpMarket) {
  const c = m.config;
  return {
    symbol: m.symbol,
    pair: m.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 0,
    status: 'TRADING',
    maintMarginPercent: ppmPercent(m.brackets[0]!.mmrPpm),
    requiredMarginPercent: (100 / m.maxLeverage).toString(),
    baseAsset: m.base.symbol,
    quoteAsset: m.quote.symbol,
    marginAsset: m.margin.symbol,
    pricePrecision: scaleOf(c.tickSize),
    quantityPrecision: scaleOf(c.lotSize),
    baseAssetPrecision: m.base.decimals,
    quotePrecision: m.quote.decimals,
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: '0.0500',
    liquidationFee: ppmText(m.liquidationFeePpm),
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: c.tickSize, maxPrice: c.maxPrice, tickSize: c.tickSize },
      { filterType: 'LOT_SIZE', minQty: c.lotSize, maxQty: c.maxQty, stepSize: c.lotSize },
      { filterType: 'MARKET_LOT_SIZE', minQty: c.lotSize, maxQty: c.maxQty, stepSize: c.lotSize },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: c.minNotional },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

/** ppm as a percentage string: 4,000 ppm -> '0.4'. */
function ppmPercent(ppm: bigint): string {
  return ppmText(ppm * 100n);
}

export function marketRoutes(app: FastifyInstance, api: BinanceApi): void {
  const { state, context, history, mirror } = api;
  const { clock, readModels } = context;
  const venue = state.venue;
  const perps = venue.perpMarkets;
  const marginAssets = [...new Set(perps.map((m) => m.margin.symbol))];
  const symbols = perps.map(exchangeInfoSymbol);

  endpoint(app, api, 'GET', '/v1/ping', 'NONE', () => ({}));
  endpoint(app, api, 'GET', '/v1/time', 'NONE', () => ({ serverTime: clock.now() }));

  endpoint(app, api, 'GET', '/v1/exchangeInfo', 'NONE', () => ({
    timezone: 'UTC',
    serverTime: clock.now(),
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: marginAssets.map((asset) => ({ asset, marginAvailable: true, autoAssetExchange: '-10000' })),
    symbols,
  }));

  endpoint(app, api, 'GET', '/v1/depth', 'NONE', ({ params }) => {
    const m = perpNamed(state, params.need('symbol'));
    const limit = params.int('limit', 1, 1000) ?? 500;
    if (!DEPTH_LIMITS.includes(limit)) throw B.invalidParam('limit', `Allowed: ${DEPTH_LIMITS.join(', ')}.`);
    // The mirror of published diffs, so lastUpdateId chains with the depth stream's u/pu.
    const snap = mirror.snapshot(m.symbol, limit);
    const level = ([tick, lots]: readonly [number, number]) => [tickPrice(m, tick), qty(m, lots)];
    const now = clock.now();
    return { lastUpdateId: snap.seq, E: now, T: now, bids: snap.bids.map(level), asks: snap.asks.map(level) };
  });

  endpoint(app, api, 'GET', '/v1/trades', 'NONE', ({ params }) => {
    const m = perpNamed(state, params.need('symbol'));
    const trades = readModels.trades.recent(m.symbol, params.limit(500, 1000)).reverse();
    return trades.map((t) => ({
      id: t.id,
      price: tickPrice(m, t.price),
      qty: qty(m, t.qty),
      quoteQty: amount(m.quote, t.quoteQty),
      time: t.time,
      isBuyerMaker: t.takerSide === 'SELL',
    }));
  });

  endpoint(app, api, 'GET', '/v1/aggTrades', 'NONE', ({ params }) => {
    const m = perpNamed(state, params.need('symbol'));
    const limit = params.limit(500, 1000);
    const fromId = params.int('fromId');
    const start = params.int('startTime');
    const end = params.int('endTime');
    // Every fill is its own aggregate: a taker's fills at one price are not merged.
    let trades = readModels.trades
      .recent(m.symbol, Number.MAX_SAFE_INTEGER)
      .filter(
        (t) =>
          (fromId === undefined || t.id >= fromId) &&
          (start === undefined || t.time >= start) &&
          (end === undefined || t.time <= end),
      )
      .reverse();
    trades = fromId !== undefined || start !== undefined ? trades.slice(0, limit) : trades.slice(-limit);
    return trades.map((t) => ({
      a: t.id,
      p: tickPrice(m, t.price),
      q: qty(m, t.qty),
      f: t.id,
      l: t.id,
      T: t.time,
      m: t.takerSide === 'SELL',
    }));
  });

  endpoint(app, api, 'GET', '/v1/klines', 'NONE', ({ params }) => {
    const m = perpNamed(state, params.need('symbol'));
    const name = interval(params);
    const size = CANDLE_INTERVALS[name];
    const rows = window(
      readModels.candles.query(m.symbol, { interval: name, limit: Number.MAX_SAFE_INTEGER }),
      params,
      1500,
    );
    return rows.map((c: Candle) => [
      c.openTime,
      tickPrice(m, c.open),
      tickPrice(m, c.high),
      tickPrice(m, c.low),
      tickPrice(m, c.close),
      qty(m, c.volume),
      c.openTime + size - 1,
      amount(m.quote, c.quoteVolume),
      c.trades,
      '0',
      '0',
      '0',
    ]);
  });

  endpoint(app, api, 'GET', '/v1/markPriceKlines', 'NONE', ({ params }) => {
    const m = perpNamed(state, params.need('symbol'));
    const name = interval(params);
    const size = CANDLE_INTERVALS[name];
    const minutes = history.markCandlesOf(m.symbol)?.newest(Number.MAX_SAFE_INTEGER).reverse() ?? [];
    // Fold the 1-minute mark candles into the interval, oldest first.
    const folded: { openTime: number; open: bigint; high: bigint; low: bigint; close: bigint }[] = [];
    for (const c of minutes) {
      const openTime = c.openTime - (c.openTime % size);
      const last = folded[folded.length - 1];
      if (last && last.openTime === openTime) {
        if (c.high > last.high) last.high = c.high;
        if (c.low < last.low) last.low = c.low;
        last.close = c.close;
      } else folded.push({ ...c, openTime });
    }
    return window(folded, params, 1500).map((c) => [
      c.openTime,
      price(m, c.open),
      price(m, c.high),
      price(m, c.low),
      price(m, c.close),
      '0',
      c.openTime + size - 1,
      '0',
      0,
      '0',
      '0',
      '0',
    ]);
  });

  const ticker24 = (m: PerpMarket) => {
    const now = clock.now();
    const day = readModels.candles.query(m.symbol, { interval: '1m', limit: 1440, startTime: now - DAY });
    const last = readModels.trades.last(m.symbol);
    const lastTick = state.perp[m.index]!.lastTick;
    const open = day[0]?.open ?? lastTick;
    let high = -1;
    let low = -1;
    let volume = 0;
    let quoteVolume = 0n;
    let count = 0;
    for (const c of day) {
      if (high < 0 || c.high > high) high = c.high;
      if (low < 0 || c.low < low) low = c.low;
      volume += c.volume;
      quoteVolume += c.quoteVolume;
      count += c.trades;
    }
    const lastPrice = lastTick < 0 ? 0n : BigInt(lastTick) * m.tickUnits;
    const openPrice = open < 0 ? 0n : BigInt(open) * m.tickUnits;
    const change = lastPrice - openPrice;
    const percent = openPrice === 0n ? '0' : ((Number(change) / Number(openPrice)) * 100).toFixed(3);
    const weighted =
      volume === 0 ? 0n : (quoteVolume * 10n ** BigInt(m.base.decimals)) / (BigInt(volume) * m.lotUnits);
    return {
      symbol: m.symbol,
      priceChange: signedPrice(m, change),
      priceChangePercent: percent,
      weightedAvgPrice: price(m, weighted),
      lastPrice: price(m, lastPrice),
      lastQty: last ? qty(m, last.qty) : '0',
      openPrice: price(m, openPrice),
      highPrice: high < 0 ? '0' : tickPrice(m, high),
      lowPrice: low < 0 ? '0' : tickPrice(m, low),
      volume: qty(m, volume),
      quoteVolume: amount(m.quote, quoteVolume),
      openTime: day[0]?.openTime ?? now - DAY,
      closeTime: now,
      firstId: -1,
      lastId: last?.id ?? -1,
      count,
    };
  };

  endpoint(app, api, 'GET', '/v1/ticker/24hr', 'NONE', ({ params }) => {
    const m = optionalPerp(state, params);
    return m ? ticker24(m) : perps.map(ticker24);
  });

  const priceTicker = (m: PerpMarket) => {
    const tick = state.perp[m.index]!.lastTick;
    return { symbol: m.symbol, price: tick < 0 ? '0' : tickPrice(m, tick), time: clock.now() };
  };
  endpoint(app, api, 'GET', '/v1/ticker/price', 'NONE', ({ params }) => {
    const m = optionalPerp(state, params);
    return m ? priceTicker(m) : perps.map(priceTicker);
  });
  endpoint(app, api, 'GET', '/v2/ticker/price', 'NONE', ({ params }) => {
    const m = optionalPerp(state, params);
    return m ? priceTicker(m) : perps.map(priceTicker);
  });

  const bookTicker = (m: PerpMarket) => {
    const snap = mirror.snapshot(m.symbol, 1);
    const bid = snap.bids[0];
    const ask = snap.asks[0];
    return {
      symbol: m.symbol,
      bidPrice: bid ? tickPrice(m, bid[0]) : '0',
      bidQty: bid ? qty(m, bid[1]) : '0',
      askPrice: ask ? tickPrice(m, ask[0]) : '0',
      askQty: ask ? qty(m, ask[1]) : '0',
      time: clock.now(),
      lastUpdateId: snap.seq,
    };
  };
  endpoint(app, api, 'GET', '/v1/ticker/bookTicker', 'NONE', ({ params }) => {
    const m = optionalPerp(state, params);
    return m ? bookTicker(m) : perps.map(bookTicker);
  });

  const premium = (m: PerpMarket) => {
    const ms = state.perp[m.index]!;
    return {
      symbol: m.symbol,
      markPrice: price(m, ms.mark),
      indexPrice: price(m, ms.index),
      estimatedSettlePrice: price(m, ms.index),
      lastFundingRate: wadText(predictedRate(api, m)),
      interestRate: wadText((m.interestRate * BigInt(m.config.fundingIntervalHours)) / 8n),
      nextFundingTime: ms.nextFundingTime,
      time: clock.now(),
    };
  };
  endpoint(app, api, 'GET', '/v1/premiumIndex', 'NONE', ({ params }) => {
    const m = optionalPerp(state, params);
    return m ? premium(m) : perps.map(premium);
  });

  endpoint(app, api, 'GET', '/v1/fundingRate', 'NONE', ({ params }) => {
    const wanted = optionalPerp(state, params);
    const rows = (wanted ? [wanted] : perps)
      .flatMap((m) => state.perp[m.index]!.fundingHistory.map((f) => ({ m, f })))
      .sort((a, b) => a.f.time - b.f.time);
    return window(
      rows.map(({ m, f }) => ({ openTime: f.time, m, f })),
      params,
      1000,
      100,
    ).map(({ m, f }) => ({
      symbol: m.symbol,
      fundingRate: wadText(f.rate),
      fundingTime: f.time,
      markPrice: price(m, f.mark),
    }));
  });

  endpoint(app, api, 'GET', '/v1/fundingInfo', 'NONE', () =>
    perps.map((m) => ({
      symbol: m.symbol,
      adjustedFundingRateCap: wadText(m.fundingCap),
      adjustedFundingRateFloor: wadText(-m.fundingCap),
      fundingIntervalHours: m.config.fundingIntervalHours,
      disclaimer: false,
    })),
  );

  endpoint(app, api, 'GET', '/v1/openInterest', 'NONE', ({ params }) => {
    const m = perpNamed(state, params.need('symbol'));
    return { openInterest: qty(m, state.perp[m.index]!.longQty), symbol: m.symbol, time: clock.now() };
  });
}

/** The rate the premium samples of the running interval give so far (Binance's "lastFundingRate"). */
export function predictedRate(api: BinanceApi, m: PerpMarket): bigint {
  const ms = api.state.perp[m.index]!;
  return fundingRate({
    avgPremium: averagePremium(ms.premium),
    interestRate: m.interestRate,
    clamp: m.premiumClamp,
    intervalHours: m.config.fundingIntervalHours,
    capRate: m.fundingCap,
  });
}

function signedPrice(m: PerpMarket, units: bigint): string {
  return units < 0n ? `-${price(m, -units)}` : price(m, units);
}

/**
 * Binance's time window over rows sorted oldest first: from startTime the first `limit`, else the
 * last `limit` up to endTime.
 */
export function window<T extends { openTime: number }>(
  rows: T[],
  params: Params,
  max: number,
  fallback = 500,
): T[] {
  const limit = params.limit(fallback, max);
  const start = params.int('startTime');
  const end = params.int('endTime');
  const kept = rows.filter(
    (r) => (start === undefined || r.openTime >= start) && (end === undefined || r.openTime <= end),
  );
  return start !== undefined ? kept.slice(0, limit) : kept.slice(-limit);
}
