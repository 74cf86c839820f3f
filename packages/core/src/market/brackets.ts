/**
 * Leverage brackets (tiers) of a linear perpetual: the maintenance margin rate, the maintenance
 * amount (cum) and the maximum leverage for each band of position notional (research/perps.md 3.1).
 * Configured as decimal strings, the way Binance publishes them, and turned into exact integers.
 */
import { PPM, formatDecimal, parseUnsignedDecimal } from '../money/index.ts';
import type { ConfigErrorCode, ConfigProblem } from './config.ts';

/** One bracket as written in config (Binance GET /fapi/v1/leverageBracket field names). */
export interface BracketConfig {
  /** Lowest notional of the band, in the margin asset, e.g. '50000'. */
  readonly notionalFloor: string;
  /** First notional above the band (exclusive). */
  readonly notionalCap: string;
  /** Maintenance margin rate as a fraction, e.g. '0.004' = 0.4%. At most 6 decimals (1 ppm). */
  readonly maintMarginRatio: string;
  readonly maxLeverage: number;
  /** Maintenance amount; optional because it is derived. When given it must equal the derivation. */
  readonly cum?: string;
}

/** A validated bracket: every amount in the margin asset's smallest unit. */
export interface Bracket {
  /** 0-based position in the table (Binance numbers brackets from 1). */
  readonly index: number;
  /** Notional band [floor, cap), quote units. */
  readonly floor: bigint;
  readonly cap: bigint;
  /** Maintenance margin rate, parts per million. */
  readonly mmrPpm: bigint;
  readonly maxLeverage: number;
  /** Maintenance amount, quote units: MM = notional x MMR - cum. */
  readonly cum: bigint;
}

export type BracketLoad =
  | { readonly ok: true; readonly brackets: readonly Bracket[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Validates a bracket table and derives each cum as cum_n = floor_n x (MMR_n - MMR_{n-1}) + cum_{n-1},
 * cum_1 = 0, which makes MM continuous in notional. Every problem is reported, each with a path
 * such as `brackets[2].cum`.
 */
export function loadBrackets(
  configs: readonly BracketConfig[],
  quoteDecimals: number,
  path = 'brackets',
): BracketLoad {
  const problems: ConfigProblem[] = [];
  const problem = (code: ConfigErrorCode, at: string, message: string): void => {
    problems.push({ code, path: at, message });
  };
  if (configs.length === 0) {
    problem('CONFIG_INVALID', path, 'at least one bracket is required');
    return { ok: false, problems };
  }

  const parse = (text: string, decimals: number, at: string): bigint | undefined => {
    const parsed = parseUnsignedDecimal(text, decimals);
    if (parsed.ok) return parsed.value;
    problem(parsed.code === 'MONEY_PRECISION' ? 'CONFIG_INEXACT' : 'CONFIG_INVALID', at, parsed.message);
    return undefined;
  };

  const brackets: Bracket[] = [];
  // The previous bracket's parsed values; undefined where it failed, which skips the checks needing them.
  let prev: {
    cap: bigint | undefined;
    mmr: bigint | undefined;
    lev: number | undefined;
    cum: bigint | undefined;
  } = { cap: undefined, mmr: undefined, lev: undefined, cum: undefined };
  configs.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const name = `bracket ${i + 1}`;
    const floor = parse(c.notionalFloor, quoteDecimals, `${p}.notionalFloor`);
    const cap = parse(c.notionalCap, quoteDecimals, `${p}.notionalCap`);
    const mmr = parse(c.maintMarginRatio, 6, `${p}.maintMarginRatio`);
    const given = c.cum === undefined ? undefined : parse(c.cum, quoteDecimals, `${p}.cum`);
    const lev = c.maxLeverage;

    if (i === 0 && floor !== undefined && floor !== 0n) {
      problem('CONFIG_RANGE', `${p}.notionalFloor`, `${name}: the first floor must be 0`);
    }
    if (i > 0 && floor !== undefined && prev.cap !== undefined && floor !== prev.cap) {
      problem(
        'CONFIG_INVALID',
        `${p}.notionalFloor`,
        `${name}: floor must equal the previous cap (no gap or overlap)`,
      );
    }
    if (floor !== undefined && cap !== undefined && cap <= floor) {
      problem('CONFIG_RANGE', `${p}.notionalCap`, `${name}: cap must be above the floor`);
    }
    if (mmr !== undefined && mmr >= PPM) {
      problem('CONFIG_RANGE', `${p}.maintMarginRatio`, `${name}: MMR must be below 100%`);
    }
    if (mmr !== undefined && prev.mmr !== undefined && mmr < prev.mmr) {
      problem('CONFIG_INVALID', `${p}.maintMarginRatio`, `${name}: MMR must not decrease`);
    }
    const levOk = Number.isSafeInteger(lev) && lev >= 1;
    if (!levOk) {
      problem('CONFIG_RANGE', `${p}.maxLeverage`, `${name}: maxLeverage must be an integer >= 1, got ${lev}`);
    } else {
      if (prev.lev !== undefined && lev > prev.lev) {
        problem('CONFIG_INVALID', `${p}.maxLeverage`, `${name}: maxLeverage must not increase`);
      }
      // IMR = 1/leverage must exceed MMR, or a position opened at max leverage is liquidatable at once.
      if (mmr !== undefined && BigInt(lev) * mmr >= PPM) {
        problem('CONFIG_RANGE', `${p}.maxLeverage`, `${name}: maxLeverage x MMR must be below 100%`);
      }
    }

    // cum needs this floor and MMR and an unbroken chain before it.
    let cum: bigint | undefined;
    if (
      floor !== undefined &&
      mmr !== undefined &&
      (i === 0 || (prev.mmr !== undefined && prev.cum !== undefined))
    ) {
      const step = floor * (mmr - (prev.mmr ?? mmr));
      if (step % PPM !== 0n) {
        problem(
          'CONFIG_INEXACT',
          `${p}.notionalFloor`,
          `${name}: floor x MMR step is finer than ${quoteDecimals} decimals, cum is not exact`,
        );
      } else {
        cum = step / PPM + (prev.cum ?? 0n);
        if (given !== undefined && given !== cum) {
          problem(
            'CONFIG_INVALID',
            `${p}.cum`,
            `${name}: cum ${c.cum} differs from the derived ${formatDecimal(cum, quoteDecimals, { trim: true })}`,
          );
        }
      }
    }

    prev = { cap, mmr, lev: levOk ? lev : undefined, cum };
    if (floor !== undefined && cap !== undefined && mmr !== undefined && cum !== undefined && levOk) {
      brackets.push({ index: i, floor, cap, mmrPpm: mmr, maxLeverage: lev, cum });
    }
  });

  return problems.length > 0 ? { ok: false, problems } : { ok: true, brackets };
}

