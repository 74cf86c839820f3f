/**
 * Commands: the only way state changes. The sequencer stamps `seq` (strictly increasing) and `time`
 * (ms since the epoch, never decreasing); the engine reads no clock. Prices and quantities arrive
 * already converted to integer ticks and lots (see market/convert.ts), amounts to smallest units.
 */

export type SideName = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'MARKET';
/** GTC rests; IOC fills what it can now; FOK fills entirely now or not at all; GTX is post-only. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX';
export type StpMode = 'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH';

interface Stamped {
  readonly seq: number;
  readonly time: number;
}

export interface CreateAccount extends Stamped {
  readonly type: 'CreateAccount';
}

export interface Deposit extends Stamped {
  readonly type: 'Deposit';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

export interface Withdraw extends Stamped {
  readonly type: 'Withdraw';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

export interface PlaceOrder extends Stamped {
  readonly type: 'PlaceOrder';
  readonly accountId: number;
  readonly market: string;
  readonly side: SideName;
  readonly orderType: OrderType;
  /** Default GTC for LIMIT and IOC for MARKET. MARKET accepts IOC or FOK. */
  readonly timeInForce?: TimeInForce;
  /** Limit price in ticks; required for LIMIT, refused for MARKET. */
  readonly price?: number;
  /** Quantity in lots. */
  readonly qty: number;
  /** The client's own id: 1-36 of A-Z a-z 0-9 . : / _ -, unique among the account's open orders. */
  readonly clientOrderId?: string;
  /** Default EXPIRE_MAKER, as Binance spot. */
  readonly stp?: StpMode;
}

export interface CancelOrder extends Stamped {
  readonly type: 'CancelOrder';
  readonly accountId: number;
  readonly market: string;
  /** Either the venue's order id or the client order id. */
  readonly orderId?: number;
  readonly clientOrderId?: string;
}

/**
 * Change an open order's price and/or total quantity. Lowering the quantity at the same price keeps
 * the order's place in the queue; any other change sends it to the back. An amend never trades.
 */
export interface AmendOrder extends Stamped {
  readonly type: 'AmendOrder';
  readonly accountId: number;
  readonly market: string;
  readonly orderId: number;
  /** New limit price in ticks. */
  readonly price: number;
  /** New total quantity in lots (executed + remaining), as Binance's order modify takes it. */
  readonly qty: number;
}

export type Command = CreateAccount | Deposit | Withdraw | PlaceOrder | CancelOrder | AmendOrder;
export type CommandType = Command['type'];

/** A command before the sequencer stamps it. */
export type UnstampedCommand = Command extends infer C
  ? C extends Command
    ? Omit<C, 'seq' | 'time'>
    : never
  : never;
