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
export type { Account, Ledger, Wallet } from './account.ts';
export { direction, findPosition, newFuturesAccount, openOrderTotals, positionsIn } from './futures.ts';
export type { FuturesAccount, MarketSettings, OpenOrderTotals, Position, PositionSide } from './futures.ts';
