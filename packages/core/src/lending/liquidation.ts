/**
 * liquidationCall (Aave v3.3+ LiquidationLogic with v3.7's roundings): anyone repays part of an
 * unhealthy account's debt in one asset and takes collateral of another worth the repaid value plus
 * the liquidation bonus; the treasury takes its fee out of the bonus. When the account is left with no
 * collateral, its remaining debt in every reserve is written off into that reserve's deficit.
 */
import { BPS, Rounding, WAD, applyBps, mulDiv } from '../money/index.ts';
import { accountDataOf, collateralTerms, HEALTH_FACTOR_LIQUIDATION } from './accountData.ts';
import { LendingRejectCode, lendingReject } from './codes.ts';
import type { LendingRejection, LendingResult } from './codes.ts';
import {
  amountForValue,
  baseValue,
  debtBalance,
  debtBurnScaled,
  divBps,
  supplyBalance,
  supplyBurnScaled,
} from './math.ts';
import type { LendingAccount, LendingPool, LendingPrices } from './pool.ts';
import { knownReserve } from './pool.ts';
import { LendingStage } from './stage.ts';
import type { LendingAmount } from './supply.ts';

/** At or below this health factor (0.95, WAD) the close factor is 100% whatever the amounts. */
export const CLOSE_FACTOR_HF_THRESHOLD = (WAD * 95n) / 100n;
/** The close factor while the account is only mildly unhealthy: 50% of its total debt. */
export const DEFAULT_CLOSE_FACTOR = 5_000n;

/** What the liquidation math needs, all from one moment (LiquidationDataProvider's inputs). */
export interface LiquidationInputs {
  /** The borrower's account data (base currency, WAD). */
  readonly healthFactor: bigint;
  readonly totalCollateral: bigint;
  readonly totalDebt: bigint;
  /** The borrower's supply of the collateral reserve and debt to the debt reserve, smallest units. */
  readonly collateralBalance: bigint;
  readonly debtBalance: bigint;
  readonly collateralPrice: bigint;
  readonly debtPrice: bigint;
  readonly collateralUnit: bigint;
  readonly debtUnit: bigint;
  /** bps including the repaid value (10_500 = 5%), e-mode's when it applies. */
  readonly liquidationBonus: bigint;
  /** Share of the bonus to the treasury, bps. */
  readonly protocolFee: bigint;
  readonly debtToCover: LendingAmount;
  /** Base-currency thresholds (LendingParams). */
  readonly closeFactorThreshold: bigint;
  readonly minLeftover: bigint;
}

export interface LiquidationAmounts {
  /** 5_000 while the 50% rule applies (HF > 0.95 and both sides worth >= the threshold), else 10_000. */
  readonly closeFactor: bigint;
  /** Most of the debt asset this liquidation may repay. */
  readonly maxDebt: bigint;
  /** Debt the liquidator repays (smallest units of the debt asset). */
  readonly debtRepaid: bigint;
  /** Collateral the liquidator receives (smallest units of the collateral asset). */
  readonly collateralToLiquidator: bigint;
  /** Collateral to the treasury, out of the bonus. */
  readonly protocolFee: bigint;
  /** Value of all collateral taken (liquidator + fee), base currency, rounded down. */
  readonly seizedValue: bigint;
  /** The account has no collateral value left: its remaining debt becomes deficit. */
  readonly noCollateralLeft: boolean;
}

/**
 * The amounts of a liquidation, without touching state; refused only by the dust rule. Roundings
 * (v3.7): collateral seized and the bonus base floor, the protocol fee and the debt needed when the
 * collateral runs out ceil, so the liquidator absorbs every rounding.
 */
