import { Side, accountById } from '@fulcrum/core';
import type { EngineState, Market, RestingOrder, UnstampedCommand } from '@fulcrum/core';
import { perpBudget, spotBudget } from './budget.ts';
import type { Budget } from './budget.ts';
import { ladder, levelLots } from './ladder.ts';
import type { LadderShape, LadderLevel } from './ladder.ts';

type PlaceOrder = Extract<UnstampedCommand, { type: 'PlaceOrder' }>;
type CancelOrder = Extract<UnstampedCommand, { type: 'CancelOrder' }>;
export type MakerCommand = PlaceOrder | CancelOrder;

export interface MarketMakerConfig {
  /** The maker's own account: every open order of it on the market is treated as part of the ladder. */
  readonly accountId: number;
  /** 'BTC/USDT' (spot) or 'BTCUSDT' (perpetual). */
  readonly market: string;
  /** Base units quoted per level, e.g. 1_000_000n (0.01 BTC at 8 decimals). */
  readonly size: bigint;
  /** Levels per side (default 10). */
  readonly levels?: number;
  /** Distance of the first level from the reference, bps (default 5). */
  readonly spreadBps?: number;
  /** Extra distance of each further level, bps (default 5). */
  readonly stepBps?: number;
  /** GTX (post-only, default) or GTC: the quotes never cross the book, so both rest. */
  readonly timeInForce?: 'GTC' | 'GTX';
  /**
   * A resting quote within this many bps of its level's price stays where it is (default 0: every
   * level sits exactly at its price). Saves re-quoting on every small move of the reference.
   */
  readonly toleranceBps?: number;
}

/**
 * Keeps a ladder of limit quotes around a reference price (the index) on one spot pair or
 * perpetual. Each call reads the book and the account and returns the commands that move the
 * resting quotes to the wanted ladder: cancels first, then new quotes from the inside out,
 * alternating bid and ask, as far as the account can pay for them. A level whose quote already
 * rests at the right price (and is at least half unfilled) is left alone.
 *
 * The commands are meant to be applied in order, right away and all of them, before the next call.
 * Quoting several markets from one account: apply one market's commands before quoting the next.
 * Perpetuals: one-way mode quotes positionSide BOTH; hedge mode opens LONG with bids and SHORT with asks.
 */
export class MarketMaker {
  readonly config: MarketMakerConfig;
  private readonly shape: LadderShape;
  private readonly tolerance: bigint;

  constructor(config: MarketMakerConfig) {
    const levels = config.levels ?? 10;
    const spreadBps = config.spreadBps ?? 5;
    const stepBps = config.stepBps ?? 5;
    const toleranceBps = config.toleranceBps ?? 0;
    if (!Number.isSafeInteger(levels) || levels < 1 || levels > 1_000)
      throw new RangeError(`bad levels ${levels}`);
    for (const [name, v] of [
      ['spreadBps', spreadBps],
      ['stepBps', stepBps],
      ['toleranceBps', toleranceBps],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0 || v >= 10_000)
        throw new RangeError(`${name} must be an integer in 0..9999`);
    }
    if (config.size <= 0n) throw new RangeError('size must be above zero');
    this.config = config;
    this.shape = { levels, spreadBps, stepBps, size: config.size };
    this.tolerance = BigInt(toleranceBps);
  }

