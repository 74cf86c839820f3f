import { direction, findPosition } from '../account/index.ts';
import type { Account, Position, PositionSide } from '../account/index.ts';
import { Side, Stp } from '../book/index.ts';
import { adlQuantiles, adlRank } from '../liquidation/index.ts';
import type { PerpMarket } from '../market/index.ts';
import { PPM, Rounding, applyPpm, divRound, pow10 } from '../money/index.ts';
import { notionalOf } from '../risk/index.ts';
import type { EngineEvent } from './events.ts';
import { fundFlow, recordFundFlow, withFundFlow } from './insurance.ts';
import {
  baseQty,
  bracketAt,
  crossSummary,
  pendingFunding,
  perpState,
  positionMaintenance,
  positionNotional,
  positionUpnl,
  settleFunding,
} from './perpMargin.ts';
import { applyPositionChange, releasePerpOrder, settlePerpMatch } from './perpOrders.ts';
import { cancelConditional } from './perpTriggers.ts';
import { crossedUnits, flushDirty, isLiquidatable, markDirty, refreshUnit, unitStatus } from './riskIndex.ts';
import type { RiskUnit, UnitStatus } from './riskIndex.ts';
import { closeOrder, sideName } from './spot.ts';
import type { EngineState } from './state.ts';

/**
 * Liquidation on a mark tick (SPEC section 2): find the margin groups at or past maintenance, most
 * at risk first; cancel their orders; reduce them with IOC liquidation orders into the book, one
 * bracket at a time, limited at the bankruptcy price; charge the clearance fee only from what the
 * book paid above that price; hand what the book did not take to the insurance fund at the
 * bankruptcy price, or, when the fund cannot carry it, close it against the highest-ranked opposite
 * positions (auto-deleveraging) at that price with no fee.
 */

/** A position in the ADL queue of its market and side. */
export interface AdlEntry {
  readonly account: Account;
  readonly position: Position;
  /** WAD, see liquidation/adlRank.ts. */
  readonly rank: bigint;
}

/**
 * Opposite positions in ADL order, built once per command and market side when first needed, with
 * a cursor past the positions already closed (deleveraging only closes, so they stay closed).
 */
type AdlQueues = Map<string, { readonly entries: AdlEntry[]; cursor: number }>;

interface Tally {
  book: number;
  insurance: number;
  adl: number;
  fee: bigint;
}

export function runLiquidations(state: EngineState, events: EngineEvent[]): void {
  const index = state.risk;
  const queues: AdlQueues = new Map();
  for (;;) {
    flushDirty(state);
    const crossed = new Set<number>(index.due);
    index.due.clear();
    for (const market of state.venue.perpMarkets) crossedUnits(state, market.index, crossed);
    if (crossed.size === 0) return;
    const due: { unit: RiskUnit; status: UnitStatus }[] = [];
    for (const id of crossed) {
      const unit = index.units[id]!;
      const status = unitStatus(state, unit);
      if (isLiquidatable(status)) due.push({ unit, status });
      else refreshUnit(state, unit);
    }
    if (due.length === 0) return;
    due.sort((a, b) => mostAtRiskFirst(a.status, b.status) || byKey(a.unit, b.unit));
    for (const { unit } of due) liquidateUnit(state, unit, queues, events);
  }
}

/** Higher maintenance / margin balance first; no margin balance left ranks above any ratio. */
function mostAtRiskFirst(a: UnitStatus, b: UnitStatus): number {
  if (a.equity <= 0n || b.equity <= 0n) {
    if (a.equity > 0n) return 1;
    if (b.equity > 0n) return -1;
    return a.equity < b.equity ? -1 : a.equity > b.equity ? 1 : 0;
  }
  const left = a.maintenance * b.equity;
  const right = b.maintenance * a.equity;
  return left > right ? -1 : left < right ? 1 : 0;
}

const SIDE_ORDER: Record<PositionSide, number> = { BOTH: 0, LONG: 1, SHORT: 2 };

function byKey(a: RiskUnit, b: RiskUnit): number {
  return (
    a.accountId - b.accountId ||
    a.asset - b.asset ||
    a.market - b.market ||
    SIDE_ORDER[a.positionSide] - SIDE_ORDER[b.positionSide]
  );
}

