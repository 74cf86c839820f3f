/**
 * Funding rate (Binance USDⓈ-M, research/perps.md 2.1):
 *   avgP = sum(i x P_i) / sum(i), i = 1..n over the premium samples of the current interval
 *   F8   = avgP + clamp(I - avgP, -clamp, +clamp)             (an 8-hour rate)
 *   F    = clamp(F8 x intervalHours / 8, floor, cap), rounded half-up to 1e-8.
 *
 * Rates are WAD-scaled bigints (0.01% = 100_000_000_000_000n); times are ms since the Unix epoch.
 * Binance samples the premium every 5 s; when to sample is the caller's choice.
 */
import { Rounding, divRound } from '../money/index.ts';

/** I: 0.01% per 8 hours. */
export const DEFAULT_INTEREST_RATE = 100_000_000_000_000n;
/** Bound on I - avgP: 0.05%. */
export const DEFAULT_PREMIUM_CLAMP = 500_000_000_000_000n;
/** Published rates have 8 decimals: a WAD rate is a multiple of 1e10. */
export const FUNDING_RATE_STEP = 10_000_000_000n;
/** The formula's own interval; other intervals scale by intervalHours / 8. */
export const BASE_INTERVAL_HOURS = 8;

/**
 * Premium samples of the current interval, O(1) in size: the weight of sample i is i, so the sum of
 * weights is count x (count + 1) / 2 and need not be stored.
 */
export interface FundingState {
  /** Samples recorded since the last reset. */
  count: number;
  /** sum over samples of i x P_i (WAD). */
  weightedSum: bigint;
}

export function newFundingState(): FundingState {
  return { count: 0, weightedSum: 0n };
}

/** Adds the next premium sample (WAD); it weighs one more than the one before. */
export function recordPremium(state: FundingState, premium: bigint): void {
  state.count += 1;
  state.weightedSum += BigInt(state.count) * premium;
}

/** Clears the samples: call after each funding time. */
export function resetFundingState(state: FundingState): void {
  state.count = 0;
  state.weightedSum = 0n;
}

/**
 * sum(i x P_i) / sum(i), rounded half-up (ties away from zero). 0n with no sample: no evidence of a
 * premium, so funding is then the interest rate (state.count tells the two cases apart).
 */
export function averagePremium(state: FundingState): bigint {
  if (state.count === 0) return 0n;
  const n = BigInt(state.count);
  return divRound(state.weightedSum, (n * (n + 1n)) / 2n, Rounding.HalfUp);
}

export interface FundingRateInput {
  /** `averagePremium(...)` (WAD). */
  readonly avgPremium: bigint;
  /** I per 8 hours (WAD); default 0.01%. */
  readonly interestRate?: bigint;
  /** Bound on |I - avgP| (WAD, >= 0); default 0.05%. */
  readonly clamp?: bigint;
  /** Funding interval in whole hours (8 for 00:00/08:00/16:00 UTC, 1 for hourly). */
  readonly intervalHours: number;
  /** Largest rate per interval (WAD, >= 0), applied after the interval scaling; Binance: k x MMR. */
  readonly capRate: bigint;
  /** Smallest rate per interval (WAD); default -capRate. */
  readonly floorRate?: bigint;
}

const clampTo = (x: bigint, lo: bigint, hi: bigint): bigint => (x < lo ? lo : x > hi ? hi : x);

/**
 * The funding rate for one interval (WAD, a multiple of FUNDING_RATE_STEP). The exact value is
 * rounded half-up to 1e-8 once, then bounded by the cap and floor taken toward zero onto the 1e-8
 * grid, so the result never exceeds a cap that is off the grid. Rounding before bounding gives the
 * same result as bounding first whenever the bounds are on the grid, since rounding is monotone.
 */
export function fundingRate(input: FundingRateInput): bigint {
  const interest = input.interestRate ?? DEFAULT_INTEREST_RATE;
  const clamp = input.clamp ?? DEFAULT_PREMIUM_CLAMP;
  const cap = input.capRate;
  const floor = input.floorRate ?? -cap;
  const hours = input.intervalHours;
  if (!Number.isSafeInteger(hours) || hours <= 0)
    throw new RangeError(`fundingRate: intervalHours must be a positive integer, got ${hours}`);
  if (clamp < 0n) throw new RangeError(`fundingRate: clamp must be >= 0, got ${clamp}`);
  if (cap < 0n) throw new RangeError(`fundingRate: capRate must be >= 0, got ${cap}`);

  const avg = input.avgPremium;
  const rate8h = avg + clampTo(interest - avg, -clamp, clamp);
  const steps = divRound(
    rate8h * BigInt(hours),
    BigInt(BASE_INTERVAL_HOURS) * FUNDING_RATE_STEP,
    Rounding.HalfUp,
  );
  const hi = divRound(cap, FUNDING_RATE_STEP, Rounding.Down);
  const lo = divRound(floor, FUNDING_RATE_STEP, Rounding.Up);
  if (lo > hi) throw new RangeError(`fundingRate: floor ${floor} is above cap ${cap} on the 1e-8 grid`);
  return clampTo(steps, lo, hi) * FUNDING_RATE_STEP;
}

function assertInterval(intervalMs: number): void {
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0)
    throw new RangeError(`funding interval must be a positive integer of ms, got ${intervalMs}`);
}

function assertTime(time: number, what: string): void {
  if (!Number.isSafeInteger(time)) throw new RangeError(`${what} must be an integer of ms, got ${time}`);
}

// The last multiple of the interval at or before t; % keeps it exact where t / interval would round.
function floorToInterval(t: number, intervalMs: number): number {
  const r = t % intervalMs;
  return r < 0 ? t - r - intervalMs : t - r;
}

/**
 * The first funding time strictly after `now`: the next multiple of the interval since the Unix
 * epoch (00:00/08:00/16:00 UTC for 8 h). At a funding time itself the answer is the following one,
 * since the funding at `now` is due now.
 */
export function nextFundingTime(now: number, intervalMs: number): number {
  assertInterval(intervalMs);
  assertTime(now, 'nextFundingTime: now');
  return floorToInterval(now, intervalMs) + intervalMs;
}

/**
 * How many funding times t satisfy from < t <= to (0 when to <= from). The half-open range lets
 * consecutive calls (a, b], (b, c] count each funding time exactly once.
 */
export function fundingTimesBetween(from: number, to: number, intervalMs: number): number {
  assertInterval(intervalMs);
  assertTime(from, 'fundingTimesBetween: from');
  assertTime(to, 'fundingTimesBetween: to');
  if (to <= from) return 0;
  return (floorToInterval(to, intervalMs) - floorToInterval(from, intervalMs)) / intervalMs;
}
