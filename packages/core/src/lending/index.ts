export { LendingConfigErrorCode, loadLending, mustLoadLending } from './config.ts';
export type {
  EModeParams,
  LendingAssetInfo,
  LendingConfig,
  LendingConfigProblem,
  LendingEModeConfig,
  LendingLoad,
  LendingParams,
  LendingReserveConfig,
  RateModel,
  ReserveParams,
} from './config.ts';
export {
  defaultEthCorrelatedEMode,
  defaultLendingConfig,
  defaultUsdc,
  defaultUsdt,
  defaultWbtc,
  defaultWeth,
  defaultWsteth,
} from './defaults.ts';
export {
  YEAR_MS,
  amountForValue,
  baseValue,
  compoundedInterest,
  debtBalance,
  debtBurnScaled,
  debtMintScaled,
  divBps,
  linearInterest,
  supplyBalance,
  supplyBurnScaled,
  supplyMintScaled,
} from './math.ts';
export { borrowRateAt, compoundedYield, ratesFor, supplyRateFor } from './rates.ts';
export type { ReserveRates } from './rates.ts';
export {
  accrueReserve,
  accruedReserve,
  newReserveState,
  normalizedDebt,
  normalizedIncome,
  refreshRates,
  reserveBalance,
  surplusRay,
} from './reserve.ts';
export type { ReserveBalance, ReserveState } from './reserve.ts';
export {
  borrowedBalance,
  hasLendingDebt,
  knownReserve,
  newLendingAccount,
  newLendingPool,
  positionOf,
  reserveParams,
  reserveState,
  suppliedBalance,
} from './pool.ts';
export type { LendingAccount, LendingPool, LendingPosition, LendingPrices } from './pool.ts';
export { LendingRejectCode, lendingReject } from './codes.ts';
export type { LendingRejection, LendingResult } from './codes.ts';
export {
  HEALTH_FACTOR_LIQUIDATION,
  HEALTH_FACTOR_UNBOUNDED,
  accountDataOf,
  collateralTerms,
  lendingAccountData,
  poolView,
} from './accountData.ts';
export type { CollateralTerms, LendingAccountData, PoolView } from './accountData.ts';
export { lendingSupply, lendingWithdraw } from './supply.ts';
export type { LendingAmount, SupplyOutcome, WithdrawOutcome } from './supply.ts';
export { lendingBorrow, lendingRepay, lendingMaxBorrow } from './borrow.ts';
export type { BorrowOutcome, RepayOutcome } from './borrow.ts';
export { setCollateralUse, setEMode } from './settings.ts';
export type { CollateralOutcome, EModeOutcome } from './settings.ts';
export { coverDeficit, withdrawTreasury } from './treasury.ts';
export type { DeficitCoverOutcome, DeficitSource, TreasuryWithdrawOutcome } from './treasury.ts';
export {
  CLOSE_FACTOR_HF_THRESHOLD,
  DEFAULT_CLOSE_FACTOR,
  liquidationAmounts,
  liquidationCall,
} from './liquidation.ts';
export type {
  DeficitCreated,
  LiquidationAmounts,
  LiquidationInputs,
  LiquidationOutcome,
  LiquidationRequest,
} from './liquidation.ts';
