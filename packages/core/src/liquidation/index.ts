export { TriggerHeap } from './triggerHeap.ts';
export { ADL_RANK_UNBOUNDED, adlQuantiles, adlRank } from './adlRank.ts';
export type { AdlInput } from './adlRank.ts';
