import type { Account, Position } from '../account/index.ts';
import { TriggerHeap } from '../liquidation/index.ts';
import type { PerpMarket } from '../market/index.ts';
import { PPM, Rounding, WAD, divRound, pow10 } from '../money/index.ts';
import {
  baseQty,
  pendingFunding,
  perpState,
  positionMaintenance,
  positionNotional,
  positionUpnl,
} from './perpMargin.ts';
import type { EngineState } from './state.ts';

/**
 * Which margin groups may be liquidatable, without looking at every account on every tick.
 *
 * A unit is a cross group (account x margin asset) or an isolated position. Its cushion is margin
 * balance - maintenance margin. The cushion is shared out between the markets the unit holds, in
 * proportion to notional, and each share becomes a trigger price per market: the price at which the
 * market alone would have eaten its share, using an upper bound on how fast the cushion falls with
 * that price (net size, plus the largest maintenance rate on the side whose notional grows). While
 * no market's mark has reached the unit's trigger in it, the unit's losses are below its cushion,
 * so it is not liquidatable. Triggers sit in two heaps per market (falling and rising prices), so a
 * tick reads only the triggers it crosses; a crossed unit is checked exactly and either liquidated
 * or given fresh triggers.
 *
 * Funding moves every paying position's cushion by the same price distance (mark x rate), so a
 * funding time shifts a whole heap by one offset instead of touching its entries; units holding both
 * legs of a hedge in one market do not fit that bound and are refreshed at each funding time.
 *
 * The index is derived from the state: it is not snapshotted, and which units it finds liquidatable
 * depends only on the state (every unit it passes over is provably safe; every unit it names is
 * checked exactly), so replay and recovery give the same results.
 */

export interface RiskUnit {
  readonly id: number;
  readonly accountId: number;
  /** Margin asset index. */
  readonly asset: number;
  /** -1 for a cross group, else the isolated position's market. */
  readonly market: number;
  readonly positionSide: Position['side'];
  /** Entries of older versions are stale. */
  version: number;
  /** Markets in which it holds both hedge legs (refreshed at funding times). */
  hedged: number[];
}

export interface RiskIndex {
  readonly units: RiskUnit[];
  readonly byKey: Map<string, number>;
  readonly byAccount: Map<number, number[]>;
  /** Per market index (undefined for spot): triggers on a falling mark (max heap) and a rising one. */
  readonly falling: (TriggerHeap | undefined)[];
  readonly rising: (TriggerHeap | undefined)[];
  /** Added to every key of the heap: funding shifts. */
  readonly fallingOffset: number[];
  readonly risingOffset: number[];
  /** Per market: units with both hedge legs there. */
  readonly hedged: Set<number>[];
  /** Accounts whose positions or margin changed since the last flush. */
  readonly dirty: Set<Account>;
  /** Units whose cushion is gone already: checked on the next liquidation pass. */
  readonly due: Set<number>;
}

export function newRiskIndex(marketCount: number, isPerp: (market: number) => boolean): RiskIndex {
  const heaps = (max: boolean) =>
    Array.from({ length: marketCount }, (_, i) => (isPerp(i) ? new TriggerHeap(max) : undefined));
  return {
    units: [],
    byKey: new Map(),
    byAccount: new Map(),
    falling: heaps(true),
    rising: heaps(false),
    fallingOffset: new Array<number>(marketCount).fill(0),
    risingOffset: new Array<number>(marketCount).fill(0),
    hedged: Array.from({ length: marketCount }, () => new Set<number>()),
    dirty: new Set(),
    due: new Set(),
  };
}

export function markDirty(state: EngineState, account: Account): void {
  if (account.id !== 0) state.risk.dirty.add(account);
}

/** Positions of a unit, as the engine holds them now. */
export function unitPositions(state: EngineState, unit: RiskUnit): Position[] {
  const account = state.accounts[unit.accountId - 1]!;
  if (unit.market === -1) {
    return account.futures.positions.filter(
      (p) => !p.isolated && (state.venue.markets[p.market] as PerpMarket).margin.index === unit.asset,
    );
  }
  return account.futures.positions.filter(
    (p) => p.isolated && p.market === unit.market && p.side === unit.positionSide,
  );
}