function liquidateUnit(state: EngineState, unit: RiskUnit, queues: AdlQueues, events: EngineEvent[]): void {
  let status = unitStatus(state, unit);
  if (!isLiquidatable(status)) {
    refreshUnit(state, unit);
    return;
  }
  const account = state.accounts[unit.accountId - 1]!;
  settleFunding(state, account, events);
  const scope =
    unit.market === -1
      ? {}
      : { market: state.venue.markets[unit.market]!.symbol, positionSide: unit.positionSide };
  const asset = state.venue.assets[unit.asset]!.symbol;
  events.push({
    type: 'LiquidationStarted',
    accountId: account.id,
    asset,
    ...scope,
    marginBalance: status.equity,
    maintenanceMargin: status.maintenance,
  });
  for (const market of state.venue.perpMarkets) {
    const inScope = unit.market === -1 ? market.margin.index === unit.asset : market.index === unit.market;
    if (inScope) cancelAccountOrders(state, account, market, 'LIQUIDATION', events);
  }
  const tally: Tally = { book: 0, insurance: 0, adl: 0, fee: 0n };
  for (;;) {
    status = unitStatus(state, unit);
    if (status.positions.length === 0 || !isLiquidatable(status)) break;
    const p = largestMaintenance(state, status.positions);
    const market = state.venue.markets[p.market] as PerpMarket;
    const mark = perpState(state, market).mark;
    const bp = bankruptcyPrice(market, p, status.equity, mark);
    // With no equity left, no partial close can restore the margin: close it whole.
    const lots = status.equity <= 0n ? Math.abs(p.qty) : stepLots(market, p, mark);
    closeSlice(state, account, market, p, lots, bp, queues, tally, events);
  }
  status = unitStatus(state, unit);
  let covered = 0n;
  if (unit.market === -1 && status.positions.length === 0 && status.equity < 0n) {
    // Whatever rounding left below zero, the fund makes good: nobody owes the venue after a liquidation.
    covered = -status.equity;
    account.futures.wallet[unit.asset]! += covered;
    fundFlow(state, unit.asset, -covered, 'BANKRUPTCY_COVER', events);
  }
  markDirty(state, account);
  events.push({
    type: 'Liquidated',
    accountId: account.id,
    asset,
    ...scope,
    bookQty: tally.book,
    insuranceQty: tally.insurance,
    adlQty: tally.adl,
    clearanceFee: tally.fee,
    covered,
    equityAfter: status.equity + covered,
  });
}

/** The position with the largest maintenance margin (the highest bracket goes first). */
function largestMaintenance(state: EngineState, positions: readonly Position[]): Position {
  let best = positions[0]!;
  let bestMm = -1n;
  for (const p of positions) {
    const market = state.venue.markets[p.market] as PerpMarket;
    const mm = positionMaintenance(market, p, perpState(state, market).mark);
    if (mm > bestMm) {
      best = p;
      bestMm = mm;
    }
  }
  return best;
}

/** Lots to close in one step: down to the bracket below, or the whole position in the first. */
export function stepLots(market: PerpMarket, p: Position, mark: bigint): number {
  const lots = Math.abs(p.qty);
  const bracket = bracketAt(market, positionNotional(market, p, mark));
  if (bracket.index === 0) return lots;
  const cap = market.brackets[bracket.index - 1]!.cap;
  const keep = Number(((cap - 1n) * pow10(market.base.decimals)) / (mark * market.lotUnits));
  return lots - Math.min(Math.max(keep, 0), lots - 1);
}

/**
 * The price at which closing the whole position would take the group's equity to zero, the other
 * positions held at their marks (research/perps.md 4.7): mark - side x equity / size. Closing part of
 * it there takes the same part of the equity. Rounded in the account's favour, so that a close at
 * this price never leaves it below zero.
 */
export function bankruptcyPrice(market: PerpMarket, p: Position, equity: bigint, mark: bigint): bigint {
  const qty = baseQty(market, p);
  const shift = divRound(equity * pow10(market.base.decimals), qty, Rounding.Down);
  const price = direction(p) === 1 ? mark - shift : mark + shift;
  return price > 0n ? price : 1n;
}

/** Value of lots at an off-grid price: rounded up when the account sells, down when it buys. */
function valueAt(market: PerpMarket, lots: number, price: bigint, selling: boolean): bigint {
  return notionalOf(
    BigInt(lots) * market.lotUnits,
    price,
    market.base.decimals,
    selling ? Rounding.Up : Rounding.Down,
  );
}

