import websocket from '@fastify/websocket';
import { accountById, positionRisk, ticksToPrice, unitsToAmount } from '@fulcrum/core';
import type { BookMarket, EngineEvent, EngineState, Venue } from '@fulcrum/core';
import type { Committed } from '@fulcrum/runtime';
import type { WebSocket } from 'ws';
import { AuthHeader } from '../auth/sign.ts';
import { ApiError } from '../errors.ts';
import { wadText } from '../format.ts';
import { positionView } from '../views.ts';
import type { ServerPlugin } from '../types.ts';
import { BookMirror } from './bookMirror.ts';
import type { LevelChange } from './bookMirror.ts';

/**
 * WebSocket channels at /ws. Public: `book:<market>` (a snapshot, then diffs labelled with the
 * command seqs they cover, so a client chains them onto the snapshot and sees any gap), `trades:<market>`
 * and `mark:<market>` (index, mark, funding). Private, after a signed login: `account` (the
 * account's orders, fills, funding, liquidations, ADL, then its positions and balances after each
 * change). Everything is published once durable, in command order.
 *
 *   -> {"op":"subscribe","channels":["book:BTCUSDT","trades:BTCUSDT"]}
 *   -> {"op":"login","apiKey":"...","timestamp":1767225600000,"signature":"<hex HMAC(secret, timestamp + 'GET/ws/login')>"}
 *   <- {"channel":"book:BTCUSDT","type":"snapshot","seq":41,"bids":[["50000.1","0.5"]],"asks":[...]}
 *   <- {"channel":"book:BTCUSDT","type":"diff","firstSeq":42,"lastSeq":44,"prevSeq":41,"bids":[["50000.1","0"]],"asks":[]}
 */

export interface ChannelOptions {
  /** Levels per side in a book snapshot (default 1,000). */
  readonly bookDepth?: number;
  /** Largest message a client may send, bytes (default 16 KiB; used when no WebSocket server is registered yet). */
  readonly maxMessageBytes?: number;
  /** Channels one connection may hold (default 64). */
  readonly maxChannels?: number;
}

/** The path signed for a WebSocket login. */
export const WS_LOGIN_PATH = '/ws/login';

interface Client {
  readonly socket: WebSocket;
  readonly channels: Set<string>;
  accountId: number | undefined;
}

