export { ladder, levelLots } from './ladder.ts';
export type { Ladder, LadderLevel, LadderShape, OuterBook } from './ladder.ts';
export { MarketMaker } from './marketMaker.ts';
export type { MakerCommand, MarketMakerConfig } from './marketMaker.ts';
export { LiquidationKeeper } from './keeper.ts';
export type { KeeperConfig, KeeperPlan, KeeperTick } from './keeper.ts';
