import { formatDecimal, pow10 } from '@fulcrum/core';

/**
 * Conversions between exact amounts and the floats charts and strategy decisions use. Money stays
 * bigint; a float is only ever a picture of it (or a decision that is turned back into whole units).
 */

/** USDT on the default venue, and the feed's price decimals. */
export const QUOTE_DECIMALS = 8;

/** A float picture of `units` at `decimals`, kept to `digits` decimals for compact series. */
export function toNumber(units: bigint, decimals = QUOTE_DECIMALS, digits = 2): number {
  const shift = decimals - digits;
  const scaled = shift >= 0 ? units / pow10(shift) : units * pow10(-shift);
  return Number(scaled) / 10 ** digits;
}

/** Exact decimal text of an amount. */
export function toDecimal(units: bigint, decimals = QUOTE_DECIMALS): string {
  return formatDecimal(units, decimals);
}

/** Whole units of a float amount (a decision, e.g. 0.25 x capital), rounded down. */
export function fromNumber(value: number, decimals = QUOTE_DECIMALS): bigint {
  if (!Number.isFinite(value) || value <= 0) return 0n;
  return BigInt(Math.floor(value * 10 ** Math.min(decimals, 8))) * pow10(Math.max(0, decimals - 8));
}

/** `units` x fraction, rounded down, with the fraction taken to 1e-9. */
export function scaleBy(units: bigint, fraction: number): bigint {
  if (!Number.isFinite(fraction) || fraction <= 0) return 0n;
  return (units * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
}