export function liquidationAmounts(inputs: LiquidationInputs): LendingResult<LiquidationAmounts> {
  const {
    collateralBalance,
    debtBalance: owed,
    collateralPrice,
    debtPrice,
    collateralUnit,
    debtUnit,
  } = inputs;
  const { liquidationBonus, protocolFee: feeShare } = inputs;

  const debtValue = baseValue(owed, debtPrice, debtUnit, Rounding.Up);
  const collateralValue = baseValue(collateralBalance, collateralPrice, collateralUnit, Rounding.Down);
  // v3.3+: 100% by default; 50% of the whole position's debt while the account is only mildly
  // unhealthy and this pair is big enough that a partial liquidation is worth a liquidator's while.
  const halfRule =
    collateralValue >= inputs.closeFactorThreshold &&
    debtValue >= inputs.closeFactorThreshold &&
    inputs.healthFactor > CLOSE_FACTOR_HF_THRESHOLD;
  let maxDebt = owed;
  if (halfRule) {
    const half = applyBps(inputs.totalDebt, DEFAULT_CLOSE_FACTOR, Rounding.Up);
    if (debtValue > half) maxDebt = amountForValue(half, debtPrice, debtUnit, Rounding.Down);
  }
  let debtRepaid =
    inputs.debtToCover === 'max' || inputs.debtToCover > maxDebt ? maxDebt : inputs.debtToCover;

  // Collateral worth the debt repaid, plus the bonus; capped by what the account has.
  const base = mulDiv(debtPrice * debtRepaid, collateralUnit, collateralPrice * debtUnit, Rounding.Down);
  let seized = applyBps(base, liquidationBonus, Rounding.Down);
  if (seized > collateralBalance) {
    seized = collateralBalance;
    debtRepaid = mulDiv(
      collateralPrice * seized * debtUnit,
      BPS,
      debtPrice * collateralUnit * liquidationBonus,
      Rounding.Up,
    );
  }
  const seizedValue = baseValue(seized, collateralPrice, collateralUnit, Rounding.Down);
  const fee =
    feeShare === 0n
      ? 0n
      : applyBps(seized - divBps(seized, liquidationBonus, Rounding.Down), feeShare, Rounding.Up);

  // Dust rule: clear the debt, or the collateral, or leave at least minLeftover of both.
  if (debtRepaid < owed && seized < collateralBalance) {
    const debtLeft = baseValue(owed - debtRepaid, debtPrice, debtUnit, Rounding.Up);
    const collateralLeft = baseValue(
      collateralBalance - seized,
      collateralPrice,
      collateralUnit,
      Rounding.Down,
    );
    if (debtLeft < inputs.minLeftover || collateralLeft < inputs.minLeftover) {
      return dust(debtLeft, collateralLeft);
    }
  }
  return {
    ok: true,
    closeFactor: halfRule ? DEFAULT_CLOSE_FACTOR : BPS,
    maxDebt,
    debtRepaid,
    collateralToLiquidator: seized - fee,
    protocolFee: fee,
    seizedValue,
    noCollateralLeft: inputs.totalCollateral === seizedValue,
  };
}

function dust(debtLeft: bigint, collateralLeft: bigint): LendingRejection {
  return lendingReject(
    LendingRejectCode.MustNotLeaveDust,
    `would leave ${debtLeft} of debt and ${collateralLeft} of collateral (base units): clear one or leave more`,
  );
}

export interface LiquidationRequest {
  /** Reserve index of the collateral to take. */
  readonly collateral: number;
  /** Reserve index of the debt to repay. */
  readonly debt: number;
  /** Debt the liquidator offers to repay, or as much as allowed. */
  readonly debtToCover: LendingAmount;
  /** Take the collateral as supply in the pool (Aave receiveAToken): works when the pool lacks cash. */
  readonly receiveSupply?: boolean;
}

export interface DeficitCreated {
  readonly reserve: number;
  readonly amount: bigint;
}

export interface LiquidationOutcome extends LiquidationAmounts {
  /** The borrower's health factor before (WAD). */
  readonly healthFactor: bigint;
  readonly receiveSupply: boolean;
  /** Scaled supply moved to the liquidator (receiveSupply), else 0n. */
  readonly scaledToLiquidator: bigint;
  /** Bad debt written off, per reserve (the debt reserve first). */
  readonly deficits: readonly DeficitCreated[];
  /** The borrower's collateral in this reserve is gone, so its flag was cleared. */
  readonly collateralDisabled: boolean;
}

/**
 * Liquidate `borrower` at `now`. The liquidator pays `debtRepaid` of the debt asset (the engine debits
 * its wallet) and gets `collateralToLiquidator` of the collateral asset, paid out of the pool's cash
 * (the engine credits its wallet) or, with `receiveSupply`, as supply in `liquidator`'s position.
 */
