import { available, credit, debit, newAccount } from '../account/index.ts';
import type { CreateAccount, Deposit, Withdraw } from './commands.ts';
import { reject } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import { accountById } from './state.ts';
import type { EngineState } from './state.ts';

export interface AccountResult {
  readonly accountId: number;
}

export interface BalanceResult {
  /** The asset's available balance after the command. */
  readonly available: bigint;
}

export function createAccount(
  state: EngineState,
  _c: CreateAccount,
  events: EngineEvent[],
): Outcome<AccountResult> {
  const accountId = state.accounts.length + 1;
  state.accounts.push(newAccount(accountId, state.venue.assets.length));
  events.push({ type: 'AccountCreated', accountId });
  return accept({ accountId });
}

/** Checks every movement of funds shares: a known account and asset, a positive bigint amount. */
export function checkTransfer(
  state: EngineState,
  c: { readonly accountId: number; readonly asset: string; readonly amount: bigint },
) {
  const account = accountById(state, c.accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const asset = state.venue.assetBySymbol.get(c.asset);
  if (!asset) return reject('ACCOUNT_ASSET_UNKNOWN', `no asset ${c.asset}`);
  if (typeof c.amount !== 'bigint' || c.amount <= 0n) {
    return reject('ACCOUNT_AMOUNT_NOT_POSITIVE', 'amount must be a bigint above zero');
  }
  return { ok: true as const, account, asset };
}

export function deposit(state: EngineState, c: Deposit, events: EngineEvent[]): Outcome<BalanceResult> {
  const checked = checkTransfer(state, c);
  if (!checked.ok) return checked;
  const { account, asset } = checked;
  credit(account, asset.index, c.amount);
  state.ledger.deposited[asset.index]! += c.amount;
  events.push({ type: 'Deposited', accountId: account.id, asset: asset.symbol, amount: c.amount });
  return accept({ available: available(account, asset.index) });
}

export function withdraw(state: EngineState, c: Withdraw, events: EngineEvent[]): Outcome<BalanceResult> {
  const checked = checkTransfer(state, c);
  if (!checked.ok) return checked;
  const { account, asset } = checked;
  if (available(account, asset.index) < c.amount) {
    return reject('ACCOUNT_INSUFFICIENT_BALANCE', `available ${asset.symbol} is below the amount`);
  }
  debit(account, asset.index, c.amount);
  state.ledger.withdrawn[asset.index]! += c.amount;
  events.push({ type: 'Withdrawn', accountId: account.id, asset: asset.symbol, amount: c.amount });
  return accept({ available: available(account, asset.index) });
}
