import type {
  AccountRisk,
  EngineState,
  LendingAccountView,
  Market,
  MarginAccountView,
  PositionRisk,
  UnstampedCommand,
  Venue,
} from '@fulcrum/core';
import type { Rng } from '../random.ts';

/**
 * The strategy interface. A strategy is a TypeScript (or JavaScript) module with a named export
 * `strategy`, a StrategyDefinition; the scenario names it by path:
 *
 *   agents:
 *     - name: mine
 *       strategy: ./strategies/myStrategy.ts
 *       params: { market: BTCUSDT }
 *
 * Each agent of a group gets its own account (funded with `capital`), its own Strategy instance
 * from `create`, and its own seeded random stream. The simulator calls `init` once, after the first
 * index prices, then `onTick` on the agent's own schedule (every `every`, or whatever the agent asks
 * with ctx.wakeIn). Both return engine commands for the agent's account, applied at once and in
 * order; `ctx.lastResults` tells the next call how they went. Everything the engine knows is
 * readable through `ctx.state` and the views; nothing may change it but the returned commands.
 *
 * Amounts sent to the engine are exact (bigint amounts, integer ticks and lots); decisions may use
 * floats, and ctx's helpers turn them into whole units. A strategy must take its randomness from
 * ctx.random and its time from ctx.time, so a run repeats byte for byte.
 */
export interface StrategyDefinition<P = unknown> {
  readonly name: string;
  /** Default time between two onTick calls, ms (the scenario's `every` wins). */
  readonly every?: number;
  /**
   * The strategy uses the lending pool: the simulator then sends the pool's oracle the price of every
   * reserve asset each tick (it does anyway when the scenario has a `venue.lending` section).
   */
  readonly usesLending?: boolean;
  /**
   * Check the scenario's params and give them their final shape; throw ParamError (or any Error)
   * for a bad one. Called once per agent group, before the run.
   */
  parse?(params: Readonly<Record<string, unknown>>, env: StrategyEnv): P;
  /** One Strategy per agent. */
  create(params: P, agent: AgentInfo): Strategy;
}

export interface Strategy {
  /**
   * 'beforeIndex' runs before the tick's index prices reach the engine, as a market maker that
   * watches spot markets moves its quotes with them; 'afterIndex' (default) runs after the marks,
   * funding and liquidations of the tick.
   */
  readonly phase?: 'beforeIndex' | 'afterIndex';
  /** Once, before the first tick: transfers, leverage, margin type, position mode. */
  init?(ctx: StrategyContext): readonly UnstampedCommand[];
  onTick(ctx: StrategyContext): readonly UnstampedCommand[];
}

/** What a strategy knows before the run. */
export interface StrategyEnv {
  readonly venue: Venue;
  /** Assets with a price path. */
  readonly pricedAssets: readonly string[];
  readonly stepMs: number;
}

export interface AgentInfo extends StrategyEnv {
  /** The agent's group (scenario `name`) and its number in the group, from 0. */
  readonly group: string;
  readonly number: number;
  /** Agents in the group. */
  readonly count: number;
  /** Time between two decisions, ms (the scenario's `every`, else the strategy's default). */
  readonly every: number;
  /** The agent's own random stream (the same one ctx.random gives). */
  readonly random: Rng;
  /** Deposited at the start, smallest units per asset. */
  readonly capital: ReadonlyMap<string, bigint>;
}

/** How one command of the previous call went. */
export interface CommandOutcome {
  readonly command: UnstampedCommand;
  readonly ok: boolean;
  /** Rejection code when refused. */
  readonly code?: string;
}

export interface StrategyContext {
  /** The whole engine state: read it, never change it. */
  readonly state: EngineState;
  readonly accountId: number;
  readonly agent: AgentInfo;
  /** Simulated time (ms) and tick number (0 during init). */
  readonly time: number;
  readonly tick: number;
  readonly random: Rng;
  /** The commands this agent sent last time and whether the engine took them. */
  readonly lastResults: readonly CommandOutcome[];
  /** Run onTick next in `ms` (at least one step) instead of after `every`. */
  wakeIn(ms: number): void;
  /** Price of an asset from the scenario's paths at this tick, USDT units (8 decimals); 0n if none. */
  price(asset: string): bigint;
  /**
   * The price a market maker quotes a market around: its base asset's price in the market's quote
   * units, and for a perpetual, moved by the premium its target funding rate needs (0 without one).
   */
  reference(market: string): bigint;
  /** Premium (fraction) the perpetual's target funding rate needs at this tick; 0 without one. */
  premium(market: string): number;
  market(symbol: string): Market;
  /** Views of the agent's account, as the API shows them. */
  positions(): readonly PositionRisk[];
  futures(asset?: string): AccountRisk | undefined;
  margin(pair?: string): MarginAccountView | undefined;
  /**
   * Equity of the account in USDT units: spot, margin (net of debt), futures (with uPnL and funding),
   * and the lending pool (supply less debt, with interest).
   */
  equity(): bigint;
  /** The account's lending pool positions and health, as the API shows them; undefined without a pool. */
  lending(): LendingAccountView | undefined;
  /** The account's health factor in the lending pool: Infinity without debt, NaN when a price is missing. */
  healthFactor(): number;
  /** Lots of `market` worth `value` quote units at `price` (quote units per whole base), rounded down. */
  lotsFor(market: string, value: bigint, price: bigint): number;
  /** A price in quote units per whole base as ticks (rounded down, or up with `up`). */
  ticks(market: string, price: bigint, up?: boolean): number;
  /** Commands for this account. */
  marketOrder(market: string, side: 'BUY' | 'SELL', lots: number, extra?: OrderExtra): UnstampedCommand;
  limitOrder(
    market: string,
    side: 'BUY' | 'SELL',
    tick: number,
    lots: number,
    extra?: OrderExtra,
  ): UnstampedCommand;
}

type PlaceOrder = Extract<UnstampedCommand, { type: 'PlaceOrder' }>;
export type OrderExtra = Partial<Omit<PlaceOrder, 'type' | 'accountId' | 'market' | 'side' | 'qty'>>;
