import { abs, decimalsOf, div, formatFixed, fromInt, fx, mul, toStep } from './decimal.ts';
import type { Fixed } from './decimal.ts';

/** A leverage bracket as GET /api/v1/markets lists it. */
export interface BracketInfo {
  readonly bracket: number;
  readonly maxLeverage: number;
  readonly notionalFloor: string;
  readonly notionalCap: string;
  readonly maintMarginRatio: string;
  readonly cum: string;
}

export interface OrderEstimateInput {
  readonly side: 'BUY' | 'SELL';
  /** Base quantity of the order (positive). */
  readonly qty: string;
  /** The price it is expected to fill at (limit price, or the best opposite quote for a market order). */
  readonly price: string;
  readonly leverage: number;
  readonly isolated: boolean;
  readonly feeRate: string;
  readonly tickSize: string;
  readonly brackets: readonly BracketInfo[];
  /** Cross margin: the futures wallet and what the account's other positions hold and owe. */
  readonly walletBalance?: string;
  readonly otherMaintenance?: string;
  readonly otherUnrealizedPnl?: string;
  /** The account's current position in this market (signed base quantity), if any. */
  readonly position?: { readonly qty: string; readonly entryPrice: string; readonly isolatedMargin: string };
}

export interface OrderEstimate {
  readonly notional: string;
  readonly initialMargin: string;
  readonly fee: string;
  /** Initial margin plus the fee: what the order takes from the available balance. */
  readonly cost: string;
  /** Null when no price liquidates the resulting position (or the order closes it). */
  readonly liquidationPrice: string | null;
  readonly bracket: number | undefined;
}

const MONEY_DECIMALS = 8;

/** The bracket a notional falls in: floor <= notional < cap, the last one beyond. */
export function bracketFor(brackets: readonly BracketInfo[], notional: Fixed): BracketInfo | undefined {
  return (
    brackets.find((b) => notional >= fx(b.notionalFloor) && notional < fx(b.notionalCap)) ?? brackets.at(-1)
  );
}

/** The position after the order: signed size and entry price, as the engine averages them. */
function resulting(
  current: { qty: Fixed; entry: Fixed },
  order: { qty: Fixed; price: Fixed },
): { qty: Fixed; entry: Fixed } {
  const qty = current.qty + order.qty;
  if (qty === 0n) return { qty, entry: 0n };
  const sameWay = current.qty === 0n || current.qty > 0n === order.qty > 0n;
  if (sameWay) {
    const value = mul(abs(current.qty), current.entry) + mul(abs(order.qty), order.price);
    return { qty, entry: div(value, abs(qty)) };
  }
  // Reducing keeps the entry; flipping opens the remainder at the order's price.
  return { qty, entry: qty > 0n === current.qty > 0n ? current.entry : order.price };
}

/**
 * Cost and an estimated liquidation price of an order before it is sent, from the bracket's
 * maintenance rate (one-way mode):
 *   LP = (WB - TMM + UPNL + cum - side * size * entry) / (size * MMR - side * size)
 * where WB is the isolated margin (isolated) or the wallet (cross), and TMM, UPNL are the other
 * positions' maintenance and unrealized PnL (cross only). The venue's own figure, once the position
 * exists, is the one to trust: marks move and fills may differ from the expected price.
 */
