/**
 * An account's positions in the lending pool: scaled balances per reserve (what they are worth
 * follows from the reserve's indexes, see lending/), collateral flags and the e-mode category. The
 * shape lives here so an account can hold it; the lending module does the arithmetic.
 */

/** One account's stake in one reserve. */
export interface LendingPosition {
  scaledSupply: bigint;
  scaledDebt: bigint;
  /** The supply counts as collateral (set on the first supply when the asset can back borrows). */
  collateral: boolean;
}

export interface LendingAccount {
  /** E-mode category, 0 for none. */
  eMode: number;
  /** By reserve index. */
  readonly positions: LendingPosition[];
}
