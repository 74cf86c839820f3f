import type {
  Applied,
  Command,
  EngineEvent,
  EngineState,
  ResultByType,
  UnstampedCommand,
  VenueConfig,
} from '@fulcrum/core';

/**
 * The contract between the runtime and what sits on it (server, simulator, CLI): one writer applies
 * stamped commands to the engine and reports them once they are durable.
 */

/** Where time comes from. The engine never reads a clock; the sequencer stamps commands with this. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** One applied command as it was journaled: stamped, with its result and the events it produced. */
export interface Committed<C extends Command = Command> {
  readonly command: C;
  readonly result: Applied<ResultByType[C['type']]>['result'];
  readonly events: EngineEvent[];
}

export interface ExchangeOptions {
  /** Markets and assets; the default venue when absent. Ignored when a journal already exists. */
  readonly venue?: VenueConfig;
  /** SQLite file of the journal; absent: in memory, nothing survives the process (tests, simulator). */
  readonly path?: string;
  /**
   * Accepted commands between two snapshots (default 100,000; 0: none). A worker thread keeps a copy
   * of the state from the journal and writes them, so the engine never waits for one.
   */
  readonly snapshotEvery?: number;
  readonly clock: Clock;
}

export interface ExchangeApi {
  /** The engine state. Read it, never change it: only `submit` does. */
  readonly state: EngineState;
  /**
   * Stamp (seq, time) and apply one command now, synchronously on the engine; the promise settles
   * once the command is durable (journaled and synced). A refused command is not journaled and
   * settles at once with its rejection; it consumes no sequence number.
   */
  submit<C extends UnstampedCommand>(command: C): Promise<Committed<Extract<Command, { type: C['type'] }>>>;
  /**
   * Listen to committed commands in sequence order, each batch once durable. Returns an unsubscribe
   * function. Listeners run after the promises of `submit` for the same commands settle.
   */
  onCommitted(listener: (batch: readonly Committed[]) => void): () => void;
  /** SHA-256 of the engine state's canonical snapshot. */
  stateHash(): string;
  /** Flush what is pending, write nothing more, release the file. */
  close(): Promise<void>;
}
