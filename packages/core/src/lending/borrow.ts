/**
 * Borrowing and repaying (Aave BorrowLogic). Debt is minted rounded up and burned rounded down; a
 * borrow is checked after the fact, on staged copies, against LTV and the health factor (v3.5+ order).
 */
import { RAY, Rounding } from '../money/index.ts';
import { accountDataOf, checkBorrowable, poolView } from './accountData.ts';
import { LendingRejectCode, lendingReject } from './codes.ts';
import type { LendingResult } from './codes.ts';
import { amountForValue, debtBalance, debtBurnScaled, debtMintScaled } from './math.ts';
import type { LendingAccount, LendingPool, LendingPrices } from './pool.ts';
import { badReserveOrAmount, reserveState } from './pool.ts';
import { normalizedDebt } from './reserve.ts';
import { LendingStage } from './stage.ts';
import type { LendingAmount } from './supply.ts';

export interface BorrowOutcome {
  /** Underlying lent: the engine credits it to the account's wallet. */
  readonly amount: bigint;
  readonly scaled: bigint;
}

export interface RepayOutcome {
  /** Underlying taken in (at most what was owed): the engine debits it from the payer's wallet. */
  readonly amount: bigint;
  readonly scaled: bigint;
  /** Nothing is owed to this reserve any more. */
  readonly cleared: boolean;
}

/** Borrow `amount` of reserve `index` at a variable rate. */
export function lendingBorrow(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  amount: bigint,
  now: number,
  prices: LendingPrices,
): LendingResult<BorrowOutcome> {
  const refused = badReserveOrAmount(pool, index, amount);
  if (refused) return refused;
  const stage = new LendingStage(pool, now);
  const params = stage.params(index);
  if (!params.borrowingEnabled) {
    return lendingReject(LendingRejectCode.BorrowingDisabled, `${params.asset} cannot be borrowed`);
  }
  const category = account.eMode === 0 ? undefined : pool.params.eModes.get(account.eMode);
  if (category && category.borrowable[index] !== true) {
    return lendingReject(
      LendingRejectCode.NotBorrowableInEMode,
      `${params.asset} is not borrowable in ${category.label}`,
    );
  }
  const reserve = stage.reserve(index);
  if (amount > reserve.cash) return lendingReject(LendingRejectCode.NoLiquidity, 'the pool lacks the cash');
  const scaled = debtMintScaled(amount, reserve.variableBorrowIndex);
  if (params.borrowCap !== 0n) {
    if (debtBalance(reserve.scaledTotalDebt + scaled, reserve.variableBorrowIndex) > params.borrowCap) {
      return lendingReject(LendingRejectCode.BorrowCap, `${params.asset} borrow cap reached`);
    }
  }
  const position = stage.position(account, index);
  reserve.cash -= amount;
  reserve.scaledTotalDebt += scaled;
  position.scaledDebt += scaled;
  const data = accountDataOf(stage.view(account), prices, now);
  if ('ok' in data) return data;
  const unsafe = checkBorrowable(data);
  if (unsafe) return unsafe;
  stage.commit();
  return { ok: true, amount, scaled };
}

/** Repay `amount` (capped at what is owed) or everything owed to reserve `index`. Needs no prices. */
export function lendingRepay(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  amount: LendingAmount,
  now: number,
): LendingResult<RepayOutcome> {
  const refused = badReserveOrAmount(pool, index, amount);
  if (refused) return refused;
  const stage = new LendingStage(pool, now);
  const reserve = stage.reserve(index);
  const position = stage.position(account, index);
  if (position.scaledDebt === 0n) return lendingReject(LendingRejectCode.NoDebt, 'nothing is owed');
  const owed = debtBalance(position.scaledDebt, reserve.variableBorrowIndex);
  const paid = amount === 'max' || amount > owed ? owed : amount;
  // Paying what is owed clears the scaled debt whole; a part burns rounded down.
  const scaled = paid === owed ? position.scaledDebt : debtBurnScaled(paid, reserve.variableBorrowIndex);
  reserve.cash += paid;
  reserve.scaledTotalDebt -= scaled;
  position.scaledDebt -= scaled;
  stage.commit();
  return { ok: true, amount: paid, scaled, cleared: position.scaledDebt === 0n };
}

/**
 * An amount of reserve `index` the account can borrow now: its available borrows converted at the
 * price, less a margin of a few units for the roundings of the checks, within cash and the borrow cap.
 * A borrow of it passes every check; the exact maximum may be a few smallest units more. 0n when
 * nothing can be borrowed or a price is missing.
 */
export function lendingMaxBorrow(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  now: number,
  prices: LendingPrices,
): bigint {
  const params = pool.params.reserves[index];
  const price = prices[index] ?? 0n;
  if (!params || price <= 0n || !params.borrowingEnabled) return 0n;
  const category = account.eMode === 0 ? undefined : pool.params.eModes.get(account.eMode);
  if (category && category.borrowable[index] !== true) return 0n;
  const data = accountDataOf(poolView(pool, account), prices, now);
  if ('ok' in data || data.ltv === 0n) return 0n;
  const state = reserveState(pool, index);
  const borrowIndex = normalizedDebt(state, now);
  // A ceiling mint then a ceiling balance add at most index/RAY + 1 units to the debt, and its value
  // rounds up once more: keep that much spare, in value and in units.
  const spareValue = data.availableBorrows > 2n ? data.availableBorrows - 2n : 0n;
  let amount = amountForValue(spareValue, price, params.unit, Rounding.Down) - borrowIndex / RAY - 3n;
  if (amount > state.cash) amount = state.cash;
  if (params.borrowCap !== 0n) {
    const room = params.borrowCap - debtBalance(state.scaledTotalDebt, borrowIndex) - 2n;
    if (amount > room) amount = room;
  }
  return amount > 0n ? amount : 0n;
}
