import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';

/**
 * The journal file: `meta` (format version, venue config), `commands` (every accepted command, seq
 * 1, 2, 3... without gaps; `json` is the command without its stamp, which the seq and time columns
 * hold) and `snapshots` (the state after a given seq, with its hash).
 */

export const JOURNAL_FORMAT = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commands (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, text TEXT NOT NULL);
`;

/**
 * Pages of 16 KiB (set when the file is created; a no-op after): fewer page and frame headers per
 * command than the default 4 KiB, measured about 15% faster on the journal's inserts.
 */
const PAGE_SIZE = 16_384;
/** Pages in the WAL before a checkpoint copies them into the database (64 MiB): fewer, larger checkpoints. */
const CHECKPOINT_PAGES = 4_096;

/** Open (creating if needed) with WAL and a sync on every commit: an acknowledged commit survives power loss. */
export function openJournalDb(path: string): Db {
  const db = new Database(path);
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Open an existing journal for reading only; throws when the file does not exist. */
export function openJournalReadOnly(path: string): Db {
  return new Database(path, { readonly: true, fileMustExist: true });
}

export function readMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
}
