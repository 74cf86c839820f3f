import { PPM, parseUnsignedDecimal, pow10 } from '../money/index.ts';
import { loadBrackets } from './brackets.ts';
import type { Bracket, BracketConfig } from './brackets.ts';
import { loadLending } from './lendingConfig.ts';
import type { LendingConfig, LendingParams } from './lendingConfig.ts';
import { loadMargin } from './marginConfig.ts';
import type { MarginConfig, MarginParams } from './marginConfig.ts';

/** Venue configuration as written by people: decimal strings, never floats. */
export interface AssetConfig {
  /** Ticker, e.g. 'BTC'. */
  readonly symbol: string;
  /** Digits of the smallest unit: amounts are bigint counts of 10^-decimals. */
  readonly decimals: number;
}

export interface SpotPairConfig {
  /** Market symbol, e.g. 'BTCUSDT'. */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Price increment in quote per one whole base, e.g. '0.01'. */
  readonly tickSize: string;
  /** Quantity increment in base, e.g. '0.00001'. */
  readonly lotSize: string;
  /** Highest accepted price. */
  readonly maxPrice: string;
  /** Largest accepted order quantity. */
  readonly maxQty: string;
  /** Smallest accepted order value in quote (price x quantity). */
  readonly minNotional: string;
  /** Fee rates as fractions of the traded amount, e.g. '0.001' = 0.1%. */
  readonly makerFee: string;
  readonly takerFee: string;
  /**
   * Spot pairs only: users may open an isolated margin account on this pair (both assets margin
   * assets, the quote the valuation asset). Default false; inert when the venue has no `margin`.
   */
  readonly isolatedMargin?: boolean;
}

/** A linear perpetual future margined in its quote asset (Binance USDⓈ-M family). */
export interface PerpMarketConfig extends SpotPairConfig {
  /** Leverage brackets: maintenance margin rate, cum and maximum leverage per notional band. */
  readonly brackets: readonly BracketConfig[];
  /** Hours between funding times, counted from 00:00 UTC (8 -> 00:00, 08:00, 16:00). */
  readonly fundingIntervalHours: number;
  /** Interest part of the funding rate per 8 hours, e.g. '0.0001'. */
  readonly interestRate: string;
  /** Bound on (interest - average premium), e.g. '0.0005'. */
  readonly premiumClamp: string;
  /** Largest funding rate magnitude per interval, e.g. '0.003'. */
  readonly fundingCap: string;
  /** Impact margin: the impact notional is this times the maximum leverage, e.g. '200'. */
  readonly impactMargin: string;
  /** Leverage of an account that has not set one. */
  readonly defaultLeverage: number;
  /** Clearance fee on liquidated value, to the insurance fund, e.g. '0.005' (the default). */
  readonly liquidationFee?: string;
  /**
   * How far from the mark the insurance fund accepts to sell or buy back positions it took over,
   * e.g. '0.01' (the default): its IOC orders are limited to mark x (1 -/+ this).
   */
  readonly insuranceSlippage?: string;
}

export interface VenueConfig {
  readonly assets: readonly AssetConfig[];
  readonly spotPairs: readonly SpotPairConfig[];
  readonly perps?: readonly PerpMarketConfig[];
  /** Spot margin: borrowing against margin accounts (SPEC section 3). Absent: no spot margin. */
  readonly margin?: MarginConfig;
  /** The lending pool (SPEC section 4): reserves name venue assets. Absent: no lending pool. */
  readonly lending?: LendingConfig;
}

/** The venue's lending pool: validated parameters and how reserves map to venue assets. */
export interface VenueLending {
  readonly params: LendingParams;
  /** By reserve index: the venue asset the reserve lends. */
  readonly assets: readonly Asset[];
  /** By asset index: the asset's reserve index, -1 when the pool does not list it. */
  readonly reserveOf: readonly number[];
}

/** A validated asset: `index` is its position in the venue's asset list. */
export interface Asset {
  readonly index: number;
  readonly symbol: string;
  readonly decimals: number;
}

/** What every market with an order book has, every decimal turned into exact integer units. */
export interface BookMarket {
  /** Position in `Venue.markets` (spot pairs first, then perpetuals); also the book's index. */
  readonly index: number;
  readonly symbol: string;
  readonly base: Asset;
  readonly quote: Asset;
  /** Quote units per whole base for one tick (tickSize x 10^quoteDecimals). */
  readonly tickUnits: bigint;
  /** Base units in one lot (lotSize x 10^baseDecimals). */
  readonly lotUnits: bigint;
  /** Quote units paid for one lot at a price of one tick: every fill's value is an exact multiple. */
  readonly notionalUnits: bigint;
  readonly maxTick: number;
  readonly maxLots: number;
  readonly minNotionalUnits: bigint;
  /** The same minimum in tick-lots (rounded up): an order is worth enough when tick x lots >= this. */
  readonly minNotionalTickLots: number;
  readonly makerFeePpm: bigint;
  readonly takerFeePpm: bigint;
}

