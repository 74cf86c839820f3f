import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { BatchMessage, FromWriter, SnapshotterData, WriterData, WriterStats } from './protocol.ts';

export interface WriterEvents {
  /** Every command up to `seq` is committed and synced. */
  durable(seq: number): void;
  /** The writer can write nothing more; commands not yet durable may be lost. */
  failed(error: Error): void;
}

/** Warned (process.emitWarning) when snapshots stop: recovery replays a longer journal from then on. */
export const SNAPSHOTS_STOPPED = 'FulcrumSnapshotsStopped';

export interface WriterOptions {
  readonly path: string;
  /** Snapshots kept in the file (default 2). */
  readonly keepSnapshots?: number;
  /** A snapshot after every seq that is a multiple of this; absent: none. */
  readonly snapshotEvery?: number;
  /** The seq of the state recovered from the journal, from which the commands to write follow. */
  readonly seq: number;
  /** Commands the snapshotter may fall behind before snapshots stop (default 2,000,000). */
  readonly maxSnapshotLag?: number;
}

const BOOTSTRAP = new URL('./workerBootstrap.mjs', import.meta.url);
/** Commands and bytes the first batch buffers hold; they grow when a batch needs more. */
const INITIAL_COMMANDS = 1024;
const INITIAL_BYTES = 256 * 1024;

/**
 * The engine thread's side of the journal: buffers encoded commands, posts them to the writer worker
 * in batches, and reports the durable seq the worker answers with. It never touches the disk.
 */
export class JournalWriter {
  private times = new Float64Array(INITIAL_COMMANDS);
  private ends = new Uint32Array(INITIAL_COMMANDS);
  private bytes = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private count = 0;
  private used = 0;
  private firstSeq = 0;
  private postedSeq = 0;
  private durableSeq = 0;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private onClosed: (() => void) | undefined;
  /** Told of durable seqs and failure; nothing is reported before the first flush. */
  private events: WriterEvents = { durable: () => undefined, failed: () => undefined };
  /** What the worker has written so far, as it last reported. */
  stats: WriterStats = { commits: 0, rows: 0, writeMs: 0, snapshots: 0 };
  /** Why snapshots stopped, if they did. */
  snapshotsStopped: string | undefined;

