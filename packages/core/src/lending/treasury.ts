/**
 * The treasury's side of a reserve: its scaled supply (reserve factor and liquidation fees) and the
 * covering of bad debt. Both keep cash + debt + deficit >= supply + treasury.
 */
import { LendingRejectCode, lendingReject } from './codes.ts';
import type { LendingResult } from './codes.ts';
import { supplyBalance, supplyBurnScaled } from './math.ts';
import type { LendingPool } from './pool.ts';
import { badReserveOrAmount } from './pool.ts';
import { LendingStage } from './stage.ts';
import type { LendingAmount } from './supply.ts';

export interface TreasuryWithdrawOutcome {
  /** Underlying paid out of the pool to the treasury's wallet. */
  readonly amount: bigint;
  readonly scaled: bigint;
}

export interface DeficitCoverOutcome {
  /** Deficit cleared (at most the deficit). */
  readonly amount: bigint;
}

/** How a deficit is covered: new money paid into the pool, or the treasury's own supply burned. */
export type DeficitSource = 'payment' | 'treasury';

/** Withdraw `amount` (or all) of the treasury's supply of reserve `index` (Aave mintToTreasury + withdraw). */
export function withdrawTreasury(
  pool: LendingPool,
  index: number,
  amount: LendingAmount,
  now: number,
): LendingResult<TreasuryWithdrawOutcome> {
  const refused = badReserveOrAmount(pool, index, amount);
  if (refused) return refused;
  const stage = new LendingStage(pool, now);
  const reserve = stage.reserve(index);
  const scaled =
    amount === 'max' ? reserve.accruedToTreasury : supplyBurnScaled(amount, reserve.liquidityIndex);
  const paid = amount === 'max' ? supplyBalance(scaled, reserve.liquidityIndex) : amount;
  if (scaled === 0n || paid === 0n)
    return lendingReject(LendingRejectCode.InvalidAmount, 'nothing to withdraw');
  if (scaled > reserve.accruedToTreasury) {
    return lendingReject(LendingRejectCode.NotEnoughBalance, 'more than the treasury holds');
  }
  if (paid > reserve.cash) return lendingReject(LendingRejectCode.NoLiquidity, 'the pool lacks the cash');
  reserve.cash -= paid;
  reserve.accruedToTreasury -= scaled;
  stage.commit();
  return { ok: true, amount: paid, scaled };
}

/**
 * Cover up to `amount` of reserve `index`'s deficit (Aave eliminateReserveDeficit): with a payment
 * into the pool (the engine debits the payer, e.g. an insurance fund), or by burning the treasury's
 * supply, which then absorbs the loss.
 */
export function coverDeficit(
  pool: LendingPool,
  index: number,
  amount: bigint,
  now: number,
  source: DeficitSource,
): LendingResult<DeficitCoverOutcome> {
  const refused = badReserveOrAmount(pool, index, amount);
  if (refused) return refused;
  const stage = new LendingStage(pool, now);
  const reserve = stage.reserve(index);
  if (reserve.deficit === 0n) return lendingReject(LendingRejectCode.NoDeficit, 'the reserve has no deficit');
  const covered = amount > reserve.deficit ? reserve.deficit : amount;
  if (source === 'treasury') {
    const scaled = supplyBurnScaled(covered, reserve.liquidityIndex);
    if (scaled > reserve.accruedToTreasury) {
      return lendingReject(LendingRejectCode.NotEnoughBalance, 'more than the treasury holds');
    }
    reserve.accruedToTreasury -= scaled;
  } else {
    reserve.cash += covered;
  }
  reserve.deficit -= covered;
  stage.commit();
  return { ok: true, amount: covered };
}
