import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { stateHash } from '@fulcrum/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { replayJournal } from '../journal/recovery.ts';
import { Exchange } from './exchange.ts';

const FIXTURE = fileURLToPath(new URL('./crashFixture.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fulcrum-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Snapshots in the journal at `path` (0 while the file does not exist yet). */
function snapshotCount(path: string): number {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM snapshots').pluck().get() as number;
  } finally {
    db.close();
  }
}

/**
 * Run the fixture on `path` and SIGKILL it once it has acknowledged `killAfter` seqs (and, with
 * `afterSnapshot`, once the journal holds a snapshot: the snapshotter writes them in the background,
 * at low priority); all acks seen.
 */
function runUntilKilled(path: string, killAfter: number, afterSnapshot: boolean): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, path, '150'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: number[] = [];
    let partial = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) acks.push(Number(line));
      if (acks.length < killAfter || child.exitCode !== null) return;
      if (!afterSnapshot || snapshotCount(path) > 0) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`fixture ended without being killed: ${stderr}`));
      else resolve(acks);
    });
  });
}

it('keeps every acknowledged command through SIGKILLs and recovers to the replayed state', async () => {
  const path = join(dir, 'journal.db');
  let lastAck = 0;
  for (const killAfter of [50, 500, 2_000]) {
    const acks = await runUntilKilled(path, killAfter, killAfter === 2_000);
    expect(acks.length).toBeGreaterThanOrEqual(killAfter);
    // Each run goes on from the last: acks rise without a gap in what was acknowledged.
    expect(acks[0]).toBeGreaterThan(lastAck);
    lastAck = acks[acks.length - 1]!;

    const db = new Database(path, { readonly: true });
    const present = db.prepare('SELECT seq FROM commands WHERE seq = ?').pluck();
    const missing = acks.filter((seq) => present.get(seq) === undefined);
    db.close();
    expect(missing).toEqual([]);
    // The last run recovers from a snapshot and the commands after it.
    if (killAfter === 2_000) expect(snapshotCount(path)).toBeGreaterThan(0);

    const exchange = await Exchange.open({ path, clock: { now: Date.now } });
    expect(exchange.state.seq).toBeGreaterThanOrEqual(lastAck);
    expect(exchange.stateHash()).toBe(stateHash(replayJournal(path)));
    await exchange.close();
  }
}, 30_000);
