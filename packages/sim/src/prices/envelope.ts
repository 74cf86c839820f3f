/** How much of a shock is in force at a time: 0 before, ramps to 1 over `over`, holds, ramps back. */
export interface Envelope {
  /** Absolute start time (ms). */
  readonly start: number;
  readonly over: number;
  /** Undefined: the shock stays to the end of the run. */
  readonly hold: number | undefined;
  readonly recover: number;
}

export function envelopeWeight(e: Envelope, time: number): number {
  const t = time - e.start;
  if (t < 0) return 0;
  if (t < e.over) return t / e.over;
  if (e.hold === undefined) return 1;
  const back = t - e.over - e.hold;
  if (back < 0) return 1;
  if (back < e.recover) return 1 - back / e.recover;
  return 0;
}

/** Last time the envelope changes (ms), or Infinity when it holds to the end. */
export function envelopeEnd(e: Envelope): number {
  return e.hold === undefined ? Number.POSITIVE_INFINITY : e.start + e.over + e.hold + e.recover;
}
