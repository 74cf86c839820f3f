import type { PositionSide } from '../account/index.ts';
import type { OrderType, SideName, TimeInForce } from './commands.ts';
import type { InsuranceReason } from './insurance.ts';

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
  | OrderTriggered;
