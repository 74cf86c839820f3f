import type { Clock } from '../exchange/types.ts';

export interface ScaledClockOptions {
  /** Time the clock shows when it starts (ms since the epoch). */
  readonly startMs: number;
  /** Clock ms per real ms: 60 runs an hour a minute, 0 pauses (default 1). */
  readonly speed?: number;
  /** Real elapsed time in ms; monotonic by default, injectable for tests. */
  readonly realNow?: () => number;
}

/**
 * A clock that starts at a chosen epoch and runs at `speed` times real time: replays and
 * fast-forwarded demos. Changing the speed re-anchors at the current reading, so the time never
 * jumps, and readings never go backwards even if the real source does.
 */
export class ScaledClock implements Clock {
  private readonly realNow: () => number;
  private anchorReal: number;
  private anchorTime: number;
  private rate: number;
  private last: number;

  constructor(options: ScaledClockOptions) {
    if (!Number.isSafeInteger(options.startMs)) throw new RangeError(`bad start time ${options.startMs}`);
    const speed = options.speed ?? 1;
    assertSpeed(speed);
    this.realNow = options.realNow ?? (() => performance.now());
    this.anchorReal = this.realNow();
    this.anchorTime = options.startMs;
    this.rate = speed;
    this.last = options.startMs;
  }

  get speed(): number {
    return this.rate;
  }

  now(): number {
    const t = Math.floor(this.exact());
    if (t > this.last) this.last = t;
    return this.last;
  }

  setSpeed(speed: number): void {
    assertSpeed(speed);
    // Carry the fractional ms too, so a change of speed loses no time.
    const real = this.realNow();
    this.anchorTime = Math.max(this.exactAt(real), this.last);
    this.anchorReal = real;
    this.rate = speed;
  }

  /** Jump forward to `time` (never back): an admin's "funding now" or "skip ahead". */
  jumpTo(time: number): void {
    if (!Number.isSafeInteger(time)) throw new RangeError(`bad time ${time}`);
    if (time <= this.now()) return;
    this.anchorReal = this.realNow();
    this.anchorTime = time;
    this.last = time;
  }

  private exact(): number {
    return this.exactAt(this.realNow());
  }

  private exactAt(real: number): number {
    return this.anchorTime + Math.max(0, real - this.anchorReal) * this.rate;
  }
}

function assertSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed < 0)
    throw new RangeError(`speed must be finite and >= 0, got ${speed}`);
}
