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