export function liquidationCall(
  pool: LendingPool,
  borrower: LendingAccount,
  request: LiquidationRequest,
  now: number,
  prices: LendingPrices,
  liquidator?: LendingAccount,
): LendingResult<LiquidationOutcome> {
  const { collateral: c, debt: d, debtToCover } = request;
  const receiveSupply = request.receiveSupply === true;
  if (receiveSupply && !liquidator)
    throw new RangeError('lending: receiveSupply needs the liquidator account');
  if (!knownReserve(pool, c) || !knownReserve(pool, d)) {
    return lendingReject(LendingRejectCode.UnknownReserve, `no reserve ${knownReserve(pool, c) ? d : c}`);
  }
  if (liquidator === borrower)
    return lendingReject(LendingRejectCode.SelfLiquidation, 'an account cannot liquidate itself');
  if (debtToCover !== 'max' && debtToCover <= 0n) {
    return lendingReject(LendingRejectCode.InvalidAmount, 'debtToCover must be above zero');
  }
  const { params } = pool;
  const stage = new LendingStage(pool, now);
  const debtReserve = stage.reserve(d);
  const collateralReserve = stage.reserve(c);
  const data = accountDataOf(stage.view(borrower), prices, now);
  if ('ok' in data) return data;
  if (data.healthFactor >= HEALTH_FACTOR_LIQUIDATION) {
    return lendingReject(LendingRejectCode.NotLiquidatable, 'the health factor is not below 1');
  }
  const debtPosition = stage.position(borrower, d);
  const collateralPosition = stage.position(borrower, c);
  const terms = collateralTerms(params, borrower.eMode, c);
  if (!collateralPosition.collateral || terms.liquidationThreshold === 0n) {
    return lendingReject(LendingRejectCode.CollateralNotEnabled, 'that supply is not used as collateral');
  }
  if (collateralPosition.scaledSupply === 0n) {
    return lendingReject(LendingRejectCode.CollateralNotEnabled, 'no supply of that collateral to take');
  }
  if (debtPosition.scaledDebt === 0n)
    return lendingReject(LendingRejectCode.NoDebt, 'nothing owed in that asset');
  const collateralPrice = prices[c] ?? 0n;
  const debtPrice = prices[d] ?? 0n;
  if (collateralPrice <= 0n || debtPrice <= 0n)
    return lendingReject(LendingRejectCode.NoPrice, 'a price is missing');
  const collateralParams = stage.params(c);
  const collateralBalance = supplyBalance(collateralPosition.scaledSupply, collateralReserve.liquidityIndex);
  const owed = debtBalance(debtPosition.scaledDebt, debtReserve.variableBorrowIndex);

  const amounts = liquidationAmounts({
    healthFactor: data.healthFactor,
    totalCollateral: data.totalCollateral,
    totalDebt: data.totalDebt,
    collateralBalance,
    debtBalance: owed,
    collateralPrice,
    debtPrice,
    collateralUnit: collateralParams.unit,
    debtUnit: stage.params(d).unit,
    liquidationBonus: terms.liquidationBonus,
    protocolFee: collateralParams.liquidationProtocolFee,
    debtToCover,
    closeFactorThreshold: params.closeFactorThreshold,
    minLeftover: params.minLeftover,
  });
  if (!amounts.ok) return amounts;
  const { debtRepaid, collateralToLiquidator, noCollateralLeft } = amounts;
  if (!receiveSupply) {
    // Same asset: the repayment lands before the payout, as in Aave.
    const cash = collateralReserve.cash + (c === d ? debtRepaid : 0n);
    if (collateralToLiquidator > cash) {
      return lendingReject(
        LendingRejectCode.NoLiquidity,
        'the pool lacks the collateral cash: take it as supply',
      );
    }
  }

  // Debt: burn what is repaid, or all of it when no collateral is left (the rest becomes deficit).
  const deficits: DeficitCreated[] = [];
  const burnAll = noCollateralLeft || debtRepaid === owed;
  const debtScaled = burnAll
    ? debtPosition.scaledDebt
    : debtBurnScaled(debtRepaid, debtReserve.variableBorrowIndex);
  debtPosition.scaledDebt -= debtScaled;
  debtReserve.scaledTotalDebt -= debtScaled;
  debtReserve.cash += debtRepaid;
  if (noCollateralLeft && owed > debtRepaid) {
    debtReserve.deficit += owed - debtRepaid;
    deficits.push({ reserve: d, amount: owed - debtRepaid });
  }

  // Collateral: to the liquidator (burned for cash, or moved as supply), then the fee to the treasury.
  const liquidityIndex = collateralReserve.liquidityIndex;
  const seizedScaled = supplyBurnScaled(collateralToLiquidator, liquidityIndex);
  let scaledToLiquidator = 0n;
  collateralPosition.scaledSupply -= seizedScaled;
  if (receiveSupply && liquidator) {
    stage.position(liquidator, c).scaledSupply += seizedScaled;
    scaledToLiquidator = seizedScaled;
  } else {
    collateralReserve.cash -= collateralToLiquidator;
    collateralReserve.scaledTotalSupply -= seizedScaled;
  }
  let protocolFee = amounts.protocolFee;
  if (protocolFee !== 0n) {
    // Rounded up like a transfer, but never more than the borrower has left (Aave caps it the same way).
    let feeScaled = supplyBurnScaled(protocolFee, liquidityIndex);
    if (feeScaled > collateralPosition.scaledSupply) {
      feeScaled = collateralPosition.scaledSupply;
      protocolFee = supplyBalance(feeScaled, liquidityIndex);
    }
    collateralPosition.scaledSupply -= feeScaled;
    collateralReserve.scaledTotalSupply -= feeScaled;
    collateralReserve.accruedToTreasury += feeScaled;
  }
  const collateralDisabled =
    collateralPosition.scaledSupply === 0n ||
    collateralToLiquidator + amounts.protocolFee === collateralBalance;
  if (collateralDisabled) collateralPosition.collateral = false;

  // Bad debt: with no collateral left, every other debt of the account is written off too.
  if (noCollateralLeft) {
    for (const reserve of params.reserves) {
      if (reserve.index === d) continue;
      const position = stage.positionView(borrower, reserve.index);
      if (position.scaledDebt === 0n) continue;
      const state = stage.reserve(reserve.index);
      const staged = stage.position(borrower, reserve.index);
      const amount = debtBalance(staged.scaledDebt, state.variableBorrowIndex);
      state.scaledTotalDebt -= staged.scaledDebt;
      staged.scaledDebt = 0n;
      state.deficit += amount;
      deficits.push({ reserve: reserve.index, amount });
    }
  }
  stage.commit();
  return {
    ...amounts,
    ok: true,
    protocolFee,
    healthFactor: data.healthFactor,
    receiveSupply,
    scaledToLiquidator,
    deficits,
    collateralDisabled,
  };
}
