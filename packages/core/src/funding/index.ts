export { impactPrice, premiumIndex } from './premium.ts';
export type { PremiumInput } from './premium.ts';
export {
  BASE_INTERVAL_HOURS,
  DEFAULT_INTEREST_RATE,
  DEFAULT_PREMIUM_CLAMP,
  FUNDING_RATE_STEP,
  averagePremium,
  fundingRate,
  fundingTimesBetween,
  newFundingState,
  nextFundingTime,
  recordPremium,
  resetFundingState,
} from './rate.ts';
export type { FundingRateInput, FundingState } from './rate.ts';
export { advanceCumulativeFunding, cumulativeFundingDelta, paymentFor } from './settlement.ts';
export type { SignedSide } from './settlement.ts';
