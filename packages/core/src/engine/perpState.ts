import type { PositionSide } from '../account/index.ts';
import { newFundingState } from '../funding/index.ts';
import type { FundingState } from '../funding/index.ts';
import type { PerpMarket, Venue } from '../market/index.ts';
import { newMarkState } from '../price/index.ts';
import type { MarkState } from '../price/index.ts';

/** What the engine knows of one perpetual market beyond its book. Plain data, snapshotted as is. */
export interface PerpMarketState {
  /** Index price from the feed, quote units per base; 0 before the first IndexPrice command. */
  index: bigint;
  /** Mark price: drives uPnL, margin and funding payments. 0 before the first IndexPrice. */
  mark: bigint;
  /** Last trade price in ticks, -1 before the first trade. */
  lastTick: number;
  /** Funding rate applied at the last funding time (WAD). */
  lastFundingRate: bigint;
  /** Next funding time (ms); 0 until the first IndexPrice sets the schedule. */
  nextFundingTime: number;
  /** Every funding time so far, with the rate and mark used; positions settle lazily from it. */
  readonly fundingHistory: FundingRecord[];
  /** Premium samples of the current interval. */
  readonly premium: FundingState;
  lastPremiumTime: number;
  /** Basis samples for the mark's moving average. */
  readonly markBasis: MarkState;
  /** Waiting conditional orders as [stopTick, orderId], each list in trigger order. */
  readonly triggers: Record<TriggerKey, [number, number][]>;
  /** Open interest in lots (long == short, checked as an invariant). */
  longQty: number;
  shortQty: number;
  /** Realized PnL credited to positions, quote units (equals the long basis minus the short basis). */
  realizedPnl: bigint;
  /** Funding paid by and credited to positions; paid - received is the venue's rounding remainder. */
  fundingPaid: bigint;
  fundingReceived: bigint;
}

/** Which price a conditional order watches and from which side it triggers. */
export type TriggerKey = 'markAbove' | 'markBelow' | 'lastAbove' | 'lastBelow';

/** One funding time of a market. */
export interface FundingRecord {
  readonly time: number;
  /** WAD; positive: longs pay shorts. */
  readonly rate: bigint;
  readonly mark: bigint;
}

/** Per resting perpetual order: what its fills and cancels must update. */
export interface PerpOrderMeta {
  readonly positionSide: PositionSide;
  readonly reduceOnly: boolean;
}

/** Binance samples the premium every 5 seconds. */
export const PREMIUM_SAMPLE_MS = 5_000;

export function newPerpMarketState(): PerpMarketState {
  return {
    index: 0n,
    mark: 0n,
    lastTick: -1,
    lastFundingRate: 0n,
    nextFundingTime: 0,
    fundingHistory: [],
    premium: newFundingState(),
    lastPremiumTime: 0,
    markBasis: newMarkState(),
    triggers: { markAbove: [], markBelow: [], lastAbove: [], lastBelow: [] },
    longQty: 0,
    shortQty: 0,
    realizedPnl: 0n,
    fundingPaid: 0n,
    fundingReceived: 0n,
  };
}

export function newPerpStates(venue: Venue): (PerpMarketState | undefined)[] {
  return venue.markets.map((m) => (m.kind === 'perp' ? newPerpMarketState() : undefined));
}

export function perpMarketOf(venue: Venue, symbol: string): PerpMarket | undefined {
  const market = venue.marketBySymbol.get(symbol);
  return market?.kind === 'perp' ? market : undefined;
}
