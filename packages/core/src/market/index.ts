export { ConfigErrorCode, loadVenue, mustLoadVenue } from './config.ts';
export type {
  Asset,
  AssetConfig,
  BookMarket,
  ConfigProblem,
  Market,
  PerpMarket,
  PerpMarketConfig,
  SpotMarket,
  SpotPairConfig,
  Venue,
  VenueConfig,
  VenueLending,
  VenueLoad,
} from './config.ts';
export { VENUE_RESERVE_ASSETS, defaultVenueLendingConfig } from './lendingDefaults.ts';
export {
  InputErrorCode,
  amountToUnits,
  lotsToQty,
  priceToTicks,
  qtyToLots,
  ticksToPrice,
  unitsToAmount,
} from './convert.ts';
export type { Converted } from './convert.ts';
export {
  defaultMarginConfig,
  defaultPerpConfigs,
  defaultSpotVenueConfig,
  defaultVenueConfig,
} from './defaults.ts';
export type { MarginAsset, MarginAssetConfig, MarginConfig, MarginParams } from './marginConfig.ts';
export { DEFAULT_BRACKETS, loadBrackets } from './brackets.ts';
export type { Bracket, BracketConfig, BracketLoad } from './brackets.ts';
