import { Rounding, Side, mulDiv } from '@fulcrum/core';
import type {
  Command,
  EngineEvent,
  EngineState,
  OrderOrigin,
  OrderType,
  PerpMarket,
  PositionSide,
  SideName,
  TimeInForce,
} from '@fulcrum/core';
import type { Committed } from '@fulcrum/runtime';
import { Ring } from '../readModels/ring.ts';

/**
 * What the Binance API reads besides the engine state, projected from committed commands: orders by
 * id with their status (venue orders included), fills with realized PnL, income, liquidation
 * orders, mark price candles. Each command's projection also yields the user-stream updates it
 * causes, in event order.
 */

export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';
export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'CALCULATED' | 'AMENDMENT';
export type IncomeType =
  'TRANSFER' | 'REALIZED_PNL' | 'FUNDING_FEE' | 'COMMISSION' | 'INSURANCE_CLEAR' | 'AUTO_EXCHANGE';
export type AccountReason =
  | 'ORDER'
  | 'FUNDING_FEE'
  | 'DEPOSIT'
  | 'WITHDRAW'
  | 'MARGIN_TRANSFER'
  | 'MARGIN_TYPE_CHANGE'
  | 'INSURANCE_CLEAR'
  | 'ADL';

/** One order. Prices are quote units per whole base (0 = none), quantities lots. */
export interface OrderRecord {
  readonly orderId: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly side: SideName;
  /** As placed: a triggered STOP_MARKET stays STOP_MARKET. */
  readonly type: OrderType;
  timeInForce: TimeInForce;
  price: bigint;
  readonly stopPrice: bigint;
  origQty: number;
  executedQty: number;
  cumQuote: bigint;
  status: OrderStatus;
  readonly clientOrderId: string;
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly positionSide: PositionSide;
  readonly workingType: 'MARK_PRICE' | 'CONTRACT_PRICE';
  /** Orders the venue placed: liquidation (autoclose-...), ADL (adl_autoclose). */
  readonly origin: OrderOrigin | undefined;
  /** Placed with a stop price (Binance's algo orders). */
  readonly conditional: boolean;
  triggerTime: number;
  /** The engine's code when the venue closed it (a refused trigger, LIQUIDATION, ADL). */
  reason: string | undefined;
  readonly time: number;
  updateTime: number;
}

export interface FillRecord {
  readonly id: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly side: SideName;
  readonly positionSide: PositionSide;
  readonly price: bigint;
  readonly qty: number;
  readonly quoteQty: bigint;
  readonly commission: bigint;
  readonly realizedPnl: bigint;
  readonly maker: boolean;
  readonly time: number;
}

export interface IncomeRecord {
  readonly symbol: string;
  readonly incomeType: IncomeType;
  readonly income: bigint;
  readonly asset: string;
  readonly info: string;
  readonly time: number;
  readonly tranId: number;
  readonly tradeId: string;
}

export interface MarginChange {
  readonly symbol: string;
  readonly positionSide: PositionSide;
  readonly amount: bigint;
  readonly type: 1 | 2;
  readonly time: number;
}

export interface MarkCandle {
  readonly openTime: number;
  readonly open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
}

/** What one command changed for a user stream or a public feed. */
export type Update =
  | {
      readonly kind: 'order';
      readonly order: OrderRecord;
      readonly execution: ExecutionType;
      readonly fill: FillRecord | undefined;
      readonly time: number;
    }
  | {
      readonly kind: 'account';
      readonly accountId: number;
      readonly reason: AccountReason;
      /** Markets whose positions changed (funding on cross positions names none, as Binance). */
      readonly symbols: readonly string[];
      readonly time: number;
    }
  | {
      readonly kind: 'leverage';
      readonly accountId: number;
      readonly symbol: string;
      readonly leverage: number;
      readonly time: number;
    }
  | { readonly kind: 'marginCall'; readonly accountId: number; readonly asset: string; readonly time: number }
  | { readonly kind: 'forceOrder'; readonly order: OrderRecord; readonly time: number };

