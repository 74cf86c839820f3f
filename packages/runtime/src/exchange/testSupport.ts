import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import type { Exchange } from './exchange.ts';
import { streamCommand } from './testStream.ts';
import type { Clock, Committed } from './types.ts';

/** Helpers for the exchange's tests. */

export const T0 = 1_700_000_000_000;

/** A clock the test moves by hand. */
export function manualClock(start = T0): Clock & { set(t: number): void } {
  let t = start;
  return { now: () => t, set: (next) => (t = next) };
}

/** A fresh temporary directory per test, removed after it; `path()` is a journal file in it. */
export function useTempJournal(prefix: string): { path: () => string; dir: () => string } {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return { path: () => join(dir, 'journal.db'), dir: () => dir };
}

/** Submit commands `from` to `to` of the test stream without waiting between them. */
export function submitStream(exchange: Exchange, from: number, to: number): Promise<Committed>[] {
  const promises: Promise<Committed>[] = [];
  for (let i = from; i < to; i++) promises.push(exchange.submit(streamCommand(i)));
  return promises;
}

/** The seqs in a journal file's commands table, read through a connection of its own. */
export function journalSeqs(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT seq FROM commands ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  } finally {
    db.close();
  }
}
