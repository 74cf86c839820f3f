import { Side, ticksToPrice, unitsToAmount } from '@fulcrum/core';
import type { UnstampedCommand } from '@fulcrum/core';
import { Exchange, ManualClock } from '@fulcrum/runtime';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MemoryKeyStore, newApiKey } from '../auth/keyStore.ts';
import { hmacHex } from '../auth/sign.ts';
import { buildServer } from '../server.ts';
import { WS_LOGIN_PATH, webSocketChannels } from './channels.ts';

const T0 = Date.UTC(2026, 0, 1);
const MARKET = 'BTC/USDT';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function start() {
  const clock = new ManualClock(T0);
  const exchange = await Exchange.open({ clock });
  const keys = new MemoryKeyStore();
  const app = buildServer({
    exchange,
    keys,
    clock,
    docs: false,
    limits: { rateLimit: false },
    plugins: [webSocketChannels()],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(
    () => exchange.close(),
    () => app.close(),
  );
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const ids: number[] = [];
  for (let i = 0; i < 2; i++) {
    const created = (await exchange.submit({ type: 'CreateAccount' })).result;
    if (!created.ok) throw new Error('account');
    const id = created.value.accountId;
    ids.push(id);
    await exchange.submit({ type: 'Deposit', accountId: id, asset: 'USDT', amount: 10n ** 16n });
    await exchange.submit({ type: 'Deposit', accountId: id, asset: 'BTC', amount: 10n ** 12n });
  }
  return { exchange, keys, clock, url: `ws://127.0.0.1:${address.port}/ws`, ids };
}

/** A client that keeps every message and can wait for one. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  closers.push(async () => socket.close());
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const until = async (test: (m: Record<string, unknown>[]) => boolean) => {
    const deadline = Date.now() + 5_000;
    while (!test(messages)) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(messages.slice(-3))}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return { socket, messages, until, send: (m: unknown) => socket.send(JSON.stringify(m)) };
}

/** Apply a snapshot and its diffs, checking that each diff starts where the last one ended. */
function rebuild(messages: Record<string, unknown>[]) {
  const book = { bids: new Map<string, string>(), asks: new Map<string, string>() };
  let seq = -1;
  for (const m of messages) {
    if (m['channel'] !== `book:${MARKET}`) continue;
    if (m['type'] === 'snapshot') {
      book.bids.clear();
      book.asks.clear();
      for (const [p, q] of m['bids'] as [string, string][]) book.bids.set(p, q);
      for (const [p, q] of m['asks'] as [string, string][]) book.asks.set(p, q);
      seq = m['seq'] as number;
      continue;
    }
    expect(m['prevSeq']).toBe(seq);
    seq = m['lastSeq'] as number;
    for (const side of ['bids', 'asks'] as const) {
      for (const [p, q] of m[side] as [string, string][]) {
        if (Number(q) === 0) book[side].delete(p);
        else book[side].set(p, q);
      }
    }
  }
  return { book, seq };
}

describe('WebSocket channels', () => {
  it('a client that reconnects rebuilds the book from a snapshot and diffs, without gaps', async () => {
    const { exchange, url, ids } = await start();
    const market = exchange.state.venue.marketBySymbol.get(MARKET)!;
    const orders = fc.sample(
      fc.record({
        who: fc.integer({ min: 0, max: 1 }),
        buy: fc.boolean(),
        tick: fc.integer({ min: 49_990, max: 50_010 }),
        lots: fc.integer({ min: 1, max: 50 }),
        cancel: fc.integer({ min: 0, max: 4 }),
      }),
      { numRuns: 300, seed: 42 },
    );
    const step = async (o: (typeof orders)[number]) => {
      const book = exchange.state.books[market.index]!;
      const own = [...book.orders(Side.Buy), ...book.orders(Side.Sell)].filter((r) => r.owner === ids[o.who]);
      const command: UnstampedCommand =
        o.cancel === 0 && own.length > 0
          ? { type: 'CancelOrder', accountId: ids[o.who]!, market: MARKET, orderId: own[0]!.id }
          : {
              type: 'PlaceOrder',
              accountId: ids[o.who]!,
              market: MARKET,
              side: o.buy ? 'BUY' : 'SELL',
              orderType: 'LIMIT',
              price: o.tick * 100,
              qty: o.lots * 100,
              stp: 'NONE',
            };
      await exchange.submit(command);
    };
    const first = await connect(url);
    first.send({ op: 'subscribe', channels: [`book:${MARKET}`] });
    await first.until((m) => m.some((x) => x['type'] === 'snapshot'));
    for (const o of orders.slice(0, 120)) await step(o);
    await first.until((m) => rebuild(m).seq === exchange.state.seq || false);
    rebuild(first.messages);
    first.socket.close();
    for (const o of orders.slice(120, 200)) await step(o);
    const second = await connect(url);
    second.send({ op: 'subscribe', channels: [`book:${MARKET}`] });
    await second.until((m) => m.some((x) => x['type'] === 'snapshot'));
    for (const o of orders.slice(200)) await step(o);
    await second.until(() => {
      try {
        return rebuild(second.messages).seq === exchange.state.seq;
      } catch {
        return false;
      }
    });
    const { book } = rebuild(second.messages);
    const live = exchange.state.books[market.index]!;
    const levels = (side: Side) =>
      new Map(
        live
          .depth(side, 1_000)
          .map((l) => [
            ticksToPrice(market, l.tick),
            unitsToAmount(market.base, BigInt(l.qty) * market.lotUnits),
          ]),
      );
    expect(book.bids).toEqual(levels(Side.Buy));
    expect(book.asks).toEqual(levels(Side.Sell));
    expect(second.messages.filter((m) => m['type'] === 'diff').length).toBeGreaterThan(10);
  });

  it('sends an account its own orders and fills after a signed login, and nothing of others', async () => {
    const { exchange, keys, url, ids, clock } = await start();
    const key = newApiKey(ids[0]!, T0);
    keys.add(key);
    const client = await connect(url);
    client.send({ op: 'subscribe', channels: ['account'] });
    await client.until((m) => m.some((x) => x['code'] === 'WS_LOGIN_REQUIRED'));
    const timestamp = clock.now();
    client.send({
      op: 'login',
      apiKey: key.apiKey,
      timestamp,
      signature: hmacHex(key.secret, `${timestamp}GET${WS_LOGIN_PATH}`),
    });
    await client.until((m) => m.some((x) => x['op'] === 'login'));
    client.send({ op: 'subscribe', channels: ['account'] });
    await client.until((m) => m.some((x) => x['op'] === 'subscribed'));
    const order = {
      type: 'PlaceOrder',
      market: MARKET,
      orderType: 'LIMIT',
      price: 5_000_000,
      qty: 100,
    } as const;
    await exchange.submit({ ...order, accountId: ids[1]!, side: 'BUY', price: 4_000_000 });
    await exchange.submit({ ...order, accountId: ids[1]!, side: 'SELL' });
    await exchange.submit({ ...order, accountId: ids[0]!, side: 'BUY' });
    await client.until((m) => m.some((x) => x['type'] === 'balances'));
    const events = client.messages
      .filter((m) => m['event'] !== undefined)
      .map((m) => m['event'] as Record<string, unknown>);
    expect(events.map((e) => e['type'])).toEqual(['OrderAccepted', 'Trade', 'OrderClosed']);
    expect(events[0]).toMatchObject({ accountId: ids[0], price: '50000', qty: '0.001' });
    for (const e of events) expect(JSON.stringify(e)).not.toContain('"accountId":' + ids[1]);
  });

  it('answers bad messages with a coded error and keeps the connection', async () => {
    const { url } = await start();
    const client = await connect(url);
    client.socket.send('{not json');
    client.send({ op: 'subscribe', channels: ['book:NOPE'] });
    client.send({ op: 'dance' });
    client.send({ op: 'login', apiKey: 'x', timestamp: T0, signature: 'ab' });
    client.send({ op: 'ping' });
    await client.until((m) => m.some((x) => x['op'] === 'pong'));
    expect(client.messages.slice(0, 4).map((m) => m['code'])).toEqual([
      'WS_BAD_JSON',
      'WS_UNKNOWN_CHANNEL',
      'WS_BAD_MESSAGE',
      'AUTH_KEY_UNKNOWN',
    ]);
  });
});
