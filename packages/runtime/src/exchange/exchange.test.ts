import Database from 'better-sqlite3';
import { defaultSpotVenueConfig, defaultVenueConfig, stateHash } from '@fulcrum/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { replayJournal } from '../journal/recovery.ts';
import { Exchange } from './exchange.ts';
import { journalSeqs, manualClock, submitStream, useTempJournal } from './testSupport.ts';

const temp = useTempJournal('fulcrum-exchange-');
let path: string;
beforeEach(() => {
  path = temp.path();
});

describe('Exchange with a journal', () => {
  it('reopens to the same seq and state hash', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock() });
    const results = await Promise.all(submitStream(exchange, 0, 600));
    expect(results.some((r) => !r.result.ok)).toBe(true);
    const { seq } = exchange.state;
    const hash = exchange.stateHash();
    await exchange.close();

    const reopened = await Exchange.open({ path, clock: manualClock() });
    expect(reopened.state.seq).toBe(seq);
    expect(reopened.stateHash()).toBe(hash);
    // And it goes on from there.
    const next = await reopened.submit({ type: 'CreateAccount' });
    expect(next.command.seq).toBe(seq + 1);
    await reopened.close();
    expect(stateHash(replayJournal(path))).toBe(reopened.stateHash());
  });

  it('journals only accepted commands, with seqs that follow each other', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock() });
    await exchange.submit({ type: 'CreateAccount' });
    const refused = await exchange.submit({ type: 'Deposit', accountId: 7, asset: 'USDT', amount: 5n });
    expect(refused.result.ok).toBe(false);
    expect(exchange.state.seq).toBe(1);
    const accepted = await exchange.submit({ type: 'Deposit', accountId: 1, asset: 'USDT', amount: 5n });
    expect(accepted.command.seq).toBe(2);
    const results = await Promise.all(submitStream(exchange, 0, 400));
    const acceptedSeqs = results.filter((r) => r.result.ok).map((r) => r.command.seq);
    await exchange.close();
    expect(journalSeqs(path)).toEqual([1, 2, ...acceptedSeqs]);
  });

  it('settles a submit only once its command is committed', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock() });
    const reader = new Database(path, { readonly: true });
    const maxSeq = (): number =>
      (reader.prepare('SELECT coalesce(max(seq), 0) AS seq FROM commands').get() as { seq: number }).seq;
    try {
      const checks: Promise<void>[] = [];
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 50; i++) {
          const promise = exchange.submit({ type: 'CreateAccount' });
          const seq = exchange.state.seq;
          // Applied at once, but not yet in the file.
          expect(maxSeq()).toBeLessThan(seq);
          checks.push(promise.then((c) => expect(maxSeq()).toBeGreaterThanOrEqual(c.command.seq)));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(checks);
      // Group commit: fewer syncs than commands.
      const { commits, rows } = exchange.journalStats;
      expect(rows).toBe(250);
      expect(commits).toBeGreaterThan(0);
      expect(commits).toBeLessThan(250);
    } finally {
      reader.close();
      await exchange.close();
    }
  });

  it('recovers from snapshot and suffix to the same state as a full replay', async () => {
    const exchange = await Exchange.open({ path, clock: manualClock(), snapshotEvery: 97 });
    for (let from = 0; from < 1_500; from += 300) await Promise.all(submitStream(exchange, from, from + 300));
    const hash = exchange.stateHash();
    await exchange.close();

    const db = new Database(path, { readonly: true });
    const snapshots = db.prepare('SELECT seq FROM snapshots ORDER BY seq').all() as { seq: number }[];
    db.close();
    // The two latest are kept, each at a multiple of snapshotEvery and short of the last command.
    expect(snapshots.length).toBe(2);
    for (const { seq } of snapshots) expect(seq % 97).toBe(0);
    expect(snapshots[1]!.seq).toBeLessThan(journalSeqs(path).length);

    const reopened = await Exchange.open({ path, clock: manualClock() });
    expect(reopened.stateHash()).toBe(hash);
    expect(stateHash(replayJournal(path))).toBe(hash);
    await reopened.close();
  });

  it('keeps the venue of an existing journal', async () => {
    const first = await Exchange.open({ path, venue: defaultSpotVenueConfig(), clock: manualClock() });
    await first.close();
    const second = await Exchange.open({ path, venue: defaultVenueConfig(), clock: manualClock() });
    expect(second.state.venue.markets.map((m) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    await second.close();
  });
});
