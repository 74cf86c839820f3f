export { Exchange } from './exchange/exchange.ts';
export type { Clock, Committed, ExchangeApi, ExchangeOptions } from './exchange/types.ts';
export { replayJournal } from './journal/recovery.ts';
export * from './clock/index.ts';
export * from './feeds/index.ts';
export * from './bots/index.ts';
export { VenueRunner } from './runner/venueRunner.ts';
export type { TickReport, VenueRunnerOptions } from './runner/venueRunner.ts';
