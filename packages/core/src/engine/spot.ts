import { credit, debit, hold, release, spendHeld } from '../account/index.ts';
import type { Account, MarginAccount, WalletHolder } from '../account/index.ts';
import { Side } from '../book/index.ts';
import type { MatchOutput } from '../book/index.ts';
import type { BookMarket, SpotMarket } from '../market/index.ts';
import { Rounding, applyPpm } from '../money/index.ts';
import type { SideName } from './commands.ts';
import type { EngineEvent } from './events.ts';
import { settleFills } from './fills.ts';
import { autoRepay } from './marginDebt.ts';
import { markMarginDirty, marginOrderOf } from './marginState.ts';
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

/** How a taker settles: from which wallets, at which fee, and whether its proceeds repay debt. */
export interface TakerSettlement {
  /** The taker's wallets: the account's spot wallets (default) or one of its margin accounts. */
  readonly holder?: WalletHolder;
  /** Overrides the market's taker fee (liquidation orders pay none). */
  readonly takerFeePpm?: bigint;
  /** AUTO_REPAY: what the fills bring the taker repays its margin account's debt in that asset. */
  readonly autoRepay?: boolean;
}

/**
 * Apply the fills and self-trade expiries of one match to wallets, fees and events. The taker's
 * balance was checked before matching; makers pay from what their orders hold, in the wallets each
 * order trades from (spot, or a margin account for margin orders). Returns the value traded in quote
 * units.
 */
export function settleMatch(
  state: EngineState,
  market: SpotMarket,
  taker: Account,
  takerOrderId: number,
  side: Side,
  out: MatchOutput,
  events: EngineEvent[],
  how: TakerSettlement = {},
): bigint {
  const base = market.base.index;
  const quote = market.quote.index;
  const fees = state.ledger.fees;
  const makerSide = side === Side.Buy ? Side.Sell : Side.Buy;
  const t = how.holder ?? taker;
  const takerFeePpm = how.takerFeePpm ?? market.takerFeePpm;
  let received = 0n;
  // Maker margin orders with AUTO_REPAY: repaid once every fill of the match is settled.
  let repays: { margin: MarginAccount; asset: number; amount: bigint; orderId: number }[] | undefined;
  const makerWallets = (maker: Account, orderId: number): WalletHolder => {
    const found = marginOrderOf(state, maker, orderId);
    if (!found) return maker;
    markMarginDirty(state, found.margin);
    return found.margin;
  };
  const quoteTotal = settleFills(state, market, taker, takerOrderId, side, out, events, {
    fill(maker, makerId, _tick, lots, quoteUnits) {
      const baseUnits = BigInt(lots) * market.lotUnits;
      const m = makerWallets(maker, makerId);
      let takerFee: bigint;
      let makerFee: bigint;
      let makerGot: bigint;
      if (side === Side.Buy) {
        takerFee = fee(baseUnits, takerFeePpm);
        makerFee = fee(quoteUnits, market.makerFeePpm);
        debit(t, quote, quoteUnits);
        credit(t, base, baseUnits - takerFee);
        spendHeld(m, base, baseUnits);
        makerGot = quoteUnits - makerFee;
        credit(m, quote, makerGot);
        fees[base]! += takerFee;
        fees[quote]! += makerFee;
        received += baseUnits - takerFee;
      } else {
        takerFee = fee(quoteUnits, takerFeePpm);
        makerFee = fee(baseUnits, market.makerFeePpm);
        debit(t, base, baseUnits);
        credit(t, quote, quoteUnits - takerFee);
        spendHeld(m, quote, quoteUnits);
        makerGot = baseUnits - makerFee;
        credit(m, base, makerGot);
        fees[quote]! += takerFee;
        fees[base]! += makerFee;
        received += quoteUnits - takerFee;
      }
      if (m !== maker && state.marginOrders.get(makerId)?.autoRepay === true) {
        (repays ??= []).push({
          margin: m as MarginAccount,
          asset: side === Side.Buy ? quote : base,
          amount: makerGot,
          orderId: makerId,
        });
      }
      return [takerFee, makerFee];
    },
    expire(maker, id, tick, lots) {
      release(makerWallets(maker, id), heldAsset(market, makerSide), holdFor(market, makerSide, tick, lots));
    },
  });
  if (how.autoRepay === true && t !== taker && received > 0n) {
    autoRepay(state, t as MarginAccount, side === Side.Buy ? base : quote, received, takerOrderId, events);
  }
  for (const r of repays ?? []) autoRepay(state, r.margin, r.asset, r.amount, r.orderId, events);
  return quoteTotal;
}

/** Set aside what a resting remainder needs (checked by the caller before matching). */
export function holdResting(
  market: SpotMarket,
  account: WalletHolder,
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
  if (state.marginOrders.size > 0) state.marginOrders.delete(orderId);
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
