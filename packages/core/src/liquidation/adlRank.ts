import { Rounding, WAD, divRound } from '../money/index.ts';

/**
 * Auto-deleveraging priority of a position (WAD): PnL% x effective leverage when it is in profit,
 * PnL% / effective leverage when it is not, with PnL% = PnL / |entry value| and effective leverage
 * = |mark value| / equity of the position. Higher ranks are deleveraged first. A position with no
 * equity left has unbounded leverage: it ranks above every solvent profitable one.
 */
export interface AdlInput {
  /** Unrealized PnL at the mark, quote units. */
  readonly pnl: bigint;
  /** |entry value|, quote units. */
  readonly entryValue: bigint;
  /** |mark value|, quote units. */
  readonly markValue: bigint;
  /** The position's equity (its margin plus PnL), quote units. */
  readonly equity: bigint;
}

/** Rank given to positions whose equity is gone (above any finite rank in practice). */
export const ADL_RANK_UNBOUNDED = 2n ** 127n;

export function adlRank({ pnl, entryValue, markValue, equity }: AdlInput): bigint {
  if (entryValue <= 0n || markValue <= 0n) return 0n;
  if (equity <= 0n) return pnl > 0n ? ADL_RANK_UNBOUNDED : -ADL_RANK_UNBOUNDED;
  if (pnl > 0n) return divRound(pnl * markValue * WAD, entryValue * equity, Rounding.Down);
  return divRound(pnl * equity * WAD, entryValue * markValue, Rounding.Down);
}

/**
 * ADL quantiles 0-4 (Binance adlQuantile) from ranks: positions not in profit get 0; a profitable one
 * gets its percentile among the profitable in quarters, rounded up: 4 for the top quarter (the first
 * deleveraged, always including the highest rank), 1 for the lowest.
 */
export function adlQuantiles(ranks: readonly bigint[]): number[] {
  const profitable = ranks
    .map((rank, i) => ({ rank, i }))
    .filter((r) => r.rank > 0n)
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.i - b.i));
  const out = ranks.map(() => 0);
  profitable.forEach((r, position) => {
    out[r.i] = Math.ceil((4 * (position + 1)) / profitable.length);
  });
  return out;
}
