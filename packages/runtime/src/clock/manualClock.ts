import type { Clock } from '../exchange/types.ts';

/** A clock that moves only when told: tests and the simulator step time themselves. */
export class ManualClock implements Clock {
  private time: number;

  constructor(startMs = 0) {
    assertTime(startMs);
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  /** Jump to a time; the engine refuses commands whose time goes backwards, so this refuses it too. */
  set(timeMs: number): void {
    assertTime(timeMs);
    if (timeMs < this.time) throw new RangeError(`time ${timeMs} is before ${this.time}`);
    this.time = timeMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance by ${ms} ms`);
    this.set(this.time + ms);
  }
}

function assertTime(ms: number): void {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`time must be an integer number of ms, got ${ms}`);
}
