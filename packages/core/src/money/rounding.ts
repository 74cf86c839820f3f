/**
 * How an inexact integer result is rounded. Directions are on the number line, not toward or away
 * from zero, so the venue rule "requirements round up, credits round down" stays conservative for
 * negative amounts too (a negative credit, i.e. a debit, rounds further down).
 */
export const Rounding = {
  /** Toward negative infinity (floor): -2.5 -> -3, 2.5 -> 2. */
  Down: 'down',
  /** Toward positive infinity (ceil): -2.5 -> -2, 2.5 -> 3. */
  Up: 'up',
  /** To the nearest integer, ties away from zero: -2.5 -> -3, 2.5 -> 3, 2.4 -> 2. */
  HalfUp: 'halfUp',
} as const;
export type Rounding = (typeof Rounding)[keyof typeof Rounding];
