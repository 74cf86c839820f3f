import {
  MARGIN_RATIO_UNBOUNDED_PPM,
  Rounding,
  amountToUnits,
  divRound,
  formatDecimal,
  lotsToQty,
  pow10,
  priceToTicks,
  qtyToLots,
  ticksToPrice,
} from '@fulcrum/core';
import type { Asset, BookMarket, Converted, EngineState, Market, PerpMarket } from '@fulcrum/core';
import { badRequest } from './errors.ts';

/**
 * Decimal strings on the wire, integers inside. Requests are converted with the market's tick, lot
 * and asset decimals and refused with the conversion's own code when anything would be lost.
 */

function unwrap<T>(converted: Converted<T>): T {
  if (!converted.ok) throw badRequest(converted.code, converted.message);
  return converted.value;
}

export const parsePrice = (market: BookMarket, text: string): number => unwrap(priceToTicks(market, text));
export const parseQty = (market: BookMarket, text: string): number => unwrap(qtyToLots(market, text));
export const parseAmount = (asset: Asset, text: string): bigint => unwrap(amountToUnits(asset, text));

export function marketOf(state: EngineState, symbol: string): Market {
  const market = state.venue.marketBySymbol.get(symbol);
  if (!market) throw badRequest('MARKET_UNKNOWN', `no market ${symbol}`);
  return market;
}

export function perpOf(state: EngineState, symbol: string): PerpMarket {
  const market = marketOf(state, symbol);
  if (market.kind !== 'perp') throw badRequest('MARKET_NOT_PERPETUAL', `${symbol} is not a perpetual`);
  return market;
}

export function assetOf(state: EngineState, symbol: string): Asset {
  const asset = state.venue.assetBySymbol.get(symbol);
  if (!asset) throw badRequest('ACCOUNT_ASSET_UNKNOWN', `no asset ${symbol}`);
  return asset;
}

/** Ticks as a price; -1 (no price) as null. */
export const priceText = (market: BookMarket, ticks: number): string | null =>
  ticks < 0 ? null : ticksToPrice(market, ticks);

/** Lots as a quantity; signed lots (a short position) keep their sign. */
export const qtyText = (market: BookMarket, lots: number): string => lotsToQty(market, lots);

export const amountText = (asset: Asset, units: bigint): string =>
  formatDecimal(units, asset.decimals, { trim: true });

/** A price held as quote units per whole base (index, mark, entry). */
export const quotePriceText = (market: BookMarket, units: bigint): string =>
  formatDecimal(units, market.quote.decimals, { trim: true });

/** Parts per million as a fraction: 12,500 -> '0.0125'. */
export const ppmText = (ppm: bigint): string => formatDecimal(ppm, 6, { trim: true });

/**
 * A margin ratio: '0' with nothing to maintain, null when nothing is left to cover the maintenance
 * (the engine's unbounded ratio), else the fraction.
 */
export function marginRatioText(maintenance: bigint, ppm: bigint): string | null {
  if (maintenance === 0n) return '0';
  return ppm === MARGIN_RATIO_UNBOUNDED_PPM ? null : ppmText(ppm);
}

/** WAD (1e18 = 1) as a fraction. */
export const wadText = (wad: bigint): string => formatDecimal(wad, 18, { trim: true });

/**
 * Average price of `lots` worth `quoteUnits`, in quote per whole base, rounded half-up at the quote
 * asset's decimals; null when nothing traded.
 */
export function averagePriceText(market: BookMarket, lots: number, quoteUnits: bigint): string | null {
  if (lots <= 0) return null;
  const baseUnits = BigInt(lots) * market.lotUnits;
  const units = divRound(quoteUnits * pow10(market.base.decimals), baseUnits, Rounding.HalfUp);
  return quotePriceText(market, units);
}
