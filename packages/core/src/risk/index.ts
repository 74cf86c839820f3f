export {
  MARGIN_RATIO_UNBOUNDED_PPM,
  bracketFor,
  initialMargin,
  maintenanceMargin,
  marginRatioPpm,
  maxLeverageFor,
  notionalOf,
  unrealizedPnl,
} from './margin.ts';
export { bankruptcyPrice, liquidationBounds, liquidationPrice } from './liquidationPrice.ts';
export type {
  BankruptcyInput,
  HedgePosition,
  LiquidationBounds,
  LiquidationInput,
  OneWayPosition,
  PositionLeg,
} from './liquidationPrice.ts';
