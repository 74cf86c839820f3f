export { apply } from './apply.ts';
export type { Applied, ResultByType } from './apply.ts';
export { RejectCode, reject } from './codes.ts';
export type { EngineRejectCode, Rejection, RejectionCode } from './codes.ts';
export type * from './commands.ts';
export type * from './events.ts';
export type { AmendResult, CancelResult, OrderResult, OrderStatus } from './orders.ts';
export type { Accepted, Outcome } from './result.ts';
export {
  SNAPSHOT_VERSION,
  decodeSnapshot,
  encodeSnapshot,
  fromJson,
  stateHash,
  toJson,
  toSnapshot,
} from './snapshot.ts';
export type { Snapshot } from './snapshot.ts';
export { accountById, createState } from './state.ts';
export type { BookFactory, EngineState } from './state.ts';
export type { AccountResult, BalanceResult } from './wallets.ts';
export { accountRisk, positionRisk } from './perpRisk.ts';
export type { AccountRisk, PositionRisk } from './perpRisk.ts';
export { crossSummary } from './perpMargin.ts';
export type { CrossSummary } from './perpMargin.ts';
export type { MarkResult } from './perpCommands.ts';
export { PREMIUM_SAMPLE_MS } from './perpState.ts';
export type { FundingRecord, PerpMarketState, PerpOrderMeta } from './perpState.ts';
export { invariantViolations } from './invariants.ts';
export type { ConditionalOrder } from './perpTriggers.ts';
export type { TriggerKey } from './perpState.ts';
export { marginAccountView, marginPoolView } from './marginView.ts';
export type { MarginAccountView, MarginAssetView, MarginPoolView } from './marginView.ts';
export type { BorrowResult, RepayResult } from './marginCommands.ts';
export type { MarginFundReason, MarginFundRecord, MarginOrderMeta, MarginPool } from './marginState.ts';
export {
  lendingAccountView,
  lendingEModesView,
  lendingHealthFactor,
  lendingReservesView,
} from './lendingView.ts';
export type {
  LendingAccountView,
  LendingEModeView,
  LendingPositionView,
  LendingReserveView,
} from './lendingView.ts';
export { previewLiquidation } from './lendingLiquidation.ts';
export type { LendingLiquidationResult } from './lendingLiquidation.ts';
export type { LendingMoved, LendingRepayResult } from './lendingCommands.ts';
