import { createHash } from 'node:crypto';
import { newMarginAccount } from '../account/index.ts';
import type {
  FuturesAccount,
  LendingAccount,
  MarginAccount,
  MarginDebt,
  MarginLevelState,
  MarketSettings,
  OpenOrderTotals,
  Position,
} from '../account/index.ts';
import { Side } from '../book/index.ts';
import type { ReserveState } from '../lending/index.ts';
import { loadVenue } from '../market/index.ts';
import type { VenueConfig } from '../market/index.ts';
import { createState } from './state.ts';
import type { BookFactory, EngineState } from './state.ts';
import type { PerpMarketState, PerpOrderMeta } from './perpState.ts';
import type { ConditionalOrder } from './perpTriggers.ts';
import type { InsuranceRecord } from './insurance.ts';
import { rebuildRiskIndex } from './riskIndex.ts';
import { rebuildBorrowers } from './marginState.ts';
import type { MarginFundRecord, MarginOrderMeta, MarginPool } from './marginState.ts';

/**
 * Snapshots: the whole state as canonical JSON (bigints as decimal strings, fixed key order, orders
 * in matching priority), so that encode(decode(s)) === s and equal states give equal bytes. The state
 * hash is the SHA-256 of that encoding.
 */

export const SNAPSHOT_VERSION = 5;
/** Version 4 (before the lending pool) still decodes: no lending positions, no oracle prices. */
const PREVIOUS_VERSION = 4;

/** [id, owner, side (0 buy, 1 sell), tick, qty, origQty, time] */
type OrderRow = [number, number, number, number, number, number, number];

export interface Snapshot {
  readonly version: number;
  readonly config: VenueConfig;
  readonly seq: number;
  readonly time: number;
  readonly nextOrderId: number;
  readonly nextTradeId: number;
  /** Per account: per asset [available, held], its open client ids as [clientId, orderId], futures. */
  readonly accounts: readonly {
    readonly wallets: [string, string][];
    readonly clientIds: [string, number][];
    readonly futures: FuturesSnapshot;
    /** The cross margin account (null while untouched), and isolated ones as [pair, account], by pair. */
    readonly margin: MarginSnapshot | null;
    readonly isolated: [number, MarginSnapshot][];
    /** Lending positions (null while unused). */
    readonly lending?: LendingSnapshot | null;
  }[];
  /** Perpetual market state by market index (null for spot pairs). */
  readonly perp: (PerpMarketState | null)[];
  /** Resting perpetual orders as [orderId, meta], by id. */
  readonly perpOrders: [number, PerpOrderMeta][];
  /** Waiting conditional orders as [orderId, order], by id. */
  readonly conditional: [number, ConditionalOrder][];
  readonly ledger: { readonly deposited: string[]; readonly withdrawn: string[]; readonly fees: string[] };
  /** The insurance fund's account (wallet per margin asset, positions it took over) and its history. */
  readonly insurance: FuturesSnapshot;
  readonly insuranceHistory: InsuranceRecord[];
  /** Per market (by index): bids then asks, each in priority order. */
  readonly books: readonly { readonly market: string; readonly orders: OrderRow[] }[];
  /** Spot index prices by market index (0 where none). */
  readonly spotIndex: bigint[];
  /** Lending pool and margin insurance fund per asset, the fund's history. */
  readonly marginPool: MarginPool[];
  readonly marginFund: bigint[];
  readonly marginFundHistory: MarginFundRecord[];
  /** Resting orders trading from margin accounts, as [orderId, meta], by id. */
  readonly marginOrders: [number, MarginOrderMeta][];
  /** Oracle prices by asset index (0 where none). */
  readonly oracle?: bigint[];
  /** The lending pool's reserves by reserve index (null without a pool). */
  readonly lending?: ReserveState[] | null;
}

interface LendingSnapshot {
  readonly eMode: number;
  /** Per reserve [scaled supply, scaled debt, collateral]. */
  readonly positions: [bigint, bigint, boolean][];
}

