/**
 * Commands: the only way state changes. The sequencer stamps `seq` (strictly increasing) and `time`
 * (ms since the epoch, never decreasing); the engine reads no clock. Prices and quantities arrive
 * already converted to integer ticks and lots (see market/convert.ts), amounts to smallest units.
 */

import type { PositionSide } from '../account/index.ts';
/** An amount in smallest units, or 'max' for everything (Aave's type(uint256).max). */
import type { LendingAmount } from '../lending/index.ts';

export type SideName = 'BUY' | 'SELL';
/** Spot takes LIMIT and MARKET; perpetuals also the conditional kinds (see engine/perpTriggers.ts). */
export type OrderType = 'LIMIT' | 'MARKET' | 'STOP' | 'STOP_MARKET' | 'TAKE_PROFIT' | 'TAKE_PROFIT_MARKET';
/** GTC rests; IOC fills what it can now; FOK fills entirely now or not at all; GTX is post-only. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX';
export type StpMode = 'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH';
/** Which wallets a spot order trades from: spot, the cross margin account, or the pair's isolated one. */
export type WalletName = 'SPOT' | 'MARGIN' | 'ISOLATED_MARGIN';
/**
 * Binance's sideEffectType for margin orders: MARGIN_BUY borrows what the order needs beyond the
 * available balance; AUTO_REPAY repays debt with what fills bring in; AUTO_BORROW_REPAY does both.
 */
export type SideEffect = 'NO_SIDE_EFFECT' | 'MARGIN_BUY' | 'AUTO_REPAY' | 'AUTO_BORROW_REPAY';
export type MarginTransferDirection = 'SPOT_TO_MARGIN' | 'MARGIN_TO_SPOT';

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
  /** Perpetuals: BOTH (default) in one-way mode, LONG or SHORT in hedge mode. */
  readonly positionSide?: PositionSide;
  /** Perpetuals, one-way mode: the order may only reduce the position. */
  readonly reduceOnly?: boolean;
  /** Conditional orders: the trigger price in ticks. */
  readonly stopPrice?: number;
  /** Conditional orders: watch the mark price or the last trade price (default). */
  readonly workingType?: 'MARK_PRICE' | 'CONTRACT_PRICE';
  /** STOP_MARKET / TAKE_PROFIT_MARKET: close the whole position when triggered (no quantity). */
  readonly closePosition?: boolean;
  /** Spot pairs: the wallets the order trades from (default SPOT). */
  readonly wallet?: WalletName;
  /** Margin orders: borrow and/or repay around the order (default NO_SIDE_EFFECT). */
  readonly sideEffect?: SideEffect;
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

/**
 * A new index price from the price feed (quote units per whole base), for a perpetual market (mark,
 * funding, triggers, liquidation) or a spot pair (margin valuation and margin liquidation).
 */
export interface IndexPrice extends Stamped {
  readonly type: 'IndexPrice';
  readonly market: string;
  readonly price: bigint;
}

export interface SetLeverage extends Stamped {
  readonly type: 'SetLeverage';
  readonly accountId: number;
  readonly market: string;
  readonly leverage: number;
}

export interface SetMarginType extends Stamped {
  readonly type: 'SetMarginType';
  readonly accountId: number;
  readonly market: string;
  readonly isolated: boolean;
}

/** One-way (dualSide false) or hedge mode (true); only with no position and no open order. */
export interface SetPositionMode extends Stamped {
  readonly type: 'SetPositionMode';
  readonly accountId: number;
  readonly dualSide: boolean;
}

export interface Transfer extends Stamped {
  readonly type: 'Transfer';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
  readonly direction: 'SPOT_TO_FUTURES' | 'FUTURES_TO_SPOT';
}

export interface AdjustIsolatedMargin extends Stamped {
  readonly type: 'AdjustIsolatedMargin';
  readonly accountId: number;
  readonly market: string;
  readonly positionSide?: PositionSide;
  readonly amount: bigint;
  /** true adds from the cross wallet, false takes back. */
  readonly add: boolean;
}

/** Venue money into the insurance fund of a margin asset (counted as a deposit). */
export interface FundInsurance extends Stamped {
  readonly type: 'FundInsurance';
  readonly asset: string;
  readonly amount: bigint;
}

/** Move funds between an account's spot wallets and its cross (or, with `pair`, isolated) margin account. */
export interface MarginTransfer extends Stamped {
  readonly type: 'MarginTransfer';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
  readonly direction: MarginTransferDirection;
  /** Spot pair symbol of the isolated margin account; absent for the cross account. */
  readonly pair?: string;
}

