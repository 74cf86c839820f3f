import { findPosition } from '../account/index.ts';
import type { Account, PositionSide } from '../account/index.ts';
import { Side } from '../book/index.ts';
import {
  averagePremium,
  fundingRate,
  impactPrice,
  nextFundingTime,
  premiumIndex,
  recordPremium,
  resetFundingState,
} from '../funding/index.ts';
import type { PerpMarket } from '../market/index.ts';
import { basisAverage, markPrice, midBasis, recordBasis } from '../price/index.ts';
import { initialMargin } from '../risk/index.ts';
import type {
  AdjustIsolatedMargin,
  IndexPrice,
  SetLeverage,
  SetMarginType,
  SetPositionMode,
  Transfer,
} from './commands.ts';
import { reject } from './codes.ts';
import type { Rejection } from './codes.ts';
import type { EngineEvent } from './events.ts';
import {
  crossSummary,
  exposure,
  isolatedIn,
  leverageOf,
  pendingFunding,
  maxNotionalAt,
  perpState,
  positionNotional,
  positionUpnl,
  settleFunding,
} from './perpMargin.ts';
import { PREMIUM_SAMPLE_MS, perpMarketOf } from './perpState.ts';
import { runTriggers } from './perpTriggers.ts';
import { offloadInsurance, runLiquidations } from './liquidation.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import { markDirty, shiftForFunding } from './riskIndex.ts';
import { accountById } from './state.ts';
import { checkTransfer } from './wallets.ts';
import type { EngineState } from './state.ts';

/** Perpetual commands other than orders: prices and funding, settings, transfers, isolated margin. */

interface PerpTarget {
  readonly ok: true;
  readonly account: Account;
  readonly market: PerpMarket;
}

