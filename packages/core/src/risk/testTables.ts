/** Bracket tables and unit helpers shared by the risk tests. */
import {
  BTC_2021_CONFIG,
  BTC_DEFAULT,
  ETH_DEFAULT,
  bracketRows,
  mustLoadBrackets,
} from '../market/bracketFixtures.ts';
import { mustParseDecimal } from '../money/index.ts';

/** Decimal text -> smallest units (8 decimals: USDT amounts and prices, BTC/ETH quantities). */
export const units = (text: string, decimals = 8): bigint => mustParseDecimal(text, decimals);

export const mustLoad = mustLoadBrackets;
const rows = bracketRows;

export { BTC_DEFAULT, ETH_DEFAULT };

/** BTCUSDT, 2021-03-18 announcement (research/perps.md 3.1): 1M-10M is 2.5%, cum 16,300. */
export const BTC_2021 = mustLoad(BTC_2021_CONFIG);

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
