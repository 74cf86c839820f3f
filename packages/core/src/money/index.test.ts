import { describe, expect, it } from 'vitest';
import * as money from './index.ts';

describe('money public API', () => {
  it('re-exports every entry point', () => {
    expect(Object.keys(money).sort()).toEqual(
      [
        'BPS',
        'HALF_RAY',
        'HALF_WAD',
        'MAX_DECIMALS',
        'MAX_DECIMAL_DIGITS',
        'MoneyErrorCode',
        'PPM',
        'RAY',
        'Rounding',
        'WAD',
        'WAD_RAY_RATIO',
        'applyBps',
        'applyPpm',
        'divRound',
        'formatDecimal',
        'mulDiv',
        'mustParseDecimal',
        'parseDecimal',
        'parseUnsignedDecimal',
        'pow10',
        'rayDiv',
        'rayMul',
        'rayToWad',
        'scaleOf',
        'wadDiv',
        'wadMul',
        'wadToRay',
      ].sort(),
    );
  });

  it('composes: a fee on a parsed amount, formatted back', () => {
    const parsed = money.parseUnsignedDecimal('1234.5678', 6);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const fee = money.applyPpm(parsed.value, 200n, money.Rounding.Up);
    expect(money.formatDecimal(fee, 6)).toBe('0.246914');
  });
});
