/**
 * Mark price (Binance USDⓈ-M, research/perps.md 1.1): mark = median(P1, P2, last) with
 *   P1 = index x (1 + lastFundingRate x timeToFunding / interval)
 *   P2 = index + MA(basis), basis = book mid - index.
 *
 * Basis samples live in `MarkState`, plain data the caller stores and snapshots. Time is cut into
 * buckets of `sampleMs` (default 1 s): a sample recorded in the same bucket as the previous one
 * replaces it (the latest book state of that second wins), so the state holds at most one sample per
 * bucket. Samples older than `windowMs` (default 30 s) are pruned on each record, so the state never
 * holds more than windowMs / sampleMs + 1 samples. The average is the plain mean of the samples
 * inside the window: with at least one call per second it is Binance's 30-point, 30-second MA;
 * with sparser calls it is the mean of the points that exist.
 *
 * A book with no bid or no ask yields no sample (`midBasis` returns undefined and the caller skips
 * `recordBasis`); when the window holds no sample, P2 falls back to the index.
 *
 * Prices are quote units per one whole base; rates are WAD-scaled; times are ms numbers.
 */
import { Rounding, WAD, divRound, mulDiv } from '../money/index.ts';
import { median } from './median.ts';

export interface BasisSample {
  /** Time the sample was taken (ms). */
  readonly time: number;
  /** Book mid - index, quote units (signed). */
  readonly basis: bigint;
}

export interface MarkState {
  /** Samples in time order, one per bucket at most, none older than the window. */
  samples: BasisSample[];
}

export interface BasisWindow {
  /** Length of the moving-average window (ms). */
  readonly windowMs: number;
  /** Bucket length: one sample per bucket is kept (ms). */
  readonly sampleMs: number;
}

export const DEFAULT_BASIS_WINDOW: BasisWindow = { windowMs: 30_000, sampleMs: 1_000 };

function assertWindow(w: BasisWindow): void {
  if (!Number.isSafeInteger(w.windowMs) || w.windowMs <= 0)
    throw new RangeError(`basis window must be a positive integer of ms, got ${w.windowMs}`);
  if (!Number.isSafeInteger(w.sampleMs) || w.sampleMs <= 0)
    throw new RangeError(`basis sample period must be a positive integer of ms, got ${w.sampleMs}`);
}

function assertTime(time: number, what: string): void {
  if (!Number.isSafeInteger(time)) throw new RangeError(`${what} must be an integer of ms, got ${time}`);
}

// Floor division so negative times (before the epoch) still fall in consistent buckets.
const bucketOf = (time: number, sampleMs: number): number => Math.floor(time / sampleMs);

export function newMarkState(): MarkState {
  return { samples: [] };
}

/**
 * book mid - index, rounded half-up (the mid may fall on half a quote unit); undefined when either
 * side of the book is empty, so a one-sided book leaves no sample.
 */
export function midBasis(
  bestBid: bigint | undefined,
  bestAsk: bigint | undefined,
  index: bigint,
): bigint | undefined {
  if (bestBid === undefined || bestAsk === undefined) return undefined;
  return divRound(bestBid + bestAsk - 2n * index, 2n, Rounding.HalfUp);
}

/**
 * Records a basis sample at `time` and prunes samples that left the window. Times never go back:
 * an earlier time than the last sample is a broken invariant (RangeError).
 */
export function recordBasis(
  state: MarkState,
  time: number,
  basis: bigint,
  window: BasisWindow = DEFAULT_BASIS_WINDOW,
): void {
  assertWindow(window);
  assertTime(time, 'recordBasis: time');
  const samples = state.samples;
  const last = samples[samples.length - 1];
  if (last !== undefined && time < last.time)
    throw new RangeError(`recordBasis: time ${time} is before the last sample at ${last.time}`);

  const sample: BasisSample = { time, basis };
  if (last !== undefined && bucketOf(last.time, window.sampleMs) === bucketOf(time, window.sampleMs)) {
    samples[samples.length - 1] = sample;
  } else {
    samples.push(sample);
  }

  // The sample just stored is inside the window, so keepFrom is never -1.
  const keepFrom = samples.findIndex((s) => s.time > time - window.windowMs);
  if (keepFrom > 0) samples.splice(0, keepFrom);
}

/**
 * Mean basis of the samples with now - windowMs < time <= now, rounded half-up (ties away from
 * zero, symmetric for a negative basis); undefined when the window holds none. Changes nothing.
 */
export function basisAverage(
  state: MarkState,
  now: number,
  window: BasisWindow = DEFAULT_BASIS_WINDOW,
): bigint | undefined {
  assertWindow(window);
  assertTime(now, 'basisAverage: now');
  let sum = 0n;
  let count = 0n;
  for (const s of state.samples) {
    if (s.time > now - window.windowMs && s.time <= now) {
      sum += s.basis;
      count++;
    }
  }
  return count === 0n ? undefined : divRound(sum, count, Rounding.HalfUp);
}

/** P1 = index x (1 + lastFundingRate x timeToFunding / interval), one half-up rounding. */
export function fundingAdjustedIndex(
  index: bigint,
  lastFundingRate: bigint,
  timeToFundingMs: number,
  intervalMs: number,
): bigint {
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0)
    throw new RangeError(`funding interval must be a positive integer of ms, got ${intervalMs}`);
  if (!Number.isSafeInteger(timeToFundingMs) || timeToFundingMs < 0)
    throw new RangeError(`time to funding must be a non-negative integer of ms, got ${timeToFundingMs}`);
  const premium = mulDiv(
    index,
    lastFundingRate * BigInt(timeToFundingMs),
    WAD * BigInt(intervalMs),
    Rounding.HalfUp,
  );
  return index + premium;
}

/** P2 = index + MA(basis); the index alone when there is no basis sample. */
export function basisAdjustedIndex(index: bigint, basisAverage: bigint | undefined): bigint {
  return basisAverage === undefined ? index : index + basisAverage;
}

export interface MarkInput {
  /** Index price, quote units per whole base. */
  readonly index: bigint;
  /** The funding rate applied at the last funding time (WAD). */
  readonly lastFundingRate: bigint;
  /** ms from now to the next funding time. */
  readonly timeToFundingMs: number;
  /** Funding interval (ms). */
  readonly intervalMs: number;
  /** `basisAverage(...)`; undefined when there is none (P2 = index). */
  readonly basisAverage?: bigint | undefined;
  /** Last trade price; undefined before the first trade. */
  readonly last?: bigint | undefined;
}

/**
 * median(P1, P2, last). Without a last price the mark is the median of P1 and P2, i.e. their mean
 * rounded half-up: the median of what exists, so neither input alone can set the mark.
 */
export function markPrice(input: MarkInput): bigint {
  const p1 = fundingAdjustedIndex(
    input.index,
    input.lastFundingRate,
    input.timeToFundingMs,
    input.intervalMs,
  );
  const p2 = basisAdjustedIndex(input.index, input.basisAverage);
  const inputs = input.last === undefined ? [p1, p2] : [p1, p2, input.last];
  const mark = median(inputs);
  if (mark === undefined) throw new RangeError('markPrice: no inputs');
  return mark;
}
