/**
 * Account settings: using a supply as collateral, and the e-mode category. Turning something off is
 * checked like a withdrawal (health factor stays >= 1); nothing here moves money or accrues.
 */
import {
  accountDataOf,
  checkCollateralRemoval,
  collateralTerms,
  HEALTH_FACTOR_LIQUIDATION,
} from './accountData.ts';
import { LendingRejectCode, lendingReject } from './codes.ts';
import type { LendingResult } from './codes.ts';
import type { LendingAccount, LendingPool, LendingPrices } from './pool.ts';
import { hasLendingDebt, knownReserve, positionOf } from './pool.ts';
import { LendingStage } from './stage.ts';

export interface CollateralOutcome {
  /** False when the flag already had the requested value (accepted, nothing to do, as Aave). */
  readonly changed: boolean;
}

export interface EModeOutcome {
  readonly previous: number;
}

/** Use (or stop using) the account's supply of reserve `index` as collateral. */
export function setCollateralUse(
  pool: LendingPool,
  account: LendingAccount,
  index: number,
  enabled: boolean,
  now: number,
  prices: LendingPrices,
): LendingResult<CollateralOutcome> {
  if (!knownReserve(pool, index))
    return lendingReject(LendingRejectCode.UnknownReserve, `no reserve ${index}`);
  if (positionOf(account, index).collateral === enabled) return { ok: true, changed: false };
  const stage = new LendingStage(pool, now);
  const position = stage.position(account, index);
  if (enabled) {
    if (position.scaledSupply === 0n)
      return lendingReject(LendingRejectCode.NoSupply, 'nothing supplied to use');
    if (collateralTerms(pool.params, account.eMode, index).ltv === 0n) {
      return lendingReject(LendingRejectCode.CollateralNotAllowed, 'this asset cannot back borrows');
    }
  }
  position.collateral = enabled;
  if (!enabled && hasLendingDebt(account)) {
    const data = accountDataOf(stage.view(account), prices, now);
    if ('ok' in data) return data;
    const refused = checkCollateralRemoval(data, pool.params, account.eMode, index);
    if (refused) return refused;
  }
  stage.commit();
  return { ok: true, changed: true };
}

/**
 * Enter e-mode `category` (0 leaves it). Every asset the account owes must be borrowable in the new
 * category, and with debt the health factor must stay >= 1 (Aave validateSetUserEMode + HF check).
 */
export function setEMode(
  pool: LendingPool,
  account: LendingAccount,
  category: number,
  now: number,
  prices: LendingPrices,
): LendingResult<EModeOutcome> {
  const previous = account.eMode;
  const target = category === 0 ? undefined : pool.params.eModes.get(category);
  if (category !== 0 && !target)
    return lendingReject(LendingRejectCode.UnknownEMode, `no e-mode ${category}`);
  if (target) {
    for (const reserve of pool.params.reserves) {
      if (positionOf(account, reserve.index).scaledDebt !== 0n && target.borrowable[reserve.index] !== true) {
        return lendingReject(
          LendingRejectCode.NotBorrowableInEMode,
          `${reserve.asset} is owed and not borrowable in ${target.label}`,
        );
      }
    }
  }
  if (hasLendingDebt(account)) {
    const data = accountDataOf(new LendingStage(pool, now).view(account, category), prices, now);
    if ('ok' in data) return data;
    if (data.healthFactor < HEALTH_FACTOR_LIQUIDATION) {
      return lendingReject(LendingRejectCode.HealthFactorTooLow, 'the health factor would fall below 1');
    }
  }
  account.eMode = category;
  return { ok: true, previous };
}
