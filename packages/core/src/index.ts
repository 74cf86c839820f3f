export * from './money/index.ts';
export * from './market/index.ts';
export * from './price/index.ts';
export * from './account/index.ts';
export * from './book/index.ts';
export * from './risk/index.ts';
export * from './funding/index.ts';
export * from './engine/index.ts';
