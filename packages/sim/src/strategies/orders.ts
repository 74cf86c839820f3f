import { accountById } from '@fulcrum/core';
import type { EngineState, Market, PerpMarket } from '@fulcrum/core';

/** Small reads of the engine state that several strategies need. */

/** The account's one-way (BOTH) position in a perpetual, signed lots (short < 0); 0 when flat. */
export function netLots(state: EngineState, accountId: number, market: PerpMarket): number {
  const account = accountById(state, accountId);
  if (!account) return 0;
  let lots = 0;
  for (const p of account.futures.positions) {
    if (p.market !== market.index) continue;
    lots += p.side === 'SHORT' ? -p.qty : p.qty;
  }
  return lots;
}

/** The fewest lots an order at `tick` may have (one lot, and the minimum notional). */
export function minLots(market: Market, tick: number): number {
  return Math.max(1, Math.ceil(market.minNotionalTickLots / Math.max(tick, 1)));
}

/** A perpetual's mark, or 0 before its first index price. */
export function markOf(state: EngineState, market: PerpMarket): bigint {
  return state.perp[market.index]?.mark ?? 0n;
}

/** Spot wallet balance (available) of an asset. */
export function spotFree(state: EngineState, accountId: number, asset: string): bigint {
  const a = state.venue.assetBySymbol.get(asset);
  const account = accountById(state, accountId);
  if (!a || !account) return 0n;
  return account.wallets[a.index]!.available;
}
