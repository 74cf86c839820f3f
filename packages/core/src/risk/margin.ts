/**
 * Margin math of linear (USDT-margined) perpetuals, Binance USDⓈ-M family (research/perps.md 3.1).
 *
 * Units: quote amounts (notional, margin, PnL, cum, wallet) are bigint smallest units of the margin
 * asset; qty is bigint base units; prices are quote units per ONE whole base; rates are ppm.
 * notional = qty x price / 10^baseDecimals.
 *
 * Rounding, always in the venue's favour:
 * - notionalOf: the caller names it; margin requirements use Up.
 * - maintenanceMargin, initialMargin: Up (a requirement).
 * - unrealizedPnl: Down on the number line (a credit): a long's mark value rounds down, a short's up.
 * - marginRatioPpm: Up (the ratio reaches 100% no later than the exact ratio does).
 */
import type { Bracket } from '../market/brackets.ts';
import { PPM, Rounding, divRound, mulDiv, pow10 } from '../money/index.ts';

/**
 * marginRatioPpm's answer when the margin balance is zero or negative (the ratio is unbounded, the
 * group is liquidatable). Finite ratios saturate here too, so `>= PPM` is the liquidation test.
 * It is Int64's maximum so it survives any 64-bit column.
 */
export const MARGIN_RATIO_UNBOUNDED_PPM = 2n ** 63n - 1n;

/**
 * The bracket whose band holds this notional: floor <= notional < cap. undefined outside the table:
 * a negative notional, or one at or above the last cap (the venue must not let a position get there).
 */
export function bracketFor(brackets: readonly Bracket[], notional: bigint): Bracket | undefined {
  if (notional < 0n) return undefined;
  // First bracket whose cap lies above the notional; caps ascend in a loaded table.
  let lo = 0;
  let hi = brackets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const b = brackets[mid];
    if (b !== undefined && b.cap <= notional) lo = mid + 1;
    else hi = mid;
  }
  const found = brackets[lo];
  return found !== undefined && found.floor <= notional ? found : undefined;
}

/** Largest leverage allowed at this notional (its bracket's), undefined outside the table. */
export function maxLeverageFor(brackets: readonly Bracket[], notional: bigint): number | undefined {
  return bracketFor(brackets, notional)?.maxLeverage;
}

/**
 * Maintenance margin of a position of this notional: notional x MMR - cum, rounded Up, never below 0.
 * Pass the notional's own bracket (bracketFor); as cum makes MM continuous, a notional exactly on a
 * boundary gets the same MM from either neighbour.
 */
export function maintenanceMargin(notional: bigint, bracket: Bracket): bigint {
  if (notional < 0n) throw new RangeError(`maintenanceMargin: notional must be >= 0, got ${notional}`);
  // cum is whole units, so ceil(x) - cum = ceil(x - cum).
  const mm = mulDiv(notional, bracket.mmrPpm, PPM, Rounding.Up) - bracket.cum;
  return mm > 0n ? mm : 0n;
}

/** Initial margin: notional / leverage rounded Up. leverage is an integer >= 1. */
export function initialMargin(notional: bigint, leverage: number): bigint {
  if (!Number.isSafeInteger(leverage) || leverage < 1) {
    throw new RangeError(`initialMargin: leverage must be an integer >= 1, got ${leverage}`);
  }
  return divRound(notional, BigInt(leverage), Rounding.Up);
}

/** qty x price / 10^baseDecimals in quote units, rounded as named (Up for margin requirements). */
export function notionalOf(qty: bigint, price: bigint, baseDecimals: number, rounding: Rounding): bigint {
  return mulDiv(qty, price, pow10(baseDecimals), rounding);
}

/**
 * Unrealized PnL in quote units: side x (qty x markPrice / 10^baseDecimals - basis), where basis is
 * the position's entry value (qty x entry price, kept exactly by the engine) and qty >= 0. Rounded
 * Down on the number line: a long's mark value is floored, a short's ceiled, so a gain never shows
 * more than is there and a loss never less.
 */
export function unrealizedPnl(
  side: 1 | -1,
  qty: bigint,
  basis: bigint,
  markPrice: bigint,
  baseDecimals: number,
): bigint {
  if (qty < 0n) throw new RangeError(`unrealizedPnl: qty must be >= 0, got ${qty}`);
  const scale = pow10(baseDecimals);
  return divRound(BigInt(side) * (qty * markPrice - basis * scale), scale, Rounding.Down);
}

/**
 * Margin ratio ΣMM / margin balance in ppm (1_000_000n = 100%), rounded Up; liquidation at >= 100%.
 * marginBalance = wallet + ΣuPnL of the group. A balance <= 0 returns MARGIN_RATIO_UNBOUNDED_PPM (the
 * ratio is infinite or negative: nothing is left to cover MM), as do ratios that would exceed it.
 */
export function marginRatioPpm(totalMaintenance: bigint, marginBalance: bigint): bigint {
  if (totalMaintenance < 0n) {
    throw new RangeError(`marginRatioPpm: maintenance must be >= 0, got ${totalMaintenance}`);
  }
  if (marginBalance <= 0n) return MARGIN_RATIO_UNBOUNDED_PPM;
  const ratio = mulDiv(totalMaintenance, PPM, marginBalance, Rounding.Up);
  return ratio < MARGIN_RATIO_UNBOUNDED_PPM ? ratio : MARGIN_RATIO_UNBOUNDED_PPM;
}