export function webSocketChannels(options: ChannelOptions = {}): ServerPlugin {
  const depth = options.bookDepth ?? 1_000;
  const maxChannels = options.maxChannels ?? 64;
  return async (app, context) => {
    // buildServer registers the WebSocket server for its plugins; alone, this plugin brings its own.
    if (!app.hasDecorator('websocketServer'))
      await app.register(websocket, { options: { maxPayload: options.maxMessageBytes ?? 16 * 1024 } });
    const { exchange } = context;
    const state = exchange.state;
    const venue = state.venue;
    const mirror = new BookMirror(state);
    const clients = new Set<Client>();

    const send = (client: Client, message: unknown) => {
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
    };
    const publish = (channel: string, message: unknown) => {
      const text = JSON.stringify(message);
      for (const client of clients) {
        if (client.channels.has(channel) && client.socket.readyState === client.socket.OPEN)
          client.socket.send(text);
      }
    };

    const unsubscribe = exchange.onCommitted((batch) => {
      for (const diff of mirror.apply(batch)) {
        const market = venue.marketBySymbol.get(diff.market)!;
        publish(`book:${diff.market}`, {
          channel: `book:${diff.market}`,
          type: 'diff',
          firstSeq: diff.firstSeq,
          lastSeq: diff.lastSeq,
          prevSeq: diff.prevSeq,
          bids: levelsText(market, diff.bids),
          asks: levelsText(market, diff.asks),
        });
      }
      publishEvents(batch, venue, publish);
      const touched = new Set<number>();
      for (const { events } of batch) for (const e of events) for (const id of accountsIn(e)) touched.add(id);
      if (touched.size === 0) return;
      for (const client of clients) {
        const id = client.accountId;
        if (id === undefined || !touched.has(id) || !client.channels.has('account')) continue;
        for (const { command, events } of batch) {
          for (const e of events) {
            if (accountsIn(e).includes(id))
              send(client, { channel: 'account', seq: command.seq, event: view(venue, e) });
          }
        }
        send(client, { channel: 'account', type: 'positions', data: positionsOf(state, id) });
        send(client, { channel: 'account', type: 'balances', data: balancesOf(state, id) });
      }
    });
    app.addHook('onClose', async () => {
      unsubscribe();
      for (const client of clients) client.socket.close(1001, 'server closing');
    });

    app.get('/ws', { websocket: true }, (socket) => {
      const client: Client = { socket, channels: new Set(), accountId: undefined };
      clients.add(client);
      socket.on('close', () => clients.delete(client));
      socket.on('message', (raw: Buffer) => {
        const reply = handle(client, raw.toString('utf8'));
        if (reply) send(client, reply);
      });
    });

    function handle(client: Client, text: string): unknown {
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return error('WS_BAD_JSON', 'messages are JSON objects');
      }
      if (typeof message !== 'object' || message === null || Array.isArray(message))
        return error('WS_BAD_MESSAGE', 'messages are JSON objects with an "op"');
      const m = message as Record<string, unknown>;
      switch (m['op']) {
        case 'subscribe':
        case 'unsubscribe': {
          const channels = m['channels'];
          if (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string'))
            return error('WS_BAD_MESSAGE', '"channels" is a list of channel names');
          for (const channel of channels as string[]) {
            if (!known(channel)) return error('WS_UNKNOWN_CHANNEL', `no channel ${channel}`);
            if (channel === 'account' && client.accountId === undefined)
              return error('WS_LOGIN_REQUIRED', 'log in before subscribing to "account"');
          }
          if (m['op'] === 'unsubscribe') {
            for (const channel of channels as string[]) client.channels.delete(channel);
            return { op: 'unsubscribed', channels };
          }
          if (new Set([...client.channels, ...(channels as string[])]).size > maxChannels)
            return error('WS_TOO_MANY_CHANNELS', `at most ${maxChannels} channels per connection`);
          for (const channel of channels as string[]) {
            client.channels.add(channel);
            if (channel.startsWith('book:')) send(client, bookSnapshot(channel.slice(5)));
          }
          return { op: 'subscribed', channels };
        }
        case 'login':
          return login(client, m);
        case 'ping':
          return { op: 'pong', time: context.clock.now() };
        default:
          return error('WS_BAD_MESSAGE', 'op is subscribe, unsubscribe, login or ping');
      }
    }

    function login(client: Client, m: Record<string, unknown>): unknown {
      const { apiKey, timestamp, signature } = m;
      if (typeof apiKey !== 'string' || typeof signature !== 'string' || typeof timestamp !== 'number')
        return error('AUTH_MISSING', 'login takes apiKey, timestamp (ms) and signature');
      try {
        const auth = context.verifier.verify('GET', WS_LOGIN_PATH, '', {
          [AuthHeader.ApiKey.toLowerCase()]: apiKey,
          [AuthHeader.Timestamp.toLowerCase()]: String(timestamp),
          [AuthHeader.Signature.toLowerCase()]: signature,
        });
        client.accountId = auth.accountId;
        return { op: 'login', accountId: auth.accountId };
      } catch (e) {
        if (e instanceof ApiError) return error(e.code, e.message);
        throw e;
      }
    }

    function known(channel: string): boolean {
      if (channel === 'account') return true;
      const [kind, market] = channel.split(':');
      if (market === undefined || !venue.marketBySymbol.has(market)) return false;
      if (kind === 'book' || kind === 'trades') return true;
      return kind === 'mark' && venue.marketBySymbol.get(market)!.kind === 'perp';
    }

    function bookSnapshot(symbol: string): unknown {
      const market = venue.marketBySymbol.get(symbol)!;
      const snap = mirror.snapshot(symbol, depth);
      return {
        channel: `book:${symbol}`,
        type: 'snapshot',
        seq: snap.seq,
        bids: levelsText(market, snap.bids),
        asks: levelsText(market, snap.asks),
      };
    }
  };
}

