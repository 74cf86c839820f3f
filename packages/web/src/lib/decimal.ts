/**
 * Exact arithmetic on the API's decimal strings. Values are bigints scaled by 10^18, which holds
 * every amount the API sends (asset decimals and rates have at most 18 digits). Floats are used only
 * to place things on the chart.
 */

export type Fixed = bigint;

export const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/;

export type Rounding = 'down' | 'up' | 'halfUp';

/** A decimal string as a scaled bigint; undefined when it is not a plain decimal or is too precise. */
export function parseFixed(text: string): Fixed | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const [, minus, whole, fraction = ''] = match;
  const digits = fraction.replace(/0+$/, '');
  if (digits.length > SCALE) return undefined;
  const value = BigInt(whole!) * ONE + BigInt(digits.padEnd(SCALE, '0') || '0');
  return minus ? -value : value;
}

/** parseFixed for values the API sent: a malformed one reads as 0 rather than breaking the screen. */
export const fx = (text: string | null | undefined): Fixed =>
  text === null || text === undefined ? 0n : (parseFixed(text) ?? 0n);

/** Integer division with a rounding mode (toward zero is not what prices want, so it is explicit). */
export function divRound(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  const r = n % d;
  if (r !== 0n) {
    // Away from zero on the magnitude equals "up" for positives and "down" for negatives.
    const away = rounding === 'halfUp' ? 2n * r >= d : negative ? rounding === 'down' : rounding === 'up';
    if (away) q += 1n;
  }
  return negative ? -q : q;
}

export const mul = (a: Fixed, b: Fixed, rounding: Rounding = 'halfUp'): Fixed =>
  divRound(a * b, ONE, rounding);

export const div = (a: Fixed, b: Fixed, rounding: Rounding = 'halfUp'): Fixed =>
  divRound(a * ONE, b, rounding);

export const fromInt = (n: number | bigint): Fixed => BigInt(n) * ONE;

export const abs = (a: Fixed): Fixed => (a < 0n ? -a : a);

/** Digits after the point of a step such as a tick size ('0.1' -> 1, '5' -> 0). */
export function decimalsOf(step: string): number {
  const dot = step.indexOf('.');
  if (dot < 0) return 0;
  return step.slice(dot + 1).replace(/0+$/, '').length;
}

/** A value on a grid of `step` (a tick or lot size), rounded as asked. */
export function toStep(value: Fixed, step: Fixed, rounding: Rounding): Fixed {
  if (step <= 0n) return value;
  return divRound(value, step, rounding) * step;
}

/**
 * Text with `decimals` digits after the point (rounded as asked); `trim` drops trailing zeros.
 */
export function formatFixed(
  value: Fixed,
  decimals: number,
  options: { rounding?: Rounding; trim?: boolean } = {},
): string {
  const places = Math.max(0, Math.min(SCALE, decimals));
  const scaled = divRound(value, 10n ** BigInt(SCALE - places), options.rounding ?? 'halfUp');
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  let whole = digits.slice(0, digits.length - places);
  let fraction = digits.slice(digits.length - places);
  if (options.trim === true) fraction = fraction.replace(/0+$/, '');
  if (whole === '') whole = '0';
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** Compare two decimal strings exactly. */
export const compareText = (a: string, b: string): number => {
  const d = fx(a) - fx(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

/**
 * A fraction as a percentage, by moving the point two places (exact): '0.0125' -> '1.25'. `decimals`
 * fixes the digits shown.
 */
export function percentText(fraction: string | null | undefined, decimals = 2): string {
  if (fraction === null || fraction === undefined) return '–';
  const value = parseFixed(fraction);
  if (value === undefined) return fraction;
  return `${formatFixed(value * 100n, decimals)}%`;
}

/** Sign of a decimal string: -1, 0 or 1 (for colours). */
export function signOf(text: string | null | undefined): number {
  const value = fx(text);
  return value < 0n ? -1 : value > 0n ? 1 : 0;
}

/** The float of a decimal string, for chart coordinates only. */
export const chartNumber = (text: string): number => Number(text);
