import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DECIMAL_DIGITS,
  MoneyErrorCode,
  formatDecimal,
  mustParseDecimal,
  parseDecimal,
  parseUnsignedDecimal,
  pow10,
  scaleOf,
  type DecimalParse,
} from './decimal.ts';

const RUNS = { numRuns: 2000 };

const ok = (value: bigint): DecimalParse => ({ ok: true, value });
const codeOf = (r: DecimalParse): string => (r.ok ? 'ok' : r.code);

describe('parseDecimal worked values', () => {
  it.each([
    ['1.23', 2, 123n],
    ['1.2300', 2, 123n],
    ['1.2', 2, 120n],
    ['1', 2, 100n],
    ['+1', 2, 100n],
    ['-1.5', 1, -15n],
    ['-0.005', 3, -5n],
    ['0', 0, 0n],
    ['-0', 0, 0n],
    ['-0.000', 2, 0n],
    ['007', 0, 7n],
    ['5.000', 0, 5n],
    ['0.000000000000000001', 18, 1n],
    ['123456789012345678901234567890.5', 1, 1234567890123456789012345678905n],
    ['9'.repeat(78), 0, 10n ** 78n - 1n],
    ['1', 36, 10n ** 36n],
  ] as const)('parseDecimal(%j, %i) = %s', (text, decimals, value) => {
    expect(parseDecimal(text, decimals)).toEqual(ok(value));
  });

  it.each([
    ['', MoneyErrorCode.Empty],
    [' 1', MoneyErrorCode.Syntax],
    ['1 ', MoneyErrorCode.Syntax],
    ['\t1', MoneyErrorCode.Syntax],
    ['1\n', MoneyErrorCode.Syntax],
    ['1e5', MoneyErrorCode.Syntax],
    ['1E5', MoneyErrorCode.Syntax],
    ['1.', MoneyErrorCode.Syntax],
    ['.5', MoneyErrorCode.Syntax],
    ['-.5', MoneyErrorCode.Syntax],
    ['0x10', MoneyErrorCode.Syntax],
    ['0b1', MoneyErrorCode.Syntax],
    ['1,000', MoneyErrorCode.Syntax],
    ['1_000', MoneyErrorCode.Syntax],
    ['NaN', MoneyErrorCode.Syntax],
    ['Infinity', MoneyErrorCode.Syntax],
    ['-Infinity', MoneyErrorCode.Syntax],
    ['+', MoneyErrorCode.Syntax],
    ['-', MoneyErrorCode.Syntax],
    ['.', MoneyErrorCode.Syntax],
    ['--1', MoneyErrorCode.Syntax],
    ['+-1', MoneyErrorCode.Syntax],
    ['1.2.3', MoneyErrorCode.Syntax],
    ['1n', MoneyErrorCode.Syntax],
    ['\u0661', MoneyErrorCode.Syntax], // Arabic-Indic one: only ASCII digits count
    ['１', MoneyErrorCode.Syntax], // fullwidth one
    ['1'.repeat(100) + 'x', MoneyErrorCode.Syntax],
    ['1'.repeat(100), MoneyErrorCode.Range],
    ['1'.repeat(79), MoneyErrorCode.Range],
    [`${'1'.repeat(40)}.${'0'.repeat(39)}`, MoneyErrorCode.Range],
    [`-${'0'.repeat(79)}`, MoneyErrorCode.Range],
  ])('parseDecimal(%j) fails with %s', (text, code) => {
    const r = parseDecimal(text, 2);
    expect(codeOf(r)).toBe(code);
    if (!r.ok) expect(r.message.length).toBeLessThan(120);
  });

  it('rejects lost non-zero precision but accepts lost zeros', () => {
    expect(codeOf(parseDecimal('1.234', 2))).toBe(MoneyErrorCode.Precision);
    expect(codeOf(parseDecimal('1.2301', 2))).toBe(MoneyErrorCode.Precision);
    expect(codeOf(parseDecimal('5.5', 0))).toBe(MoneyErrorCode.Precision);
    expect(codeOf(parseDecimal('-0.001', 2))).toBe(MoneyErrorCode.Precision);
    expect(parseDecimal('1.23000000', 2)).toEqual(ok(123n));
  });

  it('counts every digit, sign and dot excluded, against the digit cap', () => {
    expect(MAX_DECIMAL_DIGITS).toBe(78);
    expect(parseDecimal(`-${'1'.repeat(39)}.${'0'.repeat(39)}`, 2)).toEqual(
      ok((-(10n ** 39n - 1n) / 9n) * 100n),
    );
  });

  it('throws RangeError for decimals outside 0..36 or not an integer', () => {
    for (const bad of [-1, 37, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => parseDecimal('1', bad)).toThrow(RangeError);
      expect(() => parseUnsignedDecimal('1', bad)).toThrow(RangeError);
      expect(() => formatDecimal(1n, bad)).toThrow(RangeError);
    }
  });
});