export interface HistoryLimits {
  readonly closedOrdersPerAccount: number;
  readonly fillsPerAccount: number;
  readonly incomePerAccount: number;
  readonly forceOrdersPerAccount: number;
  readonly markCandlesPerMarket: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  closedOrdersPerAccount: 1_000,
  fillsPerAccount: 1_000,
  incomePerAccount: 1_000,
  forceOrdersPerAccount: 200,
  markCandlesPerMarket: 10_080,
};

/** Synthetic ids (ADL and insurance fills have no order or trade of the book) live far above the engine's. */
const SYNTHETIC_BASE = 4_000_000_000_000_000;
const MINUTE = 60_000;

interface Leg {
  /** Signed lots, long > 0. */
  qty: number;
  basis: bigint;
}

class AccountHistory {
  readonly open = new Map<number, OrderRecord>();
  readonly closed: Ring<OrderRecord>;
  readonly closedById = new Map<number, OrderRecord>();
  readonly fills: Ring<FillRecord>;
  readonly income: Ring<IncomeRecord>;
  readonly forceOrders: Ring<OrderRecord>;
  readonly margin: Ring<MarginChange>;

  constructor(limits: HistoryLimits) {
    this.closed = new Ring(limits.closedOrdersPerAccount);
    this.fills = new Ring(limits.fillsPerAccount);
    this.income = new Ring(limits.incomePerAccount);
    this.forceOrders = new Ring(limits.forceOrdersPerAccount);
    this.margin = new Ring(limits.fillsPerAccount);
  }

  close(order: OrderRecord): void {
    this.open.delete(order.orderId);
    const evicted = this.closed.push(order);
    if (evicted) this.closedById.delete(evicted.orderId);
    this.closedById.set(order.orderId, order);
  }
}

export class BinanceHistory {
  private readonly accounts = new Map<number, AccountHistory>();
  /** Open orders of every account by id: a trade names the maker's order only. */
  private readonly openOrders = new Map<number, OrderRecord>();
  private readonly legs = new Map<string, Leg>();
  private readonly dualSide = new Map<number, boolean>();
  private readonly markCandles = new Map<string, Ring<MarkCandle>>();
  lastSeq: number;

  constructor(
    readonly state: EngineState,
    private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
    seed = true,
  ) {
    this.lastSeq = seed ? state.seq : 0;
    if (seed) this.seed();
  }

  /** A history that only projects the given commands: a route's own answer before the listener runs. */
  static scratch(state: EngineState): BinanceHistory {
    return new BinanceHistory(state, DEFAULT_HISTORY_LIMITS, false);
  }

  private of(accountId: number): AccountHistory {
    let h = this.accounts.get(accountId);
    if (!h) this.accounts.set(accountId, (h = new AccountHistory(this.limits)));
    return h;
  }

  order(accountId: number, orderId: number): OrderRecord | undefined {
    const h = this.accounts.get(accountId);
    return h?.open.get(orderId) ?? h?.closedById.get(orderId);
  }

  orderByClientId(accountId: number, clientOrderId: string): OrderRecord | undefined {
    const h = this.accounts.get(accountId);
    if (!h) return undefined;
    for (const o of h.open.values()) if (o.clientOrderId === clientOrderId) return o;
    return h.closed.newest(1, (o) => o.clientOrderId === clientOrderId)[0];
  }

  /** Open orders, oldest first. */
  openOf(accountId: number, symbol?: string): OrderRecord[] {
    const h = this.accounts.get(accountId);
    if (!h) return [];
    return [...h.open.values()].filter((o) => symbol === undefined || o.symbol === symbol);
  }

  /** Closed orders, newest first. */
  closedOf(accountId: number, limit: number, keep?: (o: OrderRecord) => boolean): OrderRecord[] {
    return this.accounts.get(accountId)?.closed.newest(limit, keep) ?? [];
  }

  fills(accountId: number, limit: number, keep?: (f: FillRecord) => boolean): FillRecord[] {
    return this.accounts.get(accountId)?.fills.newest(limit, keep) ?? [];
  }

