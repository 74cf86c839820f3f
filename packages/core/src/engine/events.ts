import type { MarginLevelState, PositionSide } from '../account/index.ts';
import type { MarginTransferDirection, OrderType, SideEffect, SideName, TimeInForce } from './commands.ts';
import type { InsuranceReason } from './insurance.ts';
import type { MarginFundReason } from './marginState.ts';

/**
 * Events: what happened, in order, for fan-out (WebSocket, read models) and audit. Quantities are
 * lots, prices ticks, amounts smallest units of the named asset.
 */

export interface AccountCreated {
  readonly type: 'AccountCreated';
  readonly accountId: number;
}

export interface Deposited {
  readonly type: 'Deposited';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

export interface Withdrawn {
  readonly type: 'Withdrawn';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

export interface OrderAccepted {
  readonly type: 'OrderAccepted';
  readonly orderId: number;
  readonly accountId: number;
  readonly market: string;
  readonly side: SideName;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  /** Limit price in ticks; -1 for a market order. */
  readonly price: number;
  readonly qty: number;
  readonly clientOrderId: string | undefined;
  /** Orders the venue places itself: liquidation, auto-deleveraging, insurance fund offload. */
  readonly origin?: OrderOrigin;
  /** Margin orders: the margin account it trades from (absent: the spot wallets). */
  readonly wallet?: 'MARGIN' | 'ISOLATED_MARGIN';
  /** Margin orders with a side effect other than NO_SIDE_EFFECT. */
  readonly sideEffect?: SideEffect;
}

/** Who placed an order the account did not: Binance marks these with "autoclose-" / "adl_autoclose" ids. */
export type OrderOrigin = 'LIQUIDATION' | 'ADL' | 'INSURANCE';

export interface Trade {
  readonly type: 'Trade';
  readonly tradeId: number;
  readonly market: string;
  readonly price: number;
  readonly qty: number;
  /** Value in quote units (price x qty, exact). */
  readonly quoteQty: bigint;
  readonly takerSide: SideName;
  readonly takerOrderId: number;
  readonly takerAccountId: number;
  readonly makerOrderId: number;
  readonly makerAccountId: number;
  /** Lots the maker order still has open after this trade. */
  readonly makerLeft: number;
  /** Fees are charged in the asset each side receives (base for the buyer, quote for the seller). */
  readonly takerFee: bigint;
  readonly makerFee: bigint;
}

/** Why an order left the book, or why a taker's remainder did not rest. */
export type CloseStatus = 'FILLED' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';

export interface OrderClosed {
  readonly type: 'OrderClosed';
  readonly orderId: number;
  readonly accountId: number;
  readonly market: string;
  readonly status: CloseStatus;
  /** Lots still open when it closed (0 when filled). */
  readonly leftQty: number;
  /**
   * Why it closed when the account did not ask: the code a triggered conditional order's placement
   * was refused with, or LIQUIDATION / ADL for orders cancelled by those.
   */
  readonly reason?: string;
}

/** A conditional order's stop was reached: it is placed now under the same id. */
export interface OrderTriggered {
  readonly type: 'OrderTriggered';
  readonly orderId: number;
  readonly accountId: number;
  readonly market: string;
  readonly stopPrice: number;
}

export interface OrderRested {
  readonly type: 'OrderRested';
  readonly orderId: number;
  readonly accountId: number;
  readonly market: string;
  readonly price: number;
  readonly qty: number;
}

export interface OrderAmended {
  readonly type: 'OrderAmended';
  readonly orderId: number;
  readonly accountId: number;
  readonly market: string;
  readonly price: number;
  /** New total quantity. */
  readonly qty: number;
  /** New open quantity. */
  readonly leftQty: number;
  readonly keptPriority: boolean;
}

export interface MarkPrice {
  readonly type: 'MarkPrice';
  readonly market: string;
  readonly index: bigint;
  readonly mark: bigint;
  readonly nextFundingTime: number;
}

/** A funding time passed: positions settle lazily at this rate and mark. */
export interface Funding {
  readonly type: 'Funding';
  readonly market: string;
  readonly time: number;
  /** WAD; positive: longs pay shorts. */
  readonly rate: bigint;
  readonly mark: bigint;
}

/** One position's funding payment for one funding time (negative: it paid). */
export interface FundingFee {
  readonly type: 'FundingFee';
  readonly accountId: number;
  readonly market: string;
  readonly positionSide: PositionSide;
  readonly time: number;
  readonly rate: bigint;
  readonly mark: bigint;
  readonly amount: bigint;
}

export interface LeverageChanged {
  readonly type: 'LeverageChanged';
  readonly accountId: number;
  readonly market: string;
  readonly leverage: number;
}

export interface MarginTypeChanged {
  readonly type: 'MarginTypeChanged';
  readonly accountId: number;
  readonly market: string;
  readonly isolated: boolean;
}

export interface PositionModeChanged {
  readonly type: 'PositionModeChanged';
  readonly accountId: number;
  readonly dualSide: boolean;
}

export interface Transferred {
  readonly type: 'Transferred';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
  readonly direction: 'SPOT_TO_FUTURES' | 'FUTURES_TO_SPOT';
}

export interface IsolatedMarginChanged {
  readonly type: 'IsolatedMarginChanged';
  readonly accountId: number;
  readonly market: string;
  readonly positionSide: PositionSide;
  /** Added (> 0) or taken back (< 0). */
  readonly amount: bigint;
  readonly margin: bigint;
}

/** A movement of the insurance fund of a margin asset. */
export interface InsuranceFundChanged {
  readonly type: 'InsuranceFundChanged';
  readonly asset: string;
  readonly reason: InsuranceReason;
  /** Inflow (> 0) or outflow (< 0). */
  readonly amount: bigint;
  readonly balance: bigint;
}

/** A margin group reached its maintenance margin: its liquidation begins. */
export interface LiquidationStarted {
  readonly type: 'LiquidationStarted';
  readonly accountId: number;
  /** Margin asset of the group. */
  readonly asset: string;
  /** Isolated positions: the market and side; a cross group has neither. */
  readonly market?: string;
  readonly positionSide?: PositionSide;
  readonly marginBalance: bigint;
  readonly maintenanceMargin: bigint;
}

/** A liquidation ended: how much went where, and the group's equity after. */
export interface Liquidated {
  readonly type: 'Liquidated';
  readonly accountId: number;
  readonly asset: string;
  readonly market?: string;
  readonly positionSide?: PositionSide;
  /** Lots closed in the book, taken over by the insurance fund, and deleveraged. */
  readonly bookQty: number;
  readonly insuranceQty: number;
  readonly adlQty: number;
  readonly clearanceFee: bigint;
  /** Paid by the fund to bring equity back to zero. */
  readonly covered: bigint;
  readonly equityAfter: bigint;
}

/** The insurance fund took over part of a position at its bankruptcy price. */
export interface InsuranceTakeover {
  readonly type: 'InsuranceTakeover';
  readonly accountId: number;
  readonly market: string;
  readonly positionSide: PositionSide;
  readonly qty: number;
  /** Bankruptcy price, quote units per whole base (off the tick grid). */
  readonly price: bigint;
  readonly value: bigint;
}

/** Auto-deleveraging: a profitable opposite position closed against a bankrupt one, no fee. */
export interface AdlFill {
  readonly type: 'AdlFill';
  readonly market: string;
  readonly qty: number;
  readonly price: bigint;
  readonly value: bigint;
  /** The liquidated account and position side. */
  readonly accountId: number;
  readonly positionSide: PositionSide;
  /** The deleveraged account and position side. */
  readonly counterpartyId: number;
  readonly counterpartySide: PositionSide;
}

/** A new index price of a spot pair (quote units per whole base): margin valuation uses it. */
export interface SpotIndexPrice {
  readonly type: 'SpotIndexPrice';
  readonly market: string;
  readonly index: bigint;
}

export interface MarginTransferred {
  readonly type: 'MarginTransferred';
  readonly accountId: number;
  /** Isolated margin: the spot pair; absent for the cross account. */
  readonly pair?: string;
  readonly asset: string;
  readonly amount: bigint;
  readonly direction: MarginTransferDirection;
}

/** A loan from the lending pool into a margin account. */
export interface Borrowed {
  readonly type: 'Borrowed';
  readonly accountId: number;
  readonly pair?: string;
  readonly asset: string;
  readonly amount: bigint;
  /** Interest owed after the first hour was charged. */
  readonly interest: bigint;
  /** Principal owed after the loan. */
  readonly principal: bigint;
  /** Set when an order's MARGIN_BUY side effect borrowed it. */
  readonly orderId?: number;
}

export type RepayReason = 'REPAY' | 'AUTO_REPAY' | 'LIQUIDATION';

/** A repayment to the lending pool: interest first, then principal. */
export interface Repaid {
  readonly type: 'Repaid';
  readonly accountId: number;
  readonly pair?: string;
  readonly asset: string;
  readonly interest: bigint;
  readonly principal: bigint;
  readonly interestLeft: bigint;
  readonly principalLeft: bigint;
  readonly reason: RepayReason;
  /** AUTO_REPAY: the order whose fill paid. */
  readonly orderId?: number;
}

/** Hours of interest charged when a loan was caught up (lazily, before any decision on it). */
export interface MarginInterest {
  readonly type: 'MarginInterest';
  readonly accountId: number;
  readonly pair?: string;
  readonly asset: string;
  readonly hours: number;
  /** Added to the interest owed (smallest units). */
  readonly amount: bigint;
  /** Interest owed after. */
  readonly interest: bigint;
}

/** A margin account entered another band of margin level. */
export interface MarginLevelChanged {
  readonly type: 'MarginLevelChanged';
  readonly accountId: number;
  readonly pair?: string;
  readonly state: MarginLevelState;
  /** ML in ppm, rounded down; Int64's maximum without debt. */
  readonly levelPpm: bigint;
}

export interface MarginAmount {
  readonly asset: string;
  readonly amount: bigint;
}

/** A margin account was liquidated: what was sold, repaid, charged and covered. */
export interface MarginLiquidated {
  readonly type: 'MarginLiquidated';
  readonly accountId: number;
  readonly pair?: string;
  /** ML when the liquidation began, ppm. */
  readonly levelPpm: bigint;
  /** Assets given up into the book, and what came back. */
  readonly sold: MarginAmount[];
  readonly bought: MarginAmount[];
  /** Principal + interest repaid per asset (the covered part included). */
  readonly repaid: MarginAmount[];
  /** Liquidation fee to the margin insurance fund, in the valuation asset. */
  readonly fee: bigint;
  /** Paid by the margin insurance fund to the pool for debt left with no assets. */
  readonly covered: MarginAmount[];
  /** What the fund could not cover: written off by the pool. */
  readonly badDebt: MarginAmount[];
  /** Debt remains because the book could not take the assets within the band: retried next tick. */
  readonly debtLeft: boolean;
}

/** A movement of the margin insurance fund. */
export interface MarginInsuranceChanged {
  readonly type: 'MarginInsuranceChanged';
  readonly asset: string;
  readonly reason: MarginFundReason;
  readonly amount: bigint;
  readonly balance: bigint;
}

/** A new oracle price: base-currency units (USD, 8 decimals by default) per whole asset. */
export interface OraclePriceUpdated {
  readonly type: 'OraclePriceUpdated';
  readonly asset: string;
  readonly price: bigint;
}

/** Supply to the lending pool (from the spot wallet). `scaled` is the supply balance minted. */
export interface LendingSupplied {
  readonly type: 'LendingSupplied';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
  readonly scaled: bigint;
  /** The first supply of an asset that can back borrows turned it on as collateral. */
  readonly collateralEnabled: boolean;
}

export interface LendingWithdrawn {
  readonly type: 'LendingWithdrawn';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
  readonly scaled: bigint;
  /** Nothing is left of this supply, so it no longer counts as collateral. */
  readonly collateralDisabled: boolean;
}

export interface LendingBorrowed {
  readonly type: 'LendingBorrowed';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
  /** Scaled debt minted. */
  readonly scaled: bigint;
}

export interface LendingRepaid {
  readonly type: 'LendingRepaid';
  /** Who paid (from its spot wallet). */
  readonly accountId: number;
  /** Whose debt was repaid. */
  readonly onBehalfOf: number;
  readonly asset: string;
  readonly amount: bigint;
  readonly scaled: bigint;
  /** Nothing is owed to this reserve any more. */
  readonly cleared: boolean;
}

export interface CollateralSet {
  readonly type: 'CollateralSet';
  readonly accountId: number;
  readonly asset: string;
  readonly enabled: boolean;
}

export interface EModeSet {
  readonly type: 'EModeSet';
  readonly accountId: number;
  readonly category: number;
  readonly previous: number;
}

/** A lending liquidation (Aave's LiquidationCall event). */
export interface LendingLiquidated {
  readonly type: 'LendingLiquidated';
  readonly liquidatorId: number;
  /** The borrower. */
  readonly accountId: number;
  readonly collateralAsset: string;
  readonly debtAsset: string;
  /** The borrower's health factor before (WAD). */
  readonly healthFactor: bigint;
  /** bps of the debt this liquidation could repay: 5,000 or 10,000. */
  readonly closeFactor: bigint;
  readonly debtRepaid: bigint;
  /** Collateral to the liquidator, and out of the bonus to the treasury. */
  readonly collateralToLiquidator: bigint;
  readonly protocolFee: bigint;
  /** The liquidator took the collateral as supply in the pool. */
  readonly receiveSupply: boolean;
}

/** Debt written off when a liquidation left the borrower without collateral: the reserve's bad debt. */
export interface LendingDeficitCreated {
  readonly type: 'DeficitCreated';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

/** Part of a reserve's deficit covered: paid by an account, or burned from the treasury's supply. */
export interface DeficitCovered {
  readonly type: 'DeficitCovered';
  readonly asset: string;
  readonly amount: bigint;
  /** The payer; absent when the treasury covered it. */
  readonly accountId?: number;
}

export interface TreasuryWithdrawn {
  readonly type: 'TreasuryWithdrawn';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

/** A reserve changed: its indexes and the rates now in force (RAY, yearly), after accrual. */
export interface ReserveDataUpdated {
  readonly type: 'ReserveDataUpdated';
  readonly asset: string;
  readonly liquidityRate: bigint;
  readonly variableBorrowRate: bigint;
  readonly liquidityIndex: bigint;
  readonly variableBorrowIndex: bigint;
  /** What the pool holds of the asset, and its bad debt. */
  readonly cash: bigint;
  readonly deficit: bigint;
}

export type EngineEvent =
  | InsuranceFundChanged
  | LiquidationStarted
  | Liquidated
  | InsuranceTakeover
  | AdlFill
  | MarkPrice
  | Funding
  | FundingFee
  | LeverageChanged
  | MarginTypeChanged
  | PositionModeChanged
  | Transferred
  | IsolatedMarginChanged
  | AccountCreated
  | Deposited
  | Withdrawn
  | OrderAccepted
  | Trade
  | OrderClosed
  | OrderRested
  | OrderAmended
  | OrderTriggered
  | SpotIndexPrice
  | MarginTransferred
  | Borrowed
  | Repaid
  | MarginInterest
  | MarginLevelChanged
  | MarginLiquidated
  | MarginInsuranceChanged
  | OraclePriceUpdated
  | LendingSupplied
  | LendingWithdrawn
  | LendingBorrowed
  | LendingRepaid
  | CollateralSet
  | EModeSet
  | LendingLiquidated
  | LendingDeficitCreated
  | DeficitCovered
  | TreasuryWithdrawn
  | ReserveDataUpdated;