export interface SpotMarket extends BookMarket {
  readonly kind: 'spot';
  readonly config: SpotPairConfig;
  /** Isolated margin accounts may be opened on this pair. */
  readonly isolatedMargin: boolean;
}

export interface PerpMarket extends BookMarket {
  readonly kind: 'perp';
  readonly config: PerpMarketConfig;
  /** The margin asset (the quote asset of a linear perpetual). */
  readonly margin: Asset;
  readonly brackets: readonly Bracket[];
  readonly maxLeverage: number;
  readonly defaultLeverage: number;
  readonly fundingIntervalMs: number;
  /** Rates as WAD (1e18 = 100%). */
  readonly interestRate: bigint;
  readonly premiumClamp: bigint;
  readonly fundingCap: bigint;
  /** Notional of the market order whose average price is the impact bid/ask, quote units. */
  readonly impactNotional: bigint;
  /** Clearance fee rate on liquidated value, ppm. */
  readonly liquidationFeePpm: bigint;
  /** Insurance fund offload limit distance from the mark, ppm. */
  readonly insuranceSlippagePpm: bigint;
  /** The largest maintenance margin rate of the brackets, ppm (bounds how fast MM grows with price). */
  readonly maxMaintenanceRatePpm: bigint;
}

export type Market = SpotMarket | PerpMarket;

export interface Venue {
  readonly config: VenueConfig;
  readonly assets: readonly Asset[];
  /** Every market, spot pairs first: `markets[i].index === i`. */
  readonly markets: readonly Market[];
  readonly spotMarkets: readonly SpotMarket[];
  readonly perpMarkets: readonly PerpMarket[];
  readonly assetBySymbol: ReadonlyMap<string, Asset>;
  readonly marketBySymbol: ReadonlyMap<string, Market>;
  /** Spot margin terms, when the venue offers spot margin. */
  readonly margin?: MarginParams;
  /** The lending pool, when the venue offers one. */
  readonly lending?: VenueLending;
}

