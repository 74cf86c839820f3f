import { describe, expect, it } from 'vitest';
import { VenueSocket } from './socket.ts';
import type { ChannelMessage, SocketLike } from './socket.ts';

/** A socket that records what is sent and lets the test play the venue. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: never) => void) | null = null;
  onclose: ((event: never) => void) | null = null;
  onerror: ((event: never) => void) | null = null;
  onmessage: ((event: never) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    (this.onclose as (() => void) | null)?.();
  }
  open() {
    this.readyState = 1;
    (this.onopen as (() => void) | null)?.();
  }
  receive(message: unknown) {
    (this.onmessage as ((e: { data: string }) => void) | null)?.({ data: JSON.stringify(message) });
  }
}

describe('the venue socket', () => {
  it('subscribes once per channel, routes messages, and logs in before the account channel', async () => {
    const sockets: FakeSocket[] = [];
    const venue = new VenueSocket('ws://x/ws', () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    });
    venue.start();
    const got: ChannelMessage[] = [];
    const offA = venue.subscribe('book:BTCUSDT', (m) => got.push(m));
    venue.subscribe('book:BTCUSDT', () => undefined);
    venue.subscribe('account', () => undefined);
    const socket = sockets[0]!;
    socket.open();
    expect(socket.sent).toEqual([{ op: 'subscribe', channels: ['book:BTCUSDT'] }]);

    const logins: unknown[] = [];
    venue.on('login', (r) => logins.push(r));
    venue.setLogin(async () => ({ op: 'login', apiKey: 'k', timestamp: 1, signature: 'ab' }));
    await Promise.resolve();
    expect(socket.sent.at(-1)).toMatchObject({ op: 'login', apiKey: 'k' });
    socket.receive({ op: 'login', accountId: 2 });
    expect(socket.sent.at(-1)).toEqual({ op: 'subscribe', channels: ['account'] });
    expect(logins).toEqual([{ ok: true, accountId: 2 }]);

    socket.receive({ channel: 'book:BTCUSDT', type: 'snapshot', seq: 1, bids: [], asks: [] });
    expect(got).toHaveLength(1);
    offA();
    expect(socket.sent.at(-1)).toEqual({ op: 'subscribe', channels: ['account'] });
    venue.stop();
  });

  it('tells a refused login apart from other errors', async () => {
    const socket = new FakeSocket();
    const venue = new VenueSocket('ws://x/ws', () => socket);
    venue.start();
    socket.open();
    const logins: unknown[] = [];
    const errors: unknown[] = [];
    venue.on('login', (r) => logins.push(r));
    venue.on('error', (e) => errors.push(e));
    venue.setLogin(async () => ({ op: 'login', apiKey: 'k', timestamp: 1, signature: 'ab' }));
    await Promise.resolve();
    socket.receive({ op: 'error', code: 'AUTH_BAD_SIGNATURE', message: 'signature does not match' });
    socket.receive({ op: 'error', code: 'WS_UNKNOWN_CHANNEL', message: 'no channel x' });
    expect(logins).toEqual([{ ok: false, code: 'AUTH_BAD_SIGNATURE', message: 'signature does not match' }]);
    expect(errors).toEqual([{ code: 'WS_UNKNOWN_CHANNEL', message: 'no channel x' }]);
    venue.stop();
  });
});
