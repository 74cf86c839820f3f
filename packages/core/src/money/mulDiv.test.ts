import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, mulDiv } from './mulDiv.ts';
import { Rounding } from './rounding.ts';

const RUNS = { numRuns: 2000 };
const BIG = 2n ** 200n;

const anyBig = fc.oneof(fc.bigInt({ min: -BIG, max: BIG }), fc.bigInt({ min: -1000n, max: 1000n }));
// Small divisors make inexact and tie cases common; large ones exercise multi-word division.
const divisor = fc
  .oneof(fc.bigInt({ min: -BIG, max: BIG }), fc.bigInt({ min: -12n, max: 12n }))
  .filter((d) => d !== 0n);
const rounding = fc.constantFrom(Rounding.Down, Rounding.Up, Rounding.HalfUp);

/** |x| for the half-way checks. */
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

describe('mulDiv worked values', () => {
  it.each([
    // a, b, d, down, up, halfUp
    [7n, 1n, 2n, 3n, 4n, 4n],
    [-7n, 1n, 2n, -4n, -3n, -4n],
    [7n, 1n, -2n, -4n, -3n, -4n],
    [-7n, 1n, -2n, 3n, 4n, 4n],
    [10n, 3n, 4n, 7n, 8n, 8n], // 7.5
    [10n, 3n, 7n, 4n, 5n, 4n], // 4.285...
    [10n, 3n, 6n, 5n, 5n, 5n], // exact
    [-10n, 3n, 7n, -5n, -4n, -4n], // -4.285...
    [-2n, 5n, 3n, -4n, -3n, -3n], // -3.333...
    [-5n, 1n, 3n, -2n, -1n, -2n], // -1.666...
    [0n, 5n, -3n, 0n, 0n, 0n],
    [2n ** 128n, 2n ** 128n, 2n ** 200n, 2n ** 56n, 2n ** 56n, 2n ** 56n],
  ])('mulDiv(%s, %s, %s) = %s / %s / %s', (a, b, d, down, up, half) => {
    expect(mulDiv(a, b, d, Rounding.Down)).toBe(down);
    expect(mulDiv(a, b, d, Rounding.Up)).toBe(up);
    expect(mulDiv(a, b, d, Rounding.HalfUp)).toBe(half);
  });

  it('keeps full precision of the intermediate product', () => {
    const a = 2n ** 255n - 19n;
    expect(mulDiv(a, a, a, Rounding.Down)).toBe(a);
    expect(mulDiv(a, 3n, 3n, Rounding.Up)).toBe(a);
  });

  it('throws RangeError on a zero divisor', () => {
    expect(() => mulDiv(1n, 2n, 0n, Rounding.Down)).toThrow(RangeError);
    expect(() => mulDiv(0n, 0n, 0n, Rounding.HalfUp)).toThrow(RangeError);
    expect(() => divRound(1n, 0n, Rounding.Up)).toThrow(RangeError);
  });

  it('throws RangeError on an unknown rounding value', () => {
    expect(() => divRound(1n, 2n, 'sideways' as unknown as Rounding)).toThrow(RangeError);
  });
});

describe('divRound worked values', () => {
  it('rounds quotients of negative numerators and divisors', () => {
    expect(divRound(-1n, 3n, Rounding.Down)).toBe(-1n);
    expect(divRound(-1n, 3n, Rounding.Up)).toBe(0n);
    expect(divRound(-1n, 3n, Rounding.HalfUp)).toBe(0n);
    expect(divRound(-2n, 3n, Rounding.HalfUp)).toBe(-1n);
    expect(divRound(1n, -2n, Rounding.HalfUp)).toBe(-1n);
    expect(divRound(-1n, -2n, Rounding.HalfUp)).toBe(1n);
    expect(divRound(9n, -3n, Rounding.Up)).toBe(-3n);
  });
});

describe('mulDiv properties', () => {
  it('Down is the floor of a*b/d', () => {
    fc.assert(
      fc.property(anyBig, anyBig, divisor, (a, b, d) => {
        const n = a * b;
        const q = mulDiv(a, b, d, Rounding.Down);
        if (d > 0n) {
          expect(q * d <= n && n < (q + 1n) * d).toBe(true);
        } else {
          expect(q * d >= n && n > (q + 1n) * d).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('Up is the smallest q with q >= a*b/d', () => {
    fc.assert(
      fc.property(anyBig, anyBig, divisor, (a, b, d) => {
        const n = a * b;
        const q = mulDiv(a, b, d, Rounding.Up);
        if (d > 0n) {
          expect(q * d >= n && (q - 1n) * d < n).toBe(true);
        } else {
          expect(q * d <= n && (q - 1n) * d > n).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('HalfUp is within half a unit and breaks ties away from zero', () => {
    fc.assert(
      fc.property(anyBig, anyBig, divisor, (a, b, d) => {
        const n = a * b;
        const q = mulDiv(a, b, d, Rounding.HalfUp);
        // |q - n/d| <= 1/2, scaled by 2|d|.
        const err2 = abs(2n * (q * d - n));
        expect(err2 <= abs(d)).toBe(true);
        if (err2 === abs(d)) {
          const positive = n > 0n === d > 0n;
          expect(q).toBe(mulDiv(a, b, d, positive ? Rounding.Up : Rounding.Down));
        }
      }),
      RUNS,
    );
  });

  it('HalfUp on exact ties rounds away from zero', () => {
    const half = fc.bigInt({ min: 1n, max: BIG });
    fc.assert(
      fc.property(fc.bigInt({ min: -BIG, max: BIG }), half, fc.boolean(), (k, h, flip) => {
        // n / d = k + 1/2 exactly.
        const d = flip ? -2n * h : 2n * h;
        const n = (2n * k + 1n) * h * (flip ? -1n : 1n);
        const expected = k >= 0n ? k + 1n : k;
        expect(divRound(n, d, Rounding.HalfUp)).toBe(expected);
        expect(mulDiv(n, 1n, d, Rounding.HalfUp)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('Up - Down is 0 exactly when d divides a*b, else 1; all modes agree with divRound', () => {
    fc.assert(
      fc.property(anyBig, anyBig, divisor, rounding, (a, b, d, r) => {
        const down = mulDiv(a, b, d, Rounding.Down);
        const up = mulDiv(a, b, d, Rounding.Up);
        expect(up - down).toBe((a * b) % d === 0n ? 0n : 1n);
        expect(mulDiv(a, b, d, r)).toBe(divRound(a * b, d, r));
      }),
      RUNS,
    );
  });

  it('negating the numerator mirrors Down into Up', () => {
    fc.assert(
      fc.property(anyBig, divisor, (n, d) => {
        expect(divRound(-n, d, Rounding.Down)).toBe(-divRound(n, d, Rounding.Up));
        expect(divRound(-n, d, Rounding.HalfUp)).toBe(-divRound(n, d, Rounding.HalfUp));
      }),
      RUNS,
    );
  });
});