/** Borrow from the venue's lending pool into a margin account. */
export interface Borrow extends Stamped {
  readonly type: 'Borrow';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
  readonly pair?: string;
}

/** Repay a margin loan (interest first, then principal) from the margin account's available balance. */
export interface Repay extends Stamped {
  readonly type: 'Repay';
  readonly accountId: number;
  readonly asset: string;
  /** At most this much: min(amount, owed) is repaid. */
  readonly amount: bigint;
  readonly pair?: string;
}

/** Venue money into the margin insurance fund (counted as a deposit). */
export interface FundMarginInsurance extends Stamped {
  readonly type: 'FundMarginInsurance';
  readonly asset: string;
  readonly amount: bigint;
}

/**
 * An oracle price for the lending pool: base-currency units (USD with the pool's base decimals, 8 by
 * default, like Aave's oracle) per whole asset. Any venue asset may have one.
 */
export interface OraclePrice extends Stamped {
  readonly type: 'OraclePrice';
  readonly asset: string;
  readonly price: bigint;
}

/** Supply to the lending pool from the account's spot wallet. */
export interface LendingSupply extends Stamped {
  readonly type: 'LendingSupply';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

/** Withdraw supply (with interest) back to the spot wallet. */
export interface LendingWithdraw extends Stamped {
  readonly type: 'LendingWithdraw';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: LendingAmount;
}

/** Borrow from the lending pool, at its variable rate, into the spot wallet. */
export interface LendingBorrow extends Stamped {
  readonly type: 'LendingBorrow';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: bigint;
}

/** Repay lending debt from the account's spot wallet: its own, or `onBehalfOf` another account's. */
export interface LendingRepay extends Stamped {
  readonly type: 'LendingRepay';
  readonly accountId: number;
  readonly asset: string;
  /** At most what is owed is taken. */
  readonly amount: LendingAmount;
  readonly onBehalfOf?: number;
}

/** Use (or stop using) the account's supply of an asset as collateral. */
export interface SetCollateral extends Stamped {
  readonly type: 'SetCollateral';
  readonly accountId: number;
  readonly asset: string;
  readonly enabled: boolean;
}

/** Enter an e-mode category of the lending pool (0 leaves e-mode). */
export interface SetEMode extends Stamped {
  readonly type: 'SetEMode';
  readonly accountId: number;
  readonly category: number;
}

/**
 * Liquidate a lending borrower whose health factor is below 1: the liquidator (`accountId`) repays
 * part of its debt in `debtAsset` from its spot wallet and receives its collateral in
 * `collateralAsset` with the liquidation bonus, into the spot wallet or, with `receiveSupply`, as
 * supply in the pool.
 */
export interface LiquidationCall extends Stamped {
  readonly type: 'LiquidationCall';
  readonly accountId: number;
  readonly borrower: number;
  readonly collateralAsset: string;
  readonly debtAsset: string;
  readonly debtToCover: LendingAmount;
  readonly receiveSupply?: boolean;
}

/**
 * Cover a reserve's bad debt (deficit): paid from `accountId`'s spot wallet, or without an account
 * burned from the treasury's supply of the reserve.
 */
export interface FundLendingDeficit extends Stamped {
  readonly type: 'FundLendingDeficit';
  readonly asset: string;
  readonly amount: bigint;
  readonly accountId?: number;
}

/** Pay out the treasury's supply of a reserve (reserve factor, liquidation fees) to an account's spot wallet. */
export interface TreasuryWithdraw extends Stamped {
  readonly type: 'TreasuryWithdraw';
  readonly accountId: number;
  readonly asset: string;
  readonly amount: LendingAmount;
}

export type Command =
  | CreateAccount
  | Deposit
  | Withdraw
  | PlaceOrder
  | CancelOrder
  | AmendOrder
  | IndexPrice
  | SetLeverage
  | SetMarginType
  | SetPositionMode
  | Transfer
  | AdjustIsolatedMargin
  | FundInsurance
  | MarginTransfer
  | Borrow
  | Repay
  | FundMarginInsurance
  | OraclePrice
  | LendingSupply
  | LendingWithdraw
  | LendingBorrow
  | LendingRepay
  | SetCollateral
  | SetEMode
  | LiquidationCall
  | FundLendingDeficit
  | TreasuryWithdraw;
export type CommandType = Command['type'];

/** A command before the sequencer stamps it. */
export type UnstampedCommand = Command extends infer C
  ? C extends Command
    ? Omit<C, 'seq' | 'time'>
    : never
  : never;
