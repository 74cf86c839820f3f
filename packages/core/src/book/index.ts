export { FastBook } from './fastBook.ts';
export { ReferenceBook } from './referenceBook.ts';
export { Side, Stp } from './types.ts';
export type { Level, MatchOutput, MatchPreview, OrderBook, RestingOrder } from './types.ts';
