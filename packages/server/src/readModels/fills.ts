import type { Market, SideName, Trade, Venue } from '@fulcrum/core';
import { Ring } from './ring.ts';

/** One side of a trade as its account sees it. */
export interface FillRecord {
  readonly tradeId: number;
  readonly orderId: number;
  readonly market: string;
  readonly side: SideName;
  readonly price: number;
  readonly qty: number;
  readonly quoteQty: bigint;
  readonly fee: bigint;
  readonly feeAsset: string;
  readonly maker: boolean;
  readonly time: number;
}

/** The most recent fills of each account. */
export class Fills {
  private readonly byAccount = new Map<number, Ring<FillRecord>>();

  constructor(
    private readonly venue: Venue,
    private readonly capacity: number,
  ) {}

  add(trade: Trade, time: number): void {
    const market = this.venue.marketBySymbol.get(trade.market);
    if (!market) return;
    const makerSide: SideName = trade.takerSide === 'BUY' ? 'SELL' : 'BUY';
    this.push(trade.takerAccountId, {
      tradeId: trade.tradeId,
      orderId: trade.takerOrderId,
      market: trade.market,
      side: trade.takerSide,
      price: trade.price,
      qty: trade.qty,
      quoteQty: trade.quoteQty,
      fee: trade.takerFee,
      feeAsset: feeAsset(market, trade.takerSide),
      maker: false,
      time,
    });
    this.push(trade.makerAccountId, {
      tradeId: trade.tradeId,
      orderId: trade.makerOrderId,
      market: trade.market,
      side: makerSide,
      price: trade.price,
      qty: trade.qty,
      quoteQty: trade.quoteQty,
      fee: trade.makerFee,
      feeAsset: feeAsset(market, makerSide),
      maker: true,
      time,
    });
  }

  /** Newest first, optionally of one market or one order. */
  recent(accountId: number, limit: number, filter: { market?: string; orderId?: number } = {}): FillRecord[] {
    const ring = this.byAccount.get(accountId);
    if (!ring) return [];
    const { market, orderId } = filter;
    if (market === undefined && orderId === undefined) return ring.newest(limit);
    return ring.newest(
      limit,
      (f) =>
        (market === undefined || f.market === market) && (orderId === undefined || f.orderId === orderId),
    );
  }

  private push(accountId: number, fill: FillRecord): void {
    let ring = this.byAccount.get(accountId);
    if (!ring) {
      ring = new Ring<FillRecord>(this.capacity);
      this.byAccount.set(accountId, ring);
    }
    ring.push(fill);
  }
}

/** Spot fees are charged in what each side receives; perpetual fees in the margin asset. */
export function feeAsset(market: Market, side: SideName): string {
  if (market.kind === 'perp') return market.margin.symbol;
  return side === 'BUY' ? market.base.symbol : market.quote.symbol;
}
