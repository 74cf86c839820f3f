/**
 * Liquidation and bankruptcy prices of linear perpetuals, Binance USDⓈ-M formula (research/perps.md
 * 3.1), one-way and hedge mode, cross and isolated, computed exactly in integers.
 *
 * Units as in margin.ts: quote amounts in smallest units, qty in base units, prices in quote units per
 * whole base, S = 10^baseDecimals.
 *
 * The group is liquidatable at mark p when its margin balance does not exceed its maintenance:
 *   f(p) = WB - TMM1 + UPNL1 + Σ_legs dir x (qty x p / S - basis) - Σ_legs MM(qty x p / S) <= 0
 * (dir +1 long, -1 short). Inside one bracket per leg f is a line K + G x p / (S x PPM) with
 *   K = WB - TMM1 + UPNL1 + Σ (cum - dir x basis),   G = Σ qty x (dir x PPM - mmrPpm),
 * and its root p = -K x S x PPM / G is Binance's LP formula with basis in place of qty x EP.
 *
 * Bracket re-run. Every bracket's line n x MMR - cum lies on or below MM (cum makes MM continuous and
 * MMR never decreases, so MM is the upper envelope of the lines), so any bracket choice gives a line
 * at or above f, and f is concave. Binance re-runs the formula with the bracket at the LP until it
 * settles; on a concave f that is Newton's method: after the first root every further root moves
 * the same way (up for the price below, down for the price above) and so does each leg's bracket,
 * hence it settles within legs x brackets steps, and the settled root is exact. The first run uses
 * each leg's bracket at its entry value (no mark is given); the answer does not depend on it.
 * Above the last cap the last bracket's rates are extended: a position that outgrew the table
 * (the mark rallied) still has a finite liquidation price.
 *
 * Rounding, in the venue's favour: a price below which the group is liquidated rounds Up (it
 * triggers sooner), a price above which it is liquidated rounds Down. Prices are not snapped to ticks.
 */
import type { Bracket } from '../market/brackets.ts';
import { PPM, Rounding, divRound, pow10 } from '../money/index.ts';

/** One side of a position: qty in base units (>= 0), basis = its entry value in quote units. */
export interface PositionLeg {
  readonly qty: bigint;
  readonly basis: bigint;
}

/** A one-way (net, positionSide BOTH) position: +1 long, -1 short. */
export interface OneWayPosition extends PositionLeg {
  readonly side: 1 | -1;
}

/** Hedge mode: separate LONG and SHORT positions of the same symbol, which share one margin. */
export interface HedgePosition {
  readonly long?: PositionLeg;
  readonly short?: PositionLeg;
}

export interface LiquidationInput {
  /** WB: the cross wallet balance, or the position's isolated wallet. */
  readonly walletBalance: bigint;
  /** TMM1: maintenance margin of every other cross position (0 when isolated). */
  readonly otherMaintenance: bigint;
  /** UPNL1: unrealized PnL of every other cross position (0 when isolated). */
  readonly otherUnrealized: bigint;
  /** The positions of THIS symbol. */
  readonly position: OneWayPosition | HedgePosition;
  /** The symbol's brackets, as loadBrackets returns them. */
  readonly brackets: readonly Bracket[];
  readonly baseDecimals: number;
}

/**
 * Every mark price at which the group is liquidatable: mark <= below or mark >= above. `always`: no
 * price leaves it safe (e.g. a short whose wallet is already gone). below undefined: no falling
 * price liquidates it (e.g. a fully collateralised long); above undefined: no rising price does.
 */
export type LiquidationBounds =
  | { readonly kind: 'always' }
  | { readonly kind: 'prices'; readonly below: bigint | undefined; readonly above: bigint | undefined };

/** An exact price num / den, den > 0. */
interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

interface Leg {
  readonly dir: bigint;
  readonly qty: bigint;
  readonly basis: bigint;
}

interface Ctx {
  /** WB - TMM1 + UPNL1. */
  readonly base: bigint;
  readonly legs: readonly Leg[];
  readonly brackets: readonly Bracket[];
  readonly scale: bigint;
}

type Search = Ratio | 'none' | 'empty';

/**
 * Both liquidation prices of the group (see LiquidationBounds). A hedge pair can have both: the net
 * exposure loses on one side while maintenance, which grows with the price, catches up on the other.
 */
export function liquidationBounds(input: LiquidationInput): LiquidationBounds {
  return boundsOf(contextOf(input));
}