  income(accountId: number, limit: number, keep?: (i: IncomeRecord) => boolean): IncomeRecord[] {
    return this.accounts.get(accountId)?.income.newest(limit, keep) ?? [];
  }

  forceOrders(accountId: number, limit: number, keep?: (o: OrderRecord) => boolean): OrderRecord[] {
    return this.accounts.get(accountId)?.forceOrders.newest(limit, keep) ?? [];
  }

  marginChanges(accountId: number, limit: number, keep?: (m: MarginChange) => boolean): MarginChange[] {
    return this.accounts.get(accountId)?.margin.newest(limit, keep) ?? [];
  }

  /** Mark price candles of 1 minute, newest first. */
  markCandlesOf(symbol: string): Ring<MarkCandle> | undefined {
    return this.markCandles.get(symbol);
  }

  /** Fold committed commands in; returns the updates they caused, in order. */
  apply(batch: readonly Committed[]): Update[] {
    const updates: Update[] = [];
    for (const { command, events } of batch) {
      if (command.seq <= this.lastSeq) continue;
      this.lastSeq = command.seq;
      new CommandProjection(this, command, updates).run(events);
    }
    return updates;
  }

  // Internals used by the projection of one command.

  /** @internal */ openOrder(orderId: number): OrderRecord | undefined {
    return this.openOrders.get(orderId);
  }

  /** @internal */ addOpen(order: OrderRecord): void {
    this.openOrders.set(order.orderId, order);
    if (order.accountId > 0) this.of(order.accountId).open.set(order.orderId, order);
  }

  /** @internal */ closeOrder(order: OrderRecord): void {
    this.openOrders.delete(order.orderId);
    if (order.accountId <= 0) return;
    const h = this.of(order.accountId);
    h.close(order);
    if (order.origin === 'LIQUIDATION' || order.origin === 'ADL') h.forceOrders.push(order);
  }

  /** @internal */ addFill(accountId: number, fill: FillRecord): void {
    if (accountId > 0) this.of(accountId).fills.push(fill);
  }

  /** @internal */ addIncome(accountId: number, income: IncomeRecord): void {
    if (accountId > 0 && income.income !== 0n) this.of(accountId).income.push(income);
  }

  /** @internal */ addMarginChange(accountId: number, change: MarginChange): void {
    this.of(accountId).margin.push(change);
  }

  /** @internal */ isDual(accountId: number): boolean {
    return this.dualSide.get(accountId) ?? false;
  }

  /** @internal */ setDual(accountId: number, dual: boolean): void {
    this.dualSide.set(accountId, dual);
  }

  /**
   * @internal Move a position leg by a fill exactly as the engine does (basis released pro rata,
   * rounded against the position) and return the realized PnL.
   */
  trade(
    accountId: number,
    symbol: string,
    positionSide: PositionSide,
    side: SideName,
    lots: number,
    value: bigint,
  ): bigint {
    const key = `${accountId}|${symbol}|${positionSide}`;
    let leg = this.legs.get(key);
    if (!leg) this.legs.set(key, (leg = { qty: 0, basis: 0n }));
    const before = leg.qty;
    const trade = side === 'BUY' ? lots : -lots;
    let pnl = 0n;
    if (before === 0 || Math.sign(before) === Math.sign(trade)) {
      leg.basis += value;
      leg.qty = before + trade;
    } else {
      const closed = Math.min(lots, Math.abs(before));
      const closeValue = closed === lots ? value : mulDiv(value, BigInt(closed), BigInt(lots), Rounding.Down);
      const released = mulDiv(
        leg.basis,
        BigInt(closed),
        BigInt(Math.abs(before)),
        before > 0 ? Rounding.Up : Rounding.Down,
      );
      pnl = before > 0 ? closeValue - released : released - closeValue;
      leg.basis -= released;
      leg.qty = before + Math.sign(trade) * closed;
      if (lots > closed) {
        leg.basis = value - closeValue;
        leg.qty = Math.sign(trade) * (lots - closed);
      }
    }
    if (leg.qty === 0) this.legs.delete(key);
    return pnl;
  }

