import { createHash } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { apply, encodeSnapshot } from '@fulcrum/core';
import type { EngineState } from '@fulcrum/core';
import { decodeCommand } from './codec.ts';
import type {
  BatchMessage,
  FromSnapshotter,
  SnapshotterData,
  SnapshotterStart,
  ToSnapshotter,
} from './protocol.ts';
import { readJournalState } from './recovery.ts';

/**
 * The snapshotter, a worker thread: it keeps its own copy of the engine state, read from the journal
 * at start and then moved on by every batch the writer has committed. The engine is deterministic,
 * so the copy at a seq is the engine's state at that seq, and encoding it here (hundreds of
 * milliseconds for a book of 300,000 orders) holds up neither the engine nor a sync.
 */

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Apply the batch's commands that the copy does not have yet; a snapshot after each multiple of `every`. */
function follow(
  state: EngineState,
  batch: BatchMessage,
  every: number,
  send: (m: FromSnapshotter) => void,
): void {
  const { firstSeq, times, ends } = batch;
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  for (let i = 0; i < times.length; i++) {
    const seq = firstSeq + i;
    // The copy read the journal at start, and may already hold the first batches sent on.
    if (seq <= state.seq) continue;
    if (seq !== state.seq + 1) throw new Error(`command ${seq} does not follow seq ${state.seq}`);
    const command = decodeCommand(
      bytes.toString('utf8', i === 0 ? 0 : ends[i - 1]!, ends[i]!),
      seq,
      times[i]!,
    );
    const { result } = apply(state, command);
    if (!result.ok) throw new Error(`command ${seq} (${command.type}) refused by the copy: ${result.code}`);
    if (seq % every === 0) {
      const text = encodeSnapshot(state);
      send({ kind: 'snapshot', seq, hash: createHash('sha256').update(text).digest('hex'), text });
    }
  }
}

/**
 * Run this thread at the lowest priority (Linux: a thread's id works as a pid for setpriority), so
 * that on a busy machine the engine and the writer get the cores first and snapshots wait.
 */
function yieldToOthers(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
  } catch {
    // Not Linux, or not allowed: the thread keeps the normal priority.
  }
}

function serve({ path, every, writer, control }: SnapshotterData): void {
  yieldToOthers();
  let state: EngineState;
  try {
    state = readJournalState(path);
  } catch (error) {
    control.postMessage({ kind: 'failed', message: messageOf(error) } satisfies SnapshotterStart);
    writer.close();
    control.close();
    return;
  }
  control.postMessage({ kind: 'ready' } satisfies SnapshotterStart);
  control.close();
  const send = (message: FromSnapshotter): void => writer.postMessage(message);
  writer.on('message', (message: ToSnapshotter) => {
    try {
      if (message.kind === 'drain') send({ kind: 'drained' });
      else follow(state, message, every, send);
    } catch (error) {
      send({ kind: 'failed', message: messageOf(error) });
      writer.close();
    }
  });
}

serve(workerData as SnapshotterData);
