import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defaultSpotVenueConfig, stateHash, toJson } from '@fulcrum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Exchange } from '../exchange/exchange.ts';
import { streamCommand } from '../exchange/testStream.ts';
import { readJournalState, recoverJournal, replayJournal } from './recovery.ts';

const clock = { now: () => 1_700_000_000_000 };

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fulcrum-recovery-'));
  path = join(dir, 'journal.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A journal of the first `count` stream commands, snapshotting every `snapshotEvery`. */
async function writeJournal(count: number, snapshotEvery = 1_000_000): Promise<string> {
  const exchange = await Exchange.open({ path, clock, snapshotEvery });
  const promises = [];
  for (let i = 0; i < count; i++) promises.push(exchange.submit(streamCommand(i)));
  await Promise.all(promises);
  const hash = exchange.stateHash();
  await exchange.close();
  return hash;
}

function edit(sql: string, ...params: (string | number)[]): void {
  const db = new Database(path);
  db.prepare(sql).run(...params);
  db.close();
}

describe('recoverJournal', () => {
  it('creates a new journal with the given venue', () => {
    const state = recoverJournal(path, defaultSpotVenueConfig());
    expect(state.seq).toBe(0);
    expect(stateHash(replayJournal(path))).toBe(stateHash(state));
  });

  it('refuses a snapshot whose hash does not match', async () => {
    await writeJournal(200, 50);
    edit("UPDATE snapshots SET hash = '00' WHERE seq = (SELECT max(seq) FROM snapshots)");
    expect(() => recoverJournal(path, defaultSpotVenueConfig())).toThrow(/snapshot at seq \d+ has hash/);
  });

  it('recovers from a snapshot of the version before the lending pool', async () => {
    const hash = await writeJournal(200, 50);
    const db = new Database(path);
    const row = db.prepare('SELECT seq, text FROM snapshots ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      text: string;
    };
    db.close();
    const snap = JSON.parse(row.text) as Record<string, unknown> & { accounts: Record<string, unknown>[] };
    delete snap.oracle;
    delete snap.lending;
    for (const a of snap.accounts) delete a.lending;
    const old = JSON.stringify({ ...snap, version: 4 });
    const oldHash = createHash('sha256').update(old).digest('hex');
    edit('UPDATE snapshots SET text = ?, hash = ? WHERE seq = ?', old, oldHash, row.seq);
    expect(stateHash(recoverJournal(path, defaultSpotVenueConfig()))).toBe(hash);
    edit("UPDATE snapshots SET hash = '00' WHERE seq = ?", row.seq);
    expect(() => recoverJournal(path, defaultSpotVenueConfig())).toThrow(/snapshot at seq \d+ has hash/);
  });

  it('stops at a command the engine refuses on replay', async () => {
    await writeJournal(100);
    const withdraw = { type: 'Withdraw', accountId: 99, asset: 'USDT', amount: 1n };
    edit('UPDATE commands SET json = ? WHERE seq = 50', toJson(withdraw));
    expect(() => replayJournal(path)).toThrow(/command 50 \(Withdraw\) refused on replay: ACCOUNT_/);
    expect(() => recoverJournal(path, defaultSpotVenueConfig())).toThrow('command 50');
  });

  it('stops at a gap in the seqs', async () => {
    await writeJournal(100);
    edit('DELETE FROM commands WHERE seq = 40');
    expect(() => replayJournal(path)).toThrow('command 41 does not follow seq 39');
  });

  it('replays from seq 1 past any snapshot', async () => {
    const hash = await writeJournal(300, 64);
    // Snapshots are not read by a full replay: breaking them changes nothing.
    edit("UPDATE snapshots SET text = '{}'");
    expect(stateHash(replayJournal(path))).toBe(hash);
  });

  it('refuses a file that is not a journal', () => {
    writeFileSync(path, 'not a database at all, just text that is long enough to be read as a header');
    expect(() => replayJournal(path)).toThrow();
    expect(() => replayJournal(join(dir, 'absent.db'))).toThrow();
  });
});

describe('readJournalState', () => {
  it('reads up to a seq: the latest snapshot at or before it, then the commands up to it', async () => {
    await writeJournal(400, 100);
    const db = new Database(path, { readonly: true });
    const last = db.prepare('SELECT max(seq) FROM commands').pluck().get() as number;
    const snapshots = db.prepare('SELECT seq FROM snapshots ORDER BY seq').pluck().all() as number[];
    db.close();
    // Between the two kept snapshots: the older one is the base, the newer one is not read.
    const seq = snapshots[0]! + 7;
    expect(seq).toBeLessThan(snapshots[1]!);
    const head = readJournalState(path, seq);
    expect(head.seq).toBe(seq);
    const straight = replayJournal(path);
    expect(straight.seq).toBe(last);
    expect(stateHash(readJournalState(path, last))).toBe(stateHash(straight));
    expect(() => readJournalState(path, last + 1)).toThrow(`ends at seq ${last}, short of ${last + 1}`);
  });
});

describe('a journal that cannot write', () => {
  it('rejects what is pending and everything after', async () => {
    const exchange = await Exchange.open({ path, clock });
    await exchange.submit({ type: 'CreateAccount' });
    // Someone else took seq 2: the writer's insert fails.
    edit('INSERT INTO commands (seq, time, json) VALUES (2, 0, ?)', '{}');
    await expect(exchange.submit({ type: 'CreateAccount' })).rejects.toThrow(/journal writer: UNIQUE/);
    await expect(exchange.submit({ type: 'CreateAccount' })).rejects.toThrow(/UNIQUE/);
    await expect(exchange.close()).rejects.toThrow(/UNIQUE/);
  });
});
