import { fromJson, toJson } from '@fulcrum/core';
import type { Command, UnstampedCommand } from '@fulcrum/core';

/**
 * Commands in the journal are `toJson` text of the command without `seq` and `time` (the journal keeps
 * those in columns). Most commands (orders, cancels) hold no bigint, and for them plain JSON.stringify
 * gives the same text several times faster than a replacer function does.
 */
export function encodeCommand(command: UnstampedCommand): string {
  try {
    return JSON.stringify(command);
  } catch {
    // A bigint field: JSON.stringify refuses it, toJson tags it.
    return toJson(command);
  }
}

/** Reverse of `encodeCommand`, stamped with the journal's seq and time. */
export function decodeCommand(text: string, seq: number, time: number): Command {
  // The reviver runs only when the text holds a tagged bigint.
  const command = (text.includes('"$n"') ? fromJson(text) : JSON.parse(text)) as {
    seq: number;
    time: number;
  };
  command.seq = seq;
  command.time = time;
  return command as unknown as Command;
}
