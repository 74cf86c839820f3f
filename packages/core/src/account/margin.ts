import type { Wallet } from './account.ts';

/**
 * Spot margin accounts (Binance cross and isolated margin): wallets like the spot ones, and per
 * asset a debt to the venue's lending pool. The cross account is one per user; an isolated account
 * belongs to one spot pair and holds only its two assets.
 */

/** Margin level bands, from safe to liquidated (Binance's Cross 3x table). */
export type MarginLevelState = 'NORMAL' | 'NO_TRANSFER_OUT' | 'NO_BORROW' | 'MARGIN_CALL' | 'LIQUIDATION';

/** One asset's loan: principal and interest, interest kept exactly until it is owed. */
export interface MarginDebt {
  principal: bigint;
  /**
   * Interest charged so far, not yet paid, as a sum of principal x daily rate (WAD) per charged hour.
   * What is owed is this / (24 x WAD) rounded up (see spotMargin/interest.ts).
   */
  interestRaw: bigint;
  /** Start of the next hour to charge (ms, a UTC hour start); 0 while nothing is borrowed. */
  nextAccrual: number;
}

export interface MarginAccount {
  /** The owning account's id (so settlement code can treat it like any wallet holder). */
  readonly id: number;
  /** -1 for the cross account, else the spot pair's market index. */
  readonly pair: number;
  /** One per venue asset, by asset index (an isolated account uses only its pair's two). */
  readonly wallets: Wallet[];
  /** One per venue asset, by asset index. */
  readonly debts: MarginDebt[];
  /** The band last reported by a MarginLevelChanged event. */
  levelState: MarginLevelState;
}

export function newMarginAccount(id: number, pair: number, assetCount: number): MarginAccount {
  const wallets: Wallet[] = [];
  const debts: MarginDebt[] = [];
  for (let i = 0; i < assetCount; i++) {
    wallets.push({ available: 0n, held: 0n });
    debts.push({ principal: 0n, interestRaw: 0n, nextAccrual: 0 });
  }
  return { id, pair, wallets, debts, levelState: 'NORMAL' };
}

/** True while any principal is outstanding (interest is always repaid before principal). */
export function hasDebt(account: MarginAccount): boolean {
  for (const d of account.debts) if (d.principal > 0n) return true;
  return false;
}
