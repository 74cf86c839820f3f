import { LendingRejectCode } from '../lending/index.ts';
import type { InputErrorCode } from '../market/index.ts';

/**
 * Every reason the engine refuses a command. A refused command changes nothing; the server maps
 * each code to an HTTP status and, on the Binance-compatible API, to Binance's error code.
 */
export const RejectCode = {
  SequenceNotIncreasing: 'ENGINE_SEQUENCE_NOT_INCREASING',
  TimeBackwards: 'ENGINE_TIME_BACKWARDS',
  BadCommand: 'ENGINE_BAD_COMMAND',
  AccountUnknown: 'ACCOUNT_UNKNOWN',
  AssetUnknown: 'ACCOUNT_ASSET_UNKNOWN',
  AmountNotPositive: 'ACCOUNT_AMOUNT_NOT_POSITIVE',
  InsufficientBalance: 'ACCOUNT_INSUFFICIENT_BALANCE',
  MarketUnknown: 'MARKET_UNKNOWN',
  PriceNotInteger: 'BOOK_PRICE_NOT_INTEGER',
  PriceNotPositive: 'BOOK_PRICE_NOT_POSITIVE',
  PriceAboveMax: 'BOOK_PRICE_ABOVE_MAX',
  PriceMissing: 'BOOK_PRICE_MISSING',
  PriceNotAllowed: 'BOOK_PRICE_NOT_ALLOWED',
  QtyNotInteger: 'BOOK_QTY_NOT_INTEGER',
  QtyNotPositive: 'BOOK_QTY_NOT_POSITIVE',
  QtyAboveMax: 'BOOK_QTY_ABOVE_MAX',
  MinNotional: 'BOOK_MIN_NOTIONAL',
  TimeInForceInvalid: 'BOOK_TIME_IN_FORCE_INVALID',
  StpInvalid: 'BOOK_STP_INVALID',
  SideInvalid: 'BOOK_SIDE_INVALID',
  OrderTypeInvalid: 'BOOK_ORDER_TYPE_INVALID',
  ClientIdInvalid: 'BOOK_CLIENT_ID_INVALID',
  DuplicateClientId: 'BOOK_DUPLICATE_CLIENT_ID',
  UnknownOrder: 'BOOK_UNKNOWN_ORDER',
  PostOnlyWouldTrade: 'BOOK_POST_ONLY_WOULD_TRADE',
  FokUnfillable: 'BOOK_FOK_UNFILLABLE',
  NoLiquidity: 'BOOK_NO_LIQUIDITY',
  AmendNoChange: 'BOOK_AMEND_NO_CHANGE',
  AmendBelowExecuted: 'BOOK_AMEND_BELOW_EXECUTED',
  AmendWouldTrade: 'BOOK_AMEND_WOULD_TRADE',
  AmendUnsupported: 'BOOK_AMEND_UNSUPPORTED',
  StopPriceInvalid: 'BOOK_STOP_PRICE_INVALID',
  ClosePositionInvalid: 'RISK_CLOSE_POSITION_INVALID',
  WouldTriggerImmediately: 'RISK_WOULD_TRIGGER_IMMEDIATELY',
  NoMarkPrice: 'RISK_NO_MARK_PRICE',
  PositionSideMismatch: 'RISK_POSITION_SIDE_MISMATCH',
  ReduceOnlyInHedgeMode: 'RISK_REDUCE_ONLY_IN_HEDGE_MODE',
  ReduceOnlyRejected: 'RISK_REDUCE_ONLY_REJECTED',
  MaxPosition: 'RISK_MAX_POSITION',
  InsufficientMargin: 'RISK_INSUFFICIENT_MARGIN',
  LeverageInvalid: 'RISK_LEVERAGE_INVALID',
  OpenPositionOrOrders: 'RISK_OPEN_POSITION_OR_ORDERS',
  NoPosition: 'RISK_NO_POSITION',
  NotIsolated: 'RISK_NOT_ISOLATED',
  MarginTooLow: 'RISK_MARGIN_TOO_LOW',
  PriceInvalid: 'PRICE_INVALID',
  NotPerpetual: 'MARKET_NOT_PERPETUAL',
  MarginDisabled: 'MARGIN_DISABLED',
  MarginAssetUnsupported: 'MARGIN_ASSET_UNSUPPORTED',
  MarginPairUnsupported: 'MARGIN_PAIR_UNSUPPORTED',
  MarginAssetNotInPair: 'MARGIN_ASSET_NOT_IN_PAIR',
  MarginWalletInvalid: 'MARGIN_WALLET_INVALID',
  MarginSideEffectInvalid: 'MARGIN_SIDE_EFFECT_INVALID',
  MarginNoPrice: 'MARGIN_NO_PRICE',
  MarginPoolExhausted: 'MARGIN_POOL_EXHAUSTED',
  MarginBorrowLevel: 'MARGIN_LEVEL_TOO_LOW_TO_BORROW',
  MarginTransferOutLevel: 'MARGIN_LEVEL_TOO_LOW_TO_TRANSFER',
  MarginNothingOwed: 'MARGIN_NOTHING_OWED',
  LendingDisabled: 'LENDING_DISABLED',
  // The lending module's refusals (lending/codes.ts), under the same names.
  LendingInvalidAmount: LendingRejectCode.InvalidAmount,
  LendingUnknownReserve: LendingRejectCode.UnknownReserve,
  LendingUnknownEMode: LendingRejectCode.UnknownEMode,
  LendingNoPrice: LendingRejectCode.NoPrice,
  LendingSupplyCap: LendingRejectCode.SupplyCap,
  LendingBorrowCap: LendingRejectCode.BorrowCap,
  LendingNoLiquidity: LendingRejectCode.NoLiquidity,
  LendingNotEnoughBalance: LendingRejectCode.NotEnoughBalance,
  LendingBorrowingDisabled: LendingRejectCode.BorrowingDisabled,
  LendingNotBorrowableInEMode: LendingRejectCode.NotBorrowableInEMode,
  LendingNoCollateral: LendingRejectCode.NoCollateral,
  LendingLtvExceeded: LendingRejectCode.LtvExceeded,
  LendingHealthFactorTooLow: LendingRejectCode.HealthFactorTooLow,
  LendingLtvZeroCollateralFirst: LendingRejectCode.LtvZeroCollateralFirst,
  LendingNoSupply: LendingRejectCode.NoSupply,
  LendingCollateralNotAllowed: LendingRejectCode.CollateralNotAllowed,
  LendingNoDebt: LendingRejectCode.NoDebt,
  LendingNotLiquidatable: LendingRejectCode.NotLiquidatable,
  LendingCollateralNotEnabled: LendingRejectCode.CollateralNotEnabled,
  LendingMustNotLeaveDust: LendingRejectCode.MustNotLeaveDust,
  LendingSelfLiquidation: LendingRejectCode.SelfLiquidation,
  LendingNoDeficit: LendingRejectCode.NoDeficit,
} as const;
export type EngineRejectCode = (typeof RejectCode)[keyof typeof RejectCode];

/** Codes of the engine and of the decimal conversions at the edge, in one namespace. */
export type RejectionCode = EngineRejectCode | InputErrorCode;

export interface Rejection {
  readonly ok: false;
  readonly code: RejectionCode;
  readonly message: string;
}

export function reject(code: RejectionCode, message: string): Rejection {
  return { ok: false, code, message };
}
