import type { PlaceOrderBody, SideEffect, SpotWallet } from '../api/types.ts';

export type OrderKind = 'LIMIT' | 'MARKET' | 'STOP';

export interface OrderInput {
  readonly market: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: string;
  readonly kind: OrderKind;
  /** Limit price; for a stop, empty means a stop-market order. */
  readonly price: string;
  readonly stopPrice: string;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly perp: boolean;
  /** Hedge position mode: orders name the position side instead of reduce-only. */
  readonly hedge: boolean;
  /** Spot pairs with spot margin: the account traded from and its borrowing. */
  readonly wallet?: SpotWallet;
  readonly sideEffect?: SideEffect;
}

/** The POST /api/v1/orders body of what the form says. */
export function orderBody(o: OrderInput): PlaceOrderBody {
  // Closing a long in hedge mode is a SELL on LONG, opening one a BUY on LONG.
  const positionSide: 'LONG' | 'SHORT' =
    o.side === 'BUY' ? (o.reduceOnly ? 'SHORT' : 'LONG') : o.reduceOnly ? 'LONG' : 'SHORT';
  const perpFields = o.perp ? (o.hedge ? { positionSide } : o.reduceOnly ? { reduceOnly: true } : {}) : {};
  const marginFields =
    !o.perp && o.wallet !== undefined && o.wallet !== 'SPOT'
      ? { wallet: o.wallet, sideEffect: o.sideEffect ?? 'NO_SIDE_EFFECT' }
      : {};
  const base = { market: o.market, side: o.side, quantity: o.quantity, ...perpFields, ...marginFields };
  if (o.kind === 'MARKET') return { ...base, type: 'MARKET' };
  if (o.kind === 'LIMIT')
    return { ...base, type: 'LIMIT', price: o.price, timeInForce: o.postOnly ? 'GTX' : 'GTC' };
  return o.price === ''
    ? { ...base, type: 'STOP_MARKET', stopPrice: o.stopPrice }
    : { ...base, type: 'STOP', price: o.price, stopPrice: o.stopPrice, timeInForce: 'GTC' };
}
