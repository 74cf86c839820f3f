/**
 * An account's perpetual futures side: the cross wallet per margin asset, per-market settings,
 * positions, and totals of open orders that the margin checks need.
 */

/** BOTH in one-way mode; LONG or SHORT in hedge mode (Binance's positionSide). */
export type PositionSide = 'BOTH' | 'LONG' | 'SHORT';

export interface Position {
  readonly market: number;
  readonly side: PositionSide;
  /** Lots: signed for BOTH (short < 0), never negative for LONG and SHORT. */
  qty: number;
  /** Entry value of the open quantity in quote units (|qty| x entry price, kept exactly). */
  basis: bigint;
  /** Margin mode fixed when the position opened. */
  readonly isolated: boolean;
  /** Isolated margin (the position's own wallet); 0 for cross. */
  margin: bigint;
  /** Funding times of the market already applied to this position (an index into its history). */
  fundingCount: number;
  /** Since the position opened: realized PnL, fees paid and funding paid (negative = received). */
  realizedPnl: bigint;
  fees: bigint;
  funding: bigint;
}

export interface MarketSettings {
  leverage: number;
  isolated: boolean;
}

/** Open orders that can add exposure, per market and direction: lots and value in tick-lots. */
export interface OpenOrderTotals {
  buyQty: number;
  buyValue: number;
  sellQty: number;
  sellValue: number;
}

export interface FuturesAccount {
  /** Cross wallet balance per asset index (may go below zero only through losses). */
  readonly wallet: bigint[];
  /** Hedge mode (LONG and SHORT positions side by side) instead of one-way. */
  dualSide: boolean;
  /** Per market index; markets not listed use the market's defaults (cross). */
  readonly settings: Map<number, MarketSettings>;
  /** Open positions (qty != 0). */
  readonly positions: Position[];
  /** Per market index: totals of resting orders that can increase a position (not reduce-only). */
  readonly openOrders: Map<number, OpenOrderTotals>;
  /** Number of resting perpetual orders per market index. */
  readonly orderCount: Map<number, number>;
}

export function newFuturesAccount(assetCount: number): FuturesAccount {
  return {
    wallet: new Array<bigint>(assetCount).fill(0n),
    dualSide: false,
    settings: new Map(),
    positions: [],
    openOrders: new Map(),
    orderCount: new Map(),
  };
}

export function findPosition(
  account: FuturesAccount,
  market: number,
  side: PositionSide,
): Position | undefined {
  for (const p of account.positions) if (p.market === market && p.side === side) return p;
  return undefined;
}

export function positionsIn(account: FuturesAccount, market: number): Position[] {
  return account.positions.filter((p) => p.market === market);
}

/** Direction of a position: 1 long, -1 short, 0 flat. */
export function direction(p: Position): 1 | -1 | 0 {
  if (p.side === 'LONG') return p.qty > 0 ? 1 : 0;
  if (p.side === 'SHORT') return p.qty > 0 ? -1 : 0;
  return p.qty > 0 ? 1 : p.qty < 0 ? -1 : 0;
}

export function openOrderTotals(account: FuturesAccount, market: number): OpenOrderTotals {
  let totals = account.openOrders.get(market);
  if (!totals) {
    totals = { buyQty: 0, buyValue: 0, sellQty: 0, sellValue: 0 };
    account.openOrders.set(market, totals);
  }
  return totals;
}
