/** Bracket tables for tests of brackets and of the risk math built on them. */
import { DEFAULT_BRACKETS, loadBrackets } from './brackets.ts';
import type { Bracket, BracketConfig } from './brackets.ts';

export function mustLoadBrackets(configs: readonly BracketConfig[]): readonly Bracket[] {
  const loaded = loadBrackets(configs, 8);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.brackets;
}

/** Rows of [notionalFloor, notionalCap, maintMarginRatio, maxLeverage] as bracket config. */
export function bracketRows(list: readonly (readonly [string, string, string, number])[]): BracketConfig[] {
  return list.map(([notionalFloor, notionalCap, maintMarginRatio, maxLeverage]) => ({
    notionalFloor,
    notionalCap,
    maintMarginRatio,
    maxLeverage,
  }));
}

/** BTCUSDT brackets of the 2021-03-18 announcement (research/perps.md 3.1), without cum. */
export const BTC_2021_CONFIG = bracketRows([
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
]);

export const BTC_DEFAULT = mustLoadBrackets(DEFAULT_BRACKETS.BTCUSDT);
export const ETH_DEFAULT = mustLoadBrackets(DEFAULT_BRACKETS.ETHUSDT);
