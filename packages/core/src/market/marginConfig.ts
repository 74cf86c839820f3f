import { PPM, parseUnsignedDecimal } from '../money/index.ts';
import type { Asset, ConfigErrorCode, SpotMarket, SpotPairConfig } from './config.ts';

/** Spot margin terms as written by people (decimal strings). Binance Cross 3x in the defaults. */
export interface MarginConfig {
  /** The asset margin levels are counted in, e.g. 'USDT'. Must be a margin asset. */
  readonly valuationAsset: string;
  /** Margin levels (total asset value / total debt), e.g. '2': transfers out need more than this... */
  readonly transferOutLevel: string;
  /** ...a borrow must leave at least this... */
  readonly borrowLevel: string;
  /** ...at or below this the account is in margin call... */
  readonly marginCallLevel: string;
  /** ...and at or below this it is liquidated. Strictly ascending from here up, at least 1. */
  readonly liquidationLevel: string;
  /** Fee on the value liquidated, to the margin insurance fund, e.g. '0.02'. */
  readonly liquidationFee: string;
  /**
   * How far from the index a liquidation order may trade, e.g. '0.05' (the default): its IOC orders
   * are limited to index x (1 -/+ this), so a thin book cannot take assets at any price.
   */
  readonly liquidationSlippage?: string;
  /** Assets margin accounts may hold and borrow. */
  readonly assets: readonly MarginAssetConfig[];
}

export interface MarginAssetConfig {
  readonly asset: string;
  /** Interest per day as a fraction, e.g. '0.0002' = 0.02%, charged per started hour. */
  readonly dailyInterestRate: string;
  /** The venue's supply of this asset for lending (a finite pool), in whole units, e.g. '10000000'. */
  readonly lendable: string;
}

/** One margin asset with exact units. */
export interface MarginAsset {
  readonly asset: Asset;
  /** WAD (1e18 = 100% a day). */
  readonly dailyRateWad: bigint;
  /** Smallest units. */
  readonly lendable: bigint;
}

/** Validated spot margin terms. Levels and rates in ppm (1.5 = 1,500,000). */
export interface MarginParams {
  readonly valuation: Asset;
  readonly transferOutLevelPpm: bigint;
  readonly borrowLevelPpm: bigint;
  readonly marginCallLevelPpm: bigint;
  readonly liquidationLevelPpm: bigint;
  readonly liquidationFeePpm: bigint;
  readonly liquidationSlippagePpm: bigint;
  /** By asset index: its margin terms, undefined for an asset margin accounts cannot hold. */
  readonly assets: readonly (MarginAsset | undefined)[];
  /**
   * By asset index: the spot pair (market index) whose index prices the asset in the valuation
   * asset (base = asset, quote = valuation asset); -1 for the valuation asset itself and for an
   * asset no pair prices (it is then worth nothing as collateral and cannot be borrowed).
   */
  readonly priceMarket: readonly number[];
}

type Problem = (code: ConfigErrorCode, path: string, message: string) => void;

