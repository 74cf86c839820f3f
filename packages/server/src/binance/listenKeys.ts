import { randomBytes } from 'node:crypto';
import type { Clock } from '@fulcrum/runtime';

interface Entry {
  readonly listenKey: string;
  readonly apiKey: string;
  readonly accountId: number;
  expiresAt: number;
}

/**
 * User data stream keys: one per API key, valid 60 minutes of the exchange clock, extended by a
 * keepalive; creating one while it is valid returns the same key (Binance's rules).
 */
export class ListenKeys {
  private readonly byKey = new Map<string, Entry>();
  private readonly byApiKey = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  create(apiKey: string, accountId: number): string {
    const now = this.clock.now();
    const current = this.byApiKey.get(apiKey);
    if (current && current.expiresAt > now) {
      current.expiresAt = now + this.ttlMs;
      return current.listenKey;
    }
    if (current) this.byKey.delete(current.listenKey);
    const entry: Entry = {
      listenKey: randomBytes(32).toString('hex'),
      apiKey,
      accountId,
      expiresAt: now + this.ttlMs,
    };
    this.byKey.set(entry.listenKey, entry);
    this.byApiKey.set(apiKey, entry);
    return entry.listenKey;
  }

  /** Extend the API key's stream; undefined when it has none (or it expired). */
  keepAlive(apiKey: string): string | undefined {
    const entry = this.byApiKey.get(apiKey);
    const now = this.clock.now();
    if (!entry || entry.expiresAt <= now) return undefined;
    entry.expiresAt = now + this.ttlMs;
    return entry.listenKey;
  }

  close(apiKey: string): boolean {
    const entry = this.byApiKey.get(apiKey);
    if (!entry) return false;
    this.byApiKey.delete(apiKey);
    this.byKey.delete(entry.listenKey);
    return true;
  }

  /** The account of a valid key. */
  accountOf(listenKey: string): number | undefined {
    const entry = this.byKey.get(listenKey);
    return entry && entry.expiresAt > this.clock.now() ? entry.accountId : undefined;
  }

  /** Whether a key exists (valid or not), to tell an expired one apart from a stream name. */
  known(listenKey: string): boolean {
    return this.byKey.has(listenKey);
  }
}
