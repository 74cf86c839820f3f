import { describe, expect, it } from 'vitest';
import {
  compareText,
  decimalsOf,
  divRound,
  formatFixed,
  parseFixed,
  percentText,
  toStep,
} from './decimal.ts';

describe('decimal strings', () => {
  it('parses and formats exactly, refusing what would lose digits', () => {
    expect(formatFixed(parseFixed('49991.34009179')!, 8)).toBe('49991.34009179');
    expect(formatFixed(parseFixed('-0.000000000000000001')!, 18)).toBe('-0.000000000000000001');
    expect(parseFixed('0.0000000000000000001')).toBeUndefined();
    expect(parseFixed('1e5')).toBeUndefined();
    expect(formatFixed(parseFixed('2.50')!, 4, { trim: true })).toBe('2.5');
    expect(formatFixed(parseFixed('-0.004')!, 2)).toBe('0.00');
  });

  it('rounds as asked, toward the right side for negatives too', () => {
    expect(divRound(7n, 2n, 'down')).toBe(3n);
    expect(divRound(7n, 2n, 'up')).toBe(4n);
    expect(divRound(-7n, 2n, 'down')).toBe(-4n);
    expect(divRound(-7n, 2n, 'up')).toBe(-3n);
    expect(divRound(-5n, 2n, 'halfUp')).toBe(-3n);
    expect(toStep(parseFixed('47739.72')!, parseFixed('0.1')!, 'up')).toBe(parseFixed('47739.8'));
  });

  it('compares, counts decimals and writes percentages without floats', () => {
    expect(compareText('0.1', '0.10')).toBe(0);
    expect(compareText('-1', '0.5')).toBe(-1);
    expect(decimalsOf('0.001')).toBe(3);
    expect(decimalsOf('10')).toBe(0);
    expect(percentText('0.0125')).toBe('1.25%');
    expect(percentText('0.0001', 4)).toBe('0.0100%');
    expect(percentText(null)).toBe('–');
  });
});
