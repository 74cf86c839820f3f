/**
 * Lending pool configuration: per-reserve risk and rate parameters, e-mode categories and the
 * base-currency thresholds of liquidations. Written by people as decimal strings, validated into
 * exact integers (bps as Aave's ReserveConfiguration stores them, rates in RAY). It lives beside the
 * venue's config because a venue's reserves name its assets (loadVenue validates both together).
 */
import { BPS, parseUnsignedDecimal, pow10 } from '../money/index.ts';

export interface LendingReserveConfig {
  /** Asset symbol, e.g. 'WETH'; in a venue, one of its assets (the default venue lends ETH as Aave's WETH). */
  readonly asset: string;
  /**
   * Digits of the smallest unit (WETH 18, WBTC 8, USDC 6). In a venue, the asset's own decimals:
   * leave it out, or give the same number.
   */
  readonly decimals?: number;
  /** Loan to value: the share of this collateral's value that may be borrowed against, e.g. '0.805'. */
  readonly ltv: string;
  /** Liquidation threshold: the share counted in the health factor, e.g. '0.83'. At least `ltv`. */
  readonly liquidationThreshold: string;
  /** Collateral a liquidator receives above the value it repays, e.g. '0.05' (Aave writes 10500). */
  readonly liquidationBonus: string;
  /** Share of borrowers' interest that goes to the treasury, e.g. '0.15'. */
  readonly reserveFactor: string;
  /** Share of the liquidation bonus that goes to the treasury, e.g. '0.1'. */
  readonly liquidationProtocolFee: string;
  /** Usage at the kink of the rate curve, e.g. '0.9' (1%..99%, as Aave's rate strategy). */
  readonly optimalUsage: string;
  /** Yearly borrow rate at zero usage, e.g. '0'. */
  readonly baseRate: string;
  /** Rate added from zero to optimal usage, e.g. '0.027'. */
  readonly slope1: string;
  /** Rate added from optimal to full usage, e.g. '0.8'. */
  readonly slope2: string;
  /** Whole tokens; '0' = no cap (as Aave). Counts the treasury's share too. */
  readonly supplyCap: string;
  /** Whole tokens; '0' = no cap. */
  readonly borrowCap: string;
  /** Default true. */
  readonly borrowingEnabled?: boolean;
}

/** An efficiency-mode category (Aave v3.2+ "liquid e-modes": membership lists on the category). */
export interface LendingEModeConfig {
  /** 1..255 (0 means no e-mode). */
  readonly id: number;
  readonly label: string;
  readonly ltv: string;
  readonly liquidationThreshold: string;
  readonly liquidationBonus: string;
  /** Assets whose collateral counts at the category's LTV and threshold for its members. */
  readonly collateral: readonly string[];
  /** Assets a member may borrow; a member may borrow nothing else. */
  readonly borrowable: readonly string[];
}

export interface LendingConfig {
  /** Digits of oracle prices, in the base currency (Aave: USD with 8). Default 8. */
  readonly baseCurrencyDecimals?: number;
  /** Below this value of a pair's collateral or debt a liquidation may close 100%. Default '2000'. */
  readonly closeFactorThreshold?: string;
  /** Collateral or debt value a partial liquidation must leave, or clear. Default '1000'. */
  readonly minLeftover?: string;
  readonly reserves: readonly LendingReserveConfig[];
  readonly eModes?: readonly LendingEModeConfig[];
}

/** The two-slope curve of Aave's DefaultReserveInterestRateStrategyV2, all RAY. */
export interface RateModel {
  readonly optimalUsage: bigint;
  readonly baseRate: bigint;
  readonly slope1: bigint;
  readonly slope2: bigint;
}

/** A validated reserve. Shares in bps (10_000 = 100%). */
export interface ReserveParams {
  /** Position in `LendingParams.reserves`: reserve states, positions and prices use the same index. */
  readonly index: number;
  readonly asset: string;
  readonly decimals: number;
  /** 10^decimals. */
  readonly unit: bigint;
  readonly ltv: bigint;
  readonly liquidationThreshold: bigint;
  /** Including the repaid value, as Aave stores it: 10_500 = 5% bonus. 10_000 when LT is 0. */
  readonly liquidationBonus: bigint;
  readonly reserveFactor: bigint;
  readonly liquidationProtocolFee: bigint;
  readonly rates: RateModel;
  /** Smallest units; 0n = none. */
  readonly supplyCap: bigint;
  readonly borrowCap: bigint;
  readonly borrowingEnabled: boolean;
}

