import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from './idIndex.ts';

describe('IdIndex', () => {
  it('behaves like a Map under random inserts and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
          ),
          { maxLength: 400 },
        ),
        (ops) => {
          const index = new IdIndex();
          const model = new Map<number, number>();
          ops.forEach(([insert, id], step) => {
            if (insert && !model.has(id)) {
              index.insert(id, step);
              model.set(id, step);
            } else {
              expect(index.delete(id)).toBe(model.get(id) ?? -1);
              model.delete(id);
            }
            expect(index.size).toBe(model.size);
          });
          for (const [id, slot] of model) expect(index.get(id)).toBe(slot);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps sequential ids findable across growth and backward-shift deletion', () => {
    const index = new IdIndex();
    for (let id = 1; id <= 10_000; id++) index.insert(id, id * 2);
    for (let id = 1; id <= 10_000; id += 3) expect(index.delete(id)).toBe(id * 2);
    for (let id = 1; id <= 10_000; id++) expect(index.get(id)).toBe(id % 3 === 1 ? -1 : id * 2);
    expect(index.delete(123_456)).toBe(-1);
  });
});
