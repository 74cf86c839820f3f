import type { BracketInfo } from '../lib/estimate.ts';

/** Shapes of the native API's answers (decimal strings throughout). */

export interface MarketInfo {
  readonly symbol: string;
  readonly kind: 'PERPETUAL' | 'SPOT';
  readonly base: string;
  readonly quote: string;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly maxPrice: string;
  readonly maxQty: string;
  readonly minNotional: string;
  readonly makerFee: string;
  readonly takerFee: string;
  readonly perpetual: {
    readonly marginAsset: string;
    readonly maxLeverage: number;
    readonly defaultLeverage: number;
    readonly fundingIntervalHours: number;
    readonly interestRate: string;
    readonly brackets: readonly BracketInfo[];
  } | null;
}

export interface MarketsView {
  readonly assets: readonly { readonly symbol: string; readonly decimals: number }[];
  readonly markets: readonly MarketInfo[];
}

export interface PriceView {
  readonly market: string;
  readonly indexPrice: string | null;
  readonly markPrice: string | null;
  readonly lastPrice: string | null;
  readonly lastFundingRate: string;
  readonly interestRate: string;
  readonly nextFundingTime: number;
  readonly time: number;
}

export interface TradeView {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly takerSide: 'BUY' | 'SELL';
  readonly time: number;
}

export interface FuturesAssetView {
  readonly asset: string;
  readonly walletBalance: string;
  readonly unrealizedPnl: string;
  readonly marginBalance: string;
  readonly positionInitialMargin: string;
  readonly openOrderInitialMargin: string;
  readonly maintenanceMargin: string;
  readonly availableBalance: string;
  readonly maxWithdrawAmount: string;
  readonly marginRatio: string | null;
}

export interface AccountView {
  readonly accountId: number;
  readonly spot: readonly { readonly asset: string; readonly available: string; readonly held: string }[];
  readonly futures: {
    readonly positionMode: 'ONE_WAY' | 'HEDGE';
    readonly assets: readonly FuturesAssetView[];
    readonly markets: readonly {
      readonly market: string;
      readonly leverage: number;
      readonly marginType: 'ISOLATED' | 'CROSSED';
    }[];
  };
}

export interface PositionView {
  readonly market: string;
  readonly positionSide: 'BOTH' | 'LONG' | 'SHORT';
  readonly marginType: 'ISOLATED' | 'CROSSED';
  readonly leverage: number;
  readonly qty: string;
  readonly entryPrice: string;
  readonly breakEvenPrice: string;
  readonly markPrice: string;
  readonly unrealizedPnl: string;
  readonly roe: string;
  readonly notional: string;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  readonly isolatedMargin: string;
  readonly marginRatio: string | null;
  readonly liquidationPrice: string | null;
  /** Present when the API adds it; otherwise the Binance-compatible adlQuantile route fills it in. */
  readonly adlQuantile?: number;
}

export interface OrderView {
  readonly orderId: number;
  readonly clientOrderId: string | null;
  readonly market: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly timeInForce: string;
  readonly price: string | null;
  readonly stopPrice: string | null;
  readonly origQty: string;
  readonly executedQty: string;
  readonly cumQuote: string;
  readonly avgPrice: string | null;
  readonly status: string;
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly positionSide: string | null;
  readonly reason: string | null;
  readonly time: number;
  readonly updateTime: number;
}

export interface FillView {
  readonly tradeId: number;
  readonly orderId: number;
  readonly market: string;
  readonly side: 'BUY' | 'SELL';
  readonly price: string;
  readonly qty: string;
  readonly quoteQty: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly maker: boolean;
  readonly time: number;
}

/** GET /fapi/v1/income rows (Binance-compatible API). */
export interface IncomeView {
  readonly symbol: string;
  readonly incomeType: string;
  readonly income: string;
  readonly asset: string;
  readonly info: string;
  readonly time: number;
  readonly tranId: number | string;
}

/** GET /fapi/v1/forceOrders rows: liquidation and ADL orders. */
export interface ForceOrderView {
  readonly orderId: number;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly avgPrice: string;
  readonly executedQty: string;
  readonly clientOrderId: string;
  readonly updateTime: number;
}

export interface PlaceOrderBody {
  readonly market: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'MARKET' | 'STOP' | 'STOP_MARKET' | 'TAKE_PROFIT' | 'TAKE_PROFIT_MARKET';
  readonly quantity?: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'GTX';
  readonly reduceOnly?: boolean;
  readonly closePosition?: boolean;
  readonly clientOrderId?: string;
  readonly positionSide?: 'BOTH' | 'LONG' | 'SHORT';
  /** Spot pairs with spot margin: which account the order trades from, and its borrowing. */
  readonly wallet?: SpotWallet;
  readonly sideEffect?: SideEffect;
}

export type SpotWallet = 'SPOT' | 'MARGIN' | 'ISOLATED_MARGIN';
export type SideEffect = 'NO_SIDE_EFFECT' | 'MARGIN_BUY' | 'AUTO_REPAY' | 'AUTO_BORROW_REPAY';

/** What the account channel sends. */
export type AccountMessage =
  | { readonly channel: 'account'; readonly seq: number; readonly event: AccountEvent }
  | { readonly channel: 'account'; readonly type: 'positions'; readonly data: readonly PositionView[] }
  | {
      readonly channel: 'account';
      readonly type: 'balances';
      readonly data: readonly { asset: string; available: string; held: string; futures: string }[];
    };

/** An engine event as the account channel writes it: amounts as decimal strings. */
export interface AccountEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface MarkMessage {
  readonly channel: string;
  readonly time: number;
  readonly data: {
    readonly type: 'MarkPrice' | 'Funding';
    readonly market: string;
    readonly index?: string;
    readonly mark?: string;
    readonly rate?: string;
    readonly nextFundingTime?: number;
  };
}

export interface TradeMessage {
  readonly channel: string;
  readonly data: {
    readonly tradeId: number;
    readonly price: string;
    readonly qty: string;
    readonly takerSide: 'BUY' | 'SELL';
    readonly time: number;
  };
}
