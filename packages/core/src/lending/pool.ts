/**
 * The pool's state (reserves, by the config's reserve index) and accounts' positions in it. Positions
 * hold scaled balances only; what they are worth follows from the reserve's indexes.
 */
import type { LendingAccount, LendingPosition } from '../account/index.ts';
import { LendingRejectCode, lendingReject } from './codes.ts';
import type { LendingRejection } from './codes.ts';
import type { LendingParams, ReserveParams } from './config.ts';
import { debtBalance, supplyBalance } from './math.ts';
import { newReserveState, normalizedDebt, normalizedIncome } from './reserve.ts';
import type { ReserveState } from './reserve.ts';

export interface LendingPool {
  readonly params: LendingParams;
  /** By reserve index. */
  readonly reserves: ReserveState[];
}

/** Positions are held by venue accounts, so their shape is the account module's. */
export type { LendingAccount, LendingPosition };

/**
 * Oracle prices by reserve index: base-currency units (10^-baseCurrencyDecimals) per whole token, as
 * Aave's oracle (USD, 8 decimals). 0n or missing: no price.
 */
export type LendingPrices = readonly bigint[];

export function newLendingPool(params: LendingParams, now: number): LendingPool {
  return { params, reserves: params.reserves.map((r) => newReserveState(r, now)) };
}

export function newLendingAccount(reserveCount: number): LendingAccount {
  const positions: LendingPosition[] = [];
  for (let i = 0; i < reserveCount; i++)
    positions.push({ scaledSupply: 0n, scaledDebt: 0n, collateral: false });
  return { eMode: 0, positions };
}

/** `index` names one of the pool's reserves. */
export function knownReserve(pool: LendingPool, index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < pool.params.reserves.length;
}

/** The refusal every operation on a reserve starts with: an unknown reserve, or an amount not above zero. */
export function badReserveOrAmount(
  pool: LendingPool,
  index: number,
  amount: bigint | 'max',
): LendingRejection | undefined {
  if (!knownReserve(pool, index))
    return lendingReject(LendingRejectCode.UnknownReserve, `no reserve ${index}`);
  if (amount !== 'max' && amount <= 0n)
    return lendingReject(LendingRejectCode.InvalidAmount, 'amount must be above zero');
  return undefined;
}

/** The account owes something to some reserve. */
export function hasLendingDebt(account: LendingAccount): boolean {
  return account.positions.some((p) => p.scaledDebt !== 0n);
}

export function reserveParams(pool: LendingPool, index: number): ReserveParams | undefined {
  return pool.params.reserves[index];
}

/** The reserve's state; a missing one is a broken invariant (pool and config out of step). */
export function reserveState(pool: LendingPool, index: number): ReserveState {
  const state = pool.reserves[index];
  if (!state) throw new RangeError(`lending: no state for reserve ${index}`);
  return state;
}

export function positionOf(account: LendingAccount, index: number): LendingPosition {
  const position = account.positions[index];
  if (!position) throw new RangeError(`lending: account has no position for reserve ${index}`);
  return position;
}

/** What an account has supplied to a reserve, with interest, as of `now` (rounded down). */
export function suppliedBalance(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  now: number,
): bigint {
  return supplyBalance(
    positionOf(account, index).scaledSupply,
    normalizedIncome(reserveState(pool, index), now),
  );
}

/** What an account owes a reserve, with interest, as of `now` (rounded up). */
export function borrowedBalance(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  now: number,
): bigint {
  return debtBalance(positionOf(account, index).scaledDebt, normalizedDebt(reserveState(pool, index), now));
}
