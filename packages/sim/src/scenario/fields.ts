import { z } from 'zod';
import { parseDate, parseDuration } from '../time.ts';

/** Field parsers shared by the scenario schema and the strategies' params, each with a plain message. */

/** A duration: 30s, 5m, 2h, 1d, 1w, 1y or whole ms. */
export const duration = z.unknown().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message:
        value === undefined
          ? 'is required'
          : `${show(value)} is not a duration (write it like 30s, 5m, 2h, 1d or a number of ms)`,
    });
    return z.NEVER;
  }
  return ms;
});

export const positiveDuration = duration.refine((ms) => ms > 0, 'must be longer than 0');

/** An ISO date or date-time (UTC unless it has a zone). */
export const date = z.unknown().transform((value, ctx) => {
  const ms = parseDate(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message:
        value === undefined
          ? 'is required'
          : `${show(value)} is not a date (write it like 2024-01-01 or 2024-01-01T00:00:00Z)`,
    });
    return z.NEVER;
  }
  return ms;
});

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A non-negative decimal amount, as text or a plain number; kept as exact text (money never
 * passes through a float: a number is read from its shortest decimal spelling).
 */
export const decimal = z.unknown().transform((value, ctx) => {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
    ctx.addIssue({
      code: 'custom',
      message:
        value === undefined
          ? 'is required'
          : `${show(value)} is not a decimal amount (write it like 1000 or '0.0005')`,
    });
    return z.NEVER;
  }
  return text.trim();
});

/** A finite number (a rate, a ratio, a fraction). */
export const number = z.number({ error: (i) => `${show(i.input)} is not a number` }).finite();
export const fraction = number.min(0, 'must be at least 0').max(1, 'must be at most 1');
export const positive = number.positive('must be above 0');
export const integer = z
  .number({ error: (i) => `${show(i.input)} is not a whole number` })
  .int('must be a whole number');

/** A number, or a [min, max] range each agent draws its own value from. */
export const numberOrRange = z.union([
  number,
  z
    .tuple([number, number], { error: 'must be a number or a [min, max] pair' })
    .refine(([lo, hi]) => lo <= hi, 'the range must be [min, max] with min <= max'),
]);

export const side = z.enum(['long', 'short'], { error: (i) => `${show(i.input)} is not long or short` });

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
