/**
 * Lending-pool arithmetic on top of money/fixed.ts: interest factors, scaled-balance conversions
 * (Aave v3.5+ TokenMath) and base-currency values. Every rounding is named and leans toward the pool:
 * suppliers and liquidators receive floors, borrowers and liquidators owe ceilings.
 */
import { BPS, RAY, Rounding, mulDiv, rayDiv, rayMul } from '../money/index.ts';

/** Aave's year (MathUtils.SECONDS_PER_YEAR, 365 days), in ms: times are the engine's command times. */
export const YEAR_MS = 365 * 24 * 3600 * 1000;
const YEAR_MS_BIG = BigInt(YEAR_MS);

function elapsed(elapsedMs: number): bigint {
  if (!Number.isSafeInteger(elapsedMs) || elapsedMs < 0) {
    throw new RangeError(`lending: elapsed time must be a non-negative integer of ms, got ${elapsedMs}`);
  }
  return BigInt(elapsedMs);
}

/**
 * Supply side: 1 + rate x t (MathUtils.calculateLinearInterest), ray. The product is floored, as in
 * Aave, so suppliers never earn more than the rate says.
 */
export function linearInterest(rate: bigint, elapsedMs: number): bigint {
  return RAY + mulDiv(rate, elapsed(elapsedMs), YEAR_MS_BIG, Rounding.Down);
}

/**
 * Debt side: 1 + x + x^2/2 + x^3/6 with x = rate x t (Aave v3.4+ MathUtils.calculateCompoundedInterest,
 * three Taylor terms of e^x, slightly under e^x). x is rounded up where Aave floors it, so debt always
 * grows at least as fast as the linear supply side fed from it (at most 1e-27 above Aave); the higher
 * terms keep Aave's roundings, they only add to what borrowers owe.
 */
export function compoundedInterest(rate: bigint, elapsedMs: number): bigint {
  const dt = elapsed(elapsedMs);
  if (dt === 0n) return RAY;
  const x = mulDiv(rate, dt, YEAR_MS_BIG, Rounding.Up);
  return RAY + x + rayMul(x, x / 2n + rayMul(x, x / 6n, Rounding.HalfUp), Rounding.HalfUp);
}

// Scaled balances (TokenMath, v3.5+): a balance is scaled x index; each conversion rounds against the user.

/** Scaled supply minted for `amount` supplied: floor. */
export function supplyMintScaled(amount: bigint, liquidityIndex: bigint): bigint {
  return rayDiv(amount, liquidityIndex, Rounding.Down);
}

/** Scaled supply burned (or moved) for `amount` withdrawn or seized: ceil. */
export function supplyBurnScaled(amount: bigint, liquidityIndex: bigint): bigint {
  return rayDiv(amount, liquidityIndex, Rounding.Up);
}

/** Underlying worth of a scaled supply: floor. */
export function supplyBalance(scaled: bigint, liquidityIndex: bigint): bigint {
  return rayMul(scaled, liquidityIndex, Rounding.Down);
}

/** Scaled debt minted for `amount` borrowed: ceil. */
export function debtMintScaled(amount: bigint, borrowIndex: bigint): bigint {
  return rayDiv(amount, borrowIndex, Rounding.Up);
}

/** Scaled debt burned for `amount` repaid: floor. */
export function debtBurnScaled(amount: bigint, borrowIndex: bigint): bigint {
  return rayDiv(amount, borrowIndex, Rounding.Down);
}

/** Underlying owed for a scaled debt: ceil. */
export function debtBalance(scaled: bigint, borrowIndex: bigint): bigint {
  return rayMul(scaled, borrowIndex, Rounding.Up);
}

/** value x 10_000 / bps (PercentageMath.percentDiv with a named rounding). */
export function divBps(value: bigint, bps: bigint, rounding: Rounding): bigint {
  return mulDiv(value, BPS, bps, rounding);
}

/** `amount` smallest units at `price` base units per whole token (`unit` = 10^decimals), in base units. */
export function baseValue(amount: bigint, price: bigint, unit: bigint, rounding: Rounding): bigint {
  return mulDiv(amount, price, unit, rounding);
}

/** The amount of a token worth `value` base units at `price`. */
export function amountForValue(value: bigint, price: bigint, unit: bigint, rounding: Rounding): bigint {
  return mulDiv(value, unit, price, rounding);
}
