import { createHash } from 'node:crypto';
import { apply, encodeSnapshot } from '@fulcrum/core';
import type { EngineState } from '@fulcrum/core';
import { decodeCommand } from './codec.ts';
import type { BatchMessage, SnapshotMessage } from './protocol.ts';

/**
 * A copy of the engine state moved on by committed journal batches, with a snapshot after every
 * multiple of `every`. The engine is deterministic, so the copy at a seq is the engine's state at
 * that seq. Any command the copy cannot take (a gap in the seqs, a refusal) throws: the copy no
 * longer matches the journal, and its snapshots must not be written.
 */
export class StateFollower {
  constructor(
    private readonly state: EngineState,
    private readonly every: number,
  ) {
    if (!Number.isSafeInteger(every) || every < 1)
      throw new Error(`snapshot interval ${every} is not a positive integer`);
  }

  get seq(): number {
    return this.state.seq;
  }

  /** Apply the batch's commands the copy does not have yet; the snapshots they reach, in seq order. */
  follow(batch: BatchMessage): SnapshotMessage[] {
    const { state, every } = this;
    const { firstSeq, times, ends } = batch;
    const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    const snapshots: SnapshotMessage[] = [];
    for (let i = 0; i < times.length; i++) {
      const seq = firstSeq + i;
      // The copy read the journal at start, and may already hold the first batches sent on.
      if (seq <= state.seq) continue;
      if (seq !== state.seq + 1) throw new Error(`command ${seq} does not follow seq ${state.seq}`);
      const text = bytes.toString('utf8', i === 0 ? 0 : ends[i - 1]!, ends[i]!);
      const command = decodeCommand(text, seq, times[i]!);
      const { result } = apply(state, command);
      if (!result.ok) throw new Error(`command ${seq} (${command.type}) refused by the copy: ${result.code}`);
      if (seq % every === 0) snapshots.push(snapshotOf(state));
    }
    return snapshots;
  }
}

function snapshotOf(state: EngineState): SnapshotMessage {
  const text = encodeSnapshot(state);
  return { kind: 'snapshot', seq: state.seq, hash: createHash('sha256').update(text).digest('hex'), text };
}
