import { describe, expect, it } from 'vitest';
import { ManualClock } from './manualClock.ts';
import { ScaledClock } from './scaledClock.ts';
import { SystemClock } from './systemClock.ts';

const EPOCH = Date.UTC(2026, 0, 1);

/** A real-time source the test moves by hand. */
function fakeReal(start = 1_000) {
  let t = start;
  return { now: () => t, move: (ms: number) => (t += ms) };
}

describe('SystemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const t = new SystemClock().now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});

describe('ManualClock', () => {
  it('moves only when told, never backwards', () => {
    const clock = new ManualClock(EPOCH);
    expect(clock.now()).toBe(EPOCH);
    clock.advance(1_500);
    expect(clock.now()).toBe(EPOCH + 1_500);
    clock.set(EPOCH + 2_000);
    expect(clock.now()).toBe(EPOCH + 2_000);
    expect(() => clock.set(EPOCH)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set(1.5)).toThrow(RangeError);
    expect(clock.now()).toBe(EPOCH + 2_000);
  });
});

describe('ScaledClock', () => {
  it('starts at its epoch and runs at speed x real time', () => {
    const real = fakeReal();
    const clock = new ScaledClock({ startMs: EPOCH, speed: 60, realNow: real.now });
    expect(clock.now()).toBe(EPOCH);
    real.move(1_000);
    expect(clock.now()).toBe(EPOCH + 60_000);
  });

  it('changes speed without a jump, carrying fractions of a ms', () => {
    const real = fakeReal();
    const clock = new ScaledClock({ startMs: EPOCH, speed: 1.5, realNow: real.now });
    real.move(1); // 1.5 ms of clock time
    expect(clock.now()).toBe(EPOCH + 1);
    clock.setSpeed(4);
    expect(clock.now()).toBe(EPOCH + 1);
    real.move(0.125); // 0.5 carried + 0.5 new = one whole ms
    expect(clock.now()).toBe(EPOCH + 2);
    clock.setSpeed(0);
    real.move(10_000);
    expect(clock.now()).toBe(EPOCH + 2);
    expect(clock.speed).toBe(0);
    clock.setSpeed(2);
    real.move(500);
    expect(clock.now()).toBe(EPOCH + 1_002);
  });

  it('never goes backwards when the real source does', () => {
    const real = fakeReal();
    const clock = new ScaledClock({ startMs: EPOCH, realNow: real.now });
    real.move(100);
    expect(clock.now()).toBe(EPOCH + 100);
    real.move(-50);
    expect(clock.now()).toBe(EPOCH + 100);
    clock.setSpeed(1);
    real.move(10);
    expect(clock.now()).toBe(EPOCH + 110);
  });

  it('refuses a bad speed or start', () => {
    expect(() => new ScaledClock({ startMs: EPOCH, speed: -1 })).toThrow(RangeError);
    expect(() => new ScaledClock({ startMs: Number.NaN })).toThrow(RangeError);
    const clock = new ScaledClock({ startMs: EPOCH });
    expect(() => clock.setSpeed(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
