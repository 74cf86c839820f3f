import { VENUE_RESERVE_ASSETS, defaultMarginConfig, defaultVenueConfig, loadVenue } from '@fulcrum/core';
import type {
  AssetConfig,
  LendingConfig,
  LendingEModeConfig,
  LendingReserveConfig,
  MarginAssetConfig,
  MarginConfig,
  PerpMarketConfig,
  SpotPairConfig,
  Venue,
  VenueConfig,
} from '@fulcrum/core';
import type { ScenarioIssue } from './errors.ts';
import { joinPath } from './errors.ts';
import type { LendingSpec, MarketSpec, VenueSpec } from './schema.ts';

const PERP_ONLY = [
  'brackets',
  'fundingIntervalHours',
  'interestRate',
  'premiumClamp',
  'fundingCap',
  'impactMargin',
  'defaultLeverage',
  'liquidationFee',
  'insuranceSlippage',
] as const;

/** What a new spot pair takes when the scenario does not say: fine enough for a stablecoin. */
const NEW_PAIR = {
  tickSize: '0.0001',
  lotSize: '0.01',
  maxPrice: '100000',
  maxQty: '10000',
  minNotional: '5',
  makerFee: '0.001',
  takerFee: '0.001',
};

export type VenueBuild =
  | { readonly ok: true; readonly venue: Venue; readonly config: VenueConfig }
  | { readonly ok: false; readonly issues: ScenarioIssue[] };

/**
 * The venue of a scenario: the default one (USDT, BTC, ETH; spot pairs and perpetuals with Binance's
 * filters, fees and brackets; spot margin Cross 3x), narrowed to the listed markets, with the
 * scenario's overrides and extra assets and markets. The core's own checks run on the result, and
 * each problem is reported at the scenario field it came from.
 */
