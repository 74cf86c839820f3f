/**
 * Index price from several spot sources (Binance USDⓈ-M rule, research/perps.md 1.1): the weighted
 * mean of the sources, where a source more than `maxDeviationPpm` from the median of all sources gets
 * weight 0; when more than one source deviates, the median of all sources is the index instead.
 *
 * Prices are quote units per one whole base. The median counts every source, whatever its weight.
 */
import { PPM, Rounding, divRound } from '../money/index.ts';
import { median, medianTimesTwo } from './median.ts';

export interface IndexSource {
  /** Quote units per one whole base; must be above zero. */
  readonly price: bigint;
  /** Relative weight, >= 0; only ratios matter. */
  readonly weight: bigint;
}

export interface IndexConfig {
  /** Largest distance from the median a source may have and keep its weight, in ppm (5% = 50_000n). */
  readonly maxDeviationPpm?: bigint;
}

export const DEFAULT_MAX_DEVIATION_PPM = 50_000n;

/**
 * The index price, or undefined when there is no source. The weighted mean is rounded half-up. When
 * the kept sources weigh 0 in total, the median of all sources is used (nothing else is defined).
 * A source exactly `maxDeviationPpm` away keeps its weight: only "more than" deviates.
 */
export function indexFromSources(
  sources: readonly IndexSource[],
  config: IndexConfig = {},
): bigint | undefined {
  const maxDeviationPpm = config.maxDeviationPpm ?? DEFAULT_MAX_DEVIATION_PPM;
  if (maxDeviationPpm < 0n) throw new RangeError('indexFromSources: maxDeviationPpm must be >= 0');
  for (const s of sources) {
    if (s.price <= 0n) throw new RangeError(`indexFromSources: price must be above zero, got ${s.price}`);
    if (s.weight < 0n) throw new RangeError(`indexFromSources: weight must be >= 0, got ${s.weight}`);
  }
  const prices = sources.map((s) => s.price);
  const twiceMedian = medianTimesTwo(prices);
  if (twiceMedian === undefined) return undefined;

  // |p - m| / m > dev / PPM, multiplied through by 2 x m x PPM so the unrounded median decides.
  const deviates = (p: bigint): boolean => {
    const gap = 2n * p - twiceMedian;
    return (gap < 0n ? -gap : gap) * PPM > maxDeviationPpm * twiceMedian;
  };

  let deviating = 0;
  let weighted = 0n;
  let totalWeight = 0n;
  for (const s of sources) {
    if (deviates(s.price)) {
      deviating++;
    } else {
      weighted += s.price * s.weight;
      totalWeight += s.weight;
    }
  }
  if (deviating > 1 || totalWeight === 0n) return median(prices);
  return divRound(weighted, totalWeight, Rounding.HalfUp);
}
