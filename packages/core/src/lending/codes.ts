/**
 * Refusals of lending operations. A refused operation changes nothing (not even accrual), like the
 * engine's `{ ok: false, code, message }` rejections; codes follow Aave's Errors where one exists.
 */
export const LendingRejectCode = {
  /** Zero, negative, or rounding to nothing scaled (Aave InvalidAmount). */
  InvalidAmount: 'LENDING_INVALID_AMOUNT',
  UnknownReserve: 'LENDING_UNKNOWN_RESERVE',
  UnknownEMode: 'LENDING_UNKNOWN_EMODE',
  /** A reserve the account holds or owes has no oracle price. */
  NoPrice: 'LENDING_NO_PRICE',
  SupplyCap: 'LENDING_SUPPLY_CAP',
  BorrowCap: 'LENDING_BORROW_CAP',
  /** The pool does not hold enough cash for the loan, withdrawal or collateral payout. */
  NoLiquidity: 'LENDING_NO_LIQUIDITY',
  /** More than the account's supply (or the treasury's). */
  NotEnoughBalance: 'LENDING_NOT_ENOUGH_BALANCE',
  BorrowingDisabled: 'LENDING_BORROWING_DISABLED',
  NotBorrowableInEMode: 'LENDING_NOT_BORROWABLE_IN_EMODE',
  /** The account has no collateral with a non-zero LTV to borrow against. */
  NoCollateral: 'LENDING_NO_COLLATERAL',
  /** The debt would exceed collateral x LTV (Aave CollateralCannotCoverNewBorrow). */
  LtvExceeded: 'LENDING_LTV_EXCEEDED',
  /** The health factor would fall below 1. */
  HealthFactorTooLow: 'LENDING_HEALTH_FACTOR_TOO_LOW',
  /** While holding LTV-0 collateral, only that collateral may be withdrawn or disabled first. */
  LtvZeroCollateralFirst: 'LENDING_LTV_ZERO_COLLATERAL_FIRST',
  /** Enabling collateral with no supply of it. */
  NoSupply: 'LENDING_NO_SUPPLY',
  /** The asset cannot back borrows (LTV 0). */
  CollateralNotAllowed: 'LENDING_COLLATERAL_NOT_ALLOWED',
  NoDebt: 'LENDING_NO_DEBT',
  /** Liquidation of an account whose health factor is at least 1. */
  NotLiquidatable: 'LENDING_NOT_LIQUIDATABLE',
  /** Liquidation of collateral the account has not enabled. */
  CollateralNotEnabled: 'LENDING_COLLATERAL_NOT_ENABLED',
  /** The liquidation would leave less than the minimum of debt or collateral without clearing it. */
  MustNotLeaveDust: 'LENDING_MUST_NOT_LEAVE_DUST',
  SelfLiquidation: 'LENDING_SELF_LIQUIDATION',
  NoDeficit: 'LENDING_NO_DEFICIT',
} as const;
export type LendingRejectCode = (typeof LendingRejectCode)[keyof typeof LendingRejectCode];

export interface LendingRejection {
  readonly ok: false;
  readonly code: LendingRejectCode;
  readonly message: string;
}

/** An operation's outcome: its details when accepted, a coded refusal otherwise. */
export type LendingResult<T> = (T & { readonly ok: true }) | LendingRejection;

export function lendingReject(code: LendingRejectCode, message: string): LendingRejection {
  return { ok: false, code, message };
}
