import { describe, expect, it } from 'vitest';
import { LocalBook, depthRows, spreadText } from './book.ts';

describe('the local book', () => {
  it('chains diffs onto a snapshot, ignores stale ones and reports a gap', () => {
    const book = new LocalBook();
    expect(book.apply({ type: 'diff', firstSeq: 1, lastSeq: 1, prevSeq: 0, bids: [], asks: [] })).toBe(
      'no-snapshot',
    );
    book.apply({
      type: 'snapshot',
      seq: 10,
      bids: [
        ['99', '1'],
        ['100', '2'],
      ],
      asks: [['101', '1']],
    });
    expect(book.levels('bids', 5)).toEqual([
      ['100', '2'],
      ['99', '1'],
    ]);
    const diff = {
      type: 'diff',
      firstSeq: 11,
      lastSeq: 12,
      prevSeq: 10,
      bids: [['100', '0']],
      asks: [['100.5', '3']],
    } as const;
    expect(book.apply(diff)).toBe('applied');
    expect(book.apply(diff)).toBe('stale');
    expect(book.best('bids')).toBe('99');
    expect(book.best('asks')).toBe('100.5');
    expect(book.apply({ type: 'diff', firstSeq: 15, lastSeq: 15, prevSeq: 14, bids: [], asks: [] })).toBe(
      'gap',
    );
    expect(book.lastSeq).toBe(12);
  });

  it('sorts prices as numbers, not as text, and sums depth exactly', () => {
    const book = new LocalBook();
    book.apply({
      type: 'snapshot',
      seq: 1,
      bids: [
        ['9.5', '0.1'],
        ['10', '0.2'],
      ],
      asks: [
        ['100', '0.1'],
        ['99.9', '0.2'],
      ],
    });
    expect(book.levels('bids', 2).map(([p]) => p)).toEqual(['10', '9.5']);
    expect(book.levels('asks', 2).map(([p]) => p)).toEqual(['99.9', '100']);
    const rows = depthRows(book.levels('asks', 2), '0.001');
    expect(rows.map((r) => r.total)).toEqual(['0.200', '0.300']);
    expect(rows[1]!.share).toBe(1);
    expect(spreadText('10', '99.9', '0.1')).toBe('89.9');
  });
});
