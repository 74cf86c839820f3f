export {
  HOUR_MS,
  INTEREST_DIVISOR,
  accrue,
  interestOwed,
  nextHourStart,
  owedAt,
  rawAfterBorrow,
  rawAfterPayment,
  splitRepayment,
} from './interest.ts';
export type { Accrual } from './interest.ts';
export {
  MARGIN_LEVEL_UNBOUNDED_PPM,
  exactValue,
  levelAbove,
  levelAtLeast,
  levelState,
  marginLevelPpm,
  marginTotals,
  maxBorrowable,
  valueUnits,
} from './level.ts';
export type { MarginChange, MarginLevels, MarginTotals, Pricing } from './level.ts';
