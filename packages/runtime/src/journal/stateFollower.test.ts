import { apply, createState, defaultVenueConfig, mustLoadVenue, stateHash } from '@fulcrum/core';
import type { Command, EngineState, UnstampedCommand } from '@fulcrum/core';
import { describe, expect, it } from 'vitest';
import { streamCommand } from '../exchange/testStream.ts';
import { encodeCommand } from './codec.ts';
import type { BatchMessage } from './protocol.ts';
import { StateFollower } from './stateFollower.ts';

const T0 = 1_700_000_000_000;
const fresh = (): EngineState => createState(mustLoadVenue(defaultVenueConfig()));

interface Journaled {
  readonly seq: number;
  readonly time: number;
  readonly command: UnstampedCommand;
}

/** Run the test stream on a leader state; what it journals (the accepted commands) and its hash after each seq. */
function lead(count: number): { journal: Journaled[]; hashes: Map<number, string> } {
  const leader = fresh();
  const journal: Journaled[] = [];
  const hashes = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const command = streamCommand(i);
    const seq = leader.seq + 1;
    const time = T0 + i;
    const { result } = apply(leader, { ...command, seq, time } as Command);
    if (!result.ok) continue;
    journal.push({ seq, time, command });
    hashes.set(seq, stateHash(leader));
  }
  return { journal, hashes };
}

/** The batch the journal writer would hand on for these commands. */
function batchOf(rows: readonly Journaled[]): BatchMessage {
  const texts = rows.map((r) => Buffer.from(encodeCommand(r.command), 'utf8'));
  const ends = new Uint32Array(rows.length);
  let end = 0;
  texts.forEach((t, i) => (ends[i] = end += t.length));
  return {
    kind: 'batch',
    firstSeq: rows[0]?.seq ?? 1,
    times: Float64Array.from(rows.map((r) => r.time)),
    ends,
    bytes: new Uint8Array(Buffer.concat(texts)),
  };
}

describe('StateFollower', () => {
  it('follows the journal to the leader state and snapshots it at each multiple of the interval', () => {
    const { journal, hashes } = lead(400);
    const copy = new StateFollower(fresh(), 50);
    const snapshots = [];
    for (let i = 0; i < journal.length; i += 64)
      snapshots.push(...copy.follow(batchOf(journal.slice(i, i + 64))));
    const last = journal[journal.length - 1]!.seq;
    expect(copy.seq).toBe(last);
    expect(snapshots.map((s) => s.seq)).toEqual(
      Array.from({ length: Math.floor(last / 50) }, (_, k) => (k + 1) * 50),
    );
    // Each snapshot is the leader's state at its seq: its hash is the leader's state hash there.
    for (const s of snapshots) expect(s.hash).toBe(hashes.get(s.seq));
  });

  it('skips the commands it already has', () => {
    const { journal, hashes } = lead(200);
    const copy = new StateFollower(fresh(), 25);
    const snapshots = [
      ...copy.follow(batchOf(journal.slice(0, 100))),
      ...copy.follow(batchOf(journal.slice(50, 150))),
      ...copy.follow(batchOf(journal.slice(150))),
      ...copy.follow(batchOf(journal.slice(0, 10))),
    ];
    expect(copy.seq).toBe(journal.length);
    // One snapshot per multiple, each the leader's state there: nothing was applied twice.
    expect(snapshots.map((s) => s.seq)).toEqual(
      Array.from({ length: Math.floor(journal.length / 25) }, (_, k) => (k + 1) * 25),
    );
    for (const s of snapshots) expect(s.hash).toBe(hashes.get(s.seq));
  });

  it('stops at a gap in the seqs', () => {
    const { journal } = lead(100);
    const copy = new StateFollower(fresh(), 10);
    copy.follow(batchOf(journal.slice(0, 20)));
    expect(() => copy.follow(batchOf(journal.slice(21, 40)))).toThrow('command 22 does not follow seq 20');
    expect(copy.seq).toBe(20);
  });

  it('stops at a command the copy refuses, with no snapshot from that batch', () => {
    const { journal } = lead(30);
    const copy = new StateFollower(fresh(), 1);
    const bogus: Journaled = {
      seq: journal.length + 1,
      time: T0 + 1_000,
      command: { type: 'CancelOrder', accountId: 1, market: 'BTC/USDT', orderId: 999_999 },
    };
    expect(() => copy.follow(batchOf([...journal, bogus]))).toThrow(
      /refused by the copy: BOOK_UNKNOWN_ORDER/,
    );
  });

  it('refuses an interval that is not a positive integer', () => {
    expect(() => new StateFollower(fresh(), 0)).toThrow('snapshot interval 0');
  });
});