export interface UnitStatus {
  /** Margin balance: wallet (with funding not yet settled) + unrealized PnL. */
  readonly equity: bigint;
  readonly maintenance: bigint;
  readonly positions: Position[];
}

/** Exact margin balance and maintenance margin of a unit at the current marks. */
export function unitStatus(state: EngineState, unit: RiskUnit): UnitStatus {
  const account = state.accounts[unit.accountId - 1]!;
  const positions = unitPositions(state, unit);
  let equity = unit.market === -1 ? account.futures.wallet[unit.asset]! : 0n;
  let maintenance = 0n;
  for (const p of positions) {
    const market = state.venue.markets[p.market] as PerpMarket;
    const mark = perpState(state, market).mark;
    equity += pendingFunding(state, p) + positionUpnl(market, p, mark);
    if (p.isolated) equity += p.margin;
    maintenance += positionMaintenance(market, p, mark);
  }
  return { equity, maintenance, positions };
}

/** Binance: liquidation when the margin ratio (maintenance / margin balance) reaches 100%. */
export function isLiquidatable(status: UnitStatus): boolean {
  return status.maintenance > 0n && status.equity <= status.maintenance;
}

function unitKey(accountId: number, asset: number, market: number, side: string): string {
  return market === -1 ? `${accountId}:${asset}` : `${accountId}:${asset}:${market}:${side}`;
}

function unitFor(index: RiskIndex, account: Account, asset: number, p: Position | undefined): RiskUnit {
  const market = p ? p.market : -1;
  const side = p ? p.side : 'BOTH';
  const key = unitKey(account.id, asset, market, side);
  const existing = index.byKey.get(key);
  if (existing !== undefined) return index.units[existing]!;
  const unit: RiskUnit = {
    id: index.units.length,
    accountId: account.id,
    asset,
    market,
    positionSide: side,
    version: 0,
    hedged: [],
  };
  index.units.push(unit);
  index.byKey.set(key, unit.id);
  const list = index.byAccount.get(account.id);
  if (list) list.push(unit.id);
  else index.byAccount.set(account.id, [unit.id]);
  return unit;
}

/** Make every unit of the account current (new units for new positions, fresh triggers for all). */
export function refreshAccount(state: EngineState, account: Account): void {
  const index = state.risk;
  for (const p of account.futures.positions) {
    const asset = (state.venue.markets[p.market] as PerpMarket).margin.index;
    unitFor(index, account, asset, p.isolated ? p : undefined);
  }
  for (const id of index.byAccount.get(account.id) ?? []) refreshUnit(state, index.units[id]!);
}

export function flushDirty(state: EngineState): void {
  const dirty = state.risk.dirty;
  if (dirty.size === 0) return;
  for (const account of dirty) refreshAccount(state, account);
  dirty.clear();
}

/** A few quote units per position: what rounding in margin arithmetic can move the cushion by. */
const ROUNDING_SLACK = 16n;
/** Relative slack on keys: float keys are rounded to the nearest double. */
const KEY_SLACK = 1e-12;

