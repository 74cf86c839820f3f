export { ManualClock } from './manualClock.ts';
export { ScaledClock } from './scaledClock.ts';
export type { ScaledClockOptions } from './scaledClock.ts';
export { SystemClock } from './systemClock.ts';
