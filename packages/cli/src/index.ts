export { serve } from './serve.ts';
export type { RunningVenue, ServeOptions } from './serve.ts';
export { DEMO_ACCOUNT, MAKER_ACCOUNT, seedVenue } from './seed.ts';