  /** @internal Signed lots of a position leg as mirrored. */
  legQty(accountId: number, symbol: string, positionSide: PositionSide): number {
    return this.legs.get(`${accountId}|${symbol}|${positionSide}`)?.qty ?? 0;
  }

  /** @internal */ markTick(symbol: string, time: number, mark: bigint): void {
    let ring = this.markCandles.get(symbol);
    if (!ring) this.markCandles.set(symbol, (ring = new Ring(this.limits.markCandlesPerMarket)));
    const openTime = time - (time % MINUTE);
    const last = ring.fromNewest(0);
    if (last && last.openTime === openTime) {
      if (mark > last.high) last.high = mark;
      if (mark < last.low) last.low = mark;
      last.close = mark;
      return;
    }
    ring.push({ openTime, open: mark, high: mark, low: mark, close: mark });
  }

  /** Open orders, positions and modes already in the state (a restart, or a plugin added late). */
  private seed(): void {
    const state = this.state;
    for (const account of state.accounts) {
      this.dualSide.set(account.id, account.futures.dualSide);
      for (const p of account.futures.positions) {
        const market = state.venue.markets[p.market]!;
        const qty = p.side === 'SHORT' ? -p.qty : p.qty;
        this.legs.set(`${account.id}|${market.symbol}|${p.side}`, { qty, basis: p.basis });
      }
    }
    for (const market of state.venue.perpMarkets) {
      const book = state.books[market.index]!;
      for (const side of [Side.Buy, Side.Sell]) {
        for (const o of book.orders(side)) {
          const meta = state.perpOrders.get(o.id);
          const executed = o.origQty - o.qty;
          this.addOpen({
            orderId: o.id,
            accountId: o.owner,
            symbol: market.symbol,
            side: side === Side.Buy ? 'BUY' : 'SELL',
            type: 'LIMIT',
            timeInForce: 'GTC',
            price: BigInt(o.tick) * market.tickUnits,
            stopPrice: 0n,
            origQty: o.origQty,
            executedQty: executed,
            // Earlier fills are not known one by one: valued at the limit price.
            cumQuote: BigInt(executed) * BigInt(o.tick) * market.notionalUnits,
            status: executed > 0 ? 'PARTIALLY_FILLED' : 'NEW',
            clientOrderId: state.clientIdByOrder.get(o.id) ?? `fulcrum-${o.id}`,
            reduceOnly: meta?.reduceOnly === true,
            closePosition: false,
            positionSide: meta?.positionSide ?? 'BOTH',
            workingType: 'CONTRACT_PRICE',
            origin: undefined,
            conditional: false,
            triggerTime: 0,
            reason: undefined,
            time: o.time,
            updateTime: o.time,
          });
        }
      }
    }
    for (const c of state.conditional.values()) {
      const market = state.venue.markets[c.market] as PerpMarket;
      this.addOpen({
        orderId: c.id,
        accountId: c.accountId,
        symbol: market.symbol,
        side: c.side,
        type: c.orderType,
        timeInForce: c.timeInForce,
        price: c.limit < 0 ? 0n : BigInt(c.limit) * market.tickUnits,
        stopPrice: BigInt(c.stopTick) * market.tickUnits,
        origQty: c.qty,
        executedQty: 0,
        cumQuote: 0n,
        status: 'NEW',
        clientOrderId: c.clientOrderId ?? `fulcrum-${c.id}`,
        reduceOnly: c.reduceOnly,
        closePosition: c.closePosition,
        positionSide: c.positionSide,
        workingType: c.workingType,
        origin: undefined,
        conditional: true,
        triggerTime: 0,
        reason: undefined,
        time: state.time,
        updateTime: state.time,
      });
    }
  }
}

/** The projection of one command: its events in order, and what it leaves to finish at the end. */
class CommandProjection {
  private readonly time: number;
  private tranSeq = 0;
  private ownPlaced = false;
  /** Liquidation orders that expired with a rest the fund or ADL may still take, by account|symbol|side. */
  private readonly liquidating = new Map<string, OrderRecord>();
  private readonly reasons = new Map<number, { reason: AccountReason; symbols: Set<string> }>();

