import { FastBook } from './fastBook.ts';
import { runBookProperties } from './bookProperties.ts';
import { runBookSuite } from './bookSuite.ts';

runBookSuite('FastBook', () => new FastBook());
// Tiny initial capacities force every growth path (orders, levels, sides, id index) to run.
runBookSuite('FastBook (growth)', () => new FastBook(1, 1));
runBookProperties('FastBook', () => new FastBook(2, 2));
