import { createState, decodeSnapshot, mustLoadVenue } from '@fulcrum/core';
import type { EngineState } from '@fulcrum/core';
import type { Committed } from '../exchange/types.ts';
import { readVenue, replayCommands } from './recovery.ts';
import { openJournalReadOnly } from './schema.ts';

/** Where a replay of recent history goes: the state it starts from, then the commands after it. */
export interface HistorySink {
  /** The state the replay starts from (a snapshot, or the empty venue); it will be changed by the replay. */
  start(base: EngineState): void;
  /** Committed commands in seq order, as the exchange would have reported them. */
  batch(batch: readonly Committed[]): void;
}

export interface RecentHistoryOptions {
  /** Replay up to this seq (the exchange's seq when the history is wanted). */
  readonly toSeq: number;
  /**
   * A journal with at most this many commands is replayed from its first one; a longer one from its
   * oldest snapshot (default 250,000).
   */
  readonly fullReplayUpTo?: number;
}

const BATCH = 1_024;

/**
 * Replays the recent end of a journal into `sink`, so that what is projected from committed commands
 * (trades, candles, order history, fills) survives a restart. The engine state itself comes from
 * recovery; this is a second, read-only pass: from seq 1 when the journal is short, else from the
 * oldest snapshot it keeps (the exchange keeps two, a snapshot every 100,000 commands by default, so
 * between one and two snapshot intervals of history).
 */
export function replayRecentHistory(path: string, sink: HistorySink, options: RecentHistoryOptions): void {
  const db = openJournalReadOnly(path);
  try {
    const venue = readVenue(db, path);
    if (venue === undefined) throw new Error(`journal ${path}: no venue config (not a journal)`);
    const fullReplayUpTo = options.fullReplayUpTo ?? 250_000;
    let base: EngineState | undefined;
    if (options.toSeq > fullReplayUpTo) {
      const row = db
        .prepare('SELECT text FROM snapshots WHERE seq <= ? ORDER BY seq ASC LIMIT 1')
        .get(options.toSeq) as { text: string } | undefined;
      if (row) base = decodeSnapshot(row.text);
    }
    base ??= createState(mustLoadVenue(venue));
    sink.start(base);
    let batch: Committed[] = [];
    replayCommands(db, base, path, options.toSeq, (committed) => {
      batch.push(committed);
      if (batch.length === BATCH) {
        sink.batch(batch);
        batch = [];
      }
    });
    if (batch.length > 0) sink.batch(batch);
  } finally {
    db.close();
  }
}
