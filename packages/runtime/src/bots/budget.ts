import { Rounding, Side, available, crossSummary, divRound, notionalOf, pow10 } from '@fulcrum/core';
import type {
  Account,
  EngineState,
  OpenOrderTotals,
  PerpMarket,
  PositionSide,
  RestingOrder,
  SpotMarket,
} from '@fulcrum/core';
import type { LadderLevel } from './ladder.ts';

/**
 * What the maker can still afford, checked order by order in the sequence the commands will be
 * applied, with the engine's own rules, so every order it emits is accepted.
 */
export interface Budget {
  /** True (and the order counted) when the order can be placed after those already counted. */
  take(side: Side, quote: LadderLevel): boolean;
}

/**
 * Spot: a bid holds its value in quote, an ask its size in base. The cancels run first, so what the
 * cancelled orders hold counts as available.
 */
export function spotBudget(market: SpotMarket, account: Account, cancelled: readonly RestingOrder[]): Budget {
  let quote = available(account, market.quote.index);
  let base = available(account, market.base.index);
  for (const o of cancelled) {
    if (o.side === Side.Buy) quote += bidHold(market, o.tick, o.qty);
    else base += BigInt(o.qty) * market.lotUnits;
  }
  return {
    take(side, { tick, lots }) {
      if (side === Side.Buy) {
        const need = bidHold(market, tick, lots);
        if (need > quote) return false;
        quote -= need;
      } else {
        const need = BigInt(lots) * market.lotUnits;
        if (need > base) return false;
        base -= need;
      }
      return true;
    },
  };
}

function bidHold(market: SpotMarket, tick: number, lots: number): bigint {
  return BigInt(tick * lots) * market.notionalUnits;
}

/**
 * Perpetuals: the engine's pre-trade check (engine/perpOrders.ts): with the order counted among the
 * open orders, the cross group's available balance must cover the order's open loss against the
 * mark, and the exposure must fit the brackets at the account's leverage. The exposure is bounded
 * from above here (both sides' orders added, no netting against the position), so this refuses a
 * little early near the maximum position, never late. `kept` are the maker's orders that stay.
 */
export function perpBudget(
  state: EngineState,
  market: PerpMarket,
  account: Account,
  kept: readonly RestingOrder[],
): Budget {
  const f = account.futures;
  const mark = state.perp[market.index]?.mark ?? 0n;
  const totals: OpenOrderTotals = { buyQty: 0, buyValue: 0, sellQty: 0, sellValue: 0 };
  for (const o of kept) {
    const meta = state.perpOrders.get(o.id);
    if (meta && (meta.reduceOnly || !opens(meta.positionSide, o.side))) continue;
    add(totals, o.side, o.tick, o.qty);
  }
  const leverage = f.settings.get(market.index)?.leverage ?? market.defaultLeverage;
  let maxNotional = 0n;
  for (const b of market.brackets) if (b.maxLeverage >= leverage) maxNotional = b.cap;
  let positions = 0n;
  for (const p of f.positions) {
    if (p.market !== market.index) continue;
    positions += notionalOf(
      BigInt(Math.abs(p.qty)) * market.lotUnits,
      mark,
      market.base.decimals,
      Rounding.Up,
    );
  }
  const scale = pow10(market.base.decimals);
  return {
    take(side, { tick, lots }) {
      if (mark === 0n) return false;
      const next = { ...totals };
      add(next, side, tick, lots);
      const orders = BigInt(next.buyValue + next.sellValue) * market.notionalUnits;
      if (positions + orders > maxNotional) return false;
      const value = BigInt(tick * lots) * market.notionalUnits;
      const atMark = divRound(BigInt(lots) * market.lotUnits * mark, scale, Rounding.Down);
      const openLoss = side === Side.Buy ? value - atMark : atMark - value;
      const summary = crossSummary(state, account, market.margin.index, {
        market: market.index,
        totals: next,
      });
      if (summary.available - (openLoss > 0n ? openLoss : 0n) < 0n) return false;
      Object.assign(totals, next);
      return true;
    },
  };
}

/** Whether an order on `side` adds to its position side (the engine counts only those). */
function opens(positionSide: PositionSide, side: Side): boolean {
  return positionSide === 'LONG' ? side === Side.Buy : positionSide === 'SHORT' ? side === Side.Sell : true;
}

function add(totals: OpenOrderTotals, side: Side, tick: number, lots: number): void {
  if (side === Side.Buy) {
    totals.buyQty += lots;
    totals.buyValue += tick * lots;
  } else {
    totals.sellQty += lots;
    totals.sellValue += tick * lots;
  }
}