  constructor(
    private readonly h: BinanceHistory,
    private readonly command: Command,
    private readonly updates: Update[],
  ) {
    this.time = command.time;
  }

  run(events: readonly EngineEvent[]): void {
    for (const e of events) this.event(e);
    for (const order of this.liquidating.values()) this.finishLiquidation(order);
    for (const [accountId, { reason, symbols }] of this.reasons)
      this.updates.push({ kind: 'account', accountId, reason, symbols: [...symbols], time: this.time });
  }

  private tranId(): number {
    return this.command.seq * 1_000 + this.tranSeq++;
  }

  /** The account's futures changed; the first reason of a command wins unless a stronger one comes. */
  private touch(accountId: number, reason: AccountReason, symbol?: string): void {
    if (accountId <= 0) return;
    let entry = this.reasons.get(accountId);
    if (!entry) this.reasons.set(accountId, (entry = { reason, symbols: new Set() }));
    else if (reason === 'INSURANCE_CLEAR' || reason === 'ADL') entry.reason = reason;
    if (symbol !== undefined) entry.symbols.add(symbol);
  }

  private emit(order: OrderRecord, execution: ExecutionType, fill?: FillRecord): void {
    if (order.accountId <= 0) return;
    this.updates.push({ kind: 'order', order: { ...order }, execution, fill, time: this.time });
  }

  private market(symbol: string): PerpMarket | undefined {
    const m = this.h.state.venue.marketBySymbol.get(symbol);
    return m?.kind === 'perp' ? m : undefined;
  }

  private event(e: EngineEvent): void {
    switch (e.type) {
      case 'OrderAccepted':
        return this.accepted(e);
      case 'Trade':
        return this.trade(e);
      case 'OrderClosed': {
        const order = this.h.openOrder(e.orderId);
        if (!order) return;
        order.reason = e.reason;
        order.updateTime = this.time;
        if (order.origin === 'LIQUIDATION' && e.leftQty > 0) {
          // The fund or ADL may take the rest within this command: finish at its end.
          order.status = 'EXPIRED';
          this.liquidating.set(`${order.accountId}|${order.symbol}|${order.positionSide}`, order);
          return;
        }
        order.status = e.status;
        this.h.closeOrder(order);
        if (e.status === 'CANCELED') this.emit(order, 'CANCELED');
        else if (e.status !== 'FILLED') this.emit(order, 'EXPIRED');
        if (order.origin !== undefined) this.forceOrder(order);
        return;
      }
      case 'OrderTriggered': {
        const order = this.h.openOrder(e.orderId);
        if (order) {
          order.triggerTime = this.time;
          order.updateTime = this.time;
        }
        return;
      }
      case 'OrderAmended': {
        const order = this.h.openOrder(e.orderId);
        if (!order) return;
        const m = this.market(order.symbol);
        if (m) order.price = BigInt(e.price) * m.tickUnits;
        order.origQty = e.qty;
        order.updateTime = this.time;
        this.emit(order, 'AMENDMENT');
        return;
      }
      case 'InsuranceTakeover':
        return this.venueFill(e.accountId, e.market, e.positionSide, e.qty, e.price, e.value, 'INSURANCE');
      case 'AdlFill': {
        this.venueFill(e.accountId, e.market, e.positionSide, e.qty, e.price, e.value, 'ADL');
        this.adlCounterparty(e);
        return;
      }
      case 'FundingFee':
        // Dated at the funding time it pays for, as Binance lists it, even when settled later.
        this.h.addIncome(e.accountId, {
          ...this.income(e.market, 'FUNDING_FEE', e.amount, 'FUNDING_FEE'),
          time: e.time,
        });
        return this.touch(e.accountId, 'FUNDING_FEE', e.positionSide === 'BOTH' ? undefined : e.market);
      case 'Transferred': {
        const amount = e.direction === 'SPOT_TO_FUTURES' ? e.amount : -e.amount;
        this.h.addIncome(e.accountId, this.income('', 'TRANSFER', amount, e.direction, e.asset));
        return this.touch(e.accountId, amount > 0n ? 'DEPOSIT' : 'WITHDRAW');
      }
      case 'IsolatedMarginChanged':
        this.h.addMarginChange(e.accountId, {
          symbol: e.market,
          positionSide: e.positionSide,
          amount: e.amount < 0n ? -e.amount : e.amount,
          type: e.amount < 0n ? 2 : 1,
          time: this.time,
        });
        return this.touch(e.accountId, 'MARGIN_TRANSFER', e.market);
      case 'MarginTypeChanged':
        return this.touch(e.accountId, 'MARGIN_TYPE_CHANGE', e.market);
      case 'LeverageChanged':
        this.updates.push({
          kind: 'leverage',
          accountId: e.accountId,
          symbol: e.market,
          leverage: e.leverage,
          time: this.time,
        });
        return;
      case 'PositionModeChanged':
        this.h.setDual(e.accountId, e.dualSide);
        return;
      case 'LiquidationStarted':
        if (e.accountId > 0)
          this.updates.push({ kind: 'marginCall', accountId: e.accountId, asset: e.asset, time: this.time });
        return;
      case 'Liquidated': {
        const symbol = e.market ?? '';
        this.h.addIncome(
          e.accountId,
          this.income(symbol, 'INSURANCE_CLEAR', -e.clearanceFee, 'CLEARANCE_FEE', e.asset),
        );
        this.h.addIncome(
          e.accountId,
          this.income(symbol, 'INSURANCE_CLEAR', e.covered, 'BANKRUPTCY_COVER', e.asset),
        );
        if (e.clearanceFee > 0n || e.covered > 0n) this.touch(e.accountId, 'INSURANCE_CLEAR', e.market);
        return;
      }
      case 'MarkPrice':
        this.h.markTick(e.market, this.time, e.mark);
        return;
      default:
        return;
    }
  }

