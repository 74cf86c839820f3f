import type { EngineEvent } from '@fulcrum/core';
import type { Committed } from '@fulcrum/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { BookDiff, LevelChange } from '../ws/bookMirror.ts';
import type { BinanceApi } from './api.ts';
import type { Update } from './history.ts';
import { predictedRate } from './routes/market.ts';
import { accountUpdate, configUpdate, marginCall, orderTradeUpdate } from './userEvents.ts';
import { avgPrice, perpOfRecord, price, qty, tickPrice } from './views.ts';
import { wadText } from '../format.ts';
import { accountRisk } from '@fulcrum/core';

/**
 * Binance's WebSocket market streams and user data stream. Paths: /ws/<stream>, /stream?streams=a/b
 * (each event wrapped as {stream, data}), the routed /public, /market and /private variants, user
 * data by listenKey (/private/ws?listenKey=..., /ws/<listenKey>). Every stream is served on every
 * path: Binance's routing split is not enforced. Events are published once durable, in order.
 */

type Kind = 'depth' | 'partialDepth' | 'trade' | 'aggTrade' | 'markPrice' | 'forceOrder' | 'bookTicker';

export interface Stream {
  readonly name: string;
  readonly kind: Kind;
  /** Upper-case symbol; undefined for the all-market streams (!markPrice@arr, !forceOrder@arr...). */
  readonly symbol: string | undefined;
  readonly levels: number;
}

const STREAM =
  /^([a-z0-9]+)@(depth(5|10|20)?(@(100|250|500|0)ms)?|trade|aggTrade|markPrice(@1s)?|forceOrder|bookTicker)$/;
const ALL = /^!(markPrice@arr(@1s)?|forceOrder@arr|bookTicker)$/;

/** A stream name as Binance spells it, or undefined. */
export function parseStream(name: string, symbols: ReadonlySet<string>): Stream | undefined {
  const all = ALL.exec(name);
  if (all) {
    const kind: Kind = name.startsWith('!markPrice')
      ? 'markPrice'
      : name.startsWith('!forceOrder')
        ? 'forceOrder'
        : 'bookTicker';
    return { name, kind, symbol: undefined, levels: 0 };
  }
  const m = STREAM.exec(name);
  if (!m) return undefined;
  const symbol = m[1]!.toUpperCase();
  if (!symbols.has(symbol)) return undefined;
  const what = m[2]!;
  if (what.startsWith('depth'))
    return m[3] !== undefined
      ? { name, kind: 'partialDepth', symbol, levels: Number(m[3]) }
      : { name, kind: 'depth', symbol, levels: 0 };
  const kind = what.startsWith('markPrice') ? 'markPrice' : (what as Kind);
  return { name, kind, symbol, levels: 0 };
}

interface Connection {
  readonly socket: WebSocket;
  readonly combined: boolean;
  readonly streams: Map<string, Stream>;
  readonly accounts: Set<number>;
}

export interface StreamOptions {
  readonly maxStreams: number;
}

export class Streams {
  private readonly connections = new Set<Connection>();
  private readonly symbols: ReadonlySet<string>;
  /** Accounts told of a margin call, until their ratio falls back. */
  private readonly called = new Set<string>();

  constructor(
    private readonly api: BinanceApi,
    private readonly options: StreamOptions,
  ) {
    this.symbols = new Set(api.state.venue.perpMarkets.map((m) => m.symbol));
  }

  routes(app: FastifyInstance): void {
    const open = (combined: boolean) => (socket: WebSocket, request: FastifyRequest) =>
      this.connect(socket, request, combined);
    for (const prefix of ['', '/public', '/market', '/private']) {
      if (prefix !== '') app.get(`${prefix}/ws`, { websocket: true }, open(false));
      app.get(`${prefix}/ws/:stream`, { websocket: true }, open(false));
      app.get(`${prefix}/stream`, { websocket: true }, open(true));
    }
  }

  close(): void {
    for (const c of this.connections) c.socket.close(1001, 'server closing');
  }

