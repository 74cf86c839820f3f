import { Side } from '@fulcrum/core';
import type { EngineEvent, EngineState } from '@fulcrum/core';

/** One price level as published: ticks and total lots (0 = the level is gone). */
export type LevelChange = readonly [tick: number, lots: number];

export interface BookDiff {
  readonly market: string;
  /** First and last command seq folded into this diff; `prevSeq` is the last seq of the one before. */
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly prevSeq: number;
  readonly bids: LevelChange[];
  readonly asks: LevelChange[];
}

interface RestingOrder {
  readonly side: Side;
  tick: number;
  lots: number;
}

/**
 * The books as published, rebuilt from committed events only (never from the live engine state,
 * which may be ahead of what is durable): every resting order by id, and the level totals. Each
 * committed batch yields, per market it touched, the levels whose totals changed, labelled with the
 * seqs they cover, so a client can chain diffs onto a snapshot and see any gap.
 */
export class BookMirror {
  private readonly orders = new Map<number, RestingOrder & { readonly market: string }>();
  private readonly levels = new Map<string, [Map<number, number>, Map<number, number>]>();
  /** Side of orders accepted but not yet known to rest. */
  private readonly accepted = new Map<number, Side>();
  private readonly lastSeq = new Map<string, number>();

  constructor(state: EngineState) {
    for (const market of state.venue.markets) {
      this.levels.set(market.symbol, [new Map(), new Map()]);
      this.lastSeq.set(market.symbol, state.seq);
      const book = state.books[market.index]!;
      for (const side of [Side.Buy, Side.Sell]) {
        for (const o of book.orders(side)) {
          this.orders.set(o.id, { market: market.symbol, side, tick: o.tick, lots: o.qty });
          this.add(market.symbol, side, o.tick, o.qty);
        }
      }
    }
  }

  /** Levels of a market, best first, as [tick, lots], and the seq they are as of. */
  snapshot(market: string, limit: number): { seq: number; bids: LevelChange[]; asks: LevelChange[] } {
    const [bids, asks] = this.levels.get(market)!;
    const sorted = (m: Map<number, number>, desc: boolean): LevelChange[] =>
      [...m].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])).slice(0, limit);
    return { seq: this.lastSeq.get(market)!, bids: sorted(bids, true), asks: sorted(asks, false) };
  }

  has(market: string): boolean {
    return this.levels.has(market);
  }

  /** Fold one committed batch in; returns a diff per market whose levels changed. */
  apply(
    batch: readonly { readonly command: { readonly seq: number }; readonly events: EngineEvent[] }[],
  ): BookDiff[] {
    if (batch.length === 0) return [];
    const touched = new Map<string, [Set<number>, Set<number>]>();
    const touch = (market: string, side: Side, tick: number) => {
      let sets = touched.get(market);
      if (!sets) touched.set(market, (sets = [new Set(), new Set()]));
      sets[side]!.add(tick);
    };
    for (const { events } of batch) {
      for (const e of events) {
        switch (e.type) {
          case 'OrderAccepted':
            this.accepted.set(e.orderId, e.side === 'BUY' ? Side.Buy : Side.Sell);
            break;
          case 'OrderRested': {
            const side = this.accepted.get(e.orderId);
            this.accepted.delete(e.orderId);
            if (side === undefined) break;
            this.orders.set(e.orderId, { market: e.market, side, tick: e.price, lots: e.qty });
            this.add(e.market, side, e.price, e.qty);
            touch(e.market, side, e.price);
            break;
          }
          case 'Trade': {
            const o = this.orders.get(e.makerOrderId);
            if (!o) break;
            this.add(o.market, o.side, o.tick, e.makerLeft - o.lots);
            o.lots = e.makerLeft;
            touch(o.market, o.side, o.tick);
            break;
          }
          case 'OrderAmended': {
            const o = this.orders.get(e.orderId);
            if (!o) break;
            this.add(o.market, o.side, o.tick, -o.lots);
            touch(o.market, o.side, o.tick);
            o.tick = e.price;
            o.lots = e.leftQty;
            this.add(o.market, o.side, o.tick, o.lots);
            touch(o.market, o.side, o.tick);
            break;
          }
          case 'OrderClosed': {
            this.accepted.delete(e.orderId);
            const o = this.orders.get(e.orderId);
            if (!o) break;
            this.orders.delete(e.orderId);
            this.add(o.market, o.side, o.tick, -o.lots);
            touch(o.market, o.side, o.tick);
            break;
          }
          default:
            break;
        }
      }
    }
    const firstSeq = batch[0]!.command.seq;
    const lastSeq = batch[batch.length - 1]!.command.seq;
    const diffs: BookDiff[] = [];
    for (const [market, [bidTicks, askTicks]] of touched) {
      const [bids, asks] = this.levels.get(market)!;
      const changes = (ticks: Set<number>, levels: Map<number, number>): LevelChange[] =>
        [...ticks].sort((a, b) => a - b).map((t) => [t, levels.get(t) ?? 0]);
      const prevSeq = this.lastSeq.get(market)!;
      this.lastSeq.set(market, lastSeq);
      diffs.push({
        market,
        firstSeq,
        lastSeq,
        prevSeq,
        bids: changes(bidTicks, bids),
        asks: changes(askTicks, asks),
      });
    }
    return diffs;
  }

  private add(market: string, side: Side, tick: number, lots: number): void {
    const level = this.levels.get(market)![side]!;
    const next = (level.get(tick) ?? 0) + lots;
    if (next === 0) level.delete(tick);
    else level.set(tick, next);
  }
}
