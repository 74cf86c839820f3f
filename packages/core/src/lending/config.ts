/**
 * The pool's configuration. It is validated with the venue's (a venue's reserves name its assets),
 * so it lives in market/lendingConfig.ts; the lending module offers it under its own name too.
 */
export { LendingConfigErrorCode, loadLending, mustLoadLending } from '../market/lendingConfig.ts';
export type {
  EModeParams,
  LendingAssetInfo,
  LendingConfig,
  LendingConfigProblem,
  LendingEModeConfig,
  LendingLoad,
  LendingParams,
  LendingReserveConfig,
  RateModel,
  ReserveParams,
} from '../market/lendingConfig.ts';
