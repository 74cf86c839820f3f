import type { MessagePort } from 'node:worker_threads';

/**
 * Messages between the engine's thread and the journal writer (a worker thread that owns the write
 * connection). Commands travel as their JSON text in UTF-8, packed in one buffer that is transferred,
 * not cloned: cloning an array of strings cost the engine thread about five times more (measured).
 */

/** Accepted commands with contiguous seqs `firstSeq, firstSeq + 1, ...`, plus an optional snapshot. */
export interface BatchMessage {
  readonly kind: 'batch';
  readonly firstSeq: number;
  /** One time per command. */
  readonly times: Float64Array;
  /** Where each command's JSON ends in `bytes` (the next one starts there). */
  readonly ends: Uint32Array;
  /** The commands' JSON, UTF-8, back to back in seq order. */
  readonly bytes: Uint8Array;
  /** A snapshot taken right after the batch's last command, written in the same transaction. */
  readonly snapshot?: SnapshotRecord;
}

export interface SnapshotRecord {
  readonly seq: number;
  readonly text: string;
}

export interface CloseMessage {
  readonly kind: 'close';
}

export type ToWriter = BatchMessage | CloseMessage;

/** What the writer has done so far. */
export interface WriterStats {
  /** Transactions committed, each one sync of the WAL. */
  readonly commits: number;
  /** Commands written. */
  readonly rows: number;
  /** Time spent writing and syncing, in milliseconds. */
  readonly writeMs: number;
}

/** Everything up to `seq` is committed and synced. */
export interface DurableReply {
  readonly kind: 'durable';
  readonly seq: number;
  readonly stats: WriterStats;
}

export interface ClosedReply {
  readonly kind: 'closed';
  readonly stats: WriterStats;
}

export interface FailedReply {
  readonly kind: 'failed';
  readonly message: string;
}

/** The file is open and the schema in place: batches may come. */
export interface ReadyReply {
  readonly kind: 'ready';
}

export type FromWriter = ReadyReply | DurableReply | ClosedReply | FailedReply;

/** What the worker is started with. */
export interface WriterData {
  readonly path: string;
  readonly port: MessagePort;
  /** Snapshots kept in the file; older ones are deleted when a new one is written. */
  readonly keepSnapshots: number;
}
