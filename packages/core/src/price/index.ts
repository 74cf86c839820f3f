export { median, medianTimesTwo } from './median.ts';
export { DEFAULT_MAX_DEVIATION_PPM, indexFromSources } from './indexPrice.ts';
export type { IndexConfig, IndexSource } from './indexPrice.ts';
export {
  DEFAULT_BASIS_WINDOW,
  basisAdjustedIndex,
  basisAverage,
  fundingAdjustedIndex,
  markPrice,
  midBasis,
  newMarkState,
  recordBasis,
} from './mark.ts';
export type { BasisSample, BasisWindow, MarkInput, MarkState } from './mark.ts';
