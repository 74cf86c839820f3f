import type { LendingConfig, LendingEModeConfig, LendingReserveConfig } from './lendingConfig.ts';

/*
 * Defaults: Aave v3 Ethereum (Core market, Pool 0x87870Bca...E4E2) as reconstructed in
 * research/lending.md section 7 from bgd-labs/aave-proposals-v3 (the 2023-10-31 reserve snapshot plus
 * every later AaveV3Ethereum diff up to 2026-02-20). None of it was read on-chain, and Risk Steward
 * updates are not in those diffs, so a value marked "unverified" may have moved since.
 *
 * Verified here means: seen as a "value after" in a governance payload diff of that repository.
 * - [diff 2025-07-21] AaveV3Ethereum_InterestRateUpdateWETHAndWstETHEthereum_20250721: wstETH rate
 *   curve (optimal 80%, base 0, slope1 1%, slope2 40%) and reserve factor 35%; WETH's whole curve
 *   (optimal 94% -> 92%, base 0, slope1 2.7%, slope2 40%). Research section 7 still lists WETH with
 *   optimal 90% and slope2 80%: that table predates this diff.
 * - [diff 2025-02-14] AaveV3Ethereum_Test_20250214 shows WETH's LTV at 80.5% as its "value before".
 * Everything else comes from the research table, with the date of the last change it saw.
 *
 * Symbols follow the venue's rule (A-Z0-9): Aave's wstETH is WSTETH here. Prices come from the
 * engine's oracle in USD with 8 decimals, as Aave's.
 */

/** Aave v3 Ethereum WETH. */
export function defaultWeth(): LendingReserveConfig {
  return {
    asset: 'WETH',
    decimals: 18,
    ltv: '0.805', // [diff 2025-02-14]
    liquidationThreshold: '0.83', // research s7, unverified
    liquidationBonus: '0.05', // research s7, unverified
    reserveFactor: '0.15', // research s7 (2023-10 snapshot; an ARFC of 2024-01 proposed 10%), unverified
    liquidationProtocolFee: '0.1', // research s7, unverified
    optimalUsage: '0.92', // [diff 2025-07-21]
    baseRate: '0', // [diff 2025-07-21]
    slope1: '0.027', // [diff 2025-07-21]
    slope2: '0.4', // [diff 2025-07-21]
    supplyCap: '1800000', // research s7, 2023-10 snapshot, unverified (caps move often)
    borrowCap: '1400000', // research s7, 2023-10 snapshot, unverified
  };
}

/** Aave v3 Ethereum wstETH. */
export function defaultWsteth(): LendingReserveConfig {
  return {
    asset: 'WSTETH',
    decimals: 18,
    ltv: '0.785', // research s7, unverified
    liquidationThreshold: '0.81', // research s7, unverified
    liquidationBonus: '0.06', // research s7, unverified
    reserveFactor: '0.35', // [diff 2025-07-21]
    liquidationProtocolFee: '0.1', // research s7, unverified
    optimalUsage: '0.8', // [diff 2025-07-21]
    baseRate: '0', // [diff 2025-07-21]
    slope1: '0.01', // [diff 2025-07-21]
    slope2: '0.4', // [diff 2025-07-21]
    supplyCap: '850000', // research s7, 2023-10 snapshot, unverified
    borrowCap: '60000', // research s7 (from 2024-11), unverified
  };
}

/** Aave v3 Ethereum WBTC. */
export function defaultWbtc(): LendingReserveConfig {
  return {
    asset: 'WBTC',
    decimals: 8,
    ltv: '0.73', // research s7, unverified
    liquidationThreshold: '0.78', // research s7, unverified
    liquidationBonus: '0.05', // research s7, unverified
    reserveFactor: '0.5', // research s7 [2024-11-20], unverified
    liquidationProtocolFee: '0.1', // research s7, unverified
    optimalUsage: '0.8', // research s7 [2024-11-20], unverified
    baseRate: '0', // research s7, unverified
    slope1: '0.04', // research s7, unverified
    slope2: '3', // research s7, unverified
    supplyCap: '43000', // research s7, 2023-10 snapshot, unverified
    borrowCap: '28000', // research s7, 2023-10 snapshot, unverified
  };
}

