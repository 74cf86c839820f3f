export {
  available,
  credit,
  debit,
  held,
  hold,
  newAccount,
  newLedger,
  release,
  spendHeld,
} from './account.ts';
export type { Account, Ledger, Wallet, WalletHolder } from './account.ts';
export { hasDebt, newMarginAccount } from './margin.ts';
export type { MarginAccount, MarginDebt, MarginLevelState } from './margin.ts';
export { direction, findPosition, newFuturesAccount, openOrderTotals, positionsIn } from './futures.ts';
export type { FuturesAccount, MarketSettings, OpenOrderTotals, Position, PositionSide } from './futures.ts';
export type { LendingAccount, LendingPosition } from './lending.ts';
