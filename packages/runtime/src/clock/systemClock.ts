import type { Clock } from '../exchange/types.ts';

/** Wall-clock time: what a live exchange stamps its commands with. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
