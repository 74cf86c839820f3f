export { loadScenario, loadScenarioFile, parseScenarioText, readScenarioFile } from './scenario/load.ts';
export type { AgentGroup, LoadOptions, Scenario } from './scenario/load.ts';
export { ParamError, ScenarioError } from './scenario/errors.ts';
export type { ScenarioIssue } from './scenario/errors.ts';
export { buildVenue } from './scenario/venue.ts';
export { runScenario, Simulation } from './run/simulation.ts';
export type { RunOptions } from './run/simulation.ts';
export { resultJson, resultMetrics } from './run/result.ts';
export type {
  GroupSummary,
  LendingReserveSummary,
  LiquidationRecord,
  Marker,
  MarketSummary,
  SimResult,
} from './run/result.ts';
export { BUILT_IN_STRATEGIES, loadStrategy } from './strategies/registry.ts';
export type {
  AgentInfo,
  CommandOutcome,
  OrderExtra,
  Strategy,
  StrategyContext,
  StrategyDefinition,
  StrategyEnv,
} from './strategies/types.ts';
export { Rng, streamSeed } from './random.ts';
export { PriceModel, premiumForRate } from './prices/priceModel.ts';
export { simCommand, runText } from './command.ts';
export type { SimCommandOptions } from './command.ts';
export { runReport, highlights } from './report/runReport.ts';
export { sweepReport } from './report/sweepReport.ts';
export { runSweep } from './sweep/runSweep.ts';
export type { SweepOptions } from './sweep/runSweep.ts';
export { expandGrid, setPath } from './sweep/grid.ts';
export type { SweepResult, SweepRun } from './sweep/types.ts';
