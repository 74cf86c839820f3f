import { Side } from '@fulcrum/core';
import type {
  Command,
  EngineEvent,
  EngineState,
  OrderAccepted,
  OrderType,
  PlaceOrder,
  PositionSide,
  SideName,
  TimeInForce,
  Venue,
} from '@fulcrum/core';
import { Ring } from './ring.ts';

export type OrderState = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';

/** What the API knows of one order: ticks, lots and quote units, as the engine reports them. */
export interface OrderRecord {
  readonly orderId: number;
  readonly accountId: number;
  readonly market: string;
  readonly side: SideName;
  /** The type as placed: a triggered STOP stays STOP. */
  readonly type: OrderType;
  timeInForce: TimeInForce;
  /** Limit price in ticks, -1 for market orders. */
  price: number;
  /** Trigger price in ticks, -1 when none. */
  readonly stopPrice: number;
  /** Total lots (0 for closePosition until it triggers). */
  origQty: number;
  executedQty: number;
  /** Value of the fills in quote units. */
  cumQuote: bigint;
  status: OrderState;
  readonly clientOrderId: string | undefined;
  readonly reduceOnly: boolean;
  readonly positionSide: PositionSide | undefined;
  readonly workingType: 'MARK_PRICE' | 'CONTRACT_PRICE' | undefined;
  readonly closePosition: boolean;
  /** A conditional order whose stop was reached. */
  triggered: boolean;
  /** Why a triggered order expired (the engine's code). */
  reason: string | undefined;
  readonly time: number;
  updateTime: number;
}

/** One account's orders: open ones, and the most recently closed. */
class AccountOrders {
  readonly open = new Map<number, OrderRecord>();
  /** Open orders that have a client order id (unique among open orders, as the engine keeps them). */
  readonly byClientId = new Map<string, OrderRecord>();
  readonly closed: Ring<OrderRecord>;
  readonly closedById = new Map<number, OrderRecord>();

  constructor(capacity: number) {
    this.closed = new Ring(capacity);
  }

  add(record: OrderRecord): void {
    this.open.set(record.orderId, record);
    if (record.clientOrderId !== undefined) this.byClientId.set(record.clientOrderId, record);
  }

  close(record: OrderRecord): void {
    this.open.delete(record.orderId);
    if (record.clientOrderId !== undefined) this.byClientId.delete(record.clientOrderId);
    const evicted = this.closed.push(record);
    if (evicted) this.closedById.delete(evicted.orderId);
    this.closedById.set(record.orderId, record);
  }
}

/**
 * Order records per account, kept from committed events. Open orders are all kept (the engine
 * bounds them); closed ones up to `closedPerAccount` per account.
 */
export class OrderRecords {
  private readonly accounts = new Map<number, AccountOrders>();
  private readonly perps: ReadonlySet<string>;

  constructor(
    venue: Venue,
    private readonly closedPerAccount: number,
  ) {
    this.perps = new Set(venue.perpMarkets.map((m) => m.symbol));
  }

  private of(accountId: number): AccountOrders {
    let orders = this.accounts.get(accountId);
    if (!orders) {
      orders = new AccountOrders(this.closedPerAccount);
      this.accounts.set(accountId, orders);
    }
    return orders;
  }

  /** An order of this account, open or recently closed; undefined for anyone else's. */
  get(accountId: number, orderId: number): OrderRecord | undefined {
    const orders = this.accounts.get(accountId);
    return orders?.open.get(orderId) ?? orders?.closedById.get(orderId);
  }

  /** The open order of this account with this client order id. */
  openByClientId(accountId: number, clientOrderId: string): OrderRecord | undefined {
    return this.accounts.get(accountId)?.byClientId.get(clientOrderId);
  }

  /** Open orders, oldest first, optionally of one market; at most `limit`. */
  open(accountId: number, market?: string, limit = Infinity): OrderRecord[] {
    const orders = this.accounts.get(accountId);
    if (!orders) return [];
    const out: OrderRecord[] = [];
    for (const record of orders.open.values()) {
      if (out.length >= limit) break;
      if (market === undefined || record.market === market) out.push(record);
    }
    return out;
  }

  /** Recently closed orders, newest first. */
  closed(accountId: number, limit: number, market?: string): OrderRecord[] {
    const orders = this.accounts.get(accountId);
    if (!orders) return [];
    return orders.closed.newest(limit, market === undefined ? undefined : (r) => r.market === market);
  }

  /** Fold one committed command's events in. */
  apply(command: Command, events: readonly EngineEvent[]): void {
    let placed = false;
    for (const e of events) {
      switch (e.type) {
        case 'OrderAccepted': {
          const orders = this.of(e.accountId);
          const existing = orders.open.get(e.orderId);
          if (existing) {
            // A conditional order placed on its trigger, under the id it already had.
            existing.timeInForce = e.timeInForce;
            existing.price = e.price;
            existing.origQty = e.qty;
            existing.updateTime = command.time;
            break;
          }
          // The first new order of a PlaceOrder is the command's own: take the fields events omit.
          const own: boolean = !placed && command.type === 'PlaceOrder' && command.accountId === e.accountId;
          placed ||= own;
          const c = own && command.type === 'PlaceOrder' ? command : undefined;
          orders.add(newRecord(e, c, this.perps.has(e.market), command.time));
          break;
        }
        case 'Trade':
          this.fill(e.takerAccountId, e.takerOrderId, e.qty, e.quoteQty, command.time);
          this.fill(e.makerAccountId, e.makerOrderId, e.qty, e.quoteQty, command.time);
          break;
        case 'OrderClosed': {
          const orders = this.of(e.accountId);
          const record = orders.open.get(e.orderId);
          if (!record) break;
          record.status = e.status;
          record.reason = e.reason;
          record.updateTime = command.time;
          orders.close(record);
          break;
        }
        case 'OrderAmended': {
          const record = this.accounts.get(e.accountId)?.open.get(e.orderId);
          if (!record) break;
          record.price = e.price;
          record.origQty = e.qty;
          record.updateTime = command.time;
          break;
        }
        case 'OrderTriggered': {
          const record = this.accounts.get(e.accountId)?.open.get(e.orderId);
          if (!record) break;
          record.triggered = true;
          record.updateTime = command.time;
          break;
        }
        default:
          break;
      }
    }
  }

