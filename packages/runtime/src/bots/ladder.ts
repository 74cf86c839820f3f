import type { BookMarket } from '@fulcrum/core';

const BPS = 10_000n;

/** The shape of a quote ladder around a reference price. */
export interface LadderShape {
  /** Levels per side. */
  readonly levels: number;
  /** Distance of the first level from the reference, bps. */
  readonly spreadBps: number;
  /** Extra distance of each further level, bps. */
  readonly stepBps: number;
  /** Base units quoted per level (raised to one lot and to the minimum notional where needed). */
  readonly size: bigint;
}

/** One level of the ladder: price in ticks, size in lots. */
export interface LadderLevel {
  readonly tick: number;
  readonly lots: number;
}

export interface Ladder {
  /** Best first, strictly decreasing ticks. */
  readonly bids: readonly LadderLevel[];
  /** Best first, strictly increasing ticks. */
  readonly asks: readonly LadderLevel[];
}

/** Best prices of other participants, -1 when their side is empty. */
export interface OuterBook {
  readonly bestBid: number;
  readonly bestAsk: number;
}

/** Lots of a level at `tick`: the size in whole lots, at least one and at least the minimum notional. */
export function levelLots(market: BookMarket, shape: LadderShape, tick: number): number {
  const lots = Number(shape.size / market.lotUnits);
  return Math.max(lots, 1, Math.ceil(market.minNotionalTickLots / tick));
}

/**
 * The quotes wanted around `reference` (quote units per whole base). Bids round down and asks up to
 * the tick, levels that would share a tick are pushed apart, and no quote reaches the other side of
 * the book (`others`), so every quote rests as a maker. Every bid is below the reference and every
 * ask above it, so the two sides never cross. Levels beyond the market's price range, or whose
 * size exceeds the maximum quantity, are left out.
 */
export function ladder(market: BookMarket, reference: bigint, shape: LadderShape, others: OuterBook): Ladder {
  const unit = BPS * market.tickUnits;
  const lotsAt = (tick: number): number => levelLots(market, shape, tick);
  const bids: LadderLevel[] = [];
  const asks: LadderLevel[] = [];
  let bidCap = others.bestAsk === -1 ? market.maxTick : others.bestAsk - 1;
  // The best bid sits strictly below the reference even at a spread of 0.
  bidCap = Math.min(bidCap, Number((reference - 1n) / market.tickUnits));
  let askFloor = others.bestBid === -1 ? 1 : others.bestBid + 1;
  askFloor = Math.max(askFloor, Number(reference / market.tickUnits) + 1);
  for (let i = 0; i < shape.levels; i++) {
    const offset = BigInt(shape.spreadBps + i * shape.stepBps);
    if (offset < BPS) {
      const tick = Math.min(Number((reference * (BPS - offset)) / unit), bidCap);
      if (tick >= 1) {
        const lots = lotsAt(tick);
        if (lots <= market.maxLots) bids.push({ tick, lots });
        bidCap = tick - 1;
      }
    }
    const up = reference * (BPS + offset);
    const tick = Math.max(Number((up + unit - 1n) / unit), askFloor);
    if (tick <= market.maxTick) {
      const lots = lotsAt(tick);
      if (lots <= market.maxLots) asks.push({ tick, lots });
      askFloor = tick + 1;
    }
  }
  return { bids, asks };
}
