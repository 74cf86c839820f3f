import type { MarginDebt } from '../account/index.ts';
import { Rounding, WAD, divRound } from '../money/index.ts';

/**
 * Margin interest, Binance's way since 2023: simple and hourly. One hour is charged when an amount
 * is borrowed, then a new hour at the start of every UTC hour while principal is outstanding.
 * Each charged hour adds principal x daily rate (WAD) to a raw sum; what is owed is that sum over
 * 24 x WAD, rounded up once (in the venue's favour), so many small hours lose nothing to rounding.
 */

export const HOUR_MS = 3_600_000;

/** Raw interest per smallest unit of interest owed. */
export const INTEREST_DIVISOR = 24n * WAD;

/** The first UTC hour start strictly after `time`. */
export function nextHourStart(time: number): number {
  return (Math.floor(time / HOUR_MS) + 1) * HOUR_MS;
}

/** Interest owed, in smallest units, for a raw sum. */
export function interestOwed(raw: bigint): bigint {
  return divRound(raw, INTEREST_DIVISOR, Rounding.Up);
}

/** What a debt looks like once every hour start up to `now` is charged. */
export interface Accrual {
  readonly interestRaw: bigint;
  readonly nextAccrual: number;
  /** Hours charged by this catch-up. */
  readonly hours: number;
}

/** Catch a debt up to `now` with the principal in force since its last charge (it is constant in between). */
export function accrue(debt: MarginDebt, now: number, dailyRateWad: bigint): Accrual {
  if (debt.principal === 0n || debt.nextAccrual === 0 || now < debt.nextAccrual) {
    return { interestRaw: debt.interestRaw, nextAccrual: debt.nextAccrual, hours: 0 };
  }
  const hours = Math.floor((now - debt.nextAccrual) / HOUR_MS) + 1;
  return {
    interestRaw: debt.interestRaw + debt.principal * dailyRateWad * BigInt(hours),
    nextAccrual: debt.nextAccrual + hours * HOUR_MS,
    hours,
  };
}

/** Principal and interest owed at `now`, without changing the debt. */
export function owedAt(
  debt: MarginDebt,
  now: number,
  dailyRateWad: bigint,
): { principal: bigint; interest: bigint } {
  return { principal: debt.principal, interest: interestOwed(accrue(debt, now, dailyRateWad).interestRaw) };
}

/** The raw sum after `amount` is borrowed at `now` (already accrued to `now`): its first hour is charged. */
export function rawAfterBorrow(interestRaw: bigint, amount: bigint, dailyRateWad: bigint): bigint {
  return interestRaw + amount * dailyRateWad;
}

/**
 * The raw sum after `paid` units of interest. Paying everything owed clears it: the part of a unit
 * that rounding added is the venue's, never credited to later hours.
 */
export function rawAfterPayment(interestRaw: bigint, paid: bigint): bigint {
  const left = interestRaw - paid * INTEREST_DIVISOR;
  return left > 0n ? left : 0n;
}

/** How a repayment of `amount` splits: interest first, then principal. */
export function splitRepayment(
  amount: bigint,
  interest: bigint,
  principal: bigint,
): { interest: bigint; principal: bigint } {
  const toInterest = amount < interest ? amount : interest;
  const rest = amount - toInterest;
  return { interest: toInterest, principal: rest < principal ? rest : principal };
}
