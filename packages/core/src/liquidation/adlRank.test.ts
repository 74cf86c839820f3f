import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WAD } from '../money/index.ts';
import { ADL_RANK_UNBOUNDED, adlQuantiles, adlRank } from './adlRank.ts';

const usdt = (n: number): bigint => BigInt(n) * 100_000_000n;

/** A short of `qty` BTC entered at `entry` with `margin`, marked at `mark` (whole USDT). */
function short(entry: number, qty: number, margin: number, mark = 50_000) {
  const entryValue = usdt(entry * qty);
  const markValue = usdt(mark * qty);
  const pnl = entryValue - markValue;
  return { pnl, entryValue, markValue, equity: usdt(margin) + pnl };
}

describe('adlRank', () => {
  it('ranks the SPEC section 2 example A, B, C (0.521, 0.303, 0.155)', () => {
    const a = adlRank(short(60_000, 1, 6_000));
    const b = adlRank(short(55_000, 2, 20_000));
    const c = adlRank(short(52_000, 10, 104_000));
    expect(a > b && b > c).toBe(true);
    const approx = (r: bigint): number => Number((r * 1000n) / WAD) / 1000;
    expect(approx(a)).toBe(0.52);
    expect(approx(b)).toBe(0.303);
    expect(approx(c)).toBe(0.155);
  });

  it('ranks losses below profits, and more leverage higher on both sides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: -5_000, max: 5_000 }),
        fc.integer({ min: 100, max: 10_000 }),
        (entry, pnl, margin) => {
          const base = { pnl: usdt(pnl), entryValue: usdt(entry * 10), markValue: usdt(entry * 10 + pnl) };
          fc.pre(base.markValue > 0n && usdt(margin) + base.pnl > 0n);
          const low = adlRank({ ...base, equity: usdt(margin) + base.pnl + usdt(1000) });
          const high = adlRank({ ...base, equity: usdt(margin) + base.pnl });
          if (pnl > 0) expect(high >= low && low > 0n).toBe(true);
          if (pnl < 0) expect(high >= low && high <= 0n).toBe(true);
        },
      ),
    );
  });

  it('puts a position with no equity left at the top when in profit', () => {
    expect(adlRank({ pnl: 1n, entryValue: 10n, markValue: 11n, equity: 0n })).toBe(ADL_RANK_UNBOUNDED);
  });
});

describe('adlQuantiles', () => {
  it('gives 0 to positions not in profit and 1-4 by percentile quarter to the rest', () => {
    expect(adlQuantiles([-5n, 0n, 10n, 20n, 30n, 40n])).toEqual([0, 0, 1, 2, 3, 4]);
    expect(adlQuantiles([7n])).toEqual([4]);
    expect(adlQuantiles([3n, 2n, 1n])).toEqual([4, 3, 2]);
    expect(adlQuantiles([])).toEqual([]);
  });
});
