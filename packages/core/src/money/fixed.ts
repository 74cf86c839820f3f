/**
 * Fixed-point helpers: WAD (18 decimals) and RAY (27 decimals) as in Aave's WadRayMath, plus basis
 * points and parts per million for rates and fees. Products and quotients are rounded once, on the
 * exact value. Ray/wad defaults are half-up to match WadRayMath for non-negative inputs; fee helpers
 * take the rounding explicitly so each call site chooses the venue-safe direction.
 */
import { divRound, mulDiv } from './mulDiv.ts';
import { Rounding } from './rounding.ts';

export const WAD = 10n ** 18n;
export const RAY = 10n ** 27n;
export const HALF_WAD = WAD / 2n;
export const HALF_RAY = RAY / 2n;
export const WAD_RAY_RATIO = 10n ** 9n;
export const BPS = 10_000n;
export const PPM = 1_000_000n;

/** a * b / WAD. */
export function wadMul(a: bigint, b: bigint, rounding: Rounding = Rounding.HalfUp): bigint {
  return mulDiv(a, b, WAD, rounding);
}

/** a * WAD / b; RangeError when b is 0n. */
export function wadDiv(a: bigint, b: bigint, rounding: Rounding = Rounding.HalfUp): bigint {
  return mulDiv(a, WAD, b, rounding);
}

/** a * b / RAY. */
export function rayMul(a: bigint, b: bigint, rounding: Rounding = Rounding.HalfUp): bigint {
  return mulDiv(a, b, RAY, rounding);
}

/** a * RAY / b; RangeError when b is 0n. */
export function rayDiv(a: bigint, b: bigint, rounding: Rounding = Rounding.HalfUp): bigint {
  return mulDiv(a, RAY, b, rounding);
}

/** Exact: a wad widened to a ray. */
export function wadToRay(a: bigint): bigint {
  return a * WAD_RAY_RATIO;
}

/** A ray narrowed to a wad, half-up by default like WadRayMath. */
export function rayToWad(a: bigint, rounding: Rounding = Rounding.HalfUp): bigint {
  return divRound(a, WAD_RAY_RATIO, rounding);
}

/** amount * bps / 10_000 (1 bps = 0.01%). */
export function applyBps(amount: bigint, bps: bigint, rounding: Rounding): bigint {
  return mulDiv(amount, bps, BPS, rounding);
}

/** amount * ppm / 1_000_000 (0.02% = 200 ppm). */
export function applyPpm(amount: bigint, ppm: bigint, rounding: Rounding): bigint {
  return mulDiv(amount, ppm, PPM, rounding);
}
