import { randomBytes } from 'node:crypto';

/** One API key: who it acts for and the secret its requests are signed with. */
export interface ApiKeyRecord {
  readonly apiKey: string;
  readonly secret: string;
  readonly accountId: number;
  /** False for a read-only key: it may read, never place, cancel or move funds (403). */
  readonly canTrade: boolean;
  readonly createdAt: number;
}

/** Where API keys live. Lookups are synchronous: they sit on every signed request. */
export interface KeyStore {
  get(apiKey: string): ApiKeyRecord | undefined;
  /** Throws when the key already exists. */
  add(record: ApiKeyRecord): void;
  /** True when a key was removed. */
  remove(apiKey: string): boolean;
  list(accountId: number): ApiKeyRecord[];
  close(): void;
}

/** A fresh random key pair for an account (256-bit key and secret, hex). */
export function newApiKey(accountId: number, createdAt: number, canTrade = true): ApiKeyRecord {
  return {
    apiKey: randomBytes(32).toString('hex'),
    secret: randomBytes(32).toString('hex'),
    accountId,
    canTrade,
    createdAt,
  };
}

/** Keys in memory only: tests, the simulator, throwaway venues. */
export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, ApiKeyRecord>();

  constructor(records: Iterable<ApiKeyRecord> = []) {
    for (const r of records) this.add(r);
  }

  get(apiKey: string): ApiKeyRecord | undefined {
    return this.keys.get(apiKey);
  }

  add(record: ApiKeyRecord): void {
    if (this.keys.has(record.apiKey)) throw new Error('API key already exists');
    this.keys.set(record.apiKey, { ...record });
  }

  remove(apiKey: string): boolean {
    return this.keys.delete(apiKey);
  }

  list(accountId: number): ApiKeyRecord[] {
    return [...this.keys.values()].filter((r) => r.accountId === accountId);
  }

  close(): void {}
}
