import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Database as Db, Statement } from 'better-sqlite3';
import type {
  BatchMessage,
  FromSnapshotter,
  FromWriter,
  SnapshotMessage,
  ToSnapshotter,
  ToWriter,
  WriterData,
  WriterStats,
} from './protocol.ts';
import { openJournalDb } from './schema.ts';

/**
 * The journal writer, run in a worker thread so that inserts and fsyncs never block the engine.
 * Group commit: every batch waiting in the port when a transaction starts goes into it, so the
 * number of syncs falls as the load rises.
 */

/** Rows per multi-row INSERT: one statement call binds this many commands. */
const ROWS_PER_INSERT = 64;

class Writer {
  private readonly insertMany: Statement;
  private readonly insertOne: Statement;
  private readonly insertSnapshot: Statement;
  private readonly pruneSnapshots: Statement;
  private readonly commit: (batches: readonly BatchMessage[]) => void;
  private readonly params: (number | string)[] = new Array<number | string>(ROWS_PER_INSERT * 3);
  private commits = 0;
  private rows = 0;
  private writeMs = 0;
  private snapshots = 0;

  constructor(
    private readonly db: Db,
    keepSnapshots: number,
  ) {
    const values = Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?)').join(', ');
    this.insertMany = db.prepare(`INSERT INTO commands (seq, time, json) VALUES ${values}`);
    this.insertOne = db.prepare('INSERT INTO commands (seq, time, json) VALUES (?, ?, ?)');
    this.insertSnapshot = db.prepare('INSERT OR REPLACE INTO snapshots (seq, hash, text) VALUES (?, ?, ?)');
    this.pruneSnapshots = db.prepare(
      `DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ${keepSnapshots})`,
    );
    this.commit = db.transaction((batches: readonly BatchMessage[]) => {
      for (const batch of batches) this.writeBatch(batch);
    });
  }

  /** Write the batches in one transaction (one sync) and return the highest seq written. */
  write(batches: readonly BatchMessage[]): number {
    const start = performance.now();
    this.commit(batches);
    this.writeMs += performance.now() - start;
    this.commits++;
    let seq = 0;
    for (const b of batches) {
      seq = Math.max(seq, b.firstSeq + b.times.length - 1);
      this.rows += b.times.length;
    }
    return seq;
  }

  get stats(): WriterStats {
    return { commits: this.commits, rows: this.rows, writeMs: this.writeMs, snapshots: this.snapshots };
  }

  /** One snapshot in a transaction of its own; the two latest (by default) are kept. */
  writeSnapshot(snapshot: SnapshotMessage): void {
    this.db.transaction(() => {
      this.insertSnapshot.run(snapshot.seq, snapshot.hash, snapshot.text);
      this.pruneSnapshots.run();
    })();
    this.snapshots++;
  }

  close(): void {
    this.db.close();
  }

  private writeBatch(batch: BatchMessage): void {
    const { firstSeq, times, ends } = batch;
    const n = times.length;
    if (ends.length !== n)
      throw new Error(`journal batch at seq ${firstSeq}: ${ends.length} commands for ${n} times`);
    const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    const text = (i: number): string => bytes.toString('utf8', i === 0 ? 0 : ends[i - 1]!, ends[i]!);
    const params = this.params;
    let i = 0;
    for (; i + ROWS_PER_INSERT <= n; i += ROWS_PER_INSERT) {
      for (let r = 0; r < ROWS_PER_INSERT; r++) {
        params[r * 3] = firstSeq + i + r;
        params[r * 3 + 1] = times[i + r]!;
        params[r * 3 + 2] = text(i + r);
      }
      this.insertMany.run(params);
    }
    for (; i < n; i++) this.insertOne.run(firstSeq + i, times[i]!, text(i));
  }
}

function serve({ path, port, keepSnapshots, snapshotter }: WriterData): void {
  const reply = (message: FromWriter): void => port.postMessage(message);
  let writer: Writer;
  try {
    writer = new Writer(openJournalDb(path), keepSnapshots);
  } catch (error) {
    reply({ kind: 'failed', message: messageOf(error) });
    port.close();
    snapshotter?.port.close();
    return;
  }
  /** Open while the snapshotter follows the journal; closed when it stops or the writer does. */
  let snapshots = snapshotter?.port;
  /** The last seq sent to the snapshotter, and the last it reported applied. */
  let sentSeq = snapshotter?.seq ?? 0;
  let appliedSeq = sentSeq;
  let closeWhenDrained = false;
  let closed = false;
  /** Close the file and both channels; the last word to the engine's thread is `closed` or `failed`. */
  const shutDown = (failure?: unknown): void => {
    if (closed) return;
    closed = true;
    let last: FromWriter | undefined;
    if (failure !== undefined) last = { kind: 'failed', message: messageOf(failure) };
    try {
      writer.close();
    } catch (error) {
      last ??= { kind: 'failed', message: messageOf(error) };
    }
    reply(last ?? { kind: 'closed', stats: writer.stats });
    port.close();
    snapshots?.close();
  };
  const finish = (): void => shutDown();
  const failed = (error: unknown): void => shutDown(error);
  const stopSnapshots = (message: string): void => {
    snapshots?.close();
    snapshots = undefined;
    reply({ kind: 'snapshotsStopped', message });
    if (closeWhenDrained) finish();
  };

  snapshots?.on('message', (message: FromSnapshotter) => {
    if (closed) return;
    try {
      if (message.kind === 'snapshot') {
        writer.writeSnapshot(message);
        appliedSeq = Math.max(appliedSeq, message.seq);
      } else if (message.kind === 'progress') appliedSeq = Math.max(appliedSeq, message.seq);
      else if (message.kind === 'drained') finish();
      else stopSnapshots(message.message);
    } catch (error) {
      failed(error);
    }
  });
  // A snapshotter that dies without a word (out of memory) closes its end.
  snapshots?.on('close', () => {
    if (snapshots && !closed) stopSnapshots('the snapshotter stopped');
  });

  reply({ kind: 'ready' });
  port.on('message', (first: ToWriter) => {
    try {
      // Drain everything already queued: one transaction for all of it.
      const batches: BatchMessage[] = [];
      let closing = false;
      for (let message: ToWriter | undefined = first; message; message = next(port)) {
        if (message.kind === 'close') closing = true;
        else batches.push(message);
      }
      if (batches.length > 0) {
        reply({ kind: 'durable', seq: writer.write(batches), stats: writer.stats });
        // Committed: the snapshotter may follow. The buffers move on; this thread is done with them.
        for (const b of batches) {
          if (!snapshots) break;
          // Before the post: it detaches the arrays.
          sentSeq = b.firstSeq + b.times.length - 1;
          const buffers = [b.times.buffer, b.ends.buffer, b.bytes.buffer] as ArrayBuffer[];
          snapshots.postMessage(b satisfies ToSnapshotter, buffers);
        }
        const lag = sentSeq - appliedSeq;
        if (snapshots && snapshotter && lag > snapshotter.maxLag)
          stopSnapshots(`the snapshotter fell ${lag} commands behind the journal`);
      }
      if (closing) {
        // Snapshots of what was committed are still written, then the file is closed.
        closeWhenDrained = true;
        if (snapshots) snapshots.postMessage({ kind: 'drain' } satisfies ToSnapshotter);
        else finish();
      }
    } catch (error) {
      failed(error);
    }
  });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function next(port: MessagePort): ToWriter | undefined {
  return (receiveMessageOnPort(port) as { message: ToWriter } | undefined)?.message;
}

serve(workerData as WriterData);
