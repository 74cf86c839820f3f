import type { SideName, Trade } from '@fulcrum/core';
import { Ring } from './ring.ts';

/** One public trade as the trades endpoint reports it (ticks, lots, quote units). */
export interface TradeRecord {
  readonly id: number;
  readonly market: string;
  readonly price: number;
  readonly qty: number;
  readonly quoteQty: bigint;
  readonly takerSide: SideName;
  readonly time: number;
}

/** The most recent trades of each market, newest kept. */
export class RecentTrades {
  private readonly byMarket = new Map<string, Ring<TradeRecord>>();

  constructor(private readonly capacity: number) {}

  add(trade: Trade, time: number): TradeRecord {
    let ring = this.byMarket.get(trade.market);
    if (!ring) {
      ring = new Ring<TradeRecord>(this.capacity);
      this.byMarket.set(trade.market, ring);
    }
    const record: TradeRecord = {
      id: trade.tradeId,
      market: trade.market,
      price: trade.price,
      qty: trade.qty,
      quoteQty: trade.quoteQty,
      takerSide: trade.takerSide,
      time,
    };
    ring.push(record);
    return record;
  }

  /** Newest first. */
  recent(market: string, limit: number): TradeRecord[] {
    return this.byMarket.get(market)?.newest(limit) ?? [];
  }

  /** The last trade of a market, if any is remembered. */
  last(market: string): TradeRecord | undefined {
    return this.byMarket.get(market)?.fromNewest(0);
  }
}
