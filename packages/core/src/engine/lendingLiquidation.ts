import type { Account } from '../account/index.ts';
import { liquidationCall as liquidate } from '../lending/index.ts';
import type { LiquidationOutcome } from '../lending/index.ts';
import type { Asset } from '../market/index.ts';
import type { LiquidationCall } from './commands.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { amountRefusal } from './lendingCommands.ts';
import { LendingDraft, lendingOn, lendingPrices, reserveOfAsset } from './lendingState.ts';
import type { LendingOn } from './lendingState.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

/** What a lending liquidation did, in smallest units of the assets named. */
export interface LendingLiquidationResult {
  /** The borrower's health factor before (WAD). */
  readonly healthFactor: bigint;
  /** bps: 5,000 while the 50% rule applied, else 10,000. */
  readonly closeFactor: bigint;
  readonly debtRepaid: bigint;
  readonly collateralToLiquidator: bigint;
  readonly protocolFee: bigint;
  readonly receiveSupply: boolean;
  /** Debt written off as bad debt, per asset, when no collateral was left. */
  readonly deficits: readonly { readonly asset: string; readonly amount: bigint }[];
}

type LiquidationRequest = Omit<LiquidationCall, 'type' | 'seq' | 'time'>;

interface Plan extends LendingOn {
  readonly liquidator: Account;
  readonly borrower: Account;
  readonly collateral: Asset;
  readonly debt: Asset;
  readonly draft: LendingDraft;
  readonly out: LiquidationOutcome;
}

/** Every check of a liquidation at `now`, and its outcome on a draft; nothing is changed. */
function plan(state: EngineState, c: LiquidationRequest, now: number): Plan | Rejection {
  const on = lendingOn(state);
  if (!on.ok) return on;
  const liquidator = accountById(state, c.accountId);
  if (!liquidator) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const borrower = accountById(state, c.borrower);
  if (!borrower) return reject('ACCOUNT_UNKNOWN', `no account ${c.borrower}`);
  const collateral = reserveOfAsset(state, on.lending, c.collateralAsset);
  if (!collateral.ok) return collateral;
  const debt = reserveOfAsset(state, on.lending, c.debtAsset);
  if (!debt.ok) return debt;
  const refused = amountRefusal(c.debtToCover, true);
  if (refused) return refused;
  if (c.receiveSupply !== undefined && typeof c.receiveSupply !== 'boolean')
    return reject('ENGINE_BAD_COMMAND', 'receiveSupply must be a boolean');
  // The module tells accounts apart by identity, and a draft copies them: check by id here.
  if (liquidator === borrower)
    return reject('LENDING_SELF_LIQUIDATION', 'an account cannot liquidate itself');
  const draft = new LendingDraft(on.pool, [borrower, liquidator]);
  const request = {
    collateral: collateral.reserve,
    debt: debt.reserve,
    debtToCover: c.debtToCover,
    receiveSupply: c.receiveSupply === true,
  };
  const prices = lendingPrices(state, on.lending);
  const out = liquidate(draft.pool, draft.accounts[0]!, request, now, prices, draft.accounts[1]);
  if (!out.ok) return out;
  if (liquidator.wallets[debt.asset.index]!.available < out.debtRepaid) {
    return reject(
      'ACCOUNT_INSUFFICIENT_BALANCE',
      `available ${debt.asset.symbol} is below the debt to repay`,
    );
  }
  return { ...on, liquidator, borrower, collateral: collateral.asset, debt: debt.asset, draft, out };
}

function resultOf(p: Plan): LendingLiquidationResult {
  const { out } = p;
  return {
    healthFactor: out.healthFactor,
    closeFactor: out.closeFactor,
    debtRepaid: out.debtRepaid,
    collateralToLiquidator: out.collateralToLiquidator,
    protocolFee: out.protocolFee,
    receiveSupply: out.receiveSupply,
    deficits: out.deficits.map((d) => ({ asset: p.lending.assets[d.reserve]!.symbol, amount: d.amount })),
  };
}

/**
 * liquidationCall: the liquidator pays the debt repaid from its spot wallet and receives the
 * collateral (less the treasury's fee) into it, or as supply with `receiveSupply`. Debt left without
 * collateral becomes the reserves' deficit (DeficitCreated).
 */
export function liquidationCall(
  state: EngineState,
  c: LiquidationCall,
  events: EngineEvent[],
): Outcome<LendingLiquidationResult> {
  const p = plan(state, c, state.commandTime);
  if (!p.ok) return p;
  const { out, liquidator, borrower, collateral, debt } = p;
  liquidator.wallets[debt.index]!.available -= out.debtRepaid;
  if (!out.receiveSupply) liquidator.wallets[collateral.index]!.available += out.collateralToLiquidator;
  events.push({
    type: 'LendingLiquidated',
    liquidatorId: liquidator.id,
    accountId: borrower.id,
    collateralAsset: collateral.symbol,
    debtAsset: debt.symbol,
    healthFactor: out.healthFactor,
    closeFactor: out.closeFactor,
    debtRepaid: out.debtRepaid,
    collateralToLiquidator: out.collateralToLiquidator,
    protocolFee: out.protocolFee,
    receiveSupply: out.receiveSupply,
  });
  const result = resultOf(p);
  for (const d of result.deficits)
    events.push({ type: 'DeficitCreated', accountId: borrower.id, asset: d.asset, amount: d.amount });
  p.draft.commit(p.lending, events);
  return accept(result);
}

/**
 * What a LiquidationCall would do now (at the last command's time), without doing it: the keeper's
 * way to price a liquidation before sending it. The same checks and the same coded refusals.
 */
export function previewLiquidation(
  state: EngineState,
  c: LiquidationRequest,
): Outcome<LendingLiquidationResult> {
  const p = plan(state, c, state.time);
  return p.ok ? accept(resultOf(p)) : p;
}
