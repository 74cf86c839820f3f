/**
 * Exact integer division with an explicit rounding direction. The quotient is computed on the exact
 * rational value, so the result does not depend on operand signs beyond the value itself.
 */
import { Rounding } from './rounding.ts';

/**
 * n / d rounded as named. Throws RangeError when d is 0n: callers must rule that out, so reaching it
 * means a broken invariant rather than bad user input.
 */
export function divRound(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (d === 0n) throw new RangeError('divRound: division by zero');
  // A positive divisor lets the remainder's sign alone tell which way the truncated quotient is off.
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncates toward zero
  const r = n - q * d; // same sign as n, |r| < d
  switch (rounding) {
    case Rounding.Down:
      return r < 0n ? q - 1n : q;
    case Rounding.Up:
      return r > 0n ? q + 1n : q;
    case Rounding.HalfUp:
      if (r > 0n) return r * 2n >= d ? q + 1n : q;
      if (r < 0n) return r * -2n >= d ? q - 1n : q;
      return q;
    default:
      // Unreachable for typed callers; guards values smuggled past the type system.
      throw new RangeError(`divRound: unknown rounding ${String(rounding)}`);
  }
}

/** a * b / d with a single rounding step on the exact product (no intermediate precision loss). */
export function mulDiv(a: bigint, b: bigint, d: bigint, rounding: Rounding): bigint {
  if (d === 0n) throw new RangeError('mulDiv: division by zero');
  return divRound(a * b, d, rounding);
}
