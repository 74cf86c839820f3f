import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defaultSpotVenueConfig } from '@fulcrum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalWriter, SNAPSHOTS_STOPPED } from './journalWriter.ts';
import { recoverJournal } from './recovery.ts';

const T0 = 1_700_000_000_000;
const CREATE = JSON.stringify({ type: 'CreateAccount' });

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fulcrum-writer-'));
  path = join(dir, 'journal.db');
  // A new journal, as the exchange creates it before starting the writer.
  recoverJournal(path, defaultSpotVenueConfig());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Append CreateAccount commands `from..to`, flush, and wait until they are durable. */
function writeAccounts(writer: JournalWriter, from: number, to: number): Promise<void> {
  const durable = new Promise<void>((resolve, reject) =>
    writer.listen({ durable: (seq) => seq >= to && resolve(), failed: reject }),
  );
  for (let seq = from; seq <= to; seq++) writer.append(seq, T0 + seq, CREATE);
  writer.flush();
  return durable;
}

const snapshotSeqs = (): number[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT seq FROM snapshots ORDER BY seq').pluck().all() as number[];
  } finally {
    db.close();
  }
};

describe('JournalWriter snapshots', () => {
  it('writes the snapshots of every committed command before it closes', async () => {
    const writer = await JournalWriter.start({ path, seq: 0, snapshotEvery: 10, keepSnapshots: 3 });
    await writeAccounts(writer, 1, 25);
    await writeAccounts(writer, 26, 47);
    await writer.close();
    expect(writer.stats).toMatchObject({ rows: 47, snapshots: 4 });
    expect(snapshotSeqs()).toEqual([20, 30, 40]);
  });

  it('stops them, with a warning, when the snapshotter falls too far behind; the journal goes on', async () => {
    const warned = new Promise<Error>((resolve) => {
      const listener = (warning: Error): void => {
        if (warning.name !== SNAPSHOTS_STOPPED) return;
        process.off('warning', listener);
        resolve(warning);
      };
      process.on('warning', listener);
    });
    const writer = await JournalWriter.start({ path, seq: 0, snapshotEvery: 10, maxSnapshotLag: 1 });
    await writeAccounts(writer, 1, 50);
    expect((await warned).message).toContain('the snapshotter fell 50 commands behind the journal');
    await writeAccounts(writer, 51, 80);
    await writer.close();
    expect(writer.stats.rows).toBe(80);
    expect(writer.snapshotsStopped).toContain('fell 50 commands behind');
  });
});
