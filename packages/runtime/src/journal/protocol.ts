import type { MessagePort } from 'node:worker_threads';

/**
 * Messages between the engine's thread and the journal writer (a worker thread that owns the write
 * connection). Commands travel as their JSON text in UTF-8, packed in one buffer that is transferred,
 * not cloned: cloning an array of strings cost the engine thread about five times more (measured).
 */

/** Accepted commands with contiguous seqs `firstSeq, firstSeq + 1, ...`. */
export interface BatchMessage {
  readonly kind: 'batch';
  readonly firstSeq: number;
  /** One time per command. */
  readonly times: Float64Array;
  /** Where each command's JSON ends in `bytes` (the next one starts there). */
  readonly ends: Uint32Array;
  /** The commands' JSON, UTF-8, back to back in seq order. */
  readonly bytes: Uint8Array;
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
  /** Snapshots written. */
  readonly snapshots: number;
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

/** The snapshotter stopped; the journal goes on without new snapshots. */
export interface SnapshotsStoppedReply {
  readonly kind: 'snapshotsStopped';
  readonly message: string;
}

export type FromWriter = ReadyReply | DurableReply | ClosedReply | FailedReply | SnapshotsStoppedReply;

/** What the writer worker is started with. */
export interface WriterData {
  /** The module the worker bootstrap loads. */
  readonly entry: './writer.ts';
  readonly path: string;
  readonly port: MessagePort;
  /** Snapshots kept in the file; older ones are deleted when a new one is written. */
  readonly keepSnapshots: number;
  /** The writer's end of its channel to the snapshotter, when snapshots are taken. */
  readonly snapshotter?: SnapshotterLink;
}

export interface SnapshotterLink {
  readonly port: MessagePort;
  /** The seq the snapshotter starts from (the exchange's recovered seq). */
  readonly seq: number;
  /**
   * Commands sent on and not yet applied, at most. Past this, snapshots stop (with a warning)
   * rather than the queue growing without bound on a machine that never leaves them a core.
   */
  readonly maxLag: number;
}

/**
 * Between the writer and the snapshotter (a worker that keeps its own copy of the state from the
 * committed commands and encodes snapshots, so the engine never pauses for one). The writer sends
 * each committed batch on, then `drain` when it closes.
 */
export interface DrainMessage {
  readonly kind: 'drain';
}

export type ToSnapshotter = BatchMessage | DrainMessage;

/** The state after `seq`, its canonical text and that text's SHA-256. */
export interface SnapshotMessage {
  readonly kind: 'snapshot';
  readonly seq: number;
  readonly hash: string;
  readonly text: string;
}

/** The copy has applied every command up to `seq` (sent now and then, so the writer knows the lag). */
export interface ProgressMessage {
  readonly kind: 'progress';
  readonly seq: number;
}

/** Every batch sent before `drain` is applied and its snapshots are sent. */
export interface DrainedMessage {
  readonly kind: 'drained';
}

/** The snapshotter stopped: it could not read the journal, or its copy could not follow it. */
export interface SnapshotterFailed {
  readonly kind: 'failed';
  readonly message: string;
}

export type FromSnapshotter = SnapshotMessage | ProgressMessage | DrainedMessage | SnapshotterFailed;

/** What the snapshotter worker is started with. */
export interface SnapshotterData {
  readonly entry: './snapshotter.ts';
  readonly path: string;
  /**
   * The seq the exchange recovered to. The snapshotter reads the journal up to it, and the writer
   * sends it everything after, so no multiple of `every` is passed over.
   */
  readonly seq: number;
  /** A snapshot after every seq that is a multiple of this. */
  readonly every: number;
  /** To and from the writer. */
  readonly writer: MessagePort;
}