function closeSlice(
  state: EngineState,
  account: Account,
  market: PerpMarket,
  p: Position,
  lots: number,
  bp: bigint,
  queues: AdlQueues,
  tally: Tally,
  events: EngineEvent[],
): void {
  const long = direction(p) === 1;
  const side = long ? Side.Sell : Side.Buy;
  const positionSide = p.side;
  const tick = long
    ? divRound(bp, market.tickUnits, Rounding.Up)
    : divRound(bp, market.tickUnits, Rounding.Down);
  const limit = Number(tick > BigInt(market.maxTick) ? BigInt(market.maxTick) : tick);
  const orderId = state.nextOrderId++;
  events.push({
    type: 'OrderAccepted',
    orderId,
    accountId: account.id,
    market: market.symbol,
    side: sideName(side),
    orderType: 'LIMIT',
    timeInForce: 'IOC',
    price: limit,
    qty: lots,
    clientOrderId: `autoclose-${orderId}`,
    origin: 'LIQUIDATION',
  });
  let filled = 0;
  const bookCanFill = long ? tick <= BigInt(market.maxTick) : tick >= 1n;
  if (bookCanFill) {
    const out = state.books[market.index]!.match(side, limit, lots, account.id, Stp.None);
    const value = settlePerpMatch(state, market, account, orderId, positionSide, side, out, events, 0n);
    filled = out.filledQty;
    if (filled > 0) {
      const atBankruptcy = valueAt(market, filled, bp, long);
      const surplus = long ? value - atBankruptcy : atBankruptcy - value;
      const fullFee = applyPpm(value, market.liquidationFeePpm, Rounding.Up);
      const fee = surplus <= 0n ? 0n : surplus < fullFee ? surplus : fullFee;
      if (fee > 0n) {
        const open = findPosition(account.futures, market.index, positionSide);
        if (open?.isolated) open.margin -= fee;
        else account.futures.wallet[market.margin.index]! -= fee;
        fundFlow(state, market.margin.index, fee, 'CLEARANCE_FEE', events);
        tally.fee += fee;
      }
      tally.book += filled;
    }
  }
  closeOrder(state, market, account, orderId, filled === lots ? 'FILLED' : 'EXPIRED', lots - filled, events);
  let rest = lots - filled;
  if (rest === 0) return;
  settleInsuranceFunding(state, events);
  if (insuranceCanTake(state, market, long, rest, bp)) {
    takeOver(state, market, account, positionSide, side, rest, bp, events);
    tally.insurance += rest;
    return;
  }
  rest = deleverage(state, market, account, positionSide, side, rest, bp, queues, tally, events);
  if (rest > 0) {
    // Nobody left on the other side (only this account or the fund): the fund takes it regardless.
    takeOver(state, market, account, positionSide, side, rest, bp, events);
    tally.insurance += rest;
  }
}

/** Funding of the fund's own positions, recorded as fund movements. */
function settleInsuranceFunding(state: EngineState, events: EngineEvent[]): void {
  const wallet = state.insurance.futures.wallet;
  const before = [...wallet];
  settleFunding(state, state.insurance, events);
  wallet.forEach((after, asset) => recordFundFlow(state, asset, after - before[asset]!, 'FUNDING', events));
}

/** Can the fund take `lots` at the bankruptcy price and keep its equity (wallet + uPnL) at or above 0? */
function insuranceCanTake(
  state: EngineState,
  market: PerpMarket,
  long: boolean,
  lots: number,
  bp: bigint,
): boolean {
  const equity = insuranceEquity(state, market.margin.index);
  const value = valueAt(market, lots, bp, long);
  const mark = perpState(state, market).mark;
  const markValue = notionalOf(BigInt(lots) * market.lotUnits, mark, market.base.decimals, Rounding.Down);
  return equity + (long ? markValue - value : value - markValue) >= 0n;
}

/** The fund's wallet plus the unrealized PnL of what it holds, in one margin asset. */
function insuranceEquity(state: EngineState, asset: number): bigint {
  const fund = state.insurance.futures;
  let equity = fund.wallet[asset]!;
  for (const q of fund.positions) {
    const m = state.venue.markets[q.market] as PerpMarket;
    if (m.margin.index === asset) equity += positionUpnl(m, q, perpState(state, m).mark);
  }
  return equity;
}

function opposite(side: Side): Side {
  return side === Side.Buy ? Side.Sell : Side.Buy;
}