export function buildVenue(spec: VenueSpec | undefined): VenueBuild {
  const issues: ScenarioIssue[] = [];
  const base = defaultVenueConfig();
  const assets: AssetConfig[] = [...base.assets];
  const extraMargin: MarginAssetConfig[] = [];
  for (const [symbol, a] of Object.entries(spec?.assets ?? {})) {
    if (assets.some((x) => x.symbol === symbol)) {
      issues.push({ path: `venue.assets.${symbol}`, message: `${symbol} is a default asset already` });
      continue;
    }
    assets.push({ symbol, decimals: a.decimals ?? 8 });
    if (a.margin)
      extraMargin.push({
        asset: symbol,
        dailyInterestRate: a.margin.dailyInterestRate ?? '0.0001',
        lendable: a.margin.lendable ?? '0',
      });
  }

  const defaults = new Map<string, SpotPairConfig | PerpMarketConfig>();
  for (const p of base.spotPairs) defaults.set(p.symbol, p);
  for (const p of base.perps ?? []) defaults.set(p.symbol, p);
  const perpTemplate = base.perps![0]!;
  const listed = spec?.markets ?? Object.fromEntries([...defaults.keys()].map((s) => [s, null]));
  const spotPairs: SpotPairConfig[] = [];
  const perps: PerpMarketConfig[] = [];
  // Which config list and index each market went to, to report core's problems at the scenario field.
  const origin = new Map<string, string>();

  for (const [symbol, raw] of Object.entries(listed)) {
    const m: MarketSpec = raw ?? {};
    const path = `venue.markets.${symbol}`;
    const known = defaults.get(symbol);
    const kind = m.kind ?? (known ? ('brackets' in known ? 'perp' : 'spot') : undefined);
    if (!known && (!kind || !m.base)) {
      issues.push({
        path,
        message: `${symbol} is not a default market: give kind (spot or perp) and base to add it`,
      });
      continue;
    }
    if (known && m.kind && m.kind !== kind) {
      issues.push({ path: `${path}.kind`, message: `${symbol} is a ${kind} market` });
      continue;
    }
    const fees = {
      ...(spec?.fees?.makerFee ? { makerFee: spec.fees.makerFee } : {}),
      ...(spec?.fees?.takerFee ? { takerFee: spec.fees.takerFee } : {}),
    };
    const overrides = Object.fromEntries(
      Object.entries(m).filter(([k, v]) => k !== 'kind' && v !== undefined),
    ) as Partial<PerpMarketConfig>;
    if (kind === 'spot') {
      const bad = PERP_ONLY.find((k) => m[k] !== undefined);
      if (bad) {
        issues.push({ path: `${path}.${bad}`, message: 'only perpetual markets take this field' });
        continue;
      }
      const start: SpotPairConfig = (known as SpotPairConfig | undefined) ?? {
        symbol,
        base: m.base!,
        quote: 'USDT',
        ...NEW_PAIR,
      };
      origin.set(`spotPairs[${spotPairs.length}]`, path);
      spotPairs.push({ ...start, ...fees, ...(overrides as Partial<SpotPairConfig>), symbol });
    } else {
      const start: PerpMarketConfig = (known as PerpMarketConfig | undefined) ?? {
        ...perpTemplate,
        symbol,
        base: m.base!,
      };
      origin.set(`perps[${perps.length}]`, path);
      perps.push({ ...start, ...fees, ...overrides, symbol });
    }
  }

  let margin: MarginConfig | undefined;
  if (spec?.margin !== false) {
    const d = defaultMarginConfig();
    const o = spec?.margin === undefined ? {} : spec.margin;
    const marginAssets: MarginAssetConfig[] = [...d.assets, ...extraMargin].map((a) => {
      const over = o.assets?.[a.asset];
      return { ...a, ...Object.fromEntries(Object.entries(over ?? {}).filter(([, v]) => v !== undefined)) };
    });
    // A venue asset the default terms leave out becomes a margin asset when the scenario gives it terms.
    for (const [name, over] of Object.entries(o.assets ?? {})) {
      if (marginAssets.some((a) => a.asset === name)) continue;
      if (!assets.some((a) => a.symbol === name)) {
        issues.push({ path: `venue.margin.assets.${name}`, message: `no asset ${name} in the venue` });
        continue;
      }
      marginAssets.push({
        asset: name,
        dailyInterestRate: over.dailyInterestRate ?? '0.0001',
        lendable: over.lendable ?? '0',
      });
    }
    const levels = Object.fromEntries(
      Object.entries(o).filter(([k, v]) => k !== 'assets' && v !== undefined),
    ) as Partial<MarginConfig>;
    margin = { ...d, ...levels, assets: marginAssets };
  }
  const lending =
    spec?.lending === false
      ? undefined
      : spec?.lending === undefined
        ? base.lending
        : lendingConfig(spec.lending, base.lending, assets, issues, origin);
  if (issues.length > 0) return { ok: false, issues };

  const { margin: _margin, lending: _lending, ...rest } = base;
  const config: VenueConfig = {
    ...rest,
    assets,
    spotPairs,
    perps,
    ...(margin ? { margin } : {}),
    ...(lending ? { lending } : {}),
  };
  const loaded = loadVenue(config);
  if (!loaded.ok) {
    return {
      ok: false,
      issues: loaded.problems.map((p) => ({
        path: scenarioPath(p.path, origin, config),
        message: p.message,
      })),
    };
  }
  return { ok: true, venue: loaded.venue, config };
}

/** What a reserve the default pool lacks takes when the scenario does not say: no collateral, a plain curve. */
const NEW_RESERVE: Omit<LendingReserveConfig, 'asset'> = {
  ltv: '0',
  liquidationThreshold: '0',
  liquidationBonus: '0',
  reserveFactor: '0.1',
  liquidationProtocolFee: '0.1',
  optimalUsage: '0.8',
  baseRate: '0',
  slope1: '0.04',
  slope2: '0.8',
  supplyCap: '0',
  borrowCap: '0',
};

const EMODE_FIELDS = ['ltv', 'liquidationThreshold', 'liquidationBonus', 'collateral', 'borrowable'] as const;

/**
 * The default pool with the scenario's overrides: reserves by venue asset, e-mode categories by id.
 * Values are checked by the core with the venue; `origin` maps its paths back to the scenario's.
 */