  /** The commands that bring the maker's quotes to the ladder around `reference` (quote units per base). */
  quote(state: EngineState, reference: bigint): MakerCommand[] {
    const { accountId } = this.config;
    const market = state.venue.marketBySymbol.get(this.config.market);
    if (!market) throw new RangeError(`no market ${this.config.market}`);
    const account = accountById(state, accountId);
    if (!account) throw new RangeError(`no account ${accountId}`);
    if (reference <= 0n) throw new RangeError('the reference price must be above zero');
    // A perpetual takes no order before its first mark price.
    if (market.kind === 'perp' && (state.perp[market.index]?.mark ?? 0n) === 0n) return [];

    const book = state.books[market.index]!;
    const mine = { [Side.Buy]: [] as RestingOrder[], [Side.Sell]: [] as RestingOrder[] };
    const others = { bestBid: -1, bestAsk: -1 };
    for (const side of [Side.Buy, Side.Sell] as const) {
      for (const o of book.orders(side)) {
        if (o.owner === accountId) mine[side].push(o);
        else if (side === Side.Buy && others.bestBid === -1) others.bestBid = o.tick;
        else if (side === Side.Sell && others.bestAsk === -1) others.bestAsk = o.tick;
      }
    }
    const wanted = ladder(market, reference, this.shape, others);
    const tolTicks = Number((reference * this.tolerance) / (10_000n * market.tickUnits));
    const bids = this.plan(market, Side.Buy, wanted.bids, mine[Side.Buy], tolTicks, reference);
    const asks = this.plan(market, Side.Sell, wanted.asks, mine[Side.Sell], tolTicks, reference);

    const cancelled = [...bids.cancel, ...asks.cancel];
    const commands: MakerCommand[] = cancelled.map((o) => ({
      type: 'CancelOrder',
      accountId,
      market: market.symbol,
      orderId: o.id,
    }));
    const budget: Budget =
      market.kind === 'spot'
        ? spotBudget(market, account, cancelled)
        : perpBudget(state, market, account, [...bids.keep, ...asks.keep]);
    const hedge = market.kind === 'perp' && account.futures.dualSide;
    const open = { [Side.Buy]: true, [Side.Sell]: true };
    for (let i = 0; i < this.shape.levels; i++) {
      for (const [side, plan] of [
        [Side.Buy, bids],
        [Side.Sell, asks],
      ] as const) {
        const q = plan.place[i];
        if (!q || !open[side]) continue;
        // Stop a side at the first level it cannot pay for, so the ladder has no holes.
        if (!budget.take(side, q)) {
          open[side] = false;
          continue;
        }
        commands.push(this.order(market, side, q, hedge));
      }
    }
    return commands;
  }

  /**
   * Match resting quotes to wanted levels. `place` is indexed by level (undefined where a resting
   * quote is kept or the level is not wanted).
   */
  private plan(
    market: Market,
    side: Side,
    wanted: readonly LadderLevel[],
    resting: readonly RestingOrder[],
    tolTicks: number,
    reference: bigint,
  ): { keep: RestingOrder[]; cancel: RestingOrder[]; place: (LadderLevel | undefined)[] } {
    const keep = new Set<RestingOrder>();
    const place: (LadderLevel | undefined)[] = [];
    for (const q of wanted) {
      let best: RestingOrder | undefined;
      for (const o of resting) {
        if (keep.has(o) || Math.abs(o.tick - q.tick) > tolTicks) continue;
        // Stay on the right side of the reference, full enough, and sized as a level at that price.
        const price = BigInt(o.tick) * market.tickUnits;
        if (side === Side.Buy ? price >= reference : price <= reference) continue;
        if (o.qty * 2 < o.origQty || o.origQty !== levelLots(market, this.shape, o.tick)) continue;
        if (!best || Math.abs(o.tick - q.tick) < Math.abs(best.tick - q.tick)) best = o;
      }
      if (best) keep.add(best);
      place.push(best ? undefined : q);
    }
    return { keep: [...keep], cancel: resting.filter((o) => !keep.has(o)), place };
  }

  private order(market: Market, side: Side, q: LadderLevel, hedge: boolean): PlaceOrder {
    const c: PlaceOrder = {
      type: 'PlaceOrder',
      accountId: this.config.accountId,
      market: market.symbol,
      side: side === Side.Buy ? 'BUY' : 'SELL',
      orderType: 'LIMIT',
      timeInForce: this.config.timeInForce ?? 'GTX',
      price: q.tick,
      qty: q.lots,
    };
    return hedge ? { ...c, positionSide: side === Side.Buy ? 'LONG' : 'SHORT' } : c;
  }
}