function perpTarget(state: EngineState, accountId: number, symbol: string): PerpTarget | Rejection {
  const account = accountById(state, accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${accountId}`);
  const market = perpMarketOf(state.venue, symbol);
  if (!market) return reject('MARKET_NOT_PERPETUAL', `no perpetual market ${symbol}`);
  return { ok: true, account, market };
}

export interface MarkResult {
  readonly mark: bigint;
  readonly fundingTimes: number;
}

/**
 * A new index price from the feed. Records every funding time that has passed (O(1) per market:
 * one history entry; positions settle lazily from the history when next touched), samples the basis
 * and the premium, and recomputes the mark price.
 */
export function indexPrice(state: EngineState, c: IndexPrice, events: EngineEvent[]): Outcome<MarkResult> {
  const market = perpMarketOf(state.venue, c.market);
  if (!market) return reject('MARKET_NOT_PERPETUAL', `no perpetual market ${c.market}`);
  if (typeof c.price !== 'bigint' || c.price <= 0n)
    return reject('PRICE_INVALID', 'index price must be a bigint above zero');
  const ms = perpState(state, market);
  const interval = market.fundingIntervalMs;
  let fundingTimes = 0;
  if (ms.nextFundingTime === 0) ms.nextFundingTime = nextFundingTime(c.time, interval);
  while (c.time >= ms.nextFundingTime) {
    const rate = fundingRate({
      avgPremium: averagePremium(ms.premium),
      interestRate: market.interestRate,
      clamp: market.premiumClamp,
      intervalHours: interval / 3_600_000,
      capRate: market.fundingCap,
    });
    ms.fundingHistory.push({ time: ms.nextFundingTime, rate, mark: ms.mark });
    shiftForFunding(state, market.index, rate, ms.mark);
    ms.lastFundingRate = rate;
    events.push({ type: 'Funding', market: market.symbol, time: ms.nextFundingTime, rate, mark: ms.mark });
    resetFundingState(ms.premium);
    ms.nextFundingTime += interval;
    fundingTimes++;
  }
  ms.index = c.price;
  const book = state.books[market.index]!;
  const bid = book.bestBid();
  const ask = book.bestAsk();
  const basis = midBasis(
    bid === -1 ? undefined : BigInt(bid) * market.tickUnits,
    ask === -1 ? undefined : BigInt(ask) * market.tickUnits,
    c.price,
  );
  if (basis !== undefined) recordBasis(ms.markBasis, c.time, basis);
  if (c.time - ms.lastPremiumTime >= PREMIUM_SAMPLE_MS) {
    const impact = (side: Side): bigint | undefined =>
      impactPrice(
        book.depth(side, 1_000),
        market.impactNotional,
        market.tickUnits,
        market.lotUnits,
        market.base.decimals,
      );
    recordPremium(
      ms.premium,
      premiumIndex({ index: c.price, impactBid: impact(Side.Buy), impactAsk: impact(Side.Sell) }),
    );
    ms.lastPremiumTime = c.time;
  }
  ms.mark = markPrice({
    index: c.price,
    lastFundingRate: ms.lastFundingRate,
    timeToFundingMs: ms.nextFundingTime - c.time,
    intervalMs: interval,
    basisAverage: basisAverage(ms.markBasis, c.time),
    ...(ms.lastTick === -1 ? {} : { last: BigInt(ms.lastTick) * market.tickUnits }),
  });
  events.push({
    type: 'MarkPrice',
    market: market.symbol,
    index: c.price,
    mark: ms.mark,
    nextFundingTime: ms.nextFundingTime,
  });
  runTriggers(state, market, events);
  runLiquidations(state, events);
  offloadInsurance(state, market, events);
  // The fund's offload can fill resting orders far from the mark (stale quotes after a gap),
  // leaving their owners past maintenance: they are liquidated on this tick, not the next.
  runLiquidations(state, events);
  return accept({ mark: ms.mark, fundingTimes });
}

export function setLeverage(
  state: EngineState,
  c: SetLeverage,
  events: EngineEvent[],
): Outcome<{ leverage: number }> {
  const t = perpTarget(state, c.accountId, c.market);
  if (!t.ok) return t;
  const { account, market } = t;
  if (!Number.isInteger(c.leverage) || c.leverage < 1 || c.leverage > market.maxLeverage) {
    return reject('RISK_LEVERAGE_INVALID', `leverage must be an integer in 1..${market.maxLeverage}`);
  }
  const f = account.futures;
  const ms = perpState(state, market);
  const { positionNotional: held, orderNotional } = exposure(
    f,
    market,
    ms.mark,
    f.openOrders.get(market.index),
  );
  if (held + orderNotional > maxNotionalAt(market, c.leverage)) {
    return reject('RISK_MAX_POSITION', `the position and open orders exceed the maximum for ${c.leverage}x`);
  }
  const raising = c.leverage < leverageOf(f, market);
  if (
    raising &&
    crossSummary(state, account, market.margin.index, { market: market.index, leverage: c.leverage })
      .available < 0n
  ) {
    return reject('RISK_INSUFFICIENT_MARGIN', 'available balance is below the margin at that leverage');
  }
  f.settings.set(market.index, { leverage: c.leverage, isolated: isolatedIn(f, market) });
  events.push({
    type: 'LeverageChanged',
    accountId: account.id,
    market: market.symbol,
    leverage: c.leverage,
  });
  return accept({ leverage: c.leverage });
}

function hasExposure(account: Account, market: PerpMarket): boolean {
  const f = account.futures;
  return f.orderCount.has(market.index) || f.positions.some((p) => p.market === market.index);
}

export function setMarginType(
  state: EngineState,
  c: SetMarginType,
  events: EngineEvent[],
): Outcome<{ isolated: boolean }> {
  const t = perpTarget(state, c.accountId, c.market);
  if (!t.ok) return t;
  const { account, market } = t;
  if (hasExposure(account, market)) {
    return reject(
      'RISK_OPEN_POSITION_OR_ORDERS',
      'close the position and cancel the orders of this market first',
    );
  }
  const f = account.futures;
  f.settings.set(market.index, { leverage: leverageOf(f, market), isolated: c.isolated === true });
  events.push({
    type: 'MarginTypeChanged',
    accountId: account.id,
    market: market.symbol,
    isolated: c.isolated === true,
  });
  return accept({ isolated: c.isolated === true });
}

export function setPositionMode(
  state: EngineState,
  c: SetPositionMode,
  events: EngineEvent[],
): Outcome<{ dualSide: boolean }> {
  const account = accountById(state, c.accountId);
  if (!account) return reject('ACCOUNT_UNKNOWN', `no account ${c.accountId}`);
  const f = account.futures;
  if (f.orderCount.size > 0 || f.positions.length > 0) {
    return reject(
      'RISK_OPEN_POSITION_OR_ORDERS',
      'close every position and cancel every perpetual order first',
    );
  }
  f.dualSide = c.dualSide === true;
  events.push({ type: 'PositionModeChanged', accountId: account.id, dualSide: f.dualSide });
  return accept({ dualSide: f.dualSide });
}

/** Move funds between an account's spot wallet and its futures (cross) wallet. */
export function transfer(
  state: EngineState,
  c: Transfer,
  events: EngineEvent[],
): Outcome<{ amount: bigint }> {
  const checked = checkTransfer(state, c);
  if (!checked.ok) return checked;
  const { account, asset } = checked;
  if (c.direction !== 'SPOT_TO_FUTURES' && c.direction !== 'FUTURES_TO_SPOT') {
    return reject('ENGINE_BAD_COMMAND', 'direction must be SPOT_TO_FUTURES or FUTURES_TO_SPOT');
  }
  const spot = account.wallets[asset.index]!;
  const f = account.futures;
  if (c.direction === 'SPOT_TO_FUTURES') {
    if (spot.available < c.amount)
      return reject('ACCOUNT_INSUFFICIENT_BALANCE', `available ${asset.symbol} is below the amount`);
    spot.available -= c.amount;
    f.wallet[asset.index]! += c.amount;
    markDirty(state, account);
  } else {
    if (crossSummary(state, account, asset.index).available < c.amount) {
      return reject(
        'ACCOUNT_INSUFFICIENT_BALANCE',
        'the amount is above what the futures wallet can release',
      );
    }
    settleFunding(state, account, events);
    f.wallet[asset.index]! -= c.amount;
    spot.available += c.amount;
    markDirty(state, account);
  }
  events.push({
    type: 'Transferred',
    accountId: account.id,
    asset: asset.symbol,
    amount: c.amount,
    direction: c.direction,
  });
  return accept({ amount: c.amount });
}

/** Add margin to an isolated position from the cross wallet, or take some back. */
export function adjustIsolatedMargin(
  state: EngineState,
  c: AdjustIsolatedMargin,
  events: EngineEvent[],
): Outcome<{ margin: bigint }> {
  const t = perpTarget(state, c.accountId, c.market);
  if (!t.ok) return t;
  const { account, market } = t;
  if (typeof c.amount !== 'bigint' || c.amount <= 0n) {
    return reject('ACCOUNT_AMOUNT_NOT_POSITIVE', 'amount must be a bigint above zero');
  }
  const f = account.futures;
  const side: PositionSide = c.positionSide ?? 'BOTH';
  const p = findPosition(f, market.index, side);
  if (!p) return reject('RISK_NO_POSITION', `no ${side} position on ${market.symbol}`);
  if (!p.isolated) return reject('RISK_NOT_ISOLATED', 'only an isolated position has its own margin');
  const asset = market.margin.index;
  if (c.add) {
    if (crossSummary(state, account, asset).available < c.amount) {
      return reject('ACCOUNT_INSUFFICIENT_BALANCE', 'the cross wallet cannot spare that amount');
    }
    settleFunding(state, account, events);
    f.wallet[asset]! -= c.amount;
    p.margin += c.amount;
  } else {
    // What stays must cover the initial margin at the mark, after any unrealized loss.
    const mark = perpState(state, market).mark;
    const upnl = positionUpnl(market, p, mark);
    const floor = initialMargin(positionNotional(market, p, mark), leverageOf(f, market));
    if (p.margin + pendingFunding(state, p) + (upnl < 0n ? upnl : 0n) - c.amount < floor) {
      return reject('RISK_MARGIN_TOO_LOW', 'the position would keep less than its initial margin');
    }
    settleFunding(state, account, events);
    p.margin -= c.amount;
    f.wallet[asset]! += c.amount;
  }
  markDirty(state, account);
  events.push({
    type: 'IsolatedMarginChanged',
    accountId: account.id,
    market: market.symbol,
    positionSide: side,
    amount: c.add ? c.amount : -c.amount,
    margin: p.margin,
  });
  return accept({ margin: p.margin });
}