const error = (code: string, message: string) => ({ op: 'error', code, message });

function levelsText(market: BookMarket, levels: readonly LevelChange[]): [string, string][] {
  return levels.map(([tick, lots]) => [ticksToPrice(market, tick), lotsText(market, lots)]);
}

function lotsText(market: BookMarket, lots: number): string {
  return unitsToAmount(market.base, BigInt(lots) * market.lotUnits);
}

/** Trades and mark prices go to their public channels. */
function publishEvents(
  batch: readonly Committed[],
  venue: Venue,
  publish: (channel: string, message: unknown) => void,
): void {
  for (const { command, events } of batch) {
    for (const e of events) {
      if (e.type === 'Trade') {
        const market = venue.marketBySymbol.get(e.market)!;
        publish(`trades:${e.market}`, {
          channel: `trades:${e.market}`,
          data: {
            tradeId: e.tradeId,
            price: ticksToPrice(market, e.price),
            qty: lotsText(market, e.qty),
            takerSide: e.takerSide,
            time: command.time,
          },
        });
      } else if (e.type === 'MarkPrice' || e.type === 'Funding') {
        publish(`mark:${e.market}`, {
          channel: `mark:${e.market}`,
          data: view(venue, e),
          time: command.time,
        });
      }
    }
  }
}

/** The accounts an event concerns. */
function accountsIn(e: EngineEvent): number[] {
  switch (e.type) {
    case 'Trade':
      return e.takerAccountId === e.makerAccountId
        ? [e.takerAccountId]
        : [e.takerAccountId, e.makerAccountId];
    case 'AdlFill':
      return [e.accountId, e.counterpartyId];
    default:
      return 'accountId' in e && typeof e.accountId === 'number' && e.accountId > 0 ? [e.accountId] : [];
  }
}

/** An event for the wire: bigints as decimal strings of the right asset, prices in the market's units. */
function view(venue: Venue, e: EngineEvent): Record<string, unknown> {
  const market =
    'market' in e && typeof e.market === 'string' ? venue.marketBySymbol.get(e.market) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) {
    if (typeof value === 'bigint') out[key] = bigintText(venue, e, key, value);
    else if (market && (key === 'price' || key === 'stopPrice') && typeof value === 'number')
      out[key] = value < 0 ? null : ticksToPrice(market, value);
    else if (
      market &&
      (key === 'qty' || key === 'leftQty' || key === 'makerLeft') &&
      typeof value === 'number'
    )
      out[key] = lotsText(market, value);
    else out[key] = value;
  }
  return out;
}

function bigintText(venue: Venue, e: EngineEvent, key: string, value: bigint): string {
  if (key === 'rate') return wadText(value);
  const asset =
    'asset' in e && typeof e.asset === 'string'
      ? venue.assetBySymbol.get(e.asset)
      : 'market' in e && typeof e.market === 'string'
        ? venue.marketBySymbol.get(e.market)?.quote
        : undefined;
  return asset ? unitsToAmount(asset, value) : value.toString();
}

function positionsOf(state: EngineState, accountId: number): unknown[] {
  return positionRisk(state, accountId).map((p) => positionView(state.venue, p));
}

function balancesOf(state: EngineState, accountId: number): unknown {
  const account = accountById(state, accountId);
  if (!account) return [];
  return state.venue.assets.map((a) => ({
    asset: a.symbol,
    available: unitsToAmount(a, account.wallets[a.index]!.available),
    held: unitsToAmount(a, account.wallets[a.index]!.held),
    futures: unitsToAmount(a, account.futures.wallet[a.index]!),
  }));
}
