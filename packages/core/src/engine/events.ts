import type { PositionSide } from '../account/index.ts';
import type { OrderType, SideName, TimeInForce } from './commands.ts';

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
}

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
  /** Why a triggered conditional order expired: the code its placement was refused with. */
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

export type EngineEvent =
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
