import { newFuturesAccount } from './futures.ts';
import type { FuturesAccount } from './futures.ts';
import type { LendingAccount } from './lending.ts';
import { newMarginAccount } from './margin.ts';
import type { MarginAccount } from './margin.ts';

/**
 * Accounts and their wallets. A wallet holds, per asset, what is free to use (`available`) and what
 * open orders have set aside (`held`). Functions here check nothing the caller has not already
 * checked: the engine validates, then applies; a failed precondition here is a broken invariant.
 */

export interface Wallet {
  available: bigint;
  held: bigint;
}

/** Anything that owns a set of wallets: an account's spot side or one of its margin accounts. */
export interface WalletHolder {
  readonly id: number;
  readonly wallets: Wallet[];
}

export interface Account extends WalletHolder {
  readonly id: number;
  /** Spot wallets: one per venue asset, indexed by asset index. */
  readonly wallets: Wallet[];
  /** Perpetual futures: cross wallets, settings, positions. */
  readonly futures: FuturesAccount;
  /** Client order ids of this account's open orders -> order id (unique among open orders). */
  readonly openClientIds: Map<string, number>;
  /** The cross margin account. */
  readonly margin: MarginAccount;
  /** Isolated margin accounts by spot pair market index, opened by the first transfer in. */
  readonly isolated: Map<number, MarginAccount>;
  /** Positions in the lending pool; null until the account first uses it. */
  lending: LendingAccount | null;
}

/** Per-asset totals of money that entered and left the venue, and fees it kept. */
export interface Ledger {
  readonly deposited: bigint[];
  readonly withdrawn: bigint[];
  readonly fees: bigint[];
}

export function newAccount(id: number, assetCount: number): Account {
  const wallets: Wallet[] = [];
  for (let i = 0; i < assetCount; i++) wallets.push({ available: 0n, held: 0n });
  return {
    id,
    wallets,
    futures: newFuturesAccount(assetCount),
    openClientIds: new Map(),
    margin: newMarginAccount(id, -1, assetCount),
    isolated: new Map(),
    lending: null,
  };
}

export function newLedger(assetCount: number): Ledger {
  return {
    deposited: new Array<bigint>(assetCount).fill(0n),
    withdrawn: new Array<bigint>(assetCount).fill(0n),
    fees: new Array<bigint>(assetCount).fill(0n),
  };
}

function wallet(account: WalletHolder, asset: number): Wallet {
  const w = account.wallets[asset];
  if (!w) throw new RangeError(`account ${account.id} has no wallet for asset ${asset}`);
  return w;
}

function assertNonNegative(value: bigint, what: string): void {
  if (value < 0n) throw new RangeError(`${what} would go negative`);
}

export function available(account: WalletHolder, asset: number): bigint {
  return wallet(account, asset).available;
}

export function held(account: WalletHolder, asset: number): bigint {
  return wallet(account, asset).held;
}

export function credit(account: WalletHolder, asset: number, amount: bigint): void {
  wallet(account, asset).available += amount;
}

export function debit(account: WalletHolder, asset: number, amount: bigint): void {
  const w = wallet(account, asset);
  w.available -= amount;
  assertNonNegative(w.available, `account ${account.id} available[${asset}]`);
}

/** Move funds from available to held for an open order. */
export function hold(account: WalletHolder, asset: number, amount: bigint): void {
  const w = wallet(account, asset);
  w.available -= amount;
  w.held += amount;
  assertNonNegative(w.available, `account ${account.id} available[${asset}]`);
}

/** Give held funds back to available (order cancelled or reduced). */
export function release(account: WalletHolder, asset: number, amount: bigint): void {
  const w = wallet(account, asset);
  w.held -= amount;
  w.available += amount;
  assertNonNegative(w.held, `account ${account.id} held[${asset}]`);
}

/** Spend held funds (a resting order was filled). */
export function spendHeld(account: WalletHolder, asset: number, amount: bigint): void {
  const w = wallet(account, asset);
  w.held -= amount;
  assertNonNegative(w.held, `account ${account.id} held[${asset}]`);
}