  private income(
    symbol: string,
    type: IncomeType,
    amount: bigint,
    info: string,
    asset?: string,
    tradeId = '',
  ): IncomeRecord {
    const m = symbol === '' ? undefined : this.market(symbol);
    return {
      symbol,
      incomeType: type,
      income: amount,
      asset: asset ?? m?.margin.symbol ?? 'USDT',
      info,
      time: this.time,
      tranId: this.tranId(),
      tradeId,
    };
  }

  private accepted(e: Extract<EngineEvent, { type: 'OrderAccepted' }>): void {
    const m = this.market(e.market);
    if (!m) return;
    const existing = this.h.openOrder(e.orderId);
    if (existing) {
      // A conditional order placed on its trigger, under the id it had.
      existing.timeInForce = e.timeInForce;
      existing.price = e.price < 0 ? 0n : BigInt(e.price) * m.tickUnits;
      existing.origQty = e.qty;
      existing.updateTime = this.time;
      this.emit(existing, 'NEW');
      return;
    }
    const c = this.command;
    const own =
      !this.ownPlaced && e.origin === undefined && c.type === 'PlaceOrder' && c.accountId === e.accountId;
    if (own) this.ownPlaced = true;
    const placed = own && c.type === 'PlaceOrder' ? c : undefined;
    const positionSide: PositionSide =
      placed?.positionSide ??
      (e.origin !== undefined && this.h.isDual(e.accountId)
        ? e.side === 'SELL'
          ? 'LONG'
          : 'SHORT'
        : 'BOTH');
    const order: OrderRecord = {
      orderId: e.orderId,
      accountId: e.accountId,
      symbol: e.market,
      side: e.side,
      type: e.orderType,
      timeInForce: e.timeInForce,
      price: e.price < 0 ? 0n : BigInt(e.price) * m.tickUnits,
      stopPrice: placed?.stopPrice === undefined ? 0n : BigInt(placed.stopPrice) * m.tickUnits,
      origQty: e.qty,
      executedQty: 0,
      cumQuote: 0n,
      status: 'NEW',
      clientOrderId: e.clientOrderId ?? `fulcrum-${e.orderId}`,
      reduceOnly: placed?.reduceOnly === true || placed?.closePosition === true || e.origin !== undefined,
      closePosition: placed?.closePosition === true,
      positionSide,
      workingType: placed?.workingType ?? 'CONTRACT_PRICE',
      origin: e.origin,
      conditional: placed?.stopPrice !== undefined,
      triggerTime: 0,
      reason: undefined,
      time: this.time,
      updateTime: this.time,
    };
    this.h.addOpen(order);
    // Binance announces no NEW for the venue's own orders: their fills come as CALCULATED.
    if (e.origin === undefined) this.emit(order, 'NEW');
  }