export interface EModeParams {
  readonly id: number;
  readonly label: string;
  readonly ltv: bigint;
  readonly liquidationThreshold: bigint;
  /** Including the repaid value (10_100 = 1%). */
  readonly liquidationBonus: bigint;
  /** By reserve index. */
  readonly collateral: readonly boolean[];
  readonly borrowable: readonly boolean[];
}

export interface LendingParams {
  readonly config: LendingConfig;
  readonly reserves: readonly ReserveParams[];
  readonly reserveByAsset: ReadonlyMap<string, ReserveParams>;
  readonly eModes: ReadonlyMap<number, EModeParams>;
  readonly baseCurrencyDecimals: number;
  /** Base-currency units. */
  readonly closeFactorThreshold: bigint;
  readonly minLeftover: bigint;
}

/** The same codes as the venue's config loader, so problems can be reported together. */
export const LendingConfigErrorCode = {
  Invalid: 'CONFIG_INVALID',
  Duplicate: 'CONFIG_DUPLICATE',
  UnknownAsset: 'CONFIG_UNKNOWN_ASSET',
  Inexact: 'CONFIG_INEXACT',
  Range: 'CONFIG_RANGE',
} as const;
export type LendingConfigErrorCode = (typeof LendingConfigErrorCode)[keyof typeof LendingConfigErrorCode];

export interface LendingConfigProblem {
  readonly code: LendingConfigErrorCode;
  /** Path of the field, e.g. 'lending.reserves[0].ltv'. */
  readonly path: string;
  readonly message: string;
}

export type LendingLoad =
  | { readonly ok: true; readonly params: LendingParams }
  | { readonly ok: false; readonly problems: readonly LendingConfigProblem[] };

const ASSET_SYMBOL = /^[A-Z0-9]{2,20}$/;
const BPS_DECIMALS = 4;
const RAY_DECIMALS = 27;
const RAY_PER_BPS = 10n ** 23n;
/** Rate strategy bounds (DefaultReserveInterestRateStrategyV2): optimal 1%..99%, max rate 1000%. */
const MIN_OPTIMAL = 100n * RAY_PER_BPS;
const MAX_OPTIMAL = 9_900n * RAY_PER_BPS;
const MAX_BORROW_RATE = 100_000n * RAY_PER_BPS;
const MAX_EMODE_ID = 255;

/** What a venue tells the loader of an asset a reserve names. */
export interface LendingAssetInfo {
  readonly decimals: number;
}

/**
 * Validate a lending configuration; every problem is reported, not only the first. With `assets`
 * (a venue's, by symbol), every reserve must name one of them and takes its decimals.
 */