/** Drop the unit's triggers and, if it holds positions, set new ones from the current marks. */
export function refreshUnit(state: EngineState, unit: RiskUnit): void {
  const index = state.risk;
  unit.version++;
  for (const m of unit.hedged) index.hedged[m]!.delete(unit.id);
  unit.hedged = [];
  index.due.delete(unit.id);
  const status = unitStatus(state, unit);
  if (status.positions.length === 0) return;
  const cushion = status.equity - status.maintenance - ROUNDING_SLACK * BigInt(status.positions.length);
  if (cushion <= 0n) {
    index.due.add(unit.id);
    return;
  }
  // Per market: long and short size (base units) and notional.
  const markets = new Map<number, { long: bigint; short: bigint; notional: bigint }>();
  let total = 0n;
  for (const p of status.positions) {
    const market = state.venue.markets[p.market] as PerpMarket;
    const row = markets.get(p.market) ?? { long: 0n, short: 0n, notional: 0n };
    markets.set(p.market, row);
    const qty = baseQty(market, p);
    const signed = p.side === 'SHORT' ? -p.qty : p.qty;
    if (signed > 0) row.long += qty;
    else row.short += qty;
    const notional = positionNotional(market, p, perpState(state, market).mark);
    row.notional += notional;
    total += notional;
  }
  for (const [m, row] of markets) {
    const market = state.venue.markets[m] as PerpMarket;
    const mark = perpState(state, market).mark;
    const share = total === 0n ? cushion : (cushion * row.notional) / total;
    const scale = pow10(market.base.decimals);
    const maxRate = market.maxMaintenanceRatePpm;
    const net = row.long - row.short;
    const fallingRate = net + divRound(maxRate * row.short, PPM, Rounding.Up);
    // A rising mark grows the notional, hence the maintenance margin, of longs and shorts alike.
    const risingRate = -net + divRound(maxRate * (row.long + row.short), PPM, Rounding.Up);
    if (fallingRate > 0n) {
      const trigger = mark - (share * scale) / fallingRate;
      if (trigger > 0n) {
        const key = Number(trigger) * (1 + KEY_SLACK) + 1;
        index.falling[m]!.push(key - index.fallingOffset[m]!, unit.id, unit.version);
      }
    }
    if (risingRate > 0n) {
      const trigger = mark + (share * scale) / risingRate;
      const key = Number(trigger) * (1 - KEY_SLACK) - 1;
      index.rising[m]!.push(key - index.risingOffset[m]!, unit.id, unit.version);
    }
    if (row.long > 0n && row.short > 0n) {
      unit.hedged.push(m);
      index.hedged[m]!.add(unit.id);
    }
  }
}

/**
 * A funding time of market `m` at `rate` (WAD) and `mark`: paying positions lose up to mark x rate
 * per unit of size, so the heap of the paying side moves toward the mark by that much (rounded
 * up); hedged units are refreshed.
 */
export function shiftForFunding(state: EngineState, m: number, rate: bigint, mark: bigint): void {
  const index = state.risk;
  if (rate !== 0n) {
    const magnitude = rate > 0n ? rate : -rate;
    const distance = Number(divRound(mark * magnitude, WAD, Rounding.Up)) + 1;
    if (rate > 0n) index.fallingOffset[m]! += distance;
    else index.risingOffset[m]! -= distance;
  }
  for (const id of [...index.hedged[m]!]) refreshUnit(state, index.units[id]!);
}

/** Units whose trigger the mark of market `m` has reached (each once), removed from the heaps. */
export function crossedUnits(state: EngineState, m: number, into: Set<number>): void {
  const index = state.risk;
  const mark = Number(perpState(state, state.venue.markets[m] as PerpMarket).mark);
  const falling = index.falling[m]!;
  const rising = index.rising[m]!;
  const fallingOffset = index.fallingOffset[m]!;
  const risingOffset = index.risingOffset[m]!;
  // No closures here: this runs on every tick.
  while (falling.size > 0 && mark <= falling.topKey() + fallingOffset) {
    if (index.units[falling.topId()]!.version === falling.topVersion()) into.add(falling.topId());
    falling.pop();
  }
  while (rising.size > 0 && mark >= rising.topKey() + risingOffset) {
    if (index.units[rising.topId()]!.version === rising.topVersion()) into.add(rising.topId());
    rising.pop();
  }
  compactIfSparse(state, m);
}

/** Stale entries pile up as units refresh; rebuild a heap when most of it is stale. */
function compactIfSparse(state: EngineState, m: number): void {
  const index = state.risk;
  const limit = 4 * index.units.length + 1024;
  if (index.falling[m]!.size <= limit && index.rising[m]!.size <= limit) return;
  const live = (id: number, version: number) => index.units[id]!.version === version;
  if (index.falling[m]!.size > limit) index.falling[m]!.compact(live);
  if (index.rising[m]!.size > limit) index.rising[m]!.compact(live);
}

/** Rebuild the whole index from the state (after decoding a snapshot). */
export function rebuildRiskIndex(state: EngineState): void {
  for (const account of state.accounts) if (account.futures.positions.length > 0) markDirty(state, account);
  flushDirty(state);
}
