export { Rounding } from './rounding.ts';
export { divRound, mulDiv } from './mulDiv.ts';
export {
  MAX_DECIMAL_DIGITS,
  MAX_DECIMALS,
  MoneyErrorCode,
  formatDecimal,
  mustParseDecimal,
  parseDecimal,
  parseUnsignedDecimal,
  pow10,
  scaleOf,
} from './decimal.ts';
export type { DecimalParse } from './decimal.ts';
export {
  BPS,
  HALF_RAY,
  HALF_WAD,
  PPM,
  RAY,
  WAD,
  WAD_RAY_RATIO,
  applyBps,
  applyPpm,
  rayDiv,
  rayMul,
  rayToWad,
  wadDiv,
  wadMul,
  wadToRay,
} from './fixed.ts';
