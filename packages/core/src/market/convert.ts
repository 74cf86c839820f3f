import { formatDecimal, parseDecimal } from '../money/index.ts';
import type { Asset, BookMarket } from './config.ts';

/** Why a decimal from the wire could not become ticks, lots or units. Each is its own code. */
export const InputErrorCode = {
  PriceSyntax: 'BOOK_PRICE_SYNTAX',
  PricePrecision: 'BOOK_PRICE_PRECISION',
  PriceNotOnTick: 'BOOK_PRICE_NOT_ON_TICK',
  PriceNotPositive: 'BOOK_PRICE_NOT_POSITIVE',
  PriceAboveMax: 'BOOK_PRICE_ABOVE_MAX',
  QtySyntax: 'BOOK_QTY_SYNTAX',
  QtyPrecision: 'BOOK_QTY_PRECISION',
  QtyNotOnLot: 'BOOK_QTY_NOT_ON_LOT',
  QtyNotPositive: 'BOOK_QTY_NOT_POSITIVE',
  QtyAboveMax: 'BOOK_QTY_ABOVE_MAX',
  AmountSyntax: 'ACCOUNT_AMOUNT_SYNTAX',
  AmountPrecision: 'ACCOUNT_AMOUNT_PRECISION',
  AmountNotPositive: 'ACCOUNT_AMOUNT_NOT_POSITIVE',
} as const;
export type InputErrorCode = (typeof InputErrorCode)[keyof typeof InputErrorCode];

export type Converted<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: InputErrorCode; readonly message: string };

interface StepCodes {
  readonly syntax: InputErrorCode;
  readonly precision: InputErrorCode;
  readonly notOnStep: InputErrorCode;
  readonly notPositive: InputErrorCode;
  readonly aboveMax: InputErrorCode;
}

const PRICE: StepCodes = {
  syntax: 'BOOK_PRICE_SYNTAX',
  precision: 'BOOK_PRICE_PRECISION',
  notOnStep: 'BOOK_PRICE_NOT_ON_TICK',
  notPositive: 'BOOK_PRICE_NOT_POSITIVE',
  aboveMax: 'BOOK_PRICE_ABOVE_MAX',
};
const QTY: StepCodes = {
  syntax: 'BOOK_QTY_SYNTAX',
  precision: 'BOOK_QTY_PRECISION',
  notOnStep: 'BOOK_QTY_NOT_ON_LOT',
  notPositive: 'BOOK_QTY_NOT_POSITIVE',
  aboveMax: 'BOOK_QTY_ABOVE_MAX',
};

function toSteps(
  text: string,
  decimals: number,
  stepUnits: bigint,
  maxSteps: number,
  codes: StepCodes,
  what: string,
): Converted<number> {
  const parsed = parseDecimal(text, decimals);
  if (!parsed.ok) {
    const code = parsed.code === 'MONEY_PRECISION' ? codes.precision : codes.syntax;
    return { ok: false, code, message: `${what} "${text}": ${parsed.message}` };
  }
  if (parsed.value <= 0n)
    return { ok: false, code: codes.notPositive, message: `${what} must be above zero` };
  if (parsed.value % stepUnits !== 0n) {
    const step = formatDecimal(stepUnits, decimals, { trim: true });
    return { ok: false, code: codes.notOnStep, message: `${what} ${text} is not a multiple of ${step}` };
  }
  const steps = parsed.value / stepUnits;
  if (steps > BigInt(maxSteps))
    return { ok: false, code: codes.aboveMax, message: `${what} ${text} is above the maximum` };
  return { ok: true, value: Number(steps) };
}

/** A decimal price, e.g. '64250.10', as integer ticks of the market. */
export function priceToTicks(market: BookMarket, text: string): Converted<number> {
  return toSteps(text, market.quote.decimals, market.tickUnits, market.maxTick, PRICE, 'price');
}

/** A decimal quantity of base, e.g. '0.015', as integer lots of the market. */
export function qtyToLots(market: BookMarket, text: string): Converted<number> {
  return toSteps(text, market.base.decimals, market.lotUnits, market.maxLots, QTY, 'quantity');
}

/** A positive decimal amount of an asset in its smallest units. */
export function amountToUnits(asset: Asset, text: string): Converted<bigint> {
  const parsed = parseDecimal(text, asset.decimals);
  if (!parsed.ok) {
    const code = parsed.code === 'MONEY_PRECISION' ? 'ACCOUNT_AMOUNT_PRECISION' : 'ACCOUNT_AMOUNT_SYNTAX';
    return { ok: false, code, message: `amount "${text}": ${parsed.message}` };
  }
  if (parsed.value <= 0n)
    return { ok: false, code: 'ACCOUNT_AMOUNT_NOT_POSITIVE', message: 'amount must be above zero' };
  return { ok: true, value: parsed.value };
}

export function ticksToPrice(market: BookMarket, ticks: number): string {
  return formatDecimal(BigInt(ticks) * market.tickUnits, market.quote.decimals, { trim: true });
}

export function lotsToQty(market: BookMarket, lots: number): string {
  return formatDecimal(BigInt(lots) * market.lotUnits, market.base.decimals, { trim: true });
}

export function unitsToAmount(asset: Asset, units: bigint): string {
  return formatDecimal(units, asset.decimals, { trim: true });
}