function takeOver(
  state: EngineState,
  market: PerpMarket,
  account: Account,
  positionSide: PositionSide,
  side: Side,
  lots: number,
  bp: bigint,
  events: EngineEvent[],
): void {
  const value = valueAt(market, lots, bp, side === Side.Sell);
  applyPositionChange(state, market, account, positionSide, side, lots, value, 0n, events);
  withFundFlow(state, market.margin.index, 'POSITION_PNL', events, () =>
    applyPositionChange(state, market, state.insurance, 'BOTH', opposite(side), lots, value, 0n, events),
  );
  events.push({
    type: 'InsuranceTakeover',
    accountId: account.id,
    market: market.symbol,
    positionSide,
    qty: lots,
    price: bp,
    value,
  });
}

/** Close `lots` against the ADL queue at the bankruptcy price; returns what is left. */
function deleverage(
  state: EngineState,
  market: PerpMarket,
  account: Account,
  positionSide: PositionSide,
  side: Side,
  lots: number,
  bp: bigint,
  queues: AdlQueues,
  tally: Tally,
  events: EngineEvent[],
): number {
  const wanted = side === Side.Sell ? -1 : 1;
  adlQueue(state, market, wanted, queues);
  const queue = queues.get(`${market.index}:${wanted}`)!;
  const gone = (e: AdlEntry) =>
    direction(e.position) !== wanted || !e.account.futures.positions.includes(e.position);
  while (queue.cursor < queue.entries.length && gone(queue.entries[queue.cursor]!)) queue.cursor++;
  let rest = lots;
  for (let i = queue.cursor; i < queue.entries.length && rest > 0; i++) {
    const { account: other, position } = queue.entries[i]!;
    if (other === account || gone(queue.entries[i]!)) continue;
    const qty = Math.min(rest, Math.abs(position.qty));
    settleFunding(state, other, events);
    cancelAccountOrders(state, other, market, 'ADL', events);
    const value = valueAt(market, qty, bp, side === Side.Sell);
    applyPositionChange(state, market, account, positionSide, side, qty, value, 0n, events);
    applyPositionChange(state, market, other, position.side, opposite(side), qty, value, 0n, events);
    events.push({
      type: 'AdlFill',
      market: market.symbol,
      qty,
      price: bp,
      value,
      accountId: account.id,
      positionSide,
      counterpartyId: other.id,
      counterpartySide: position.side,
    });
    tally.adl += qty;
    rest -= qty;
  }
  return rest;
}

/**
 * Positions of a market on one side, highest ADL rank first (ties by account id). Cross positions
 * count the group's margin balance shared out by notional as their equity.
 */
export function adlQueue(
  state: EngineState,
  market: PerpMarket,
  side: 1 | -1,
  queues: AdlQueues = new Map(),
): AdlEntry[] {
  const key = `${market.index}:${side}`;
  const cached = queues.get(key);
  if (cached) return cached.entries;
  const mark = perpState(state, market).mark;
  const ranked: AdlEntry[] = [];
  for (const account of state.accounts) {
    let crossEquity: bigint | undefined;
    let crossNotional = 0n;
    for (const position of account.futures.positions) {
      if (position.market !== market.index || direction(position) !== side) continue;
      const pnl = positionUpnl(market, position, mark);
      const notional = positionNotional(market, position, mark);
      let equity: bigint;
      if (position.isolated) {
        equity = position.margin + pendingFunding(state, position) + pnl;
      } else {
        if (crossEquity === undefined) {
          crossEquity = crossSummary(state, account, market.margin.index).marginBalance;
          for (const q of account.futures.positions) {
            if (q.isolated) continue;
            const m = state.venue.markets[q.market] as PerpMarket;
            if (m.margin.index === market.margin.index)
              crossNotional += positionNotional(m, q, perpState(state, m).mark);
          }
        }
        equity = crossNotional === 0n ? crossEquity : (crossEquity * notional) / crossNotional;
      }
      const rank = adlRank({ pnl, entryValue: position.basis, markValue: notional, equity });
      ranked.push({ account, position, rank });
    }
  }
  ranked.sort((a, b) => (a.rank > b.rank ? -1 : a.rank < b.rank ? 1 : a.account.id - b.account.id));
  queues.set(key, { entries: ranked, cursor: 0 });
  return ranked;
}

