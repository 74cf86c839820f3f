import { describe, expect, it } from 'vitest';
import { Rounding } from './rounding.ts';
import { divRound } from './mulDiv.ts';

describe('Rounding', () => {
  it('has stable wire values', () => {
    expect(Rounding).toEqual({ Down: 'down', Up: 'up', HalfUp: 'halfUp' });
  });

  it('matches the documented examples on +-2.5 and 2.4', () => {
    expect(divRound(-5n, 2n, Rounding.Down)).toBe(-3n);
    expect(divRound(5n, 2n, Rounding.Down)).toBe(2n);
    expect(divRound(-5n, 2n, Rounding.Up)).toBe(-2n);
    expect(divRound(5n, 2n, Rounding.Up)).toBe(3n);
    expect(divRound(-5n, 2n, Rounding.HalfUp)).toBe(-3n);
    expect(divRound(5n, 2n, Rounding.HalfUp)).toBe(3n);
    expect(divRound(12n, 5n, Rounding.HalfUp)).toBe(2n);
  });
});