/** Rows as [notionalFloor, notionalCap, maintMarginRatio, maxLeverage, cum]. */
type Row = readonly [string, string, string, number, string];

function table(rows: readonly Row[]): readonly BracketConfig[] {
  return Object.freeze(
    rows.map(([notionalFloor, notionalCap, maintMarginRatio, maxLeverage, cum]) =>
      Object.freeze({ notionalFloor, notionalCap, maintMarginRatio, maxLeverage, cum }),
    ),
  );
}

/**
 * Default tables: Binance GET /fapi/v1/leverageBracket, 2024-10-24 snapshot
 * (data/binance_usdm_leverage_tiers_2024-10-24__freqtrade.json, fields of `info`; maxLeverage is
 * Binance's initialLeverage, cum written without the trailing '.0').
 */
export const DEFAULT_BRACKETS: {
  readonly BTCUSDT: readonly BracketConfig[];
  readonly ETHUSDT: readonly BracketConfig[];
} = Object.freeze({
  BTCUSDT: table([
    ['0', '50000', '0.004', 125, '0'],
    ['50000', '600000', '0.005', 100, '50'],
    ['600000', '3000000', '0.0065', 75, '950'],
    ['3000000', '12000000', '0.01', 50, '11450'],
    ['12000000', '70000000', '0.02', 25, '131450'],
    ['70000000', '100000000', '0.025', 20, '481450'],
    ['100000000', '230000000', '0.05', 10, '2981450'],
    ['230000000', '480000000', '0.1', 5, '14481450'],
    ['480000000', '600000000', '0.125', 4, '26481450'],
    ['600000000', '800000000', '0.15', 3, '41481450'],
    ['800000000', '1200000000', '0.25', 2, '121481450'],
    ['1200000000', '1800000000', '0.5', 1, '421481450'],
  ]),
  ETHUSDT: table([
    ['0', '50000', '0.004', 125, '0'],
    ['50000', '600000', '0.005', 100, '50'],
    ['600000', '3000000', '0.0065', 75, '950'],
    ['3000000', '12000000', '0.01', 50, '11450'],
    ['12000000', '50000000', '0.02', 25, '131450'],
    ['50000000', '65000000', '0.025', 20, '381450'],
    ['65000000', '150000000', '0.05', 10, '2006450'],
    ['150000000', '320000000', '0.1', 5, '9506450'],
    ['320000000', '400000000', '0.125', 4, '17506450'],
    ['400000000', '530000000', '0.15', 3, '27506450'],
    ['530000000', '800000000', '0.25', 2, '80506450'],
    ['800000000', '1200000000', '0.5', 1, '280506450'],
  ]),
});