function boundsOf(ctx: Ctx): LiquidationBounds {
  const start = ctx.legs.map((leg) => indexAt(ctx.brackets, leg.basis));
  const lo = lowerRoot(ctx, start);
  const hi = upperRoot(ctx, start);
  if (lo === 'empty' || hi === 'empty') return { kind: 'always' };
  if (lo !== 'none' && hi !== 'none' && lo.num * hi.den >= hi.num * lo.den) return { kind: 'always' };
  return {
    kind: 'prices',
    below: lo === 'none' ? undefined : divRound(lo.num, lo.den, Rounding.Up),
    above: hi === 'none' ? undefined : divRound(hi.num, hi.den, Rounding.Down),
  };
}

/**
 * The liquidation price of this symbol's position, in quote units per whole base, rounded in the
 * venue's favour. A long (one-way long, or hedge mode with more long than short qty) is liquidated
 * at mark <= the price, which rounds Up; undefined when no positive price liquidates it (it is fully
 * collateralised). A short (one-way short, or hedge mode with at least as much short as long: a
 * flat pair only ever fails on a rise, as maintenance grows with the price) is liquidated at mark >=
 * the price, which rounds Down; its loss is unbounded, so one always exists, and 0n means it is
 * liquidatable at any price. undefined when there is no position.
 *
 * Hedge mode only reports the side of the net exposure; liquidationBounds also gives the other side
 * (and a net-long pair that no price saves, for which this returns undefined).
 */
export function liquidationPrice(input: LiquidationInput): bigint | undefined {
  const ctx = contextOf(input);
  if (ctx.legs.length === 0) return undefined;
  const p = input.position;
  const long = 'side' in p ? p.side === 1 : (p.long?.qty ?? 0n) > (p.short?.qty ?? 0n);
  const bounds = boundsOf(ctx);
  if (bounds.kind === 'always') return long ? undefined : 0n;
  return long ? bounds.below : bounds.above;
}

export interface BankruptcyInput {
  readonly side: 1 | -1;
  readonly qty: bigint;
  readonly basis: bigint;
  /** The isolated wallet (the position's margin), or the cross wallet balance. */
  readonly walletBalance: bigint;
  /** Cross: uPnL of every other cross position at its current mark; isolated: 0. */
  readonly otherUnrealized: bigint;
  readonly baseDecimals: number;
}

/**
 * The mark at which the margin group's equity is 0, the other marks held fixed:
 *   walletBalance + otherUnrealized + side x (qty x p / S - basis) = 0.
 * Maintenance margin plays no part (of this position or the others): bankruptcy is about equity, not
 * the requirement; no closing fee is reserved. Rounded in the venue's favour, so closing at the price
 * never leaves negative equity: a long's rounds Up, a short's Down. undefined for a zero qty or when no
 * positive price bankrupts a long (wallet covers its entry value); a short returns 0n when bankrupt
 * at any price.
 */
export function bankruptcyPrice(input: BankruptcyInput): bigint | undefined {
  const { side, qty, basis } = input;
  checkLeg(qty, basis, 'bankruptcyPrice');
  if (qty === 0n) return undefined;
  const equity = input.walletBalance + input.otherUnrealized;
  const scale = pow10(input.baseDecimals);
  if (side === 1) {
    const owed = basis - equity;
    return owed > 0n ? divRound(owed * scale, qty, Rounding.Up) : undefined;
  }
  const cover = basis + equity;
  return cover > 0n ? divRound(cover * scale, qty, Rounding.Down) : 0n;
}

function checkLeg(qty: bigint, basis: bigint, where: string): void {
  if (qty < 0n) throw new RangeError(`${where}: qty must be >= 0, got ${qty}`);
  if (basis < 0n) throw new RangeError(`${where}: basis must be >= 0, got ${basis}`);
}

function contextOf(input: LiquidationInput): Ctx {
  if (input.brackets.length === 0) throw new RangeError('liquidationPrice: no brackets');
  const legs: Leg[] = [];
  const add = (dir: bigint, leg: PositionLeg | undefined): void => {
    if (leg === undefined) return;
    checkLeg(leg.qty, leg.basis, 'liquidationPrice');
    // A zero leg has no exposure and no maintenance.
    if (leg.qty > 0n) legs.push({ dir, qty: leg.qty, basis: leg.basis });
  };
  const p = input.position;
  if ('side' in p) {
    if (p.side !== 1 && p.side !== -1) {
      throw new RangeError(`liquidationPrice: side must be 1 or -1, got ${String(p.side)}`);
    }
    add(BigInt(p.side), p);
  } else {
    add(1n, p.long);
    add(-1n, p.short);
  }
  return {
    base: input.walletBalance - input.otherMaintenance + input.otherUnrealized,
    legs,
    brackets: input.brackets,
    scale: pow10(input.baseDecimals),
  };
}