  private connect(socket: WebSocket, request: FastifyRequest, combined: boolean): void {
    const connection: Connection = { socket, combined, streams: new Map(), accounts: new Set() };
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('message', (raw: Buffer) => this.message(connection, raw.toString('utf8')));
    const query = new URLSearchParams(
      request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '',
    );
    const names = [
      ...((request.params as { stream?: string }).stream ?? '').split('/'),
      ...(query.get('streams') ?? '').split('/'),
    ].filter((n) => n !== '');
    const listenKey = query.get('listenKey');
    if (listenKey !== null) names.push(listenKey);
    for (const name of names) {
      const account = this.api.listenKeys.accountOf(name);
      if (account !== undefined) connection.accounts.add(account);
      else if (this.api.listenKeys.known(name))
        this.send(connection, name, { e: 'listenKeyExpired', E: this.now(), listenKey: name });
      else {
        // Unknown names (CCXT's stream index "0") subscribe nothing, as on Binance.
        const stream = parseStream(name, this.symbols);
        if (stream) connection.streams.set(name, stream);
      }
    }
  }

  private message(c: Connection, text: string): void {
    let m: { method?: unknown; params?: unknown; id?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return this.reply(c, { error: { code: 3, msg: 'Invalid JSON' }, id: null });
    }
    const id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : null;
    const params = Array.isArray(m.params) ? (m.params as unknown[]) : [];
    switch (m.method) {
      case 'SUBSCRIBE': {
        const streams = params.map((p) => (typeof p === 'string' ? parseStream(p, this.symbols) : undefined));
        const bad = params.find((_, i) => streams[i] === undefined);
        if (bad !== undefined)
          return this.reply(c, {
            error: { code: 2, msg: `Invalid request: unknown stream ${String(bad)}` },
            id,
          });
        if (new Set([...c.streams.keys(), ...params.map(String)]).size > this.options.maxStreams)
          return this.reply(c, { error: { code: 2, msg: `At most ${this.options.maxStreams} streams` }, id });
        for (const s of streams) c.streams.set(s!.name, s!);
        return this.reply(c, { result: null, id });
      }
      case 'UNSUBSCRIBE':
        for (const p of params) c.streams.delete(String(p));
        return this.reply(c, { result: null, id });
      case 'LIST_SUBSCRIPTIONS':
        return this.reply(c, { result: [...c.streams.keys()], id });
      case 'SET_PROPERTY':
      case 'GET_PROPERTY':
        return this.reply(c, { result: m.method === 'GET_PROPERTY' ? c.combined : null, id });
      default:
        return this.reply(c, { error: { code: 2, msg: 'Invalid request: unknown method' }, id });
    }
  }

