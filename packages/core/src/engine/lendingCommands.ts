import type { Account } from '../account/index.ts';
import {
  coverDeficit,
  lendingBorrow,
  lendingRepay,
  lendingSupply,
  lendingWithdraw,
  setCollateralUse,
  setEMode,
  withdrawTreasury,
} from '../lending/index.ts';
import type { Asset } from '../market/index.ts';
import type {
  FundLendingDeficit,
  LendingBorrow,
  LendingRepay,
  LendingSupply,
  LendingWithdraw,
  OraclePrice,
  SetCollateral,
  SetEMode,
  TreasuryWithdraw,
} from './commands.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { LendingDraft, lendingOn, lendingPrices, reserveOfAsset } from './lendingState.ts';
import type { LendingOn } from './lendingState.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

/**
 * Lending pool commands: oracle prices, supply, withdraw, borrow, repay, collateral and e-mode
 * settings, the treasury and deficits (liquidation is in lendingLiquidation.ts). Funds move between
 * the account's spot wallet (available) and the pool's cash.
 */

export interface LendingMoved {
  /** Smallest units moved between the wallet and the pool. */
  readonly amount: bigint;
  /** Scaled balance minted or burned. */
  readonly scaled: bigint;
}

export interface LendingRepayResult extends LendingMoved {
  readonly cleared: boolean;
}

interface Target extends LendingOn {
  readonly account: Account;
  readonly asset: Asset;
  readonly reserve: number;
}