/** Aave v3 Ethereum USDC. */
export function defaultUsdc(): LendingReserveConfig {
  return {
    asset: 'USDC',
    decimals: 6,
    ltv: '0.75', // research s7 [2024-04-25], unverified
    liquidationThreshold: '0.78', // research s7 [2024-04-25], unverified
    liquidationBonus: '0.045', // research s7, unverified
    reserveFactor: '0.1', // research s7, unverified
    liquidationProtocolFee: '0.2', // research s7 (2023 snapshot), unverified
    optimalUsage: '0.92', // research s7 [2024-04-04], unverified
    baseRate: '0', // research s7, unverified
    slope1: '0.065', // research s7 [2025-03-12], unverified
    slope2: '0.35', // research s7 [2024-12-01], unverified
    supplyCap: '1760000000', // research s7, 2023-10 snapshot, unverified
    borrowCap: '1580000000', // research s7, 2023-10 snapshot, unverified
  };
}

/** Aave v3 Ethereum USDT. */
export function defaultUsdt(): LendingReserveConfig {
  return {
    asset: 'USDT',
    decimals: 6,
    ltv: '0.75', // research s7 [2024-04-25], unverified
    liquidationThreshold: '0.78', // research s7 [2024-04-25], unverified
    liquidationBonus: '0.045', // research s7, unverified
    reserveFactor: '0.1', // research s7, unverified
    liquidationProtocolFee: '0.1', // research s7, unverified
    optimalUsage: '0.92', // research s7 [2024-04-04], unverified
    baseRate: '0', // research s7, unverified
    slope1: '0.065', // research s7 [2025-03-12], unverified
    slope2: '0.35', // research s7 [2024-12-01], unverified
    supplyCap: '600000000', // research s7, 2023-10 snapshot, unverified
    borrowCap: '500000000', // research s7, 2023-10 snapshot, unverified
  };
}

/**
 * Aave v3 Ethereum e-mode 1 "ETH correlated": 93% / 95% / 1% (research s6-s7: ARFC 2024-01 raised it
 * from 90/93/1; unverified on-chain). Collateral restricted here to the two ETH reserves the venue
 * lists (Aave also has cbETH, rETH, weETH, osETH, ETHx); borrowable WETH only since 2025-05-19
 * (research s6). A proposal diff of 2025-03-18 adds a separate wstETH/ETH category at 93.5% / 95.5%,
 * not used here.
 */
export function defaultEthCorrelatedEMode(): LendingEModeConfig {
  return {
    id: 1,
    label: 'ETH correlated',
    ltv: '0.93',
    liquidationThreshold: '0.95',
    liquidationBonus: '0.01',
    collateral: ['WETH', 'WSTETH'],
    borrowable: ['WETH'],
  };
}

/**
 * The default pool: WETH, WSTETH, WBTC, USDC, USDT (reserve indexes 0..4) and the ETH e-mode. Close
 * factor and dust thresholds are Aave v3.3+'s constants ($2,000 and $1,000 at 8 decimals).
 */
export function defaultLendingConfig(): LendingConfig {
  return {
    baseCurrencyDecimals: 8,
    closeFactorThreshold: '2000',
    minLeftover: '1000',
    reserves: [defaultWeth(), defaultWsteth(), defaultWbtc(), defaultUsdc(), defaultUsdt()],
    eModes: [defaultEthCorrelatedEMode()],
  };
}

/**
 * Aave's reserve symbols mapped to the default venue's assets: WETH is the venue's ETH, WBTC its BTC.
 * wstETH, USDC and USDT keep their names.
 */
export const VENUE_RESERVE_ASSETS: Readonly<Record<string, string>> = {
  WETH: 'ETH',
  WSTETH: 'WSTETH',
  WBTC: 'BTC',
  USDC: 'USDC',
  USDT: 'USDT',
};

/**
 * The default pool on the default venue: Aave's parameters, reserves renamed to the venue's assets
 * and their decimals left to the venue (every venue asset has 8, USDC 6).
 */
export function defaultVenueLendingConfig(): LendingConfig {
  const rename = (asset: string): string => VENUE_RESERVE_ASSETS[asset] ?? asset;
  const aave = defaultLendingConfig();
  return {
    ...aave,
    reserves: aave.reserves.map(({ decimals: _aaveDecimals, ...r }) => ({ ...r, asset: rename(r.asset) })),
    eModes: (aave.eModes ?? []).map((e) => ({
      ...e,
      collateral: e.collateral.map(rename),
      borrowable: e.borrowable.map(rename),
    })),
  };
}
