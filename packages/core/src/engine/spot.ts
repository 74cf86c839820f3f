import { credit, debit, hold, release, spendHeld } from '../account/index.ts';
import type { Account } from '../account/index.ts';
import { Side } from '../book/index.ts';
import type { MatchOutput } from '../book/index.ts';
import type { BookMarket, SpotMarket } from '../market/index.ts';
import { Rounding, applyPpm } from '../money/index.ts';
import type { SideName } from './commands.ts';
import type { EngineEvent } from './events.ts';
import { settleFills } from './fills.ts';
import type { EngineState } from './state.ts';

/**
 * Spot settlement: the money side of matching. Fees are charged in the asset each side receives
 * (base for the buyer, quote for the seller) and rounded up, in the venue's favour.
 */

export function sideName(side: Side): SideName {
  return side === Side.Buy ? 'BUY' : 'SELL';
}

/** The asset an order on `side` sets aside while it rests. */
export function heldAsset(market: SpotMarket, side: Side): number {
  return side === Side.Buy ? market.quote.index : market.base.index;
}

/** What an order resting on `side` at `tick` for `lots` holds: quote at its price to buy, base to sell. */
export function holdFor(market: SpotMarket, side: Side, tick: number, lots: number): bigint {
  return side === Side.Buy ? BigInt(tick * lots) * market.notionalUnits : BigInt(lots) * market.lotUnits;
}

function fee(amount: bigint, ppm: bigint): bigint {
  return ppm === 0n ? 0n : applyPpm(amount, ppm, Rounding.Up);
}

export function accountOf(state: EngineState, id: number): Account {
  const account = state.accounts[id - 1];
  if (!account) throw new RangeError(`order owner ${id} has no account`);
  return account;
}

/**
 * Apply the fills and self-trade expiries of one match to wallets, fees and events. The taker's
 * balance was checked before matching; makers pay from what their orders hold.
 * Returns the value traded in quote units.
 */
export function settleMatch(
  state: EngineState,
  market: SpotMarket,
  taker: Account,
  takerOrderId: number,
  side: Side,
  out: MatchOutput,
  events: EngineEvent[],
): bigint {
  const base = market.base.index;
  const quote = market.quote.index;
  const fees = state.ledger.fees;
  const makerSide = side === Side.Buy ? Side.Sell : Side.Buy;
  return settleFills(state, market, taker, takerOrderId, side, out, events, {
    fill(maker, _id, _tick, lots, quoteUnits) {
      const baseUnits = BigInt(lots) * market.lotUnits;
      if (side === Side.Buy) {
        const takerFee = fee(baseUnits, market.takerFeePpm);
        const makerFee = fee(quoteUnits, market.makerFeePpm);
        debit(taker, quote, quoteUnits);
        credit(taker, base, baseUnits - takerFee);
        spendHeld(maker, base, baseUnits);
        credit(maker, quote, quoteUnits - makerFee);
        fees[base]! += takerFee;
        fees[quote]! += makerFee;
        return [takerFee, makerFee];
      }
      const takerFee = fee(quoteUnits, market.takerFeePpm);
      const makerFee = fee(baseUnits, market.makerFeePpm);
      debit(taker, base, baseUnits);
      credit(taker, quote, quoteUnits - takerFee);
      spendHeld(maker, quote, quoteUnits);
      credit(maker, base, baseUnits - makerFee);
      fees[quote]! += takerFee;
      fees[base]! += makerFee;
      return [takerFee, makerFee];
    },
    expire(maker, _id, tick, lots) {
      release(maker, heldAsset(market, makerSide), holdFor(market, makerSide, tick, lots));
    },
  });
}

/** Set aside what a resting remainder needs (checked by the caller before matching). */
export function holdResting(
  market: SpotMarket,
  account: Account,
  side: Side,
  tick: number,
  lots: number,
): void {
  hold(account, heldAsset(market, side), holdFor(market, side, tick, lots));
}

/** Forget an order that left the book: its client id and an event saying why. */
export function closeOrder(
  state: EngineState,
  market: BookMarket,
  account: Account,
  orderId: number,
  status: 'FILLED' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH',
  leftQty: number,
  events: EngineEvent[],
  reason?: string,
): void {
  if (state.clientIdByOrder.size > 0) {
    const clientId = state.clientIdByOrder.get(orderId);
    if (clientId !== undefined) {
      state.clientIdByOrder.delete(orderId);
      account.openClientIds.delete(clientId);
    }
  }
  events.push({
    type: 'OrderClosed',
    orderId,
    accountId: account.id,
    market: market.symbol,
    status,
    leftQty,
    ...(reason === undefined ? {} : { reason }),
  });
}
