import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BPS,
  HALF_RAY,
  HALF_WAD,
  PPM,
  RAY,
  WAD,
  WAD_RAY_RATIO,
  applyBps,
  applyPpm,
  rayDiv,
  rayMul,
  rayToWad,
  wadDiv,
  wadMul,
  wadToRay,
} from './fixed.ts';
import { Rounding } from './rounding.ts';

const RUNS = { numRuns: 2000 };
const nonNeg = fc.bigInt({ min: 0n, max: 2n ** 200n });
const positive = fc.bigInt({ min: 1n, max: 2n ** 200n });

describe('constants', () => {
  it('have the WadRayMath values', () => {
    expect(WAD).toBe(1_000_000_000_000_000_000n);
    expect(RAY).toBe(10n ** 27n);
    expect(HALF_WAD).toBe(5n * 10n ** 17n);
    expect(HALF_RAY).toBe(5n * 10n ** 26n);
    expect(WAD_RAY_RATIO).toBe(10n ** 9n);
    expect(BPS).toBe(10_000n);
    expect(PPM).toBe(1_000_000n);
  });
});

describe('ray and wad math', () => {
  it('multiplies and divides known values', () => {
    expect(rayMul(RAY * 2n, RAY * 3n)).toBe(RAY * 6n);
    expect(rayDiv(RAY * 6n, RAY * 3n)).toBe(RAY * 2n);
    expect(wadMul(WAD * 2n, WAD * 3n)).toBe(WAD * 6n);
    expect(wadDiv(WAD, WAD * 4n)).toBe(WAD / 4n);
    expect(wadMul(WAD / 2n, WAD / 2n)).toBe(WAD / 4n);
    expect(rayDiv(RAY, 3n * RAY)).toBe(333_333_333_333_333_333_333_333_333n);
    expect(rayDiv(2n * RAY, 3n * RAY)).toBe(666_666_666_666_666_666_666_666_667n);
    expect(rayDiv(2n * RAY, 3n * RAY, Rounding.Down)).toBe(666_666_666_666_666_666_666_666_666n);
  });

  it('rounds half-up at the tie, ties away from zero for negatives', () => {
    expect(rayMul(1n, HALF_RAY)).toBe(1n);
    expect(rayMul(1n, HALF_RAY - 1n)).toBe(0n);
    expect(rayMul(-1n, HALF_RAY)).toBe(-1n);
    expect(rayMul(-1n, HALF_RAY - 1n)).toBe(0n);
    expect(rayMul(1n, HALF_RAY, Rounding.Down)).toBe(0n);
    expect(rayMul(1n, 1n, Rounding.Up)).toBe(1n);
    expect(wadMul(1n, HALF_WAD)).toBe(1n);
    expect(wadMul(1n, HALF_WAD - 1n)).toBe(0n);
    // 1 / (2 * RAY) in ray units is exactly one half.
    expect(rayDiv(1n, 2n * RAY)).toBe(1n);
    expect(rayDiv(1n, 2n * RAY + 1n)).toBe(0n);
    expect(wadDiv(1n, 2n * WAD)).toBe(1n);
  });

  it('throws RangeError when dividing by zero', () => {
    expect(() => rayDiv(RAY, 0n)).toThrow(RangeError);
    expect(() => wadDiv(WAD, 0n)).toThrow(RangeError);
  });

  it('converts between wad and ray, narrowing half-up', () => {
    expect(wadToRay(WAD)).toBe(RAY);
    expect(wadToRay(-3n)).toBe(-3n * WAD_RAY_RATIO);
    expect(rayToWad(RAY)).toBe(WAD);
    expect(rayToWad(WAD_RAY_RATIO / 2n)).toBe(1n);
    expect(rayToWad(WAD_RAY_RATIO / 2n - 1n)).toBe(0n);
    expect(rayToWad(-(WAD_RAY_RATIO / 2n))).toBe(-1n);
    expect(rayToWad(WAD_RAY_RATIO / 2n, Rounding.Down)).toBe(0n);
  });

  it('matches the WadRayMath formulas for non-negative inputs', () => {
    fc.assert(
      fc.property(nonNeg, nonNeg, positive, (a, b, c) => {
        expect(rayMul(a, b)).toBe((a * b + HALF_RAY) / RAY);
        expect(wadMul(a, b)).toBe((a * b + HALF_WAD) / WAD);
        expect(rayDiv(a, c)).toBe((a * RAY + c / 2n) / c);
        expect(wadDiv(a, c)).toBe((a * WAD + c / 2n) / c);
        expect(rayToWad(a)).toBe((a + WAD_RAY_RATIO / 2n) / WAD_RAY_RATIO);
        expect(rayToWad(wadToRay(a))).toBe(a);
      }),
      RUNS,
    );
  });
});

describe('basis points and parts per million', () => {
  it('applies known rates', () => {
    expect(applyBps(1_000_000n, 25n, Rounding.Down)).toBe(2_500n);
    expect(applyBps(1n, 1n, Rounding.Up)).toBe(1n);
    expect(applyBps(1n, 1n, Rounding.Down)).toBe(0n);
    expect(applyBps(5_000n, 1n, Rounding.HalfUp)).toBe(1n);
    expect(applyBps(4_999n, 1n, Rounding.HalfUp)).toBe(0n);
    expect(applyBps(-1n, 1n, Rounding.Down)).toBe(-1n);
    expect(applyBps(123n, BPS, Rounding.Down)).toBe(123n);
  });

  it('applies fees in ppm (0.02% = 200 ppm)', () => {
    expect(applyPpm(1_000_000n, 200n, Rounding.Up)).toBe(200n);
    expect(applyPpm(1n, 200n, Rounding.Up)).toBe(1n);
    expect(applyPpm(1n, 200n, Rounding.Down)).toBe(0n);
    expect(applyPpm(12_345_678n, 200n, Rounding.Down)).toBe(2_469n);
    expect(applyPpm(12_345_678n, 200n, Rounding.Up)).toBe(2_470n);
    expect(applyPpm(12_345_678n, 200n, Rounding.HalfUp)).toBe(2_469n);
  });

  it('bps and ppm agree: 1 bps = 100 ppm', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
        fc.bigInt({ min: -20_000n, max: 20_000n }),
        fc.constantFrom(Rounding.Down, Rounding.Up, Rounding.HalfUp),
        (amount, bps, r) => {
          expect(applyPpm(amount, bps * 100n, r)).toBe(applyBps(amount, bps, r));
        },
      ),
      RUNS,
    );
  });
});
