import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateHash } from '@fulcrum/core';
import type { EngineState } from '@fulcrum/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Exchange } from '../exchange/exchange.ts';
import type { Committed } from '../exchange/types.ts';
import { streamCommand } from '../exchange/testStream.ts';
import { replayRecentHistory } from './history.ts';

const clock = { now: () => 1_700_000_000_000 };

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fulcrum-history-'));
  path = join(dir, 'journal.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `count` stream commands through a journaled exchange; returns what it committed and its hash. */
async function journal(
  count: number,
  snapshotEvery: number,
): Promise<{ committed: Committed[]; hash: string }> {
  const exchange = await Exchange.open({ path, clock, snapshotEvery });
  const committed: Committed[] = [];
  exchange.onCommitted((batch) => committed.push(...batch));
  const submits = [];
  for (let i = 0; i < count; i++) submits.push(exchange.submit(streamCommand(i)));
  await Promise.all(submits);
  await new Promise((resolve) => setImmediate(resolve));
  const hash = exchange.stateHash();
  await exchange.close();
  return { committed, hash };
}

function collect(
  toSeq: number,
  fullReplayUpTo: number,
): { base: number; seqs: number[]; events: string; end: EngineState } {
  let start: EngineState | undefined;
  const seqs: number[] = [];
  const events: unknown[] = [];
  replayRecentHistory(
    path,
    {
      start: (base) => {
        start = base;
      },
      batch: (batch) => {
        for (const c of batch) {
          seqs.push(c.command.seq);
          events.push(c.events);
        }
      },
    },
    { toSeq, fullReplayUpTo },
  );
  if (!start) throw new Error('no start');
  return {
    base: seqs.length > 0 ? seqs[0]! - 1 : start.seq,
    seqs,
    events: JSON.stringify(events, big),
    end: start,
  };
}

const big = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${value}n` : value);

describe('replayRecentHistory', () => {
  it('replays a short journal from its first command, with the events the exchange reported', async () => {
    const { committed, hash } = await journal(600, 1_000_000);
    const seq = committed.at(-1)!.command.seq;
    const replay = collect(seq, 10_000);
    expect(replay.base).toBe(0);
    expect(replay.seqs).toEqual(committed.map((c) => c.command.seq));
    expect(replay.events).toBe(
      JSON.stringify(
        committed.map((c) => c.events),
        big,
      ),
    );
    // The base state was carried to the end of the journal.
    expect(stateHash(replay.end)).toBe(hash);
  });

  it('replays a long journal from its oldest snapshot, and stops at the seq asked for', async () => {
    const { committed } = await journal(900, 200);
    const last = committed.at(-1)!.command.seq;
    // Two snapshots are kept: the oldest of them is the base.
    const replay = collect(last - 10, 100);
    expect(replay.base % 200).toBe(0);
    expect(replay.base).toBeGreaterThan(0);
    expect(replay.seqs[0]).toBe(replay.base + 1);
    expect(replay.seqs.at(-1)).toBe(last - 10);
    const wanted = committed.filter((c) => c.command.seq > replay.base && c.command.seq <= last - 10);
    expect(replay.events).toBe(
      JSON.stringify(
        wanted.map((c) => c.events),
        big,
      ),
    );
  });
});
