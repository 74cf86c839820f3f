/** Bracket tables and unit helpers shared by the risk tests. */
import { DEFAULT_BRACKETS, loadBrackets } from '../market/brackets.ts';
import type { Bracket, BracketConfig } from '../market/brackets.ts';
import { parseDecimal } from '../money/index.ts';

/** Decimal text -> smallest units (8 decimals: USDT amounts and prices, BTC/ETH quantities). */
export function units(text: string, decimals = 8): bigint {
  const parsed = parseDecimal(text, decimals);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export function mustLoad(configs: readonly BracketConfig[]): readonly Bracket[] {
  const loaded = loadBrackets(configs, 8);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.brackets;
}

function rows(list: readonly (readonly [string, string, string, number])[]): BracketConfig[] {
  return list.map(([notionalFloor, notionalCap, maintMarginRatio, maxLeverage]) => ({
    notionalFloor,
    notionalCap,
    maintMarginRatio,
    maxLeverage,
  }));
}

export const BTC_DEFAULT = mustLoad(DEFAULT_BRACKETS.BTCUSDT);
export const ETH_DEFAULT = mustLoad(DEFAULT_BRACKETS.ETHUSDT);

/** BTCUSDT, 2021-03-18 announcement (research/perps.md 3.1): 1M-10M is 2.5%, cum 16,300. */
export const BTC_2021 = mustLoad(
  rows([
    ['0', '50000', '0.004', 125],
    ['50000', '250000', '0.005', 100],
    ['250000', '1000000', '0.01', 50],
    ['1000000', '10000000', '0.025', 20],
    ['10000000', '20000000', '0.05', 10],
    ['20000000', '50000000', '0.1', 5],
    ['50000000', '100000000', '0.125', 4],
    ['100000000', '200000000', '0.15', 3],
    ['200000000', '300000000', '0.25', 2],
    ['300000000', '500000000', '0.5', 1],
  ]),
);

/**
 * An ETHUSDT table for the FAQ's cross example, which states MMR 10% and cum 135,365 for ETH. The
 * tiers (0.5% / 0.65% / 1% / 2% / 5% / 10% ... from floors 0 / 10k / 100k / 500k / 1M / 2M) are
 * picked so the derived cum of the 2M-5M tier is exactly that 135,365; both ETH notionals of the
 * example (4.92M at the mark, 4.25M at the liquidation price) fall in it.
 */
export const ETH_FAQ = mustLoad(
  rows([
    ['0', '10000', '0.005', 100],
    ['10000', '100000', '0.0065', 75],
    ['100000', '500000', '0.01', 50],
    ['500000', '1000000', '0.02', 25],
    ['1000000', '2000000', '0.05', 10],
    ['2000000', '5000000', '0.1', 5],
    ['5000000', '10000000', '0.125', 4],
    ['10000000', '20000000', '0.15', 3],
    ['20000000', '50000000', '0.25', 2],
    ['50000000', '100000000', '0.5', 1],
  ]),
);

/** One tier, MMR 0.4%, cum 0: the rates research/perps.md's isolated example assumes throughout. */
export const FLAT_04 = mustLoad(rows([['0', '1000000000', '0.004', 125]]));