function lendingSnapshot(a: LendingAccount | null): LendingSnapshot | null {
  if (a === null) return null;
  return {
    eMode: a.eMode,
    positions: a.positions.map((p): [bigint, bigint, boolean] => [
      p.scaledSupply,
      p.scaledDebt,
      p.collateral,
    ]),
  };
}

function lendingFrom(a: LendingSnapshot | null | undefined): LendingAccount | null {
  if (!a) return null;
  return {
    eMode: a.eMode,
    positions: a.positions.map(([scaledSupply, scaledDebt, collateral]) => ({
      scaledSupply,
      scaledDebt,
      collateral,
    })),
  };
}

/** A reserve with its fields in a fixed order, so equal states give equal bytes. */
function reserveSnapshot(r: ReserveState): ReserveState {
  return {
    liquidityIndex: r.liquidityIndex,
    variableBorrowIndex: r.variableBorrowIndex,
    liquidityRate: r.liquidityRate,
    variableBorrowRate: r.variableBorrowRate,
    scaledTotalSupply: r.scaledTotalSupply,
    scaledTotalDebt: r.scaledTotalDebt,
    accruedToTreasury: r.accruedToTreasury,
    cash: r.cash,
    deficit: r.deficit,
    lastUpdate: r.lastUpdate,
  };
}

interface MarginSnapshot {
  /** Per asset [available, held]. */
  readonly wallets: [string, string][];
  readonly debts: MarginDebt[];
  readonly levelState: MarginLevelState;
}

function marginSnapshot(m: MarginAccount): MarginSnapshot {
  return {
    wallets: m.wallets.map((w): [string, string] => [w.available.toString(), w.held.toString()]),
    debts: m.debts.map((d) => ({
      principal: d.principal,
      interestRaw: d.interestRaw,
      nextAccrual: d.nextAccrual,
    })),
    levelState: m.levelState,
  };
}

/** Nothing in it, nothing owed, nothing reported: written as null to keep snapshots small. */
function untouched(m: MarginAccount): boolean {
  if (m.levelState !== 'NORMAL') return false;
  for (const w of m.wallets) if (w.available !== 0n || w.held !== 0n) return false;
  for (const d of m.debts)
    if (d.principal !== 0n || d.interestRaw !== 0n || d.nextAccrual !== 0) return false;
  return true;
}

function marginFrom(id: number, pair: number, m: MarginSnapshot | null, assetCount: number): MarginAccount {
  if (m === null) return newMarginAccount(id, pair, assetCount);
  return {
    id,
    pair,
    wallets: m.wallets.map(([available, held]) => ({ available: BigInt(available), held: BigInt(held) })),
    debts: m.debts.map((d) => ({
      principal: d.principal,
      interestRaw: d.interestRaw,
      nextAccrual: d.nextAccrual,
    })),
    levelState: m.levelState,
  };
}

interface FuturesSnapshot {
  readonly wallet: bigint[];
  readonly dualSide: boolean;
  readonly settings: [number, MarketSettings][];
  readonly positions: Position[];
  readonly openOrders: [number, OpenOrderTotals][];
  readonly orderCount: [number, number][];
}

const byKey = <V>(map: ReadonlyMap<number, V>): [number, V][] => [...map].sort((a, b) => a[0] - b[0]);

function futuresSnapshot(f: FuturesAccount): FuturesSnapshot {
  return {
    wallet: f.wallet,
    dualSide: f.dualSide,
    settings: byKey(f.settings),
    positions: f.positions,
    openOrders: byKey(f.openOrders),
    orderCount: byKey(f.orderCount),
  };
}

/** JSON has no bigint: write them as {"$n": "digits"} and read them back. */
const BIGINT_TAG = '$n';
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value;
}
function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = (value as Record<string, unknown>)[BIGINT_TAG];
    if (typeof tagged === 'string' && Object.keys(value).length === 1) return BigInt(tagged);
  }
  return value;
}

