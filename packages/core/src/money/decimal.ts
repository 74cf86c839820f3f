/**
 * Decimal text <-> integer amounts in an asset's smallest unit. Parsing is a single linear scan over
 * char codes (no regex, so no backtracking), reports bad input as a coded result and throws only for
 * a bad `decimals` argument, which is a programming error.
 */

export const MoneyErrorCode = {
  /** The text is empty. */
  Empty: 'MONEY_EMPTY',
  /** Not of the form /^[+-]?\d+(\.\d+)?$/ (no whitespace, exponent, bare dot, hex, separators...). */
  Syntax: 'MONEY_SYNTAX',
  /** A non-zero fractional digit lies beyond the asset's decimals and would be lost. */
  Precision: 'MONEY_PRECISION',
  /** More than MAX_DECIMAL_DIGITS digits in total. */
  Range: 'MONEY_RANGE',
  /** A negative value where only non-negative amounts are allowed. */
  Negative: 'MONEY_NEGATIVE',
} as const;
export type MoneyErrorCode = (typeof MoneyErrorCode)[keyof typeof MoneyErrorCode];

export type DecimalParse =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly code: MoneyErrorCode; readonly message: string };

/** Digit cap for parsed text: 78 digits covers every 256-bit value, anything longer is absurd input. */
export const MAX_DECIMAL_DIGITS = 78;
/** Largest accepted `decimals`. */
export const MAX_DECIMALS = 36;

const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

// Covers every scale parse/format can need (78 digits + 36 decimals) so the hot path never computes one.
const POW10_CACHED = 128;
const POW10: bigint[] = [];
for (let i = 0, p = 1n; i < POW10_CACHED; i++, p *= 10n) POW10.push(p);

/** 10^n as a bigint; n must be a non-negative safe integer. Small exponents come from a table. */
export function pow10(n: number): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`pow10: bad exponent ${n}`);
  return POW10[n] ?? 10n ** BigInt(n);
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`decimals must be an integer in 0..${MAX_DECIMALS}, got ${decimals}`);
  }
}

/** Index of the '.' (text.length when there is none), or -1 when the text is not a decimal. */
function scanDecimal(text: string): number {
  const len = text.length;
  const first = text.charCodeAt(0);
  let i = first === PLUS || first === MINUS ? 1 : 0;
  const intStart = i;
  while (i < len && isDigit(text.charCodeAt(i))) i++;
  if (i === intStart) return -1;
  if (i === len) return len;
  if (text.charCodeAt(i) !== DOT) return -1;
  const dot = i++;
  const fracStart = i;
  while (i < len && isDigit(text.charCodeAt(i))) i++;
  return i === fracStart || i !== len ? -1 : dot;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** True when a digit 1-9 appears at or after `from` (the dot, code 46, never counts). */
function hasNonZeroDigit(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > ZERO && c <= NINE) return true;
  }
  return false;
}

function fail(code: MoneyErrorCode, text: string, why: string): DecimalParse {
  // Bounded preview: absurd inputs must not produce absurd messages.
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return { ok: false, code, message: `${JSON.stringify(shown)}: ${why}` };
}

function parse(text: string, decimals: number, unsigned: boolean): DecimalParse {
  assertDecimals(decimals);
  const len = text.length;
  if (len === 0) return fail(MoneyErrorCode.Empty, text, 'empty amount');
  const dot = scanDecimal(text);
  if (dot < 0) return fail(MoneyErrorCode.Syntax, text, 'not a plain decimal number');
  const first = text.charCodeAt(0);
  const start = first === PLUS || first === MINUS ? 1 : 0;
  const fracLen = dot === len ? 0 : len - dot - 1;
  if (dot - start + fracLen > MAX_DECIMAL_DIGITS) {
    return fail(MoneyErrorCode.Range, text, `more than ${MAX_DECIMAL_DIGITS} digits`);
  }
  // '-0' and '-0.00' are zero, not negative.
  if (unsigned && first === MINUS && hasNonZeroDigit(text, start)) {
    return fail(MoneyErrorCode.Negative, text, 'amount must not be negative');
  }
  let kept = fracLen;
  if (fracLen > decimals) {
    if (hasNonZeroDigit(text, dot + 1 + decimals)) {
      return fail(MoneyErrorCode.Precision, text, `more than ${decimals} decimals`);
    }
    kept = decimals;
  }
  // One BigInt conversion of sign + integer digits + kept fraction digits, then scale up the rest.
  const digits = fracLen === 0 ? text : text.slice(0, dot) + text.slice(dot + 1, dot + 1 + kept);
  const value = BigInt(digits);
  const pad = decimals - kept;
  return { ok: true, value: pad === 0 ? value : value * pow10(pad) };
}

/**
 * Parses a decimal amount into smallest units: parseDecimal('1.23', 2) -> 123n. Extra fractional
 * digits are accepted only when they are zeros ('1.2300' at 2 decimals is 123n). Checks run in the
 * order EMPTY, SYNTAX, RANGE, PRECISION.
 */
export function parseDecimal(text: string, decimals: number): DecimalParse {
  return parse(text, decimals, false);
}

/** As parseDecimal, but a negative value is MONEY_NEGATIVE (checked after RANGE, before PRECISION). */
export function parseUnsignedDecimal(text: string, decimals: number): DecimalParse {
  return parse(text, decimals, true);
}

/**
 * Formats smallest units as decimal text: formatDecimal(123n, 2) -> '1.23', formatDecimal(-5n, 3) ->
 * '-0.005'. With trim, trailing fractional zeros and a bare dot are dropped ('1.50' -> '1.5', '2.00'
 * -> '2'). The output always parses back to the same value at the same decimals.
 */
export function formatDecimal(value: bigint, decimals: number, opts?: { readonly trim?: boolean }): string {
  assertDecimals(decimals);
  if (decimals === 0) return value.toString();
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString();
  if (digits.length <= decimals) digits = digits.padStart(decimals + 1, '0');
  const split = digits.length - decimals;
  let end = digits.length;
  if (opts?.trim === true) {
    while (end > split && digits.charCodeAt(end - 1) === ZERO) end--;
  }
  const intPart = digits.slice(0, split);
  const body = end === split ? intPart : `${intPart}.${digits.slice(split, end)}`;
  return negative ? `-${body}` : body;
}

/**
 * Number of fractional digits as written ('0.010' -> 3, '5' -> 0), e.g. to derive decimals from a
 * tick size. Throws RangeError for text that is not a decimal: it is meant for trusted configuration.
 */
export function scaleOf(text: string): number {
  const dot = scanDecimal(text);
  if (dot < 0) throw new RangeError(`scaleOf: not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
  return dot === text.length ? 0 : text.length - dot - 1;
}

/**
 * Parse a decimal that is known to be valid (defaults, fixtures, tests) and throw if it is not:
 * input from people goes through `parseDecimal` and its coded result instead.
 */
export function mustParseDecimal(text: string, decimals: number): bigint {
  const parsed = parseDecimal(text, decimals);
  if (!parsed.ok) throw new RangeError(`${parsed.code}: ${parsed.message}`);
  return parsed.value;
}
