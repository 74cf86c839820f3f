/**
 * Medians of prices. The doubled median is exact (the sum of the middle two for an even count), so
 * callers that compare against the median need not round it first.
 */
import { Rounding, divRound } from '../money/index.ts';

const byValue = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function at(sorted: readonly bigint[], i: number): bigint {
  const v = sorted[i];
  if (v === undefined) throw new RangeError(`median: index ${i} out of range`);
  return v;
}

/** Twice the median, exact; undefined for no values. */
export function medianTimesTwo(values: readonly bigint[]): bigint | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const sorted = [...values].sort(byValue);
  const upper = at(sorted, n >> 1);
  return n % 2 === 1 ? 2n * upper : at(sorted, (n >> 1) - 1) + upper;
}

/**
 * The median; an even count gives the mean of the middle two rounded half-up (ties away from zero,
 * so the rule is the same for negative values such as a basis). Undefined for no values.
 */
export function median(values: readonly bigint[]): bigint | undefined {
  const twice = medianTimesTwo(values);
  return twice === undefined ? undefined : divRound(twice, 2n, Rounding.HalfUp);
}
