/**
 * The venue's WebSocket (/ws): channels shared by every component that listens, re-subscribed and
 * re-logged-in after a reconnect. Messages are routed by their `channel` field.
 */

export type Listener = (message: ChannelMessage) => void;

export interface ChannelMessage {
  readonly channel: string;
  readonly [field: string]: unknown;
}

export interface LoginMessage {
  readonly op: 'login';
  readonly apiKey: string;
  readonly timestamp: number;
  readonly signature: string;
}

export type SocketStatus = 'connecting' | 'open' | 'closed';

/**
 * The part of a WebSocket this needs, so tests can hand in their own. Handler parameters are `never`
 * so that the browser's and Node's WebSocket (each with its own event types) both fit.
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
}

const OPEN = 1;

interface Events {
  status: (status: SocketStatus) => void;
  /** A login was accepted (account id) or refused. */
  login: (result: { ok: true; accountId: number } | { ok: false; code: string; message: string }) => void;
  /** An error the venue sent that no request is waiting for. */
  error: (error: { code: string; message: string }) => void;
}

export class VenueSocket {
  private socket: SocketLike | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly handlers: { [K in keyof Events]: Set<Events[K]> } = {
    status: new Set(),
    login: new Set(),
    error: new Set(),
  };
  private signer: (() => Promise<LoginMessage>) | undefined;
  private loggedIn = false;
  private loginPending = false;
  private retryMs = 500;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  status: SocketStatus = 'closed';

  constructor(
    private readonly url: string,
    private readonly open: (url: string) => SocketLike,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.socket = undefined;
  }

  on<K extends keyof Events>(event: K, handler: Events[K]): () => void {
    this.handlers[event].add(handler);
    return () => this.handlers[event].delete(handler);
  }

  /** Listen to a channel; the first listener subscribes, the last one to leave unsubscribes. */
  subscribe(channel: string, listener: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      if (channel !== 'account' || this.loggedIn) this.send({ op: 'subscribe', channels: [channel] });
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        this.send({ op: 'unsubscribe', channels: [channel] });
      }
    };
  }

  /** Ask for the channel again (a book snapshot after a gap). */
  resubscribe(channel: string): void {
    this.send({ op: 'unsubscribe', channels: [channel] });
    this.send({ op: 'subscribe', channels: [channel] });
  }

  /** Log in now and after every reconnect; undefined logs out (by reconnecting without a login). */
  setLogin(signer: (() => Promise<LoginMessage>) | undefined): void {
    this.signer = signer;
    if (signer) {
      void this.login();
    } else if (this.loggedIn) {
      this.loggedIn = false;
      this.socket?.close();
    }
  }

  private async login(): Promise<void> {
    if (!this.signer || this.socket?.readyState !== OPEN) return;
    this.loginPending = true;
    try {
      this.send(await this.signer());
    } catch (error) {
      this.loginPending = false;
      const message = error instanceof Error ? error.message : String(error);
      for (const h of this.handlers.login) h({ ok: false, code: 'SIGNING', message });
    }
  }

  private connect(): void {
    this.setStatus('connecting');
    const socket = this.open(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 500;
      this.setStatus('open');
      const channels = [...this.listeners.keys()].filter((c) => c !== 'account');
      if (channels.length > 0) this.send({ op: 'subscribe', channels });
      void this.login();
    };
    socket.onmessage = (event: { readonly data: unknown }) => {
      if (typeof event.data === 'string') this.receive(event.data);
    };
    socket.onerror = () => socket.close();
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.loggedIn = false;
      this.loginPending = false;
      this.setStatus('closed');
      if (this.stopped) return;
      // Back off up to 5 s so a restarting venue is not hammered.
      this.timer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5_000);
    };
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    if (typeof m['channel'] === 'string') {
      for (const listener of this.listeners.get(m['channel']) ?? []) listener(m as ChannelMessage);
      return;
    }
    if (m['op'] === 'login' && typeof m['accountId'] === 'number') {
      this.loginPending = false;
      this.loggedIn = true;
      if (this.listeners.has('account')) this.send({ op: 'subscribe', channels: ['account'] });
      for (const h of this.handlers.login) h({ ok: true, accountId: m['accountId'] });
      return;
    }
    if (m['op'] === 'error') {
      const error = { code: String(m['code']), message: String(m['message']) };
      if (this.loginPending && error.code.startsWith('AUTH')) {
        this.loginPending = false;
        for (const h of this.handlers.login) h({ ok: false, ...error });
        return;
      }
      for (const h of this.handlers.error) h(error);
    }
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(status: SocketStatus): void {
    this.status = status;
    for (const h of this.handlers.status) h(status);
  }
}