/** Validate the margin section; undefined when absent or invalid (problems recorded). */
export function loadMargin(
  config: MarginConfig | undefined,
  assets: readonly Asset[],
  assetBySymbol: ReadonlyMap<string, Asset>,
  spotMarkets: readonly SpotMarket[],
  spotPairs: readonly SpotPairConfig[],
  problem: Problem,
): MarginParams | undefined {
  const pairPath = (m: SpotMarket): string => `spotPairs[${spotPairs.indexOf(m.config)}].isolatedMargin`;
  let failed = false;
  const fail: Problem = (code, path, message) => {
    failed = true;
    problem(code, path, message);
  };
  const decimal = (text: string, decimals: number, path: string): bigint => {
    const parsed = parseUnsignedDecimal(text, decimals);
    if (parsed.ok) return parsed.value;
    fail(
      parsed.code === 'MONEY_PRECISION' ? 'CONFIG_INEXACT' : 'CONFIG_INVALID',
      path,
      `"${text}": ${parsed.message}`,
    );
    return 0n;
  };

  // Without a margin section, isolatedMargin flags are inert: configs may take the default pairs alone.
  if (!config) return undefined;
  const isolatedPairs = spotMarkets.filter((m) => m.isolatedMargin);

  const byAsset: (MarginAsset | undefined)[] = assets.map(() => undefined);
  config.assets.forEach((a, i) => {
    const path = `margin.assets[${i}]`;
    const asset = assetBySymbol.get(a.asset);
    if (!asset) {
      fail('CONFIG_UNKNOWN_ASSET', `${path}.asset`, `no asset ${a.asset}`);
      return;
    }
    if (byAsset[asset.index]) fail('CONFIG_DUPLICATE', `${path}.asset`, `margin asset ${a.asset} twice`);
    const dailyRateWad = decimal(a.dailyInterestRate, 18, `${path}.dailyInterestRate`);
    const lendable = decimal(a.lendable, asset.decimals, `${path}.lendable`);
    byAsset[asset.index] = { asset, dailyRateWad, lendable };
  });

  const valuation = assetBySymbol.get(config.valuationAsset);
  if (!valuation) fail('CONFIG_UNKNOWN_ASSET', 'margin.valuationAsset', `no asset ${config.valuationAsset}`);
  else if (!byAsset[valuation.index]) {
    fail('CONFIG_INVALID', 'margin.valuationAsset', 'the valuation asset must be a margin asset');
  }

  const level = (field: 'transferOutLevel' | 'borrowLevel' | 'marginCallLevel' | 'liquidationLevel') =>
    decimal(config[field], 6, `margin.${field}`);
  const transferOutLevelPpm = level('transferOutLevel');
  const borrowLevelPpm = level('borrowLevel');
  const marginCallLevelPpm = level('marginCallLevel');
  const liquidationLevelPpm = level('liquidationLevel');
  if (liquidationLevelPpm < PPM) fail('CONFIG_RANGE', 'margin.liquidationLevel', 'must be at least 1');
  if (marginCallLevelPpm <= liquidationLevelPpm)
    fail('CONFIG_RANGE', 'margin.marginCallLevel', 'must be above liquidationLevel');
  if (borrowLevelPpm <= marginCallLevelPpm)
    fail('CONFIG_RANGE', 'margin.borrowLevel', 'must be above marginCallLevel');
  if (transferOutLevelPpm <= borrowLevelPpm)
    fail('CONFIG_RANGE', 'margin.transferOutLevel', 'must be above borrowLevel');
  const liquidationFeePpm = decimal(config.liquidationFee, 6, 'margin.liquidationFee');
  if (liquidationFeePpm >= PPM) fail('CONFIG_RANGE', 'margin.liquidationFee', 'must be below 1');
  const liquidationSlippagePpm = decimal(
    config.liquidationSlippage ?? '0.05',
    6,
    'margin.liquidationSlippage',
  );
  if (liquidationSlippagePpm === 0n || liquidationSlippagePpm >= PPM)
    fail('CONFIG_RANGE', 'margin.liquidationSlippage', 'must be above 0 and below 1');

  const priceMarket = assets.map(() => -1);
  if (valuation) {
    for (const m of spotMarkets) {
      if (m.quote === valuation && byAsset[m.base.index] && priceMarket[m.base.index] === -1)
        priceMarket[m.base.index] = m.index;
    }
  }
  for (const m of isolatedPairs) {
    const path = pairPath(m);
    if (!byAsset[m.base.index]) fail('CONFIG_INVALID', path, `${m.base.symbol} is not a margin asset`);
    if (m.quote !== valuation) fail('CONFIG_INVALID', path, `the quote must be ${config.valuationAsset}`);
  }
  if (failed || !valuation) return undefined;
  return {
    valuation,
    transferOutLevelPpm,
    borrowLevelPpm,
    marginCallLevelPpm,
    liquidationLevelPpm,
    liquidationFeePpm,
    liquidationSlippagePpm,
    assets: byAsset,
    priceMarket,
  };
}