export function loadLending(
  config: LendingConfig,
  assets?: ReadonlyMap<string, LendingAssetInfo>,
): LendingLoad {
  const problems: LendingConfigProblem[] = [];
  const problem = (code: LendingConfigErrorCode, path: string, message: string): void => {
    problems.push({ code, path, message });
  };
  const decimal = (text: string, decimals: number, path: string): bigint => {
    const parsed = parseUnsignedDecimal(text, decimals);
    if (parsed.ok) return parsed.value;
    problem(
      parsed.code === 'MONEY_PRECISION' ? 'CONFIG_INEXACT' : 'CONFIG_INVALID',
      path,
      `"${text}": ${parsed.message}`,
    );
    return 0n;
  };
  const share = (text: string, path: string): bigint => {
    const bps = decimal(text, BPS_DECIMALS, path);
    if (bps > BPS) problem('CONFIG_RANGE', path, 'must be at most 1');
    return bps;
  };

  const requestedDecimals = config.baseCurrencyDecimals ?? 8;
  const baseOk = Number.isInteger(requestedDecimals) && requestedDecimals >= 0 && requestedDecimals <= 18;
  if (!baseOk) {
    problem(
      'CONFIG_RANGE',
      'lending.baseCurrencyDecimals',
      `${requestedDecimals} is not an integer in 0..18`,
    );
  }
  const baseDecimals = baseOk ? requestedDecimals : 8;
  const closeFactorThreshold = decimal(
    config.closeFactorThreshold ?? '2000',
    baseDecimals,
    'lending.closeFactorThreshold',
  );
  const minLeftover = decimal(config.minLeftover ?? '1000', baseDecimals, 'lending.minLeftover');

  const reserves: ReserveParams[] = [];
  const reserveByAsset = new Map<string, ReserveParams>();
  config.reserves.forEach((r, index) => {
    const path = `lending.reserves[${index}]`;
    if (!ASSET_SYMBOL.test(r.asset))
      problem('CONFIG_INVALID', `${path}.asset`, `"${r.asset}" is not A-Z0-9, 2-20 long`);
    if (reserveByAsset.has(r.asset)) problem('CONFIG_DUPLICATE', `${path}.asset`, `reserve ${r.asset} twice`);
    const decimals = reserveDecimals(r, path, assets, problem);
    const unit = pow10(decimals);

    const ltv = share(r.ltv, `${path}.ltv`);
    const liquidationThreshold = share(r.liquidationThreshold, `${path}.liquidationThreshold`);
    const bonus = decimal(r.liquidationBonus, BPS_DECIMALS, `${path}.liquidationBonus`);
    const reserveFactor = share(r.reserveFactor, `${path}.reserveFactor`);
    const liquidationProtocolFee = share(r.liquidationProtocolFee, `${path}.liquidationProtocolFee`);
    if (ltv > liquidationThreshold)
      problem('CONFIG_RANGE', `${path}.ltv`, 'must not exceed liquidationThreshold');
    // PoolConfigurator.configureReserveAsCollateral: a threshold needs a bonus, and a fresh position
    // at the threshold must still be able to pay it (LT x (1 + bonus) <= 100%).
    if (liquidationThreshold !== 0n) {
      if (bonus === 0n)
        problem('CONFIG_RANGE', `${path}.liquidationBonus`, 'must be above 0 for a collateral');
      if (liquidationThreshold * (BPS + bonus) > BPS * BPS) {
        problem(
          'CONFIG_RANGE',
          `${path}.liquidationBonus`,
          'liquidationThreshold x (1 + bonus) exceeds 100%',
        );
      }
    } else if (bonus !== 0n) {
      problem('CONFIG_RANGE', `${path}.liquidationBonus`, 'must be 0 when liquidationThreshold is 0');
    }

    const rates = rateModel(r, path, decimal, problem);
    const capUnits = (field: 'supplyCap' | 'borrowCap'): bigint =>
      decimal(r[field], 0, `${path}.${field}`) * unit;
    const params: ReserveParams = {
      index,
      asset: r.asset,
      decimals,
      unit,
      ltv,
      liquidationThreshold,
      liquidationBonus: BPS + bonus,
      reserveFactor,
      liquidationProtocolFee,
      rates,
      supplyCap: capUnits('supplyCap'),
      borrowCap: capUnits('borrowCap'),
      borrowingEnabled: r.borrowingEnabled ?? true,
    };
    reserves.push(params);
    if (!reserveByAsset.has(r.asset)) reserveByAsset.set(r.asset, params);
  });

  const eModes = new Map<number, EModeParams>();
  (config.eModes ?? []).forEach((e, i) => {
    const path = `lending.eModes[${i}]`;
    if (!Number.isInteger(e.id) || e.id < 1 || e.id > MAX_EMODE_ID) {
      problem('CONFIG_RANGE', `${path}.id`, `${e.id} is not an integer in 1..${MAX_EMODE_ID}`);
    } else if (eModes.has(e.id)) problem('CONFIG_DUPLICATE', `${path}.id`, `e-mode ${e.id} twice`);
    if (e.label.length === 0) problem('CONFIG_INVALID', `${path}.label`, 'must not be empty');
    const ltv = share(e.ltv, `${path}.ltv`);
    const liquidationThreshold = share(e.liquidationThreshold, `${path}.liquidationThreshold`);
    const bonus = decimal(e.liquidationBonus, BPS_DECIMALS, `${path}.liquidationBonus`);
    // PoolConfigurator.setEModeCategory's checks.
    if (ltv === 0n || liquidationThreshold === 0n)
      problem('CONFIG_RANGE', `${path}.ltv`, 'ltv and threshold must be above 0');
    if (ltv > liquidationThreshold)
      problem('CONFIG_RANGE', `${path}.ltv`, 'must not exceed liquidationThreshold');
    if (bonus === 0n) problem('CONFIG_RANGE', `${path}.liquidationBonus`, 'must be above 0');
    if (liquidationThreshold * (BPS + bonus) > BPS * BPS) {
      problem('CONFIG_RANGE', `${path}.liquidationBonus`, 'liquidationThreshold x (1 + bonus) exceeds 100%');
    }
    const members = (field: 'collateral' | 'borrowable'): boolean[] => {
      const flags = reserves.map(() => false);
      e[field].forEach((asset, j) => {
        const reserve = reserveByAsset.get(asset);
        if (!reserve) problem('CONFIG_UNKNOWN_ASSET', `${path}.${field}[${j}]`, `no reserve ${asset}`);
        else if (flags[reserve.index])
          problem('CONFIG_DUPLICATE', `${path}.${field}[${j}]`, `${asset} twice`);
        else flags[reserve.index] = true;
      });
      return flags;
    };
    const collateral = members('collateral');
    const borrowable = members('borrowable');
    if (!eModes.has(e.id)) {
      eModes.set(e.id, {
        id: e.id,
        label: e.label,
        ltv,
        liquidationThreshold,
        liquidationBonus: BPS + bonus,
        collateral,
        borrowable,
      });
    }
  });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    params: {
      config,
      reserves,
      reserveByAsset,
      eModes,
      baseCurrencyDecimals: baseDecimals,
      closeFactorThreshold,
      minLeftover,
    },
  };
}

