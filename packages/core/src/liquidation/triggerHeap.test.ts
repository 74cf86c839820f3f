import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TriggerHeap } from './triggerHeap.ts';

function drain(heap: TriggerHeap): number[] {
  const out: number[] = [];
  while (heap.size > 0) {
    out.push(heap.topKey());
    heap.pop();
  }
  return out;
}

describe('TriggerHeap', () => {
  it('pops keys in order, highest first for a max heap and lowest first for a min heap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 300 }), (keys) => {
        const max = new TriggerHeap(true, 2);
        const min = new TriggerHeap(false, 2);
        keys.forEach((k, i) => {
          max.push(k, i, 0);
          min.push(k, i, 0);
        });
        expect(drain(max)).toEqual([...keys].sort((a, b) => b - a));
        expect(drain(min)).toEqual([...keys].sort((a, b) => a - b));
      }),
    );
  });

  it('compaction keeps only live entries and the heap order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), (keys) => {
        const heap = new TriggerHeap(false, 4);
        keys.forEach((k, i) => heap.push(k, i, i % 3));
        heap.compact((_id, version) => version !== 0);
        const expected = keys.filter((_k, i) => i % 3 !== 0).sort((a, b) => a - b);
        expect(drain(heap)).toEqual(expected);
      }),
    );
  });

  it('reports the id and version of the top entry', () => {
    const heap = new TriggerHeap(true);
    heap.push(5, 1, 7);
    heap.push(9, 2, 3);
    expect([heap.topKey(), heap.topId(), heap.topVersion()]).toEqual([9, 2, 3]);
    heap.pop();
    expect([heap.topKey(), heap.topId(), heap.topVersion()]).toEqual([5, 1, 7]);
    heap.pop();
    expect(Number.isNaN(heap.topKey())).toBe(true);
  });
});