export function toSnapshot(state: EngineState): Snapshot {
  const str = (v: bigint): string => v.toString();
  return {
    version: SNAPSHOT_VERSION,
    config: state.venue.config,
    seq: state.seq,
    time: state.time,
    nextOrderId: state.nextOrderId,
    nextTradeId: state.nextTradeId,
    accounts: state.accounts.map((a) => ({
      wallets: a.wallets.map((w): [string, string] => [str(w.available), str(w.held)]),
      clientIds: clientIdsByOrder(a.openClientIds),
      futures: futuresSnapshot(a.futures),
      margin: untouched(a.margin) ? null : marginSnapshot(a.margin),
      isolated: [...a.isolated]
        .sort((x, y) => x[0] - y[0])
        .map(([pair, m]): [number, MarginSnapshot] => [pair, marginSnapshot(m)]),
      lending: lendingSnapshot(a.lending),
    })),
    perp: state.perp.map((p) => p ?? null),
    perpOrders: byKey(state.perpOrders),
    conditional: byKey(state.conditional),
    ledger: {
      deposited: state.ledger.deposited.map(str),
      withdrawn: state.ledger.withdrawn.map(str),
      fees: state.ledger.fees.map(str),
    },
    insurance: futuresSnapshot(state.insurance.futures),
    insuranceHistory: state.insuranceHistory,
    books: state.books.map((book, i) => ({
      market: state.venue.markets[i]!.symbol,
      orders: [...book.orders(Side.Buy), ...book.orders(Side.Sell)].map((o): OrderRow => [
        o.id,
        o.owner,
        o.side,
        o.tick,
        o.qty,
        o.origQty,
        o.time,
      ]),
    })),
    spotIndex: state.spotIndex,
    marginPool: state.marginPool.map((p) => ({
      supply: p.supply,
      available: p.available,
      interestEarned: p.interestEarned,
      badDebt: p.badDebt,
      lostInterest: p.lostInterest,
    })),
    marginFund: state.marginFund,
    marginFundHistory: state.marginFundHistory,
    marginOrders: byKey(state.marginOrders),
    oracle: state.oracle,
    lending: state.lending ? state.lending.reserves.map(reserveSnapshot) : null,
  };
}

/** JSON text of any engine value (commands, events, results): bigints tagged so `fromJson` restores them. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Parse `toJson` output, bigints included. */
export function fromJson(text: string): unknown {
  return JSON.parse(text, reviver) as unknown;
}

/**
 * The canonical text, `toJson(toSnapshot(state))`. The books and the client ids, most of a busy
 * venue's snapshot, hold no bigints, so they skip the replacer, with which JSON.stringify leaves
 * its fast path (`npm run bench:journal` times both encodings).
 */
export function encodeSnapshot(state: EngineState): string {
  return objectJson(toSnapshot(state), (key, value) => {
    if (key === 'books') return JSON.stringify(value);
    if (key !== 'accounts') return toJson(value);
    const accounts = (value as Snapshot['accounts']).map((account) =>
      objectJson(account, (field, v) => (field === 'clientIds' ? JSON.stringify(v) : toJson(v))),
    );
    return `[${accounts.join(',')}]`;
  });
}

/** JSON of an object with each field's value written by `write`; undefined fields are left out, as JSON.stringify does. */
function objectJson(object: object, write: (key: string, value: unknown) => string): string {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) fields.push(`${JSON.stringify(key)}:${write(key, value)}`);
  }
  return `{${fields.join(',')}}`;
}

/** Open client ids as [clientId, orderId] by order id. */
function clientIdsByOrder(ids: ReadonlyMap<string, number>): [string, number][] {
  const entries = [...ids];
  // Ids are added as orders are placed, so they are nearly always in order already.
  for (let i = 1; i < entries.length; i++) {
    if (entries[i - 1]![1] > entries[i]![1]) return entries.sort((x, y) => x[1] - y[1]);
  }
  return entries;
}

export function stateHash(state: EngineState): string {
  return createHash('sha256').update(encodeSnapshot(state)).digest('hex');
}

