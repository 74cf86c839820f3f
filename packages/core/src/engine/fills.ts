import type { Account } from '../account/index.ts';
import type { MatchOutput, Side } from '../book/index.ts';
import type { BookMarket } from '../market/index.ts';
import type { EngineEvent } from './events.ts';
import { accountOf, closeOrder, sideName } from './spot.ts';
import type { EngineState } from './state.ts';

/** What differs between spot and perpetual settlement of a match. */
export interface FillHooks {
  /** Move the money of one fill (value = price x qty in quote units); returns [takerFee, makerFee]. */
  fill(
    maker: Account,
    makerOrderId: number,
    tick: number,
    lots: number,
    value: bigint,
    makerLeft: number,
  ): readonly [bigint, bigint];
  /** A resting order of the taker's own account removed by self-trade prevention. */
  expire(maker: Account, orderId: number, tick: number, lots: number): void;
}

/**
 * Walk the results of one match: each fill settles through the hooks and becomes a Trade event,
 * makers filled to zero and orders expired by self-trade prevention get their OrderClosed.
 * Returns the value traded in quote units.
 */
export function settleFills(
  state: EngineState,
  market: BookMarket,
  taker: Account,
  takerOrderId: number,
  side: Side,
  out: MatchOutput,
  events: EngineEvent[],
  hooks: FillHooks,
): bigint {
  const takerSide = sideName(side);
  let quoteTotal = 0n;
  for (let i = 0; i < out.fillCount; i++) {
    const makerId = out.fillMakerId[i]!;
    const maker = accountOf(state, out.fillMakerOwner[i]!);
    const tick = out.fillTick[i]!;
    const lots = out.fillQty[i]!;
    const left = out.fillMakerLeft[i]!;
    const value = BigInt(tick * lots) * market.notionalUnits;
    quoteTotal += value;
    const [takerFee, makerFee] = hooks.fill(maker, makerId, tick, lots, value, left);
    events.push({
      type: 'Trade',
      tradeId: state.nextTradeId++,
      market: market.symbol,
      price: tick,
      qty: lots,
      quoteQty: value,
      takerSide,
      takerOrderId,
      takerAccountId: taker.id,
      makerOrderId: makerId,
      makerAccountId: maker.id,
      makerLeft: left,
      takerFee,
      makerFee,
    });
    if (left === 0) closeOrder(state, market, maker, makerId, 'FILLED', 0, events);
  }
  for (let i = 0; i < out.expiredCount; i++) {
    const maker = accountOf(state, out.expiredOwner[i]!);
    const id = out.expiredId[i]!;
    const lots = out.expiredQty[i]!;
    hooks.expire(maker, id, out.expiredTick[i]!, lots);
    closeOrder(state, market, maker, id, 'EXPIRED_IN_MATCH', lots, events);
  }
  return quoteTotal;
}