  private reply(c: Connection, body: unknown): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(body));
  }

  private send(c: Connection, stream: string, data: unknown): void {
    if (c.socket.readyState !== c.socket.OPEN) return;
    c.socket.send(JSON.stringify(c.combined ? { stream, data } : data));
  }

  private now(): number {
    return this.api.context.clock.now();
  }

  /** Send `data(stream)` to every subscription `match` accepts. */
  private publish(match: (s: Stream) => boolean, data: (s: Stream) => unknown): void {
    for (const c of this.connections)
      for (const s of c.streams.values()) if (match(s)) this.send(c, s.name, data(s));
  }

  /** One committed batch: book diffs, trades, marks, liquidations, then the user streams. */
  publishBatch(batch: readonly Committed[], diffs: readonly BookDiff[], updates: readonly Update[]): void {
    if (this.connections.size === 0 || batch.length === 0) return;
    const time = batch[batch.length - 1]!.command.time;
    for (const d of diffs) this.depth(d, time);
    for (const { command, events } of batch) for (const e of events) this.market(e, command.time);
    for (const u of updates) this.user(u);
    if (batch.some(({ events }) => events.some((e) => e.type === 'MarkPrice'))) this.marginCalls(time);
  }

  private depth(d: BookDiff, time: number): void {
    const m = perpOfRecord(this.api.state, d.market);
    const levels = (l: readonly LevelChange[]) => l.map(([tick, lots]) => [tickPrice(m, tick), qty(m, lots)]);
    const diff = {
      e: 'depthUpdate',
      E: time,
      T: time,
      s: d.market,
      U: d.firstSeq,
      u: d.lastSeq,
      pu: d.prevSeq,
      b: levels(d.bids),
      a: levels(d.asks),
    };
    this.publish(
      (s) => s.kind === 'depth' && s.symbol === d.market,
      () => diff,
    );
    const snap = this.api.mirror.snapshot(d.market, 20);
    this.publish(
      (s) => s.kind === 'partialDepth' && s.symbol === d.market,
      (s) => ({ ...diff, b: levels(snap.bids.slice(0, s.levels)), a: levels(snap.asks.slice(0, s.levels)) }),
    );
    const bid = snap.bids[0];
    const ask = snap.asks[0];
    this.publish(
      (s) => s.kind === 'bookTicker' && (s.symbol === undefined || s.symbol === d.market),
      () => ({
        e: 'bookTicker',
        u: d.lastSeq,
        s: d.market,
        b: bid ? tickPrice(m, bid[0]) : '0',
        B: bid ? qty(m, bid[1]) : '0',
        a: ask ? tickPrice(m, ask[0]) : '0',
        A: ask ? qty(m, ask[1]) : '0',
        T: time,
        E: time,
      }),
    );
  }

  private market(e: EngineEvent, time: number): void {
    if (e.type === 'Trade') {
      if (!this.symbols.has(e.market)) return;
      const m = perpOfRecord(this.api.state, e.market);
      const p = tickPrice(m, e.price);
      const q = qty(m, e.qty);
      const buyerMaker = e.takerSide === 'SELL';
      const taker = this.api.history.order(e.takerAccountId, e.takerOrderId);
      const X =
        taker?.origin === 'LIQUIDATION'
          ? 'LIQUIDATION'
          : taker?.origin === 'INSURANCE'
            ? 'INSURANCE_FUND'
            : 'MARKET';
      this.publish(
        (s) => s.kind === 'trade' && s.symbol === e.market,
        () => ({ e: 'trade', E: time, T: time, s: e.market, t: e.tradeId, p, q, X, m: buyerMaker }),
      );
      this.publish(
        (s) => s.kind === 'aggTrade' && s.symbol === e.market,
        () => ({
          e: 'aggTrade',
          E: time,
          s: e.market,
          a: e.tradeId,
          p,
          q,
          nq: q,
          f: e.tradeId,
          l: e.tradeId,
          T: time,
          m: buyerMaker,
        }),
      );
    } else if (e.type === 'MarkPrice') {
      const m = perpOfRecord(this.api.state, e.market);
      const mark = {
        e: 'markPriceUpdate',
        E: time,
        s: e.market,
        p: price(m, e.mark),
        i: price(m, e.index),
        P: price(m, e.index),
        r: wadText(predictedRate(this.api, m)),
        T: e.nextFundingTime,
      };
      this.publish(
        (s) => s.kind === 'markPrice' && (s.symbol === undefined || s.symbol === e.market),
        (s) => (s.symbol === undefined ? [mark] : mark),
      );
    }
  }

  private user(u: Update): void {
    if (u.kind === 'forceOrder') {
      const o = u.order;
      const m = perpOfRecord(this.api.state, o.symbol);
      const data = {
        e: 'forceOrder',
        E: u.time,
        o: {
          s: o.symbol,
          S: o.side,
          o: 'LIMIT',
          f: 'IOC',
          q: qty(m, o.origQty),
          p: price(m, o.price),
          ap: avgPrice(m, o),
          X: o.status,
          l: qty(m, o.executedQty),
          z: qty(m, o.executedQty),
          T: u.time,
        },
      };
      this.publish(
        (s) => s.kind === 'forceOrder' && (s.symbol === undefined || s.symbol === o.symbol),
        () => data,
      );
      return;
    }
    const accountId = u.kind === 'order' ? u.order.accountId : u.accountId;
    const listeners = [...this.connections].filter((c) => c.accounts.has(accountId));
    if (listeners.length === 0) return;
    const data =
      u.kind === 'order'
        ? orderTradeUpdate(this.api, u)
        : u.kind === 'account'
          ? accountUpdate(this.api, u)
          : u.kind === 'leverage'
            ? configUpdate(u)
            : marginCall(this.api, u.accountId, u.asset, u.time);
    if (u.kind === 'marginCall') this.called.add(`${u.accountId}|${u.asset}`);
    for (const c of listeners) this.send(c, 'userData', data);
  }

  /** MARGIN_CALL when a listening account's margin ratio reaches 80%, once until it falls back. */
  private marginCalls(time: number): void {
    const accounts = new Set<number>();
    for (const c of this.connections) for (const a of c.accounts) accounts.add(a);
    const assets = [...new Set(this.api.state.venue.perpMarkets.map((m) => m.margin.symbol))];
    for (const accountId of accounts) {
      for (const asset of assets) {
        const r = accountRisk(this.api.state, accountId, asset);
        const key = `${accountId}|${asset}`;
        if (!r || r.maintenanceMargin === 0n || r.marginRatioPpm < 800_000n) {
          this.called.delete(key);
          continue;
        }
        if (this.called.has(key)) continue;
        this.user({ kind: 'marginCall', accountId, asset, time });
      }
    }
  }
}
