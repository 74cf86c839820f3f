import { createHash } from 'node:crypto';
import {
  SNAPSHOT_VERSION,
  apply,
  createState,
  decodeSnapshot,
  fromJson,
  mustLoadVenue,
  stateHash,
  toJson,
} from '@fulcrum/core';
import type { EngineState, VenueConfig } from '@fulcrum/core';
import type { Database as Db } from 'better-sqlite3';
import type { Committed } from '../exchange/types.ts';
import { decodeCommand } from './codec.ts';
import { JOURNAL_FORMAT, openJournalDb, openJournalReadOnly, readMeta, writeMeta } from './schema.ts';

/**
 * Rebuilding the engine from a journal file. Every journaled command was accepted once, and the engine
 * is deterministic, so every replayed command must be accepted again: a refusal means the file or the
 * engine changed, and recovery stops rather than guess.
 */

interface CommandRow {
  readonly seq: number;
  readonly time: number;
  readonly json: string;
}

interface SnapshotRow {
  readonly seq: number;
  readonly hash: string;
  readonly text: string;
}

/**
 * Open the journal at `path` (creating it with `venue` if it is new) and return the state after its
 * last command: the latest snapshot, checked against its hash, plus the commands after it.
 */
export function recoverJournal(path: string, venue: VenueConfig): EngineState {
  const db = openJournalDb(path);
  try {
    const config = readVenue(db, path) ?? initialize(db, venue);
    const state = latestSnapshot(db, path) ?? createState(mustLoadVenue(config));
    replayCommands(db, state, path);
    return state;
  } finally {
    db.close();
  }
}

/** The state from a clean replay of every command in the journal, from seq 1 (no snapshot is read). */
export function replayJournal(path: string): EngineState {
  return readJournal(path, false);
}

/**
 * Like `recoverJournal`, but read only, on a journal that exists, and up to `seq`: the latest
 * snapshot at or before it, plus the commands after that snapshot up to `seq`.
 */
export function readJournalState(path: string, seq: number): EngineState {
  const state = readJournal(path, true, seq);
  if (state.seq !== seq) throw new Error(`journal ${path}: ends at seq ${state.seq}, short of ${seq}`);
  return state;
}

function readJournal(path: string, fromSnapshot: boolean, until = Number.MAX_SAFE_INTEGER): EngineState {
  const db = openJournalReadOnly(path);
  try {
    const config = readVenue(db, path);
    if (!config) throw new Error(`journal ${path}: no venue config (not a journal)`);
    const state =
      (fromSnapshot ? latestSnapshot(db, path, until) : undefined) ?? createState(mustLoadVenue(config));
    replayCommands(db, state, path, until);
    return state;
  } finally {
    db.close();
  }
}

/** The journal's venue config (undefined for a file that is not a journal yet); throws on another format. */
export function readVenue(db: Db, path: string): VenueConfig | undefined {
  const format = readMeta(db, 'format');
  const venue = readMeta(db, 'venue');
  if (format === undefined || venue === undefined) return undefined;
  if (Number(format) !== JOURNAL_FORMAT)
    throw new Error(`journal ${path}: format ${format}, this runtime reads format ${JOURNAL_FORMAT}`);
  return fromJson(venue) as VenueConfig;
}

function initialize(db: Db, venue: VenueConfig): VenueConfig {
  mustLoadVenue(venue);
  db.transaction(() => {
    writeMeta(db, 'format', String(JOURNAL_FORMAT));
    writeMeta(db, 'venue', toJson(venue));
  })();
  return venue;
}

/** The latest snapshot at or before `until`, checked. */
function latestSnapshot(db: Db, path: string, until = Number.MAX_SAFE_INTEGER): EngineState | undefined {
  const row = db
    .prepare('SELECT seq, hash, text FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1')
    .get(until) as SnapshotRow | undefined;
  if (!row) return undefined;
  const state = decodeSnapshot(row.text);
  // A snapshot of an earlier version re-encodes differently: its text is checked against the hash
  // instead (the writer hashed that text), a current one also through the decoded state.
  const current = row.text.startsWith(`{"version":${SNAPSHOT_VERSION},`);
  const hash = current ? stateHash(state) : createHash('sha256').update(row.text).digest('hex');
  if (hash !== row.hash)
    throw new Error(`journal ${path}: snapshot at seq ${row.seq} has hash ${hash}, stored ${row.hash}`);
  if (state.seq !== row.seq)
    throw new Error(`journal ${path}: snapshot stored at seq ${row.seq} holds seq ${state.seq}`);
  return state;
}

/**
 * Apply the journaled commands after `state.seq` up to `until`, in order; each must follow the last
 * and be accepted. `applied` sees each one with its result and events.
 */
export function replayCommands(
  db: Db,
  state: EngineState,
  path: string,
  until = Number.MAX_SAFE_INTEGER,
  applied?: (committed: Committed) => void,
): void {
  const rows = db
    .prepare('SELECT seq, time, json FROM commands WHERE seq > ? AND seq <= ? ORDER BY seq')
    .iterate(state.seq, until);
  for (const row of rows as IterableIterator<CommandRow>) {
    if (row.seq !== state.seq + 1)
      throw new Error(`journal ${path}: command ${row.seq} does not follow seq ${state.seq}`);
    const command = decodeCommand(row.json, row.seq, row.time);
    const { result, events } = apply(state, command);
    if (!result.ok)
      throw new Error(
        `journal ${path}: command ${row.seq} (${command.type}) refused on replay: ${result.code} ${result.message}`,
      );
    applied?.({ command, result, events });
  }
}