describe('parseUnsignedDecimal', () => {
  it('rejects negative values with MONEY_NEGATIVE', () => {
    expect(codeOf(parseUnsignedDecimal('-1', 2))).toBe(MoneyErrorCode.Negative);
    expect(codeOf(parseUnsignedDecimal('-0.01', 2))).toBe(MoneyErrorCode.Negative);
    // Negative is reported before precision: the sign is the more basic problem.
    expect(codeOf(parseUnsignedDecimal('-1.234', 2))).toBe(MoneyErrorCode.Negative);
  });

  it('treats negative zero as zero', () => {
    expect(parseUnsignedDecimal('-0', 2)).toEqual(ok(0n));
    expect(parseUnsignedDecimal('-0.000', 2)).toEqual(ok(0n));
  });

  it('accepts what parseDecimal accepts when non-negative', () => {
    expect(parseUnsignedDecimal('+1.5', 2)).toEqual(ok(150n));
    expect(parseUnsignedDecimal('0.01', 2)).toEqual(ok(1n));
    expect(codeOf(parseUnsignedDecimal('', 2))).toBe(MoneyErrorCode.Empty);
    expect(codeOf(parseUnsignedDecimal('-x', 2))).toBe(MoneyErrorCode.Syntax);
    expect(codeOf(parseUnsignedDecimal('1.001', 2))).toBe(MoneyErrorCode.Precision);
    expect(codeOf(parseUnsignedDecimal('-' + '1'.repeat(79), 2))).toBe(MoneyErrorCode.Range);
  });
});

describe('formatDecimal', () => {
  it.each([
    [123n, 2, '1.23'],
    [-5n, 3, '-0.005'],
    [0n, 2, '0.00'],
    [0n, 0, '0'],
    [-42n, 0, '-42'],
    [100n, 2, '1.00'],
    [1n, 18, '0.000000000000000001'],
    [-(10n ** 30n), 30, '-1.' + '0'.repeat(30)],
  ] as const)('formatDecimal(%s, %i) = %j', (value, decimals, text) => {
    expect(formatDecimal(value, decimals)).toBe(text);
  });

  it.each([
    [150n, 2, '1.5'],
    [200n, 2, '2'],
    [0n, 3, '0'],
    [-5n, 3, '-0.005'],
    [-5000n, 3, '-5'],
    [1010n, 3, '1.01'],
    [7n, 0, '7'],
  ] as const)('formatDecimal(%s, %i, { trim: true }) = %j', (value, decimals, text) => {
    expect(formatDecimal(value, decimals, { trim: true })).toBe(text);
  });

  it('keeps zeros when trim is false', () => {
    expect(formatDecimal(150n, 2, { trim: false })).toBe('1.50');
  });
});

describe('scaleOf and pow10', () => {
  it('counts fractional digits as written', () => {
    expect(scaleOf('0.01')).toBe(2);
    expect(scaleOf('0.010')).toBe(3);
    expect(scaleOf('5')).toBe(0);
    expect(scaleOf('-12.5')).toBe(1);
  });

  it('throws RangeError on non-decimal text', () => {
    for (const bad of ['', '1.', '.5', '1e-3', ' 1']) expect(() => scaleOf(bad)).toThrow(RangeError);
  });

  it('computes powers of ten inside and beyond the cache', () => {
    expect(pow10(0)).toBe(1n);
    expect(pow10(18)).toBe(10n ** 18n);
    expect(pow10(127)).toBe(10n ** 127n);
    expect(pow10(200)).toBe(10n ** 200n);
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => pow10(bad)).toThrow(RangeError);
  });
});