export const ConfigErrorCode = {
  Invalid: 'CONFIG_INVALID',
  Duplicate: 'CONFIG_DUPLICATE',
  UnknownAsset: 'CONFIG_UNKNOWN_ASSET',
  Inexact: 'CONFIG_INEXACT',
  Range: 'CONFIG_RANGE',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/** One problem in a configuration, with the path of the field it concerns. */
export interface ConfigProblem {
  readonly code: ConfigErrorCode;
  readonly path: string;
  readonly message: string;
}

export type VenueLoad =
  | { readonly ok: true; readonly venue: Venue }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

const ASSET_SYMBOL = /^[A-Z0-9]{2,20}$/;
/** Spot pairs are written BASE/QUOTE; perpetuals as Binance writes them, e.g. BTCUSDT. */
const MARKET_SYMBOL = /^[A-Z0-9]{2,20}(\/[A-Z0-9]{2,20})?$/;
/** Ticks are stored in Int32 columns. */
const MAX_TICK = 2 ** 31 - 1;

/** The decimal fields every book market has. */
type DecimalField = 'tickSize' | 'lotSize' | 'maxPrice' | 'maxQty' | 'minNotional' | 'makerFee' | 'takerFee';

/** Validate a venue configuration; every problem is reported, not only the first. */
export function loadVenue(config: VenueConfig): VenueLoad {
  const problems: ConfigProblem[] = [];
  const problem = (code: ConfigErrorCode, path: string, message: string): void => {
    problems.push({ code, path, message });
  };
  const decimal = (text: string, decimals: number, positive: boolean, path: string): bigint => {
    const parsed = parseUnsignedDecimal(text, decimals);
    if (!parsed.ok) {
      const code = parsed.code === 'MONEY_PRECISION' ? 'CONFIG_INEXACT' : 'CONFIG_INVALID';
      problem(code, path, `"${text}": ${parsed.message}`);
      return 0n;
    }
    if (positive && parsed.value === 0n) problem('CONFIG_RANGE', path, 'must be above zero');
    return parsed.value;
  };

  const assets: Asset[] = [];
  const assetBySymbol = new Map<string, Asset>();
  config.assets.forEach((a, i) => {
    const path = `assets[${i}]`;
    if (!ASSET_SYMBOL.test(a.symbol))
      problem('CONFIG_INVALID', `${path}.symbol`, `"${a.symbol}" is not A-Z0-9, 2-20 long`);
    if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 18) {
      problem('CONFIG_RANGE', `${path}.decimals`, `${a.decimals} is not an integer in 0..18`);
    }
    if (assetBySymbol.has(a.symbol)) problem('CONFIG_DUPLICATE', `${path}.symbol`, `asset ${a.symbol} twice`);
    const asset: Asset = { index: assets.length, symbol: a.symbol, decimals: a.decimals };
    assets.push(asset);
    assetBySymbol.set(a.symbol, asset);
  });

  const markets: Market[] = [];
  const marketBySymbol = new Map<string, Market>();

  /** The book parameters every market shares; undefined (with problems recorded) when invalid. */
  const bookParams = (p: SpotPairConfig, path: string): Omit<BookMarket, 'index'> | undefined => {
    const before = problems.length;
    if (!MARKET_SYMBOL.test(p.symbol))
      problem('CONFIG_INVALID', `${path}.symbol`, `"${p.symbol}" is not like BTC/USDT or BTCUSDT`);
    if (marketBySymbol.has(p.symbol))
      problem('CONFIG_DUPLICATE', `${path}.symbol`, `market ${p.symbol} twice`);
    const base = assetBySymbol.get(p.base);
    const quote = assetBySymbol.get(p.quote);
    if (!base) problem('CONFIG_UNKNOWN_ASSET', `${path}.base`, `no asset ${p.base}`);
    if (!quote) problem('CONFIG_UNKNOWN_ASSET', `${path}.quote`, `no asset ${p.quote}`);
    if (base && base === quote)
      problem('CONFIG_INVALID', `${path}.quote`, 'base and quote are the same asset');
    if (!base || !quote || problems.length > before) return undefined;

    const amount = (field: DecimalField, decimals: number, positive: boolean): bigint =>
      decimal(p[field], decimals, positive, `${path}.${field}`);
    const tickUnits = amount('tickSize', quote.decimals, true);
    const lotUnits = amount('lotSize', base.decimals, true);
    const maxPriceUnits = amount('maxPrice', quote.decimals, true);
    const maxQtyUnits = amount('maxQty', base.decimals, true);
    const minNotionalUnits = amount('minNotional', quote.decimals, false);
    const makerFeePpm = amount('makerFee', 6, false);
    const takerFeePpm = amount('takerFee', 6, false);
    if (problems.length > before) return undefined;

    // The value of one lot at one tick must be a whole number of quote units, so no fill ever rounds.
    const scaled = tickUnits * lotUnits;
    const baseScale = pow10(base.decimals);
    if (scaled % baseScale !== 0n) {
      problem(
        'CONFIG_INEXACT',
        `${path}.tickSize`,
        `tickSize x lotSize = ${p.tickSize} x ${p.lotSize} is finer than ${quote.symbol}'s ${quote.decimals} decimals`,
      );
    }
    if (maxPriceUnits % tickUnits !== 0n)
      problem('CONFIG_INEXACT', `${path}.maxPrice`, 'not a multiple of tickSize');
    if (maxQtyUnits % lotUnits !== 0n)
      problem('CONFIG_INEXACT', `${path}.maxQty`, 'not a multiple of lotSize');
    const maxTick = maxPriceUnits / tickUnits;
    const maxLots = maxQtyUnits / lotUnits;
    if (maxTick > BigInt(MAX_TICK))
      problem('CONFIG_RANGE', `${path}.maxPrice`, `more than ${MAX_TICK} ticks`);
    // Book arithmetic is exact in doubles while one order's value in tick-lots stays below 2^53.
    if (maxTick * maxLots > BigInt(Number.MAX_SAFE_INTEGER)) {
      problem('CONFIG_RANGE', `${path}.maxQty`, 'maxPrice/tickSize x maxQty/lotSize exceeds 2^53 - 1');
    }
    if (makerFeePpm >= PPM) problem('CONFIG_RANGE', `${path}.makerFee`, 'must be below 1');
    if (takerFeePpm >= PPM) problem('CONFIG_RANGE', `${path}.takerFee`, 'must be below 1');
    if (problems.length > before) return undefined;
    return {
      symbol: p.symbol,
      base,
      quote,
      tickUnits,
      lotUnits,
      notionalUnits: scaled / baseScale,
      maxTick: Number(maxTick),
      maxLots: Number(maxLots),
      minNotionalUnits,
      minNotionalTickLots: Number((minNotionalUnits + scaled / baseScale - 1n) / (scaled / baseScale)),
      makerFeePpm,
      takerFeePpm,
    };
  };

  const add = (market: Market): void => {
    markets.push(market);
    marketBySymbol.set(market.symbol, market);
  };

  config.spotPairs.forEach((p, i) => {
    const params = bookParams(p, `spotPairs[${i}]`);
    if (params) {
      add({
        ...params,
        index: markets.length,
        kind: 'spot',
        config: p,
        isolatedMargin: p.isolatedMargin === true,
      });
    }
  });

  (config.perps ?? []).forEach((p, i) => {
    const path = `perps[${i}]`;
    const before = problems.length;
    const params = bookParams(p, path);
    if (!params) return;
    const loaded = loadBrackets(p.brackets, params.quote.decimals, `${path}.brackets`);
    if (!loaded.ok) problems.push(...loaded.problems);
    if (
      !Number.isInteger(p.fundingIntervalHours) ||
      p.fundingIntervalHours < 1 ||
      24 % p.fundingIntervalHours !== 0
    ) {
      problem('CONFIG_RANGE', `${path}.fundingIntervalHours`, 'must be a whole number of hours dividing 24');
    }
    const interestRate = decimal(p.interestRate, 18, false, `${path}.interestRate`);
    const premiumClamp = decimal(p.premiumClamp, 18, false, `${path}.premiumClamp`);
    const fundingCap = decimal(p.fundingCap, 18, true, `${path}.fundingCap`);
    const impactMargin = decimal(p.impactMargin, params.quote.decimals, true, `${path}.impactMargin`);
    const liquidationFeePpm = decimal(p.liquidationFee ?? '0.005', 6, false, `${path}.liquidationFee`);
    const insuranceSlippagePpm = decimal(p.insuranceSlippage ?? '0.01', 6, true, `${path}.insuranceSlippage`);
    if (liquidationFeePpm >= PPM) problem('CONFIG_RANGE', `${path}.liquidationFee`, 'must be below 1');
    if (insuranceSlippagePpm >= PPM) problem('CONFIG_RANGE', `${path}.insuranceSlippage`, 'must be below 1');
    if (!loaded.ok || problems.length > before) return;
    const maxLeverage = loaded.brackets[0]!.maxLeverage;
    if (!Number.isInteger(p.defaultLeverage) || p.defaultLeverage < 1 || p.defaultLeverage > maxLeverage) {
      problem('CONFIG_RANGE', `${path}.defaultLeverage`, `must be an integer in 1..${maxLeverage}`);
      return;
    }
    add({
      ...params,
      index: markets.length,
      kind: 'perp',
      config: p,
      margin: params.quote,
      brackets: loaded.brackets,
      maxLeverage,
      defaultLeverage: p.defaultLeverage,
      fundingIntervalMs: p.fundingIntervalHours * 3_600_000,
      interestRate,
      premiumClamp,
      fundingCap,
      impactNotional: impactMargin * BigInt(maxLeverage),
      liquidationFeePpm,
      insuranceSlippagePpm,
      maxMaintenanceRatePpm: loaded.brackets.reduce((max, b) => (b.mmrPpm > max ? b.mmrPpm : max), 0n),
    });
  });

  const spotMarkets = markets.filter((m): m is SpotMarket => m.kind === 'spot');
  const perpMarkets = markets.filter((m): m is PerpMarket => m.kind === 'perp');
  const margin = loadMargin(config.margin, assets, assetBySymbol, spotMarkets, config.spotPairs, problem);
  const lending = venueLending(config.lending, assets, assetBySymbol, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    venue: {
      config,
      assets,
      markets,
      spotMarkets,
      perpMarkets,
      assetBySymbol,
      marketBySymbol,
      ...(margin ? { margin } : {}),
      ...(lending ? { lending } : {}),
    },
  };
}

/** Validate the lending section against the venue's assets; undefined when absent or invalid. */
function venueLending(
  config: LendingConfig | undefined,
  assets: readonly Asset[],
  assetBySymbol: ReadonlyMap<string, Asset>,
  problems: ConfigProblem[],
): VenueLending | undefined {
  if (!config) return undefined;
  const loaded = loadLending(config, assetBySymbol);
  if (!loaded.ok) {
    problems.push(...loaded.problems);
    return undefined;
  }
  const reserveAssets = loaded.params.reserves.map((r) => assetBySymbol.get(r.asset)!);
  const reserveOf = assets.map(() => -1);
  reserveAssets.forEach((asset, i) => (reserveOf[asset.index] = i));
  return { params: loaded.params, assets: reserveAssets, reserveOf };
}

/** `loadVenue` for configurations known to be valid (defaults, tests); throws with every problem. */
export function mustLoadVenue(config: VenueConfig): Venue {
  const loaded = loadVenue(config);
  if (!loaded.ok) {
    throw new Error(
      `invalid venue config:\n${loaded.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`,
    );
  }
  return loaded.venue;
}