/** loadLending for configs known to be valid (defaults, tests); throws with every problem listed. */
export function mustLoadLending(
  config: LendingConfig,
  assets?: ReadonlyMap<string, LendingAssetInfo>,
): LendingParams {
  const loaded = loadLending(config, assets);
  if (!loaded.ok) {
    throw new Error(
      `invalid lending config: ${loaded.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
  return loaded.params;
}

/** A reserve's decimals: its venue asset's, or (outside a venue) its own; 0 when invalid (problem recorded). */
function reserveDecimals(
  r: LendingReserveConfig,
  path: string,
  assets: ReadonlyMap<string, LendingAssetInfo> | undefined,
  problem: (code: LendingConfigErrorCode, path: string, message: string) => void,
): number {
  if (assets) {
    const asset = assets.get(r.asset);
    if (!asset) {
      problem('CONFIG_UNKNOWN_ASSET', `${path}.asset`, `no asset ${r.asset}`);
      return 0;
    }
    if (r.decimals !== undefined && r.decimals !== asset.decimals) {
      problem('CONFIG_INVALID', `${path}.decimals`, `${r.asset} has ${asset.decimals} decimals`);
    }
    return asset.decimals;
  }
  if (r.decimals === undefined) {
    problem('CONFIG_INVALID', `${path}.decimals`, 'required outside a venue');
    return 0;
  }
  const ok = Number.isInteger(r.decimals) && r.decimals >= 0 && r.decimals <= 18;
  if (!ok) problem('CONFIG_RANGE', `${path}.decimals`, `${r.decimals} is not an integer in 0..18`);
  return ok ? r.decimals : 0;
}

function rateModel(
  r: LendingReserveConfig,
  path: string,
  decimal: (text: string, decimals: number, path: string) => bigint,
  problem: (code: LendingConfigErrorCode, path: string, message: string) => void,
): RateModel {
  const optimalUsage = decimal(r.optimalUsage, RAY_DECIMALS, `${path}.optimalUsage`);
  const baseRate = decimal(r.baseRate, RAY_DECIMALS, `${path}.baseRate`);
  const slope1 = decimal(r.slope1, RAY_DECIMALS, `${path}.slope1`);
  const slope2 = decimal(r.slope2, RAY_DECIMALS, `${path}.slope2`);
  if (optimalUsage < MIN_OPTIMAL || optimalUsage > MAX_OPTIMAL) {
    problem('CONFIG_RANGE', `${path}.optimalUsage`, 'must be in 0.01..0.99');
  }
  if (slope1 > slope2) problem('CONFIG_RANGE', `${path}.slope2`, 'must be at least slope1');
  if (baseRate + slope1 + slope2 > MAX_BORROW_RATE) {
    problem('CONFIG_RANGE', `${path}.slope2`, 'baseRate + slope1 + slope2 exceeds 1000%');
  }
  return { optimalUsage, baseRate, slope1, slope2 };
}
