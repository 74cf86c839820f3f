/**
 * Supplying and withdrawing (Aave SupplyLogic). Supply mints scaled balance rounded down and
 * withdrawal burns it rounded up, so the pool never owes more than it took in.
 */
import { accountDataOf, checkCollateralRemoval, collateralTerms } from './accountData.ts';
import { LendingRejectCode, lendingReject } from './codes.ts';
import type { LendingResult } from './codes.ts';
import { supplyBalance, supplyBurnScaled, supplyMintScaled } from './math.ts';
import type { LendingAccount, LendingPool, LendingPrices } from './pool.ts';
import { hasLendingDebt, badReserveOrAmount } from './pool.ts';
import { LendingStage } from './stage.ts';

/** An amount in the asset's smallest units, or everything (Aave's type(uint256).max). */
export type LendingAmount = bigint | 'max';

export interface SupplyOutcome {
  /** Underlying taken in: the engine debits it from the account's wallet. */
  readonly amount: bigint;
  readonly scaled: bigint;
  /** The first supply of an asset that can back borrows turned it on as collateral. */
  readonly collateralEnabled: boolean;
}

export interface WithdrawOutcome {
  /** Underlying paid out: the engine credits it to the account's wallet. */
  readonly amount: bigint;
  readonly scaled: bigint;
  /** Nothing is left of this supply, so it no longer counts as collateral. */
  readonly collateralDisabled: boolean;
}

/** Supply `amount` of reserve `index` at `now`. */
export function lendingSupply(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  amount: bigint,
  now: number,
): LendingResult<SupplyOutcome> {
  const refused = badReserveOrAmount(pool, index, amount);
  if (refused) return refused;
  const stage = new LendingStage(pool, now);
  const params = stage.params(index);
  const reserve = stage.reserve(index);
  const scaled = supplyMintScaled(amount, reserve.liquidityIndex);
  if (scaled === 0n)
    return lendingReject(LendingRejectCode.InvalidAmount, 'amount is worth no scaled supply');
  if (params.supplyCap !== 0n) {
    const total = reserve.scaledTotalSupply + scaled + reserve.accruedToTreasury;
    if (supplyBalance(total, reserve.liquidityIndex) > params.supplyCap) {
      return lendingReject(LendingRejectCode.SupplyCap, `${params.asset} supply cap reached`);
    }
  }
  const position = stage.position(account, index);
  // First supply turns collateral on when the asset can back borrows (validateAutomaticUseAsCollateral).
  const collateralEnabled =
    position.scaledSupply === 0n &&
    !position.collateral &&
    collateralTerms(pool.params, account.eMode, index).ltv !== 0n;
  reserve.cash += amount;
  reserve.scaledTotalSupply += scaled;
  position.scaledSupply += scaled;
  if (collateralEnabled) position.collateral = true;
  stage.commit();
  return { ok: true, amount, scaled, collateralEnabled };
}

/**
 * Withdraw `amount` (or everything) of reserve `index`. Refused when the pool lacks the cash, or when
 * the account has debt and losing this collateral would take its health factor below 1.
 */
export function lendingWithdraw(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  amount: LendingAmount,
  now: number,
  prices: LendingPrices,
): LendingResult<WithdrawOutcome> {
  const refused = badReserveOrAmount(pool, index, amount);
  if (refused) return refused;
  const stage = new LendingStage(pool, now);
  const reserve = stage.reserve(index);
  const position = stage.position(account, index);
  const wasCollateral = position.collateral;
  // Withdrawing everything burns the whole scaled balance, so no dust is left behind.
  const scaled = amount === 'max' ? position.scaledSupply : supplyBurnScaled(amount, reserve.liquidityIndex);
  const paid = amount === 'max' ? supplyBalance(scaled, reserve.liquidityIndex) : amount;
  if (scaled === 0n) return lendingReject(LendingRejectCode.InvalidAmount, 'nothing to withdraw');
  if (scaled > position.scaledSupply) {
    return lendingReject(LendingRejectCode.NotEnoughBalance, 'more than the account has supplied');
  }
  if (paid > reserve.cash) return lendingReject(LendingRejectCode.NoLiquidity, 'the pool lacks the cash');
  reserve.cash -= paid;
  reserve.scaledTotalSupply -= scaled;
  position.scaledSupply -= scaled;
  const collateralDisabled = wasCollateral && position.scaledSupply === 0n;
  if (collateralDisabled) position.collateral = false;
  if (wasCollateral && hasLendingDebt(account)) {
    const data = accountDataOf(stage.view(account), prices, now);
    if ('ok' in data) return data;
    const refused = checkCollateralRemoval(data, pool.params, account.eMode, index);
    if (refused) return refused;
  }
  stage.commit();
  return { ok: true, amount: paid, scaled, collateralDisabled };
}