/** What every command on one account and one asset checks: the pool, the account, the reserve. */
function target(
  state: EngineState,
  c: { readonly accountId: number; readonly asset: string },
): Target | Rejection {
  const on = lendingOn(state);
  if (!on.ok) return on;
  const account = accountById(state, c.accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const found = reserveOfAsset(state, on.lending, c.asset);
  if (!found.ok) return found;
  return { ...on, account, asset: found.asset, reserve: found.reserve };
}

/** A positive bigint, or 'max' where everything may be asked for. */
export function amountRefusal(amount: unknown, maxAllowed: boolean): Rejection | undefined {
  if (typeof amount === 'bigint' ? amount > 0n : maxAllowed && amount === 'max') return undefined;
  return reject(
    'LENDING_INVALID_AMOUNT',
    maxAllowed ? "amount must be a bigint above zero or 'max'" : 'amount must be a bigint above zero',
  );
}

function available(account: Account, asset: Asset): bigint {
  return account.wallets[asset.index]!.available;
}

function short(asset: Asset): Rejection {
  return reject('ACCOUNT_INSUFFICIENT_BALANCE', `available ${asset.symbol} is below the amount`);
}

export function oraclePrice(
  state: EngineState,
  c: OraclePrice,
  events: EngineEvent[],
): Outcome<{ readonly price: bigint }> {
  const asset = state.venue.assetBySymbol.get(c.asset);
  if (!asset) return reject('ACCOUNT_ASSET_UNKNOWN', `no asset ${c.asset}`);
  if (typeof c.price !== 'bigint' || c.price <= 0n)
    return reject('PRICE_INVALID', 'oracle price must be a bigint above zero');
  state.oracle[asset.index] = c.price;
  events.push({ type: 'OraclePriceUpdated', asset: asset.symbol, price: c.price });
  return accept({ price: c.price });
}

export function supply(state: EngineState, c: LendingSupply, events: EngineEvent[]): Outcome<LendingMoved> {
  const t = target(state, c);
  if (!t.ok) return t;
  const refused = amountRefusal(c.amount, false);
  if (refused) return refused;
  if (available(t.account, t.asset) < c.amount) return short(t.asset);
  const draft = new LendingDraft(t.pool, [t.account]);
  const out = lendingSupply(draft.pool, draft.accounts[0]!, t.reserve, c.amount, state.commandTime);
  if (!out.ok) return out;
  t.account.wallets[t.asset.index]!.available -= out.amount;
  events.push({
    type: 'LendingSupplied',
    accountId: t.account.id,
    asset: t.asset.symbol,
    amount: out.amount,
    scaled: out.scaled,
    collateralEnabled: out.collateralEnabled,
  });
  draft.commit(t.lending, events);
  return accept({ amount: out.amount, scaled: out.scaled });
}

export function withdraw(
  state: EngineState,
  c: LendingWithdraw,
  events: EngineEvent[],
): Outcome<LendingMoved> {
  const t = target(state, c);
  if (!t.ok) return t;
  const refused = amountRefusal(c.amount, true);
  if (refused) return refused;
  const draft = new LendingDraft(t.pool, [t.account]);
  const prices = lendingPrices(state, t.lending);
  const out = lendingWithdraw(draft.pool, draft.accounts[0]!, t.reserve, c.amount, state.commandTime, prices);
  if (!out.ok) return out;
  t.account.wallets[t.asset.index]!.available += out.amount;
  events.push({
    type: 'LendingWithdrawn',
    accountId: t.account.id,
    asset: t.asset.symbol,
    amount: out.amount,
    scaled: out.scaled,
    collateralDisabled: out.collateralDisabled,
  });
  draft.commit(t.lending, events);
  return accept({ amount: out.amount, scaled: out.scaled });
}

export function borrow(state: EngineState, c: LendingBorrow, events: EngineEvent[]): Outcome<LendingMoved> {
  const t = target(state, c);
  if (!t.ok) return t;
  const refused = amountRefusal(c.amount, false);
  if (refused) return refused;
  const draft = new LendingDraft(t.pool, [t.account]);
  const prices = lendingPrices(state, t.lending);
  const out = lendingBorrow(draft.pool, draft.accounts[0]!, t.reserve, c.amount, state.commandTime, prices);
  if (!out.ok) return out;
  t.account.wallets[t.asset.index]!.available += out.amount;
  events.push({
    type: 'LendingBorrowed',
    accountId: t.account.id,
    asset: t.asset.symbol,
    amount: out.amount,
    scaled: out.scaled,
  });
  draft.commit(t.lending, events);
  return accept({ amount: out.amount, scaled: out.scaled });
}

export function repay(
  state: EngineState,
  c: LendingRepay,
  events: EngineEvent[],
): Outcome<LendingRepayResult> {
  const t = target(state, c);
  if (!t.ok) return t;
  const refused = amountRefusal(c.amount, true);
  if (refused) return refused;
  const debtorId = c.onBehalfOf ?? c.accountId;
  const debtor = accountById(state, debtorId);
  if (!debtor) return reject('ACCOUNT_UNKNOWN', `no account ${debtorId}`);
  const draft = new LendingDraft(t.pool, [debtor]);
  const out = lendingRepay(draft.pool, draft.accounts[0]!, t.reserve, c.amount, state.commandTime);
  if (!out.ok) return out;
  // The module caps the payment at what is owed: only now is the sum to take from the payer known.
  if (available(t.account, t.asset) < out.amount) return short(t.asset);
  t.account.wallets[t.asset.index]!.available -= out.amount;
  events.push({
    type: 'LendingRepaid',
    accountId: t.account.id,
    onBehalfOf: debtor.id,
    asset: t.asset.symbol,
    amount: out.amount,
    scaled: out.scaled,
    cleared: out.cleared,
  });
  draft.commit(t.lending, events);
  return accept({ amount: out.amount, scaled: out.scaled, cleared: out.cleared });
}

export function setCollateral(
  state: EngineState,
  c: SetCollateral,
  events: EngineEvent[],
): Outcome<{ readonly changed: boolean }> {
  const t = target(state, c);
  if (!t.ok) return t;
  if (typeof c.enabled !== 'boolean') return reject('ENGINE_BAD_COMMAND', 'enabled must be a boolean');
  const draft = new LendingDraft(t.pool, [t.account]);
  const prices = lendingPrices(state, t.lending);
  const out = setCollateralUse(
    draft.pool,
    draft.accounts[0]!,
    t.reserve,
    c.enabled,
    state.commandTime,
    prices,
  );
  if (!out.ok) return out;
  if (out.changed) {
    events.push({
      type: 'CollateralSet',
      accountId: t.account.id,
      asset: t.asset.symbol,
      enabled: c.enabled,
    });
    draft.commit(t.lending, events);
  }
  return accept({ changed: out.changed });
}

export function setEModeCategory(
  state: EngineState,
  c: SetEMode,
  events: EngineEvent[],
): Outcome<{ readonly previous: number }> {
  const on = lendingOn(state);
  if (!on.ok) return on;
  const account = accountById(state, c.accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  if (!Number.isSafeInteger(c.category) || c.category < 0)
    return reject('LENDING_UNKNOWN_EMODE', `no e-mode ${String(c.category)}`);
  const draft = new LendingDraft(on.pool, [account]);
  const prices = lendingPrices(state, on.lending);
  const out = setEMode(draft.pool, draft.accounts[0]!, c.category, state.commandTime, prices);
  if (!out.ok) return out;
  if (out.previous !== c.category) {
    events.push({ type: 'EModeSet', accountId: account.id, category: c.category, previous: out.previous });
    draft.commit(on.lending, events);
  }
  return accept({ previous: out.previous });
}

export function fundDeficit(
  state: EngineState,
  c: FundLendingDeficit,
  events: EngineEvent[],
): Outcome<{ readonly amount: bigint }> {
  const on = lendingOn(state);
  if (!on.ok) return on;
  const found = reserveOfAsset(state, on.lending, c.asset);
  if (!found.ok) return found;
  const payer = c.accountId === undefined ? undefined : accountById(state, c.accountId);
  if (c.accountId !== undefined && !payer) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const refused = amountRefusal(c.amount, false);
  if (refused) return refused;
  const draft = new LendingDraft(on.pool, []);
  const source = payer ? 'payment' : 'treasury';
  const out = coverDeficit(draft.pool, found.reserve, c.amount, state.commandTime, source);
  if (!out.ok) return out;
  if (payer) {
    if (available(payer, found.asset) < out.amount) return short(found.asset);
    payer.wallets[found.asset.index]!.available -= out.amount;
  }
  events.push({
    type: 'DeficitCovered',
    asset: found.asset.symbol,
    amount: out.amount,
    ...(payer ? { accountId: payer.id } : {}),
  });
  draft.commit(on.lending, events);
  return accept({ amount: out.amount });
}

export function treasuryWithdraw(
  state: EngineState,
  c: TreasuryWithdraw,
  events: EngineEvent[],
): Outcome<{ readonly amount: bigint }> {
  const t = target(state, c);
  if (!t.ok) return t;
  const refused = amountRefusal(c.amount, true);
  if (refused) return refused;
  const draft = new LendingDraft(t.pool, []);
  const out = withdrawTreasury(draft.pool, t.reserve, c.amount, state.commandTime);
  if (!out.ok) return out;
  t.account.wallets[t.asset.index]!.available += out.amount;
  events.push({
    type: 'TreasuryWithdrawn',
    accountId: t.account.id,
    asset: t.asset.symbol,
    amount: out.amount,
  });
  draft.commit(t.lending, events);
  return accept({ amount: out.amount });
}