/** Queues of the last state read, per market side: positionRisk asks for each position. */
const quantileCache = new WeakMap<EngineState, { seq: number; byPosition: Map<Position, number> }>();

/**
 * ADL quantile 0-4 of a position (Binance adlQuantile): 0 when not in profit, else 1-4 by quarter
 * of its market side's ranks, 4 for the quarter deleveraged first.
 */
export function adlQuantileOf(state: EngineState, position: Position): number {
  let cached = quantileCache.get(state);
  if (!cached || cached.seq !== state.seq) {
    cached = { seq: state.seq, byPosition: new Map() };
    quantileCache.set(state, cached);
  }
  const known = cached.byPosition.get(position);
  if (known !== undefined) return known;
  const market = state.venue.markets[position.market] as PerpMarket;
  const queue = adlQueue(state, market, direction(position) === -1 ? -1 : 1);
  const quantiles = adlQuantiles(queue.map((e) => e.rank));
  queue.forEach((e, i) => cached.byPosition.set(e.position, quantiles[i]!));
  return cached.byPosition.get(position) ?? 0;
}

/** Cancel an account's resting and conditional orders on one market, marked with the reason. */
function cancelAccountOrders(
  state: EngineState,
  account: Account,
  market: PerpMarket,
  reason: 'LIQUIDATION' | 'ADL',
  events: EngineEvent[],
): void {
  const f = account.futures;
  if (!f.orderCount.has(market.index)) return;
  for (const order of [...state.conditional.values()]) {
    if (order.accountId === account.id && order.market === market.index)
      cancelConditional(state, account, market, order.id, events, reason);
  }
  const book = state.books[market.index]!;
  const own: { id: number; side: Side; tick: number; qty: number }[] = [];
  for (const side of [Side.Buy, Side.Sell]) {
    for (const o of book.orders(side)) if (o.owner === account.id) own.push({ ...o, side });
  }
  for (const o of own) {
    book.cancel(o.id);
    releasePerpOrder(state, account, market, o.id, o.side, o.tick, o.qty, true);
    closeOrder(state, market, account, o.id, 'CANCELED', o.qty, events, reason);
  }
}

/**
 * The insurance fund sells back (or buys back) what it took over, with IOC orders limited to the
 * mark minus (plus) the market's slippage, when the book has something there.
 */
export function offloadInsurance(state: EngineState, market: PerpMarket, events: EngineEvent[]): void {
  const fund = state.insurance;
  const p = findPosition(fund.futures, market.index, 'BOTH');
  if (!p) return;
  const mark = perpState(state, market).mark;
  const long = p.qty > 0;
  const side = long ? Side.Sell : Side.Buy;
  const slipped = divRound(
    mark * (long ? PPM - market.insuranceSlippagePpm : PPM + market.insuranceSlippagePpm),
    PPM,
    long ? Rounding.Up : Rounding.Down,
  );
  // Never sell below (buy above) the fund's own bankruptcy price: offloading must not take its
  // equity below zero.
  const floor = bankruptcyPrice(market, p, insuranceEquity(state, market.margin.index), mark);
  const bound = long ? (slipped > floor ? slipped : floor) : slipped < floor ? slipped : floor;
  const tick = Number(divRound(bound, market.tickUnits, long ? Rounding.Up : Rounding.Down));
  const book = state.books[market.index]!;
  const best = long ? book.bestBid() : book.bestAsk();
  if (best === -1 || (long ? best < tick : best > tick) || tick < 1 || tick > market.maxTick) return;
  settleInsuranceFunding(state, events);
  const qty = Math.abs(p.qty);
  const orderId = state.nextOrderId++;
  events.push({
    type: 'OrderAccepted',
    orderId,
    accountId: fund.id,
    market: market.symbol,
    side: sideName(side),
    orderType: 'LIMIT',
    timeInForce: 'IOC',
    price: tick,
    qty,
    clientOrderId: `insurance-${orderId}`,
    origin: 'INSURANCE',
  });
  let filled = 0;
  withFundFlow(state, market.margin.index, 'POSITION_PNL', events, () => {
    const out = book.match(side, tick, qty, fund.id, Stp.None);
    settlePerpMatch(state, market, fund, orderId, 'BOTH', side, out, events, 0n);
    filled = out.filledQty;
  });
  closeOrder(state, market, fund, orderId, filled === qty ? 'FILLED' : 'EXPIRED', qty - filled, events);
}