  private fill(accountId: number, orderId: number, qty: number, quote: bigint, time: number): void {
    const record = this.accounts.get(accountId)?.open.get(orderId);
    if (record) addFill(record, qty, quote, time);
  }

  /**
   * Start from the orders already open in an engine state (after a restart). Fills made before are
   * not known one by one: their value is taken at the order's limit price.
   */
  seed(state: EngineState): void {
    for (const market of state.venue.markets) {
      const book = state.books[market.index]!;
      const perp = market.kind === 'perp';
      for (const side of [Side.Buy, Side.Sell]) {
        for (const o of book.orders(side)) {
          const meta = state.perpOrders.get(o.id);
          const executed = o.origQty - o.qty;
          this.of(o.owner).add({
            orderId: o.id,
            accountId: o.owner,
            market: market.symbol,
            side: side === Side.Buy ? 'BUY' : 'SELL',
            type: 'LIMIT',
            timeInForce: 'GTC',
            price: o.tick,
            stopPrice: -1,
            origQty: o.origQty,
            executedQty: executed,
            cumQuote: BigInt(executed) * BigInt(o.tick) * market.notionalUnits,
            status: executed > 0 ? 'PARTIALLY_FILLED' : 'NEW',
            clientOrderId: state.clientIdByOrder.get(o.id),
            reduceOnly: meta?.reduceOnly === true,
            positionSide: perp ? (meta?.positionSide ?? 'BOTH') : undefined,
            workingType: undefined,
            closePosition: false,
            triggered: false,
            reason: undefined,
            time: o.time,
            updateTime: o.time,
          });
        }
      }
    }
    for (const c of state.conditional.values()) {
      const market = state.venue.markets[c.market]!;
      this.of(c.accountId).add({
        orderId: c.id,
        accountId: c.accountId,
        market: market.symbol,
        side: c.side,
        type: c.orderType,
        timeInForce: c.timeInForce,
        price: c.limit,
        stopPrice: c.stopTick,
        origQty: c.qty,
        executedQty: 0,
        cumQuote: 0n,
        status: 'NEW',
        clientOrderId: c.clientOrderId,
        reduceOnly: c.reduceOnly,
        positionSide: c.positionSide,
        workingType: c.workingType,
        closePosition: c.closePosition,
        triggered: false,
        reason: undefined,
        time: state.time,
        updateTime: state.time,
      });
    }
  }
}

/** The record of an order just accepted; `c` is its own PlaceOrder command (absent: unknown). */
function newRecord(e: OrderAccepted, c: PlaceOrder | undefined, perp: boolean, time: number): OrderRecord {
  return {
    orderId: e.orderId,
    accountId: e.accountId,
    market: e.market,
    side: e.side,
    type: e.orderType,
    timeInForce: e.timeInForce,
    price: e.price,
    stopPrice: c?.stopPrice ?? -1,
    origQty: e.qty,
    executedQty: 0,
    cumQuote: 0n,
    status: 'NEW',
    clientOrderId: e.clientOrderId,
    reduceOnly: c?.reduceOnly === true || c?.closePosition === true,
    positionSide: perp ? (c?.positionSide ?? 'BOTH') : undefined,
    workingType: c?.stopPrice !== undefined ? (c.workingType ?? 'CONTRACT_PRICE') : undefined,
    closePosition: c?.closePosition === true,
    triggered: false,
    reason: undefined,
    time,
    updateTime: time,
  };
}

function addFill(record: OrderRecord, qty: number, quote: bigint, time: number): void {
  record.executedQty += qty;
  record.cumQuote += quote;
  record.status = 'PARTIALLY_FILLED';
  record.updateTime = time;
}

/**
 * The record of the order a PlaceOrder command placed, from that command's events alone: what the
 * API answers at once, before the read models have folded the command in.
 */
export function placedRecord(
  command: PlaceOrder,
  events: readonly EngineEvent[],
  orderId: number,
  perp: boolean,
): OrderRecord | undefined {
  let record: OrderRecord | undefined;
  for (const e of events) {
    if (!record) {
      if (e.type === 'OrderAccepted' && e.orderId === orderId)
        record = newRecord(e, command, perp, command.time);
    } else if (e.type === 'Trade') {
      if (e.takerOrderId === orderId || e.makerOrderId === orderId)
        addFill(record, e.qty, e.quoteQty, command.time);
    } else if (e.type === 'OrderClosed' && e.orderId === orderId) {
      record.status = e.status;
      record.reason = e.reason;
    }
  }
  return record;
}
