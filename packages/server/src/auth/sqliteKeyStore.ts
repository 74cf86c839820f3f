import Database from 'better-sqlite3';
import type { ApiKeyRecord, KeyStore } from './keyStore.ts';

interface Row {
  api_key: string;
  secret: string;
  account_id: number;
  can_trade: number;
  created_at: number;
}

const toRecord = (row: Row): ApiKeyRecord => ({
  apiKey: row.api_key,
  secret: row.secret,
  accountId: row.account_id,
  canTrade: row.can_trade === 1,
  createdAt: row.created_at,
});

/**
 * API keys in a SQLite table (`api_keys`), in the exchange's data file or a file of their own.
 * Secrets are stored as they are: verifying an HMAC needs the secret itself, so guard the file.
 * Lookups go through a memory cache, since every signed request needs one.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly cache = new Map<string, ApiKeyRecord>();
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly selectByAccount: Database.Statement<[number], Row>;
  private readonly insert: Database.Statement<[string, string, number, number, number]>;
  private readonly delete: Database.Statement<[string]>;

  private constructor(
    private readonly db: Database.Database,
    private readonly owned: boolean,
  ) {
    // Another connection (the journal) may hold the file briefly: wait rather than fail.
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      api_key TEXT PRIMARY KEY,
      secret TEXT NOT NULL,
      account_id INTEGER NOT NULL,
      can_trade INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT`);
    db.exec('CREATE INDEX IF NOT EXISTS api_keys_account ON api_keys (account_id)');
    this.selectOne = db.prepare('SELECT * FROM api_keys WHERE api_key = ?');
    this.selectByAccount = db.prepare('SELECT * FROM api_keys WHERE account_id = ? ORDER BY created_at');
    this.insert = db.prepare(
      'INSERT INTO api_keys (api_key, secret, account_id, can_trade, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.delete = db.prepare('DELETE FROM api_keys WHERE api_key = ?');
  }

  /** Open (or create) the store in a SQLite file; ':memory:' for a throwaway one. */
  static open(path: string): SqliteKeyStore {
    return new SqliteKeyStore(new Database(path), true);
  }

  /** Use a connection the caller owns (and closes). */
  static fromDatabase(db: Database.Database): SqliteKeyStore {
    return new SqliteKeyStore(db, false);
  }

  get(apiKey: string): ApiKeyRecord | undefined {
    const cached = this.cache.get(apiKey);
    if (cached) return cached;
    const row = this.selectOne.get(apiKey);
    const record = row ? toRecord(row) : undefined;
    // Unknown keys are not cached: a flood of made-up keys must not grow memory.
    if (record) this.cache.set(apiKey, record);
    return record;
  }

  add(record: ApiKeyRecord): void {
    this.insert.run(
      record.apiKey,
      record.secret,
      record.accountId,
      record.canTrade ? 1 : 0,
      record.createdAt,
    );
    this.cache.set(record.apiKey, { ...record });
  }

  remove(apiKey: string): boolean {
    this.cache.delete(apiKey);
    return this.delete.run(apiKey).changes > 0;
  }

  list(accountId: number): ApiKeyRecord[] {
    return this.selectByAccount.all(accountId).map(toRecord);
  }

  close(): void {
    this.cache.clear();
    if (this.owned && this.db.open) this.db.close();
  }
}