  private trade(e: Extract<EngineEvent, { type: 'Trade' }>): void {
    const m = this.market(e.market);
    if (!m) return;
    const price = BigInt(e.price) * m.tickUnits;
    const makerSide: SideName = e.takerSide === 'BUY' ? 'SELL' : 'BUY';
    this.side(
      e.takerAccountId,
      e.takerOrderId,
      e.takerSide,
      e.tradeId,
      price,
      e.qty,
      e.quoteQty,
      e.takerFee,
      false,
    );
    this.side(
      e.makerAccountId,
      e.makerOrderId,
      makerSide,
      e.tradeId,
      price,
      e.qty,
      e.quoteQty,
      e.makerFee,
      true,
    );
  }

  private side(
    accountId: number,
    orderId: number,
    side: SideName,
    tradeId: number,
    price: bigint,
    lots: number,
    quote: bigint,
    fee: bigint,
    maker: boolean,
  ): void {
    const order = this.h.openOrder(orderId);
    if (!order) return;
    const pnl = this.h.trade(accountId, order.symbol, order.positionSide, side, lots, quote);
    order.executedQty += lots;
    order.cumQuote += quote;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = this.time;
    const fill: FillRecord = {
      id: tradeId,
      orderId,
      symbol: order.symbol,
      side,
      positionSide: order.positionSide,
      price,
      qty: lots,
      quoteQty: quote,
      commission: fee,
      realizedPnl: pnl,
      maker,
      time: this.time,
    };
    this.h.addFill(accountId, fill);
    const id = String(tradeId);
    this.h.addIncome(accountId, this.income(order.symbol, 'COMMISSION', -fee, 'COMMISSION', undefined, id));
    this.h.addIncome(
      accountId,
      this.income(order.symbol, 'REALIZED_PNL', pnl, 'REALIZED_PNL', undefined, id),
    );
    if (order.status === 'FILLED') this.h.closeOrder(order);
    this.emit(order, order.origin === undefined ? 'TRADE' : 'CALCULATED', fill);
    this.touch(accountId, 'ORDER', order.symbol);
    if (order.status === 'FILLED' && order.origin !== undefined) this.forceOrder(order);
  }

  /** The fund or ADL took part of a liquidated position at its bankruptcy price (off the tick grid). */
  private venueFill(
    accountId: number,
    symbol: string,
    positionSide: PositionSide,
    lots: number,
    price: bigint,
    value: bigint,
    by: 'INSURANCE' | 'ADL',
  ): void {
    const key = `${accountId}|${symbol}|${positionSide}`;
    let order = this.liquidating.get(key);
    const side: SideName =
      positionSide === 'LONG'
        ? 'SELL'
        : positionSide === 'SHORT'
          ? 'BUY'
          : this.closingSide(accountId, symbol);
    if (!order) {
      // No book order came first (nothing could fill there): the liquidation is this fill alone.
      const id = SYNTHETIC_BASE + this.tranId();
      order = this.syntheticOrder(
        id,
        accountId,
        symbol,
        side,
        positionSide,
        price,
        `autoclose-${id}`,
        'LIQUIDATION',
      );
      this.liquidating.set(key, order);
    }
    order.origQty = Math.max(order.origQty, order.executedQty + lots);
    const pnl = this.h.trade(accountId, symbol, positionSide, side, lots, value);
    order.executedQty += lots;
    order.cumQuote += value;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = this.time;
    const fill: FillRecord = {
      id: SYNTHETIC_BASE + this.tranId(),
      orderId: order.orderId,
      symbol,
      side,
      positionSide,
      price,
      qty: lots,
      quoteQty: value,
      commission: 0n,
      realizedPnl: pnl,
      maker: false,
      time: this.time,
    };
    this.h.addFill(accountId, fill);
    this.h.addIncome(accountId, this.income(symbol, 'REALIZED_PNL', pnl, by, undefined, String(fill.id)));
    this.emit(order, 'CALCULATED', fill);
    this.touch(accountId, 'ORDER', symbol);
  }

