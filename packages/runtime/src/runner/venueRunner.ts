import { pow10 } from '@fulcrum/core';
import type { UnstampedCommand } from '@fulcrum/core';
import type { LiquidationKeeper, MarketMaker } from '../bots/index.ts';
import type { ExchangeApi } from '../exchange/types.ts';
import { FEED_DECIMALS, indexCommands, oracleCommands } from '../feeds/index.ts';
import type { PriceFeed } from '../feeds/index.ts';
import type { Clock } from '../exchange/types.ts';

export interface VenueRunnerOptions {
  readonly exchange: ExchangeApi;
  readonly feed: PriceFeed;
  readonly clock: Clock;
  /** Each quotes its own market around the feed's price of the market's base asset. */
  readonly makers?: readonly MarketMaker[];
  /** Liquidates lending borrowers below a health factor of 1, after the prices and quotes. */
  readonly keeper?: LiquidationKeeper;
  /** Real milliseconds between two ticks (default 1,000). */
  readonly intervalMs?: number;
  /** Told about a tick that failed; the runner goes on with the next one. */
  readonly onError?: (error: unknown) => void;
}

/** What one tick did. */
export interface TickReport {
  readonly time: number;
  readonly indexPrices: number;
  /** Oracle prices sent to the lending pool (only those that changed). */
  readonly oraclePrices: number;
  readonly makerCommands: number;
  /** Liquidations the keeper sent and the engine accepted. */
  readonly liquidations: number;
  readonly refused: number;
}

/**
 * Drives a running venue: on every tick, index prices from the feed (which moves the marks, pays
 * funding when due, triggers stops and liquidations) and the lending pool's oracle prices, then the
 * market makers re-quote, then the keeper liquidates unhealthy lending borrowers. Commands go
 * through the exchange like anyone's, so they are journaled and replayed like anyone's.
 */
export class VenueRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: VenueRunnerOptions) {}

  /** One tick now. Commands are applied in order; resolves once all are durable. */
  async tick(): Promise<TickReport> {
    const { exchange, feed, clock } = this.options;
    const state = exchange.state;
    const time = Math.max(clock.now(), state.time);
    const prices = feed.prices(time);
    const pending: Promise<{ readonly result: { readonly ok: boolean } }>[] = [];
    const submit = (command: UnstampedCommand) => pending.push(exchange.submit(command));
    const index = indexCommands(state.venue, prices);
    for (const command of index) submit(command);
    const oracle = oracleCommands(state, prices);
    for (const command of oracle) submit(command);
    let makerCommands = 0;
    for (const maker of this.options.makers ?? []) {
      const reference = referencePrice(exchange, maker, prices);
      if (reference === undefined) continue;
      const commands = maker.quote(state, reference);
      makerCommands += commands.length;
      for (const command of commands) submit(command);
    }
    const keeping = this.options.keeper?.tick(exchange);
    const results = await Promise.all(pending);
    const kept = await keeping;
    return {
      time,
      indexPrices: index.length,
      oraclePrices: oracle.length,
      makerCommands,
      liquidations: kept?.liquidations ?? 0,
      refused: results.filter((r) => !r.result.ok).length + (kept?.refused ?? 0),
    };
  }

  /** Tick every `intervalMs` until `stop`; a tick never overlaps the previous one. */
  start(): void {
    if (this.timer) return;
    const interval = this.options.intervalMs ?? 1_000;
    const loop = () => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(loop, interval);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stop ticking; resolves once the tick in progress (if any) is done. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** The feed's price of the market's base asset, in the market's quote units. */
function referencePrice(
  exchange: ExchangeApi,
  maker: MarketMaker,
  prices: ReadonlyMap<string, bigint>,
): bigint | undefined {
  const market = exchange.state.venue.marketBySymbol.get(maker.config.market);
  if (!market) return undefined;
  const price = prices.get(market.base.symbol);
  if (price === undefined) return undefined;
  const shift = market.quote.decimals - FEED_DECIMALS;
  return shift >= 0 ? price * pow10(shift) : price / pow10(-shift);
}