  /** The snapshotter worker, when snapshots are taken. */
  private snapshotter: Worker | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
  ) {}

  /**
   * Start the writer worker and, with `snapshotEvery`, the snapshotter worker; wait until the
   * writer has the file open. The snapshotter reads the journal meanwhile and catches up.
   */
  static async start(options: WriterOptions): Promise<JournalWriter> {
    const { port1, port2 } = new MessageChannel();
    const every = options.snapshotEvery;
    const link = every === undefined ? undefined : new MessageChannel();
    const data: WriterData = {
      entry: './writer.ts',
      path: options.path,
      port: port2,
      keepSnapshots: options.keepSnapshots ?? 2,
      ...(link && {
        snapshotter: { port: link.port1, seq: options.seq, maxLag: options.maxSnapshotLag ?? 2_000_000 },
      }),
    };
    const worker = startWorker(data, link ? [port2, link.port1] : [port2]);
    const writer = new JournalWriter(worker, port1);
    if (link && every !== undefined)
      writer.snapshotter = startSnapshotter({
        entry: './snapshotter.ts',
        path: options.path,
        seq: options.seq,
        every,
        writer: link.port2,
      });
    try {
      await writer.started(options.path);
      return writer;
    } catch (error) {
      await Promise.all([worker.terminate(), writer.snapshotter?.terminate()]);
      throw error;
    }
  }

  /** Resolves once the writer has the file open; from then on its messages are received. */
  private started(path: string): Promise<void> {
    const { worker, port } = this;
    return new Promise((resolve, reject) => {
      let started = false;
      const startFailed = (error: Error): void => {
        started = true;
        port.close();
        reject(error);
      };
      port.on('message', (message: FromWriter) => {
        if (started) this.receive(message);
        else if (message.kind === 'ready') {
          started = true;
          this.idle();
          resolve();
        } else if (message.kind === 'failed') startFailed(new Error(`journal ${path}: ${message.message}`));
      });
      worker.on('error', (error) => (started ? this.fail(error) : startFailed(error)));
      worker.on('exit', (code) => {
        const error = new Error(`journal writer stopped (exit code ${code})`);
        if (!started) startFailed(error);
        else if (!this.closing) this.fail(error);
      });
    });
  }

  listen(events: WriterEvents): void {
    this.events = events;
  }

  /** Commands appended since the last flush. */
  get buffered(): number {
    return this.count;
  }

  /** Buffer one accepted command; seqs follow each other without gaps. */
  append(seq: number, time: number, json: string): void {
    const n = this.count;
    if (n === 0) this.firstSeq = seq;
    if (n === this.times.length) this.growCommands();
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + json.length * 3 > this.bytes.length) this.growBytes(json.length * 3);
    this.used += this.bytes.write(json, this.used, 'utf8');
    this.times[n] = time;
    this.ends[n] = this.used;
    this.count = n + 1;
  }

  /** Post the buffered commands as one batch. */
  flush(): void {
    const n = this.count;
    if (n === 0) return;
    if (this.failure) throw this.failure;
    // Copies of the used parts, handed over to the worker; the buffers stay here for the next batch.
    const times = this.times.slice(0, n);
    const ends = this.ends.slice(0, n);
    const bytes = new Uint8Array(this.bytes.subarray(0, this.used));
    const batch: BatchMessage = { kind: 'batch', firstSeq: this.firstSeq, times, ends, bytes };
    this.count = 0;
    this.used = 0;
    if (this.postedSeq === this.durableSeq) this.busy();
    this.postedSeq = this.firstSeq + n - 1;
    this.port.postMessage(batch, [times.buffer, ends.buffer, bytes.buffer]);
  }

  /** Post what is buffered, let the worker commit it, close the file and stop the worker. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    if (!this.failure) {
      const closed = new Promise<void>((resolve) => (this.onClosed = resolve));
      this.busy();
      this.flush();
      this.port.postMessage({ kind: 'close' });
      await closed;
    }
    this.port.close();
    await Promise.all([this.worker.terminate(), this.snapshotter?.terminate()]);
    if (this.failure) throw this.failure;
  }

  private receive(message: FromWriter): void {
    switch (message.kind) {
      case 'durable':
        this.stats = message.stats;
        this.durableSeq = message.seq;
        if (this.durableSeq === this.postedSeq && !this.closing) this.idle();
        this.events.durable(message.seq);
        return;
      case 'closed':
        this.stats = message.stats;
        this.onClosed?.();
        return;
      case 'failed':
        this.fail(new Error(`journal writer: ${message.message}`));
        return;
      case 'snapshotsStopped':
        this.snapshotsStopped = message.message;
        process.emitWarning(`journal snapshots stopped: ${message.message}`, SNAPSHOTS_STOPPED);
        return;
      case 'ready':
        return;
    }
  }

  /** Stop writing: drop what is buffered, and let `close` only stop the worker. */
  abort(error: Error): void {
    this.failure ??= error;
    this.count = 0;
    this.used = 0;
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.events.failed(error);
    // A close waiting for the worker's answer will not get one.
    this.onClosed?.();
  }

  private growCommands(): void {
    const times = new Float64Array(this.times.length * 2);
    const ends = new Uint32Array(this.ends.length * 2);
    times.set(this.times);
    ends.set(this.ends);
    this.times = times;
    this.ends = ends;
  }

  private growBytes(atLeast: number): void {
    const bytes = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.used + atLeast));
    this.bytes.copy(bytes, 0, 0, this.used);
    this.bytes = bytes;
  }

  /** Keep the process alive while commands wait for their sync... */
  private busy(): void {
    this.worker.ref();
    this.port.ref();
  }

  /** ...and let it exit when none does, even if `close` is never called. */
  private idle(): void {
    this.worker.unref();
    this.port.unref();
  }
}

/**
 * A worker running `data.entry` through the bootstrap. No inherited flags: a parent's `--import tsx`
 * would start a second TypeScript loader in the worker, on top of the one the bootstrap registers.
 */
function startWorker(data: WriterData | SnapshotterData, transferList: MessagePort[]): Worker {
  return new Worker(BOOTSTRAP, { workerData: data, transferList, execArgv: [] });
}

/** Start the snapshotter on its channel to the writer: it reports there, never to this thread. */
function startSnapshotter(data: SnapshotterData): Worker {
  const worker = startWorker(data, [data.writer]);
  // It never keeps the process alive: the writer decides when the journal is done.
  worker.unref();
  // If it dies, its end of the writer's channel closes and the writer reports that snapshots stopped.
  worker.on('error', () => undefined);
  return worker;
}