  /** The deleveraged side of an ADL fill: an `adl_autoclose` order filled at the bankruptcy price. */
  private adlCounterparty(e: Extract<EngineEvent, { type: 'AdlFill' }>): void {
    const side: SideName =
      e.counterpartySide === 'LONG'
        ? 'SELL'
        : e.counterpartySide === 'SHORT'
          ? 'BUY'
          : this.closingSide(e.counterpartyId, e.market);
    const id = SYNTHETIC_BASE + this.tranId();
    const order = this.syntheticOrder(
      id,
      e.counterpartyId,
      e.market,
      side,
      e.counterpartySide,
      e.price,
      'adl_autoclose',
      'ADL',
    );
    const pnl = this.h.trade(e.counterpartyId, e.market, e.counterpartySide, side, e.qty, e.value);
    order.origQty = e.qty;
    order.executedQty = e.qty;
    order.cumQuote = e.value;
    order.status = 'FILLED';
    const fill: FillRecord = {
      id,
      orderId: id,
      symbol: e.market,
      side,
      positionSide: e.counterpartySide,
      price: e.price,
      qty: e.qty,
      quoteQty: e.value,
      commission: 0n,
      realizedPnl: pnl,
      maker: false,
      time: this.time,
    };
    this.h.addFill(e.counterpartyId, fill);
    this.h.addIncome(
      e.counterpartyId,
      this.income(e.market, 'REALIZED_PNL', pnl, 'ADL', undefined, String(id)),
    );
    this.h.closeOrder(order);
    this.emit(order, 'CALCULATED', fill);
    this.touch(e.counterpartyId, 'ADL', e.market);
  }

  /** One-way positions: the side that closes what the mirror holds. */
  private closingSide(accountId: number, symbol: string): SideName {
    return this.h.legQty(accountId, symbol, 'BOTH') < 0 ? 'BUY' : 'SELL';
  }

  private syntheticOrder(
    id: number,
    accountId: number,
    symbol: string,
    side: SideName,
    positionSide: PositionSide,
    price: bigint,
    clientOrderId: string,
    origin: OrderOrigin,
  ): OrderRecord {
    const order: OrderRecord = {
      orderId: id,
      accountId,
      symbol,
      side,
      type: 'LIMIT',
      timeInForce: 'IOC',
      price,
      stopPrice: 0n,
      origQty: 0,
      executedQty: 0,
      cumQuote: 0n,
      status: 'NEW',
      clientOrderId,
      reduceOnly: true,
      closePosition: false,
      positionSide,
      workingType: 'CONTRACT_PRICE',
      origin,
      conditional: false,
      triggerTime: 0,
      reason: undefined,
      time: this.time,
      updateTime: this.time,
    };
    this.h.addOpen(order);
    return order;
  }

  private finishLiquidation(order: OrderRecord): void {
    if (order.status !== 'FILLED') {
      order.status = order.executedQty > 0 && order.executedQty >= order.origQty ? 'FILLED' : 'EXPIRED';
      if (order.status === 'EXPIRED') this.emit(order, 'EXPIRED');
    }
    this.h.closeOrder(order);
    this.forceOrder(order);
  }

  private forceOrder(order: OrderRecord): void {
    if (order.origin === 'LIQUIDATION' || order.origin === 'ADL')
      this.updates.push({ kind: 'forceOrder', order: { ...order }, time: this.time });
  }
}
