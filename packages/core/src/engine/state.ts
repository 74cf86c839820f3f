import { newAccount, newLedger } from '../account/index.ts';
import type { Account, Ledger } from '../account/index.ts';
import { FastBook } from '../book/index.ts';
import type { OrderBook } from '../book/index.ts';
import { newLendingPool } from '../lending/index.ts';
import type { LendingPool } from '../lending/index.ts';
import type { Venue } from '../market/index.ts';
import { newPerpStates } from './perpState.ts';
import type { PerpMarketState, PerpOrderMeta } from './perpState.ts';
import type { ConditionalOrder } from './perpTriggers.ts';
import { INSURANCE_ACCOUNT_ID } from './insurance.ts';
import type { InsuranceRecord } from './insurance.ts';
import { newRiskIndex } from './riskIndex.ts';
import type { RiskIndex } from './riskIndex.ts';
import { newMarginPools } from './marginState.ts';
import type { MarginFundRecord, MarginOrderMeta, MarginPool } from './marginState.ts';

/** Everything the engine knows. Only engine handlers change it. */
export interface EngineState {
  readonly venue: Venue;
  /** Seq of the last applied (accepted) command; 0 before the first. */
  seq: number;
  /** Time of the last applied command. */
  time: number;
  /** Accounts by id - 1 (ids are 1, 2, 3... in creation order). */
  readonly accounts: Account[];
  readonly ledger: Ledger;
  /** One book per market, by market index (spot pairs first, then perpetuals). */
  readonly books: OrderBook[];
  /** Client order id of each open order that has one (order ids are unique across markets). */
  readonly clientIdByOrder: Map<number, string>;
  /** Perpetual market state by market index (undefined for spot pairs). */
  readonly perp: (PerpMarketState | undefined)[];
  /** Resting perpetual orders: position side and reduce-only flag. */
  readonly perpOrders: Map<number, PerpOrderMeta>;
  /** Conditional perpetual orders waiting for their stop price, by order id. */
  readonly conditional: Map<number, ConditionalOrder>;
  nextOrderId: number;
  nextTradeId: number;
  /** The insurance fund's account (id 0): its futures wallet is the fund, per margin asset. */
  readonly insurance: Account;
  /** Every movement of the insurance fund, merged per command, asset and reason. */
  readonly insuranceHistory: InsuranceRecord[];
  /** Derived, not snapshotted: which margin groups may be liquidatable (see riskIndex.ts). */
  readonly risk: RiskIndex;
  /** Time of the command being applied (state.time moves only once it is accepted). */
  commandTime: number;
  /** Spot index prices by market index (quote units per whole base); 0 until the first one. */
  readonly spotIndex: bigint[];
  /** The lending pool of each asset, by asset index. */
  readonly marginPool: MarginPool[];
  /** The margin insurance fund, per asset (separate from the perpetual fund). */
  readonly marginFund: bigint[];
  readonly marginFundHistory: MarginFundRecord[];
  /** Resting spot orders that trade from a margin account, by order id. */
  readonly marginOrders: Map<number, MarginOrderMeta>;
  /** Derived, not snapshotted: keys of margin accounts with debt (see marginState.ts). */
  readonly borrowers: Set<number>;
  /** Derived, emptied after every command: margin accounts whose band may have changed. */
  readonly marginDirty: Set<number>;
  /** Oracle prices by asset index (base-currency units per whole asset); 0 until the first one. */
  readonly oracle: bigint[];
  /** The lending pool's reserves, when the venue has one (accounts hold their positions). */
  readonly lending: LendingPool | undefined;
}

export type BookFactory = () => OrderBook;

export function createState(venue: Venue, newBook: BookFactory = () => new FastBook()): EngineState {
  return {
    venue,
    seq: 0,
    time: 0,
    accounts: [],
    ledger: newLedger(venue.assets.length),
    books: venue.markets.map(() => newBook()),
    clientIdByOrder: new Map(),
    perp: newPerpStates(venue),
    perpOrders: new Map(),
    conditional: new Map(),
    nextOrderId: 1,
    nextTradeId: 1,
    insurance: newAccount(INSURANCE_ACCOUNT_ID, venue.assets.length),
    insuranceHistory: [],
    risk: newRiskIndex(venue.markets.length, (i) => venue.markets[i]!.kind === 'perp'),
    commandTime: 0,
    spotIndex: venue.markets.map(() => 0n),
    marginPool: newMarginPools(venue),
    marginFund: venue.assets.map(() => 0n),
    marginFundHistory: [],
    marginOrders: new Map(),
    borrowers: new Set(),
    marginDirty: new Set(),
    oracle: venue.assets.map(() => 0n),
    // Reserves start at time 0: with nothing supplied or owed, accrual up to the first use changes nothing.
    lending: venue.lending ? newLendingPool(venue.lending.params, 0) : undefined,
  };
}

export function accountById(state: EngineState, id: number): Account | undefined {
  return Number.isSafeInteger(id) && id >= 1 ? state.accounts[id - 1] : undefined;
}
