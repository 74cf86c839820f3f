import { defaultMarginConfig, defaultVenueConfig, loadVenue } from '@fulcrum/core';
import type {
  AssetConfig,
  MarginAssetConfig,
  MarginConfig,
  PerpMarketConfig,
  SpotPairConfig,
  Venue,
  VenueConfig,
} from '@fulcrum/core';
import type { ScenarioIssue } from './errors.ts';
import { joinPath } from './errors.ts';
import type { MarketSpec, VenueSpec } from './schema.ts';

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
  if (issues.length > 0) return { ok: false, issues };

  // Sections the scenario does not shape (such as the lending pool's) come as the default venue has them.
  const { margin: _margin, ...rest } = base;
  const config: VenueConfig = { ...rest, assets, spotPairs, perps, ...(margin ? { margin } : {}) };
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

/** spotPairs[1].tickSize -> venue.markets.ETH/USDT.tickSize, assets[3].decimals -> venue.assets.USDC.decimals. */
function scenarioPath(path: string, origin: ReadonlyMap<string, string>, config: VenueConfig): string {
  const market = /^((?:spotPairs|perps)\[\d+\])(.*)$/.exec(path);
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