export function estimateOrder(input: OrderEstimateInput): OrderEstimate | undefined {
  const qty = fx(input.qty);
  const price = fx(input.price);
  if (qty <= 0n || price <= 0n || input.leverage <= 0) return undefined;
  const notional = mul(qty, price);
  const initialMargin = div(notional, fromInt(input.leverage), 'up');
  const fee = mul(notional, fx(input.feeRate), 'up');
  const signed = input.side === 'BUY' ? qty : -qty;
  const current = input.position
    ? { qty: fx(input.position.qty), entry: fx(input.position.entryPrice) }
    : { qty: 0n, entry: 0n };
  const after = resulting(current, { qty: signed, price });
  const size = abs(after.qty);
  const text = (value: Fixed) => formatFixed(value, MONEY_DECIMALS, { trim: true });
  const base = {
    notional: text(notional),
    initialMargin: text(initialMargin),
    fee: text(fee),
    cost: text(initialMargin + fee),
  };
  if (size === 0n) return { ...base, liquidationPrice: null, bracket: undefined };

  const bracket = bracketFor(input.brackets, mul(size, after.entry));
  if (!bracket) return { ...base, liquidationPrice: null, bracket: undefined };
  const side = after.qty > 0n ? 1n : -1n;
  let wallet: Fixed;
  if (input.isolated) {
    const held = input.position ? fx(input.position.isolatedMargin) : 0n;
    const currentSize = abs(current.qty);
    // Growing adds the order's margin; reducing releases margin in proportion to the size closed.
    wallet =
      size > currentSize ? held + initialMargin : currentSize === 0n ? 0n : div(mul(held, size), currentSize);
    wallet -= fee;
  } else {
    wallet = fx(input.walletBalance) - fx(input.otherMaintenance) + fx(input.otherUnrealizedPnl) - fee;
  }
  const mmr = fx(bracket.maintMarginRatio);
  const numerator = wallet + fx(bracket.cum) - side * mul(size, after.entry);
  const denominator = mul(size, mmr) - side * size;
  if (denominator === 0n) return { ...base, liquidationPrice: null, bracket: bracket.bracket };
  const liq = div(numerator, denominator);
  if (liq <= 0n) return { ...base, liquidationPrice: null, bracket: bracket.bracket };
  const tick = fx(input.tickSize);
  // Rounded toward the position's side so the estimate never looks safer than it is.
  const onTick = toStep(liq, tick, side > 0n ? 'up' : 'down');
  return {
    ...base,
    liquidationPrice: formatFixed(onTick, decimalsOf(input.tickSize)),
    bracket: bracket.bracket,
  };
}

/** A quote amount as a base quantity at `price`, rounded down to the lot size. */
export function quoteToBase(quote: string, price: string, lotSize: string): string | undefined {
  const q = fx(quote);
  const p = fx(price);
  if (q <= 0n || p <= 0n) return undefined;
  const base = toStep(div(q, p, 'down'), fx(lotSize), 'down');
  return base > 0n ? formatFixed(base, decimalsOf(lotSize)) : undefined;
}

/**
 * The largest quantity `available` can open at `price` and `leverage`, fee included, on the lot grid
 * (spot: leverage 1). Undefined when nothing can be opened.
 */
export function maxQuantity(
  available: string,
  price: string,
  leverage: number,
  feeRate: string,
  lotSize: string,
): string | undefined {
  const p = fx(price);
  const funds = fx(available);
  if (p <= 0n || funds <= 0n || leverage <= 0) return undefined;
  const perUnit = div(p, fromInt(leverage), 'up') + mul(p, fx(feeRate), 'up');
  const qty = toStep(div(funds, perUnit, 'down'), fx(lotSize), 'down');
  return qty > 0n ? formatFixed(qty, decimalsOf(lotSize)) : undefined;
}

/** `percent` of a quantity, rounded down to the lot grid. */
export function portion(qty: string, percent: number, lotSize: string): string | undefined {
  const part = toStep(div(mul(fx(qty), fromInt(percent)), fromInt(100), 'down'), fx(lotSize), 'down');
  return part > 0n ? formatFixed(part, decimalsOf(lotSize)) : undefined;
}

/** A spot order's value, fee and cost at `price` (no leverage, no liquidation). */
export function estimateSpotOrder(qty: string, price: string, feeRate: string): OrderEstimate | undefined {
  const value = mul(fx(qty), fx(price));
  if (value <= 0n) return undefined;
  const fee = mul(value, fx(feeRate), 'up');
  const text = (v: Fixed) => formatFixed(v, MONEY_DECIMALS, { trim: true });
  return {
    notional: text(value),
    initialMargin: text(value),
    fee: text(fee),
    cost: text(value + fee),
    liquidationPrice: null,
    bracket: undefined,
  };
}
