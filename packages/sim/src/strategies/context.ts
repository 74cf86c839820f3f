import {
  HEALTH_FACTOR_UNBOUNDED,
  accountById,
  accountRisk,
  lendingAccountView,
  lendingHealthFactor,
  marginAccountView,
  pow10,
  positionRisk,
} from '@fulcrum/core';
import type {
  AccountRisk,
  EngineState,
  LendingAccountView,
  MarginAccountView,
  Market,
  PositionRisk,
  UnstampedCommand,
} from '@fulcrum/core';
import type { Rng } from '../random.ts';
import type { Valuation } from '../run/valuation.ts';
import type { AgentInfo, CommandOutcome, OrderExtra, StrategyContext } from './types.ts';

/** What every agent's context reads from the running simulation. */
export interface World {
  readonly state: EngineState;
  readonly time: number;
  readonly tick: number;
  /** This tick's prices by asset, USDT units. */
  readonly prices: ReadonlyMap<string, bigint>;
  premium(market: string): number;
  readonly valuation: Valuation;
}

const SCALE = 1_000_000_000;

/** One agent's StrategyContext: its account, its stream, and the world's current tick. */
export class AgentContext implements StrategyContext {
  readonly accountId: number;
  readonly agent: AgentInfo;
  lastResults: CommandOutcome[] = [];
  /** Set by wakeIn during a call; read and cleared by the scheduler. */
  wakeMs: number | undefined;
  private readonly world: World;

  constructor(world: World, accountId: number, agent: AgentInfo) {
    this.world = world;
    this.accountId = accountId;
    this.agent = agent;
  }

  get state(): EngineState {
    return this.world.state;
  }
  get time(): number {
    return this.world.time;
  }
  get tick(): number {
    return this.world.tick;
  }
  get random(): Rng {
    return this.agent.random;
  }

  wakeIn(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`wakeIn: ${ms} is not a duration`);
    this.wakeMs = ms;
  }

  price(asset: string): bigint {
    if (asset === 'USDT') return 100_000_000n;
    return this.world.prices.get(asset) ?? 0n;
  }

  premium(market: string): number {
    return this.world.premium(market);
  }

  reference(symbol: string): bigint {
    const market = this.market(symbol);
    const base = this.price(market.base.symbol);
    const shift = market.quote.decimals - 8;
    const price = shift >= 0 ? base * pow10(shift) : base / pow10(-shift);
    const premium = market.kind === 'perp' ? this.world.premium(symbol) : 0;
    if (premium === 0) return price;
    return (price * BigInt(Math.round((1 + premium) * SCALE))) / BigInt(SCALE);
  }

  market(symbol: string): Market {
    const m = this.world.state.venue.marketBySymbol.get(symbol);
    if (!m) throw new RangeError(`no market ${symbol}`);
    return m;
  }

  positions(): readonly PositionRisk[] {
    return positionRisk(this.world.state, this.accountId);
  }

  futures(asset = 'USDT'): AccountRisk | undefined {
    return accountRisk(this.world.state, this.accountId, asset);
  }

  margin(pair?: string): MarginAccountView | undefined {
    return marginAccountView(this.world.state, this.accountId, pair);
  }

  equity(): bigint {
    const account = accountById(this.world.state, this.accountId);
    return account ? this.world.valuation.equity(account, this.world.prices) : 0n;
  }

  lending(): LendingAccountView | undefined {
    return lendingAccountView(this.world.state, this.accountId);
  }

  healthFactor(): number {
    const hf = lendingHealthFactor(this.world.state, this.accountId);
    if (hf === undefined) return Number.NaN;
    return hf === HEALTH_FACTOR_UNBOUNDED ? Number.POSITIVE_INFINITY : Number(hf) / 1e18;
  }

  lotsFor(symbol: string, value: bigint, price: bigint): number {
    const m = this.market(symbol);
    if (value <= 0n || price <= 0n) return 0;
    return Number((value * pow10(m.base.decimals)) / (price * m.lotUnits));
  }

  ticks(symbol: string, price: bigint, up = false): number {
    const m = this.market(symbol);
    const t = price / m.tickUnits;
    return Number(up && t * m.tickUnits < price ? t + 1n : t);
  }

  marketOrder(market: string, side: 'BUY' | 'SELL', lots: number, extra: OrderExtra = {}): UnstampedCommand {
    return {
      type: 'PlaceOrder',
      accountId: this.accountId,
      market,
      side,
      orderType: 'MARKET',
      qty: lots,
      ...extra,
    };
  }

  limitOrder(
    market: string,
    side: 'BUY' | 'SELL',
    tick: number,
    lots: number,
    extra: OrderExtra = {},
  ): UnstampedCommand {
    return {
      type: 'PlaceOrder',
      accountId: this.accountId,
      market,
      side,
      orderType: 'LIMIT',
      price: tick,
      qty: lots,
      ...extra,
    };
  }
}
