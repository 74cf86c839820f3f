import type { EngineState } from '@fulcrum/core';
import type { Committed, ExchangeApi, HistorySink } from '@fulcrum/runtime';
import { Candles } from './candles.ts';
import { Fills } from './fills.ts';
import { OrderRecords } from './orders.ts';
import { RecentTrades } from './trades.ts';

export { CANDLE_INTERVALS, Candles } from './candles.ts';
export type { Candle, CandleInterval, CandleQuery } from './candles.ts';
export { Fills, feeAsset } from './fills.ts';
export type { FillRecord } from './fills.ts';
export { OrderRecords, placedRecord } from './orders.ts';
export type { OrderRecord, OrderState } from './orders.ts';
export { RecentTrades } from './trades.ts';
export type { TradeRecord } from './trades.ts';
export { Ring } from './ring.ts';

/** How much history the read models keep. */
export interface HistoryLimits {
  /** Recent trades per market. */
  readonly tradesPerMarket: number;
  /** 1-minute candles per market (10,080 = one week). */
  readonly candlesPerMarket: number;
  /** Closed orders remembered per account. */
  readonly closedOrdersPerAccount: number;
  /** Fills remembered per account. */
  readonly fillsPerAccount: number;
}

export const DEFAULT_HISTORY: HistoryLimits = {
  tradesPerMarket: 1_000,
  candlesPerMarket: 10_080,
  closedOrdersPerAccount: 1_000,
  fillsPerAccount: 1_000,
};

/**
 * What the API reads besides the engine state, projected from committed commands: recent trades,
 * candles, orders and fills. Fed by `exchange.onCommitted`; anything else (a WebSocket channel) can
 * listen to the same exchange or read these.
 */
export class ReadModels {
  // Replaced only by `rebuild`, before the API serves; read through the getters below.
  #trades!: RecentTrades;
  #candles!: Candles;
  #orders!: OrderRecords;
  #fills!: Fills;
  /** Seq of the last command folded in. */
  lastSeq = 0;

  constructor(
    private readonly exchange: ExchangeApi,
    private readonly limits: HistoryLimits = DEFAULT_HISTORY,
  ) {
    this.reset(exchange.state);
  }

  /** Empty models whose open orders are those resting in `state`, as of its seq. */
  private reset(state: EngineState): void {
    const { venue } = state;
    this.#trades = new RecentTrades(this.limits.tradesPerMarket);
    this.#candles = new Candles(this.limits.candlesPerMarket);
    this.#orders = new OrderRecords(venue, this.limits.closedOrdersPerAccount);
    this.#fills = new Fills(venue, this.limits.fillsPerAccount);
    this.#orders.seed(state);
    this.lastSeq = state.seq;
  }

  get trades(): RecentTrades {
    return this.#trades;
  }

  get candles(): Candles {
    return this.#candles;
  }

  get orders(): OrderRecords {
    return this.#orders;
  }

  get fills(): Fills {
    return this.#fills;
  }

  /**
   * Rebuild the models from a replay of recent history (`replayRecentHistory` of the runtime), before
   * any new command arrives: the models start from the replay's base state and fold in every command
   * up to the exchange's seq. A replay that does not reach it leaves the models as a fresh start would.
   */
  rebuild(replay: (sink: HistorySink) => void): void {
    const target = this.exchange.state.seq;
    try {
      replay({
        start: (base) => this.reset(base),
        batch: (batch) => this.apply(batch),
      });
    } finally {
      if (this.lastSeq !== target) this.reset(this.exchange.state);
    }
  }

  /**
   * Listen to the exchange; returns the unsubscribe function. A read model that throws must not
   * take the exchange down with it: the error goes to `onError`.
   */
  attach(onError: (error: unknown) => void = () => {}): () => void {
    return this.exchange.onCommitted((batch) => {
      try {
        this.apply(batch);
      } catch (error) {
        onError(error);
      }
    });
  }

  apply(batch: readonly Committed[]): void {
    for (const { command, events } of batch) {
      // Commands already in the seeded state (or seen twice) are skipped.
      if (command.seq <= this.lastSeq) continue;
      this.lastSeq = command.seq;
      for (const e of events) {
        if (e.type !== 'Trade') continue;
        this.trades.add(e, command.time);
        this.candles.add(e.market, command.time, e.price, e.qty, e.quoteQty);
        this.fills.add(e, command.time);
      }
      this.orders.apply(command, events);
    }
  }
}