describe('decimal properties', () => {
  const value = fc.oneof(
    fc.bigInt({ min: -(2n ** 256n), max: 2n ** 256n }),
    fc.bigInt({ min: -100_000n, max: 100_000n }),
  );
  const decimals = fc.integer({ min: 0, max: 30 });

  it('parse(format(x)) === x, trimmed or not', () => {
    fc.assert(
      fc.property(value, decimals, fc.boolean(), (x, d, trim) => {
        expect(parseDecimal(formatDecimal(x, d, { trim }), d)).toEqual(ok(x));
        if (x >= 0n) expect(parseUnsignedDecimal(formatDecimal(x, d, { trim }), d)).toEqual(ok(x));
      }),
      RUNS,
    );
  });

  it('parsing at more decimals scales by a power of ten', () => {
    // Bounded so that the appended zeros stay under the 78-digit cap.
    const bounded = fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n });
    fc.assert(
      fc.property(bounded, decimals, fc.integer({ min: 0, max: 6 }), (x, d, k) => {
        expect(parseDecimal(formatDecimal(x, d), d + k)).toEqual(ok(x * pow10(k)));
        // Trailing zeros past the decimals are never a precision loss.
        expect(parseDecimal(`${formatDecimal(x, d)}${d === 0 ? '.' : ''}000`, d)).toEqual(ok(x));
      }),
      RUNS,
    );
  });

  // Oracle built independently of the scanner: the regex the spec names plus string normalisation.
  const SPEC = /^[+-]?\d+(\.\d+)?$/;
  const canonical = (text: string): string => {
    const negative = text.startsWith('-');
    const body = text.replace(/^[+-]/, '');
    const [intRaw = '', fracRaw = ''] = body.split('.');
    const int = intRaw.replace(/^0+(?=\d)/, '');
    const frac = fracRaw.replace(/0+$/, '');
    const out = frac === '' ? int : `${int}.${frac}`;
    return negative && out !== '0' ? `-${out}` : out;
  };
  const oracleCode = (text: string, d: number): string => {
    if (text === '') return MoneyErrorCode.Empty;
    if (!SPEC.test(text)) return MoneyErrorCode.Syntax;
    if (text.replace(/[^0-9]/g, '').length > 78) return MoneyErrorCode.Range;
    const c = canonical(text);
    const fracLen = c.includes('.') ? c.length - c.indexOf('.') - 1 : 0;
    return fracLen > d ? MoneyErrorCode.Precision : 'ok';
  };
  const alphabet = fc.constantFrom('0', '0', '1', '5', '9', '.', '-', '+', 'e', 'x', ' ', ',');
  const texts = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 12 }),
    fc
      .tuple(fc.stringMatching(/^[+-]?\d{1,50}$/), fc.stringMatching(/^(\.\d{1,40})?$/))
      .map(([i, f]) => i + f),
  );

  it('agrees with the spec regex and a string oracle on arbitrary text', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 0, max: 36 }), (text, d) => {
        const r = parseDecimal(text, d);
        expect(codeOf(r)).toBe(oracleCode(text, d));
        if (r.ok) expect(formatDecimal(r.value, d, { trim: true })).toBe(canonical(text));
      }),
      RUNS,
    );
  });
});

describe('mustParseDecimal', () => {
  it('returns the units of a valid decimal and throws, with the code, on anything else', () => {
    expect(mustParseDecimal('12.5', 2)).toBe(1250n);
    expect(() => mustParseDecimal('1.234', 2)).toThrow(/MONEY_PRECISION/);
    expect(() => mustParseDecimal('abc', 2)).toThrow(/MONEY_SYNTAX/);
  });
});
