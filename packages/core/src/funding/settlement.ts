/**
 * Funding settlement through a cumulative index per market, so a funding time costs O(1) per market
 * and each position settles lazily when touched (dYdX/Drift style, research/perps.md 2.5, 2.6).
 *
 * cumulativeFunding is quote units x WAD per one whole base: at each funding time it advances by
 * mark x F, exactly (no rounding). A position owes qty x (cumNow - cumThen) / (10^baseDecimals x WAD)
 * since its last settlement (qty in base units); F > 0 means longs pay shorts.
 */
import { Rounding, divRound, pow10, WAD } from '../money/index.ts';

/** +1 long, -1 short. */
export type SignedSide = 1 | -1;

/** What one funding time adds to the cumulative index: mark (quote units per whole base) x F (WAD). */
export function cumulativeFundingDelta(mark: bigint, rate: bigint): bigint {
  return mark * rate;
}

/** The cumulative index after a funding time at this mark and rate. */
export function advanceCumulativeFunding(cumulative: bigint, mark: bigint, rate: bigint): bigint {
  return cumulative + cumulativeFundingDelta(mark, rate);
}

/**
 * The signed amount (quote units) to add to the position's wallet for the funding since it last
 * settled at `cumThen` (negative = it pays). Rounded down on the number line, in the venue's favour:
 * a payment grows in magnitude, a receipt shrinks, so across all positions what is paid covers what
 * is received and the surplus (under one unit per settlement) is a rounding remainder for the ledger.
 */
export function paymentFor(
  side: SignedSide,
  qty: bigint,
  cumNow: bigint,
  cumThen: bigint,
  baseDecimals: number,
): bigint {
  if (side !== 1 && side !== -1)
    throw new RangeError(`paymentFor: side must be 1 or -1, got ${String(side)}`);
  if (qty < 0n) throw new RangeError(`paymentFor: qty must be >= 0, got ${qty}`);
  const owed = BigInt(side) * qty * (cumNow - cumThen);
  return divRound(-owed, pow10(baseDecimals) * WAD, Rounding.Down);
}
