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

export type EngineEvent =
  AccountCreated | Deposited | Withdrawn | OrderAccepted | Trade | OrderClosed | OrderRested | OrderAmended;
