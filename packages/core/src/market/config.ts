import { PPM, parseUnsignedDecimal, pow10 } from '../money/index.ts';

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
}

export interface VenueConfig {
  readonly assets: readonly AssetConfig[];
  readonly spotPairs: readonly SpotPairConfig[];
}

/** A validated asset: `index` is its position in the venue's asset list. */
export interface Asset {
  readonly index: number;
  readonly symbol: string;
  readonly decimals: number;
}

/** A validated spot market with every decimal turned into exact integer units. */
export interface SpotMarket {
  readonly index: number;
  readonly symbol: string;
  readonly base: Asset;
  readonly quote: Asset;
  readonly config: SpotPairConfig;
  /** Quote units per whole base for one tick (tickSize x 10^quoteDecimals). */
  readonly tickUnits: bigint;
  /** Base units in one lot (lotSize x 10^baseDecimals). */
  readonly lotUnits: bigint;
  /** Quote units paid for one lot at a price of one tick: every fill's value is an exact multiple. */
  readonly notionalUnits: bigint;
  readonly maxTick: number;
  readonly maxLots: number;
  readonly minNotionalUnits: bigint;
  readonly makerFeePpm: bigint;
  readonly takerFeePpm: bigint;
}

export interface Venue {
  readonly config: VenueConfig;
  readonly assets: readonly Asset[];
  readonly spotMarkets: readonly SpotMarket[];
  readonly assetBySymbol: ReadonlyMap<string, Asset>;
  readonly spotMarketBySymbol: ReadonlyMap<string, SpotMarket>;
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

const SYMBOL = /^[A-Z0-9]{2,20}$/;
/** Ticks are stored in Int32 columns. */
const MAX_TICK = 2 ** 31 - 1;

/** Validate a venue configuration; every problem is reported, not only the first. */
export function loadVenue(config: VenueConfig): VenueLoad {
  const problems: ConfigProblem[] = [];
  const problem = (code: ConfigErrorCode, path: string, message: string): void => {
    problems.push({ code, path, message });
  };

  const assets: Asset[] = [];
  const assetBySymbol = new Map<string, Asset>();
  config.assets.forEach((a, i) => {
    const path = `assets[${i}]`;
    if (!SYMBOL.test(a.symbol))
      problem('CONFIG_INVALID', `${path}.symbol`, `"${a.symbol}" is not A-Z0-9, 2-20 long`);
    if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 18) {
      problem('CONFIG_RANGE', `${path}.decimals`, `${a.decimals} is not an integer in 0..18`);
    }
    if (assetBySymbol.has(a.symbol)) problem('CONFIG_DUPLICATE', `${path}.symbol`, `asset ${a.symbol} twice`);
    const asset: Asset = { index: assets.length, symbol: a.symbol, decimals: a.decimals };
    assets.push(asset);
    assetBySymbol.set(a.symbol, asset);
  });

  const spotMarkets: SpotMarket[] = [];
  const spotMarketBySymbol = new Map<string, SpotMarket>();
  config.spotPairs.forEach((p, i) => {
    const path = `spotPairs[${i}]`;
    const before = problems.length;
    if (!SYMBOL.test(p.symbol))
      problem('CONFIG_INVALID', `${path}.symbol`, `"${p.symbol}" is not A-Z0-9, 2-20 long`);
    if (spotMarketBySymbol.has(p.symbol))
      problem('CONFIG_DUPLICATE', `${path}.symbol`, `market ${p.symbol} twice`);
    const base = assetBySymbol.get(p.base);
    const quote = assetBySymbol.get(p.quote);
    if (!base) problem('CONFIG_UNKNOWN_ASSET', `${path}.base`, `no asset ${p.base}`);
    if (!quote) problem('CONFIG_UNKNOWN_ASSET', `${path}.quote`, `no asset ${p.quote}`);
    if (base && base === quote)
      problem('CONFIG_INVALID', `${path}.quote`, 'base and quote are the same asset');
    if (!base || !quote || problems.length > before) return;

    const amount = (field: keyof SpotPairConfig, decimals: number, positive: boolean): bigint => {
      const parsed = parseUnsignedDecimal(p[field], decimals);
      if (!parsed.ok) {
        problem(
          parsed.code === 'MONEY_PRECISION' ? 'CONFIG_INEXACT' : 'CONFIG_INVALID',
          `${path}.${field}`,
          `"${p[field]}": ${parsed.message}`,
        );
        return 0n;
      }
      if (positive && parsed.value === 0n) problem('CONFIG_RANGE', `${path}.${field}`, 'must be above zero');
      return parsed.value;
    };
    const tickUnits = amount('tickSize', quote.decimals, true);
    const lotUnits = amount('lotSize', base.decimals, true);
    const maxPriceUnits = amount('maxPrice', quote.decimals, true);
    const maxQtyUnits = amount('maxQty', base.decimals, true);
    const minNotionalUnits = amount('minNotional', quote.decimals, false);
    const makerFeePpm = amount('makerFee', 6, false);
    const takerFeePpm = amount('takerFee', 6, false);
    if (problems.length > before) return;

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
    if (problems.length > before) return;

    const market: SpotMarket = {
      index: spotMarkets.length,
      symbol: p.symbol,
      base,
      quote,
      config: p,
      tickUnits,
      lotUnits,
      notionalUnits: scaled / baseScale,
      maxTick: Number(maxTick),
      maxLots: Number(maxLots),
      minNotionalUnits,
      makerFeePpm,
      takerFeePpm,
    };
    spotMarkets.push(market);
    spotMarketBySymbol.set(p.symbol, market);
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, venue: { config, assets, spotMarkets, assetBySymbol, spotMarketBySymbol } };
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