function lendingConfig(
  spec: LendingSpec,
  base: LendingConfig | undefined,
  assets: readonly AssetConfig[],
  issues: ScenarioIssue[],
  origin: Map<string, string>,
): LendingConfig {
  const defined = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
      [K in keyof T]?: Exclude<T[K], undefined>;
    };
  const reserves: LendingReserveConfig[] = [...(base?.reserves ?? [])];
  for (const [asset, over] of Object.entries(spec.reserves ?? {})) {
    const path = joinPath(['venue', 'lending', 'reserves', asset]);
    const at = reserves.findIndex((r) => r.asset === asset);
    if (at >= 0) {
      reserves[at] = { ...reserves[at]!, ...defined(over) };
      continue;
    }
    if (!assets.some((a) => a.symbol === asset)) {
      const venueName = VENUE_RESERVE_ASSETS[asset];
      issues.push({
        path,
        message:
          venueName && venueName !== asset
            ? `the pool lends ${venueName} as Aave's ${asset}: name it ${venueName}`
            : `no asset ${asset} in the venue (a new reserve needs the asset: add it under venue.assets)`,
      });
      continue;
    }
    reserves.push({ asset, ...NEW_RESERVE, ...defined(over) });
  }
  reserves.forEach((r, i) =>
    origin.set(`lending.reserves[${i}]`, joinPath(['venue', 'lending', 'reserves', r.asset])),
  );

  const eModes: LendingEModeConfig[] = [...(base?.eModes ?? [])];
  for (const [key, over] of Object.entries(spec.eModes ?? {})) {
    const id = Number(key);
    const path = joinPath(['venue', 'lending', 'eModes', key]);
    const at = eModes.findIndex((e) => e.id === id);
    if (at >= 0) {
      eModes[at] = { ...eModes[at]!, ...defined(over) };
      continue;
    }
    const missing = EMODE_FIELDS.filter((f) => over[f] === undefined);
    for (const f of missing)
      issues.push({ path: `${path}.${f}`, message: `is required for a new e-mode category (${id})` });
    if (missing.length > 0) continue;
    eModes.push({
      id,
      label: over.label ?? `e-mode ${id}`,
      ltv: over.ltv!,
      liquidationThreshold: over.liquidationThreshold!,
      liquidationBonus: over.liquidationBonus!,
      collateral: over.collateral!,
      borrowable: over.borrowable!,
    });
  }
  eModes.forEach((e, i) =>
    origin.set(`lending.eModes[${i}]`, joinPath(['venue', 'lending', 'eModes', String(e.id)])),
  );

  return {
    ...(base ?? { reserves: [] }),
    ...(spec.closeFactorThreshold === undefined ? {} : { closeFactorThreshold: spec.closeFactorThreshold }),
    ...(spec.minLeftover === undefined ? {} : { minLeftover: spec.minLeftover }),
    reserves,
    eModes,
  };
}

/** spotPairs[1].tickSize -> venue.markets.ETH/USDT.tickSize, assets[3].decimals -> venue.assets.USDC.decimals. */
function scenarioPath(path: string, origin: ReadonlyMap<string, string>, config: VenueConfig): string {
  const market = /^((?:spotPairs|perps|lending\.reserves|lending\.eModes)\[\d+\])(.*)$/.exec(path);
  if (market) {
    const at = origin.get(market[1]!);
    if (at) return `${at}${market[2]}`;
  }
  const asset = /^assets\[(\d+)\](.*)$/.exec(path);
  if (asset) {
    const a = config.assets[Number(asset[1])];
    if (a) return `${joinPath(['venue', 'assets', a.symbol])}${asset[2]}`;
  }
  const marginAsset = /^margin\.assets\[(\d+)\](.*)$/.exec(path);
  if (marginAsset) {
    const a = config.margin?.assets[Number(marginAsset[1])];
    if (a) return `${joinPath(['venue', 'margin', 'assets', a.asset])}${marginAsset[2]}`;
  }
  return `venue.${path}`;
}
