import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ring } from './ring.ts';

describe('Ring', () => {
  it('keeps the newest items up to its capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer(), { maxLength: 60 }), (cap, xs) => {
        const ring = new Ring<number>(cap);
        const evicted: number[] = [];
        for (const x of xs) {
          const out = ring.push(x);
          if (out !== undefined) evicted.push(out);
        }
        const kept = xs.slice(Math.max(0, xs.length - cap));
        expect(ring.size).toBe(kept.length);
        expect(ring.newest(cap)).toEqual([...kept].reverse());
        expect(evicted).toEqual(xs.slice(0, xs.length - kept.length));
      }),
    );
  });

  it('filters and limits from the newest', () => {
    const ring = new Ring<number>(5);
    for (let i = 1; i <= 8; i++) ring.push(i);
    expect(ring.newest(2, (x) => x % 2 === 0)).toEqual([8, 6]);
    expect(ring.fromNewest(5)).toBeUndefined();
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});