/** Rebuild a state from `encodeSnapshot` output. Throws on a snapshot that is not one. */
export function decodeSnapshot(text: string, newBook?: BookFactory): EngineState {
  const snap = JSON.parse(text, reviver) as Snapshot;
  if (snap.version !== SNAPSHOT_VERSION && snap.version !== PREVIOUS_VERSION)
    throw new Error(`snapshot version ${snap.version} is not ${SNAPSHOT_VERSION}`);
  const loaded = loadVenue(snap.config);
  if (!loaded.ok) throw new Error(`snapshot config is invalid: ${loaded.problems[0]?.message}`);
  const state = createState(loaded.venue, newBook);
  state.seq = snap.seq;
  state.time = snap.time;
  state.nextOrderId = snap.nextOrderId;
  state.nextTradeId = snap.nextTradeId;
  const assetCount = state.venue.assets.length;
  snap.accounts.forEach((a, i) => {
    const id = i + 1;
    state.accounts.push({
      id,
      wallets: a.wallets.map(([available, held]) => ({ available: BigInt(available), held: BigInt(held) })),
      futures: futuresFrom(a.futures),
      openClientIds: new Map(a.clientIds),
      margin: marginFrom(id, -1, a.margin, assetCount),
      isolated: new Map(a.isolated.map(([pair, m]) => [pair, marginFrom(id, pair, m, assetCount)])),
      lending: lendingFrom(a.lending),
    });
    for (const [clientId, orderId] of a.clientIds) state.clientIdByOrder.set(orderId, clientId);
  });
  const amounts = (xs: string[]): bigint[] => xs.map((x) => BigInt(x));
  state.ledger.deposited.splice(0, Infinity, ...amounts(snap.ledger.deposited));
  state.ledger.withdrawn.splice(0, Infinity, ...amounts(snap.ledger.withdrawn));
  state.ledger.fees.splice(0, Infinity, ...amounts(snap.ledger.fees));
  snap.perp.forEach((p, i) => {
    if (p) state.perp[i] = p;
  });
  const fund = futuresFrom(snap.insurance);
  state.insurance.futures.wallet.splice(0, Infinity, ...fund.wallet);
  state.insurance.futures.positions.push(...fund.positions);
  state.insuranceHistory.push(...snap.insuranceHistory);
  for (const [id, meta] of snap.perpOrders) state.perpOrders.set(id, meta);
  for (const [id, order] of snap.conditional) state.conditional.set(id, order);
  snap.books.forEach((b, i) => {
    const book = state.books[i];
    if (!book || state.venue.markets[i]?.symbol !== b.market)
      throw new Error(`snapshot book ${b.market} out of place`);
    for (const [id, owner, side, tick, qty, origQty, time] of b.orders) {
      book.rest(id, owner, side === 0 ? Side.Buy : Side.Sell, tick, qty, origQty, time);
    }
  });
  state.spotIndex.splice(0, Infinity, ...snap.spotIndex);
  state.marginPool.splice(0, Infinity, ...snap.marginPool);
  state.marginFund.splice(0, Infinity, ...snap.marginFund);
  state.marginFundHistory.push(...snap.marginFundHistory);
  for (const [id, meta] of snap.marginOrders) state.marginOrders.set(id, meta);
  if (snap.oracle) state.oracle.splice(0, Infinity, ...snap.oracle);
  const pool = state.lending;
  if (snap.lending && pool) {
    if (snap.lending.length !== pool.reserves.length)
      throw new Error('snapshot lending reserves out of place');
    pool.reserves.splice(0, Infinity, ...snap.lending);
  } else if (snap.lending || (pool && snap.version === SNAPSHOT_VERSION)) {
    throw new Error('snapshot lending pool does not match its config');
  }
  rebuildRiskIndex(state);
  rebuildBorrowers(state);
  return state;
}

function futuresFrom(f: FuturesSnapshot): FuturesAccount {
  return {
    wallet: f.wallet,
    dualSide: f.dualSide,
    settings: new Map(f.settings),
    positions: f.positions,
    openOrders: new Map(f.openOrders),
    orderCount: new Map(f.orderCount),
  };
}
