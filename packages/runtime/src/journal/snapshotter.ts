import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import type { FromSnapshotter, SnapshotterData, ToSnapshotter } from './protocol.ts';
import { readJournalState } from './recovery.ts';
import { StateFollower } from './stateFollower.ts';

/**
 * The snapshotter, a worker thread: it keeps its own copy of the engine state, read from the journal
 * at start (while the exchange already runs) and then moved on by every batch the writer has
 * committed (a StateFollower), and sends the writer a snapshot every `every` commands. Encoding one
 * (hundreds of milliseconds for a book of 300,000 orders) here holds up neither the engine nor a sync.
 */

/** Commands applied between two progress reports to the writer. */
const REPORT_EVERY = 8_192;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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

function serve({ path, seq, every, writer }: SnapshotterData): void {
  yieldToOthers();
  const send = (message: FromSnapshotter): void => writer.postMessage(message);
  let copy: StateFollower;
  try {
    // Batches the writer sends meanwhile wait in the port.
    copy = new StateFollower(readJournalState(path, seq), every);
  } catch (error) {
    send({ kind: 'failed', message: messageOf(error) });
    writer.close();
    return;
  }
  let reported = copy.seq;
  writer.on('message', (message: ToSnapshotter) => {
    try {
      if (message.kind === 'drain') return send({ kind: 'drained' });
      for (const snapshot of copy.follow(message)) send(snapshot);
      if (copy.seq - reported >= REPORT_EVERY) send({ kind: 'progress', seq: (reported = copy.seq) });
    } catch (error) {
      send({ kind: 'failed', message: messageOf(error) });
      writer.close();
    }
  });
}

serve(workerData as SnapshotterData);
