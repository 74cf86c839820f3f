/**
 * Impact prices and the premium index (Binance USDⓈ-M, research/perps.md 2.1):
 *   P = [max(0, impactBid - index) - max(0, index - impactAsk)] / index.
 *
 * Prices are quote units per one whole base, the premium a WAD rate. Book levels come in ticks and
 * lots; `tickUnits` (quote units per tick), `lotUnits` (base units per lot) and `baseDecimals`
 * convert them.
 */
import type { Level } from '../book/index.ts';
import { Rounding, WAD, mulDiv, pow10 } from '../money/index.ts';

/**
 * Average fill price of a market order worth `impactNotional` quote units walking `levels` (one
 * side, best first, as `book.depth` returns them): bids for the impact bid, asks for the impact ask.
 * The last level is taken in part, continuously (a fraction of a lot), as the definition is by
 * notional; the result is the exact notional / quantity, rounded half-up once. Undefined when the
 * levels cannot fill the notional.
 */
export function impactPrice(
  levels: readonly Level[],
  impactNotional: bigint,
  tickUnits: bigint,
  lotUnits: bigint,
  baseDecimals: number,
): bigint | undefined {
  if (impactNotional <= 0n)
    throw new RangeError(`impactPrice: notional must be above zero, got ${impactNotional}`);
  if (tickUnits <= 0n || lotUnits <= 0n)
    throw new RangeError('impactPrice: tick and lot units must be above zero');
  // Notionals are kept x 10^baseDecimals (price x base units) so no level value is rounded.
  const target = impactNotional * pow10(baseDecimals);
  let filled = 0n;
  let filledBase = 0n;
  for (const level of levels) {
    const price = BigInt(level.tick) * tickUnits;
    const base = BigInt(level.qty) * lotUnits;
    const value = price * base;
    if (filled + value >= target) {
      // The rest of the notional buys rest / price base units here: avg = target / (filledBase + rest / price).
      const rest = target - filled;
      return mulDiv(target, price, filledBase * price + rest, Rounding.HalfUp);
    }
    filled += value;
    filledBase += base;
  }
  return undefined;
}

export interface PremiumInput {
  /** Index price; must be above zero. */
  readonly index: bigint;
  /** Impact bid price; undefined when the bids cannot fill the impact notional. */
  readonly impactBid?: bigint | undefined;
  /** Impact ask price; undefined when the asks cannot fill the impact notional. */
  readonly impactAsk?: bigint | undefined;
}

/**
 * The premium index as a WAD rate, rounded half-up (ties away from zero, so a premium and its
 * mirror discount round alike). A missing impact price makes its term 0: a side too thin to fill
 * the impact notional is no evidence of a premium or discount, and a thin book then pulls funding
 * toward the interest rate rather than toward an arbitrary price.
 */
export function premiumIndex(input: PremiumInput): bigint {
  const { index, impactBid, impactAsk } = input;
  if (index <= 0n) throw new RangeError(`premiumIndex: index must be above zero, got ${index}`);
  const above = impactBid !== undefined && impactBid > index ? impactBid - index : 0n;
  const below = impactAsk !== undefined && impactAsk < index ? index - impactAsk : 0n;
  return mulDiv(above - below, WAD, index, Rounding.HalfUp);
}