/** Position of the bracket holding this notional; the first below 0, the last at or above its cap. */
function indexAt(brackets: readonly Bracket[], notional: bigint): number {
  let lo = 0;
  let hi = brackets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bracketAt(brackets, mid).cap <= notional) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bracketAt(brackets: readonly Bracket[], i: number): Bracket {
  const b = brackets[i];
  if (b === undefined) throw new RangeError(`liquidationPrice: no bracket ${i}`);
  return b;
}

/** Each leg's bracket at price p (the band holding its exact notional qty x p / S). */
function indicesAt(ctx: Ctx, p: Ratio): number[] {
  return ctx.legs.map((leg) =>
    // The bands' ends are whole units, so the floored notional falls in the same band as the exact one.
    p.num <= 0n ? 0 : indexAt(ctx.brackets, divRound(leg.qty * p.num, ctx.scale * p.den, Rounding.Down)),
  );
}

/** f's line for one bracket per leg: f(p) = k + g x p / (S x PPM). */
function line(ctx: Ctx, idx: readonly number[]): { k: bigint; g: bigint } {
  let k = ctx.base;
  let g = 0n;
  ctx.legs.forEach((leg, i) => {
    const b = bracketAt(ctx.brackets, idx[i] ?? 0);
    k += b.cum - leg.dir * leg.basis;
    g += leg.qty * (leg.dir * PPM - b.mmrPpm);
  });
  return { k, g };
}

/** Root of k + g x p / (S x PPM) for g !== 0. */
function rootOf(ctx: Ctx, k: bigint, g: bigint): Ratio {
  const num = -k * ctx.scale * PPM;
  return g > 0n ? { num, den: g } : { num: -num, den: -g };
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.every((x, i) => x === b[i]);
}

/** Re-runs stay monotone per leg after the first root, so this bound is never reached. */
function maxSteps(ctx: Ctx): number {
  return ctx.legs.length * ctx.brackets.length + 3;
}

/**
 * The root below which f <= 0: 'none' when f > 0 just above price 0 (no falling price liquidates),
 * 'empty' when f <= 0 everywhere.
 */
function lowerRoot(ctx: Ctx, start: readonly number[]): Search {
  let idx = start;
  let { k, g } = line(ctx, idx);
  let p: Ratio | undefined;
  if (g > 0n) {
    const r = rootOf(ctx, k, g);
    // A root at or below 0 of a line above f says nothing about f: start again from price 0.
    if (r.num > 0n) p = r;
  }
  if (p === undefined) {
    // At price 0 every leg is in its first bracket and the line is f itself.
    idx = ctx.legs.map(() => 0);
    ({ k, g } = line(ctx, idx));
    if (k > 0n || (k === 0n && g > 0n)) return 'none';
    // f(0) <= 0 and f never rises.
    if (g <= 0n) return 'empty';
    p = rootOf(ctx, k, g);
  }
  for (let step = 0; step < maxSteps(ctx); step++) {
    const next = indicesAt(ctx, p);
    if (same(next, idx)) return p;
    idx = next;
    ({ k, g } = line(ctx, idx));
    // f <= 0 up to p (p is not above the root) and f stops rising here: no price is safe.
    if (g <= 0n) return 'empty';
    p = rootOf(ctx, k, g);
  }
  throw new Error('liquidationPrice: bracket re-run did not settle');
}

/**
 * The root above which f <= 0: 'none' when f > 0 as the price grows without bound, 'empty' when
 * f <= 0 everywhere.
 */
function upperRoot(ctx: Ctx, start: readonly number[]): Search {
  let idx = start;
  let { k, g } = line(ctx, idx);
  let p: Ratio;
  if (g < 0n) {
    p = rootOf(ctx, k, g);
  } else {
    // Far above every cap each leg is in its last bracket (extended) and the line is f itself.
    const last = ctx.brackets.length - 1;
    idx = ctx.legs.map(() => last);
    ({ k, g } = line(ctx, idx));
    if (g > 0n || (g === 0n && k > 0n)) return 'none';
    // f never falls and its limit is <= 0.
    if (g === 0n) return 'empty';
    p = rootOf(ctx, k, g);
  }
  for (let step = 0; step < maxSteps(ctx); step++) {
    // A falling line above f that is <= 0 at every positive price.
    if (p.num <= 0n) return 'empty';
    const next = indicesAt(ctx, p);
    if (same(next, idx)) return p;
    idx = next;
    ({ k, g } = line(ctx, idx));
    // f <= 0 from p up and f does not fall here, so it never rose above 0 below p either.
    if (g >= 0n) return 'empty';
    p = rootOf(ctx, k, g);
  }
  throw new Error('liquidationPrice: bracket re-run did not settle');
}
