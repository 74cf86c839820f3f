/**
 * Properties of the liquidation and bankruptcy prices against the margin check the engine runs.
 *
 * What "within one unit" means. The exact margin balance minus maintenance, f(p), is a rational
 * function of the mark; the liquidation price is its root rounded to one price unit (1e-8 USDT per
 * base) in the venue's favour. So, exactly: f(LP) >= 0 and f one price unit further (LP - 1 for a
 * long, LP + 1 for a short) < 0. The engine's own check rounds three more times per position: the
 * notional up (< 1 unit, moving MM by < 1 unit as MMR < 100%), MM up (< 1 unit) and uPnL down
 * (< 1 unit). So at the LP its margin balance minus maintenance is > -3 units, i.e. >= -2 (its MM
 * may exceed its balance by up to 2 units: the ratio reads 100% plus at most 2 units over MB), and it
 * is below one price unit's worth of equity, qty / 10^baseDecimals units (x 2 for a short: its
 * equity moves by qty x (1 + MMR) per unit). One unit past the LP the engine sees a ratio above 100%.
 * On the safe side a few price units are not always enough (0.001 BTC gains 0.001 units of equity
 * per price unit), so the test steps by the price distance that buys T quote units of equity, T
 * large enough to cover the rounding (3 units) and the ratio's own rounding up (1 ppm of MB).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBrackets } from '../market/brackets.ts';
import type { Bracket, BracketConfig } from '../market/brackets.ts';
import { PPM, Rounding, divRound, formatDecimal, pow10 } from '../money/index.ts';
import {
  bankruptcyPrice,
  bracketFor,
  liquidationBounds,
  liquidationPrice,
  maintenanceMargin,
  marginRatioPpm,
  notionalOf,
  unrealizedPnl,
} from './index.ts';
import type { LiquidationBounds, LiquidationInput } from './index.ts';
import { BTC_2021, BTC_DEFAULT, ETH_DEFAULT, ETH_FAQ } from './testTables.ts';

const RUNS = { numRuns: 2000 };

interface Leg {
  readonly side: 1 | -1;
  readonly qty: bigint;
  readonly basis: bigint;
}

interface Case {
  readonly brackets: readonly Bracket[];
  readonly baseDecimals: number;
  readonly walletBalance: bigint;
  readonly otherMaintenance: bigint;
  readonly otherUnrealized: bigint;
  /** One leg: one-way. Two: hedge mode, long first. */
  readonly legs: readonly Leg[];
}

const ceilDiv = (a: bigint, b: bigint): bigint => divRound(a, b, Rounding.Up);
const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/** Log-uniform in [min, 10^maxDigits], so every bracket and price scale shows up. */
const logBig = (maxDigits: number, min = 1n): fc.Arbitrary<bigint> =>
  fc.integer({ min: 0, max: maxDigits }).chain((d) => fc.bigInt({ min, max: 10n ** BigInt(d) + min }));

/** Valid tables beyond the real ones: 1-6 brackets, whole-USDT floors, MMR up to 50%. */
const syntheticTable: fc.Arbitrary<readonly Bracket[]> = fc
  .array(fc.tuple(logBig(9), fc.integer({ min: 1, max: 500_000 })), { minLength: 1, maxLength: 6 })
  .map((rows) => {
    const mmrs = rows.map(([, m]) => m).sort((a, b) => a - b);
    let floor = 0n;
    const configs: BracketConfig[] = rows.map(([width], i) => {
      const mmr = BigInt(mmrs[i] ?? 1);
      const config = {
        notionalFloor: floor.toString(),
        notionalCap: (floor + width).toString(),
        maintMarginRatio: formatDecimal(mmr, 6, { trim: true }),
        // Highest leverage whose IMR stays above the MMR; non-increasing as MMR grows.
        maxLeverage: Number((PPM - 1n) / mmr < 125n ? (PPM - 1n) / mmr : 125n),
      };
      floor += width;
      return config;
    });
    const loaded = loadBrackets(configs, 8);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return loaded.brackets;
  });

const tables = fc.oneof(fc.constantFrom(BTC_DEFAULT, ETH_DEFAULT, BTC_2021, ETH_FAQ), syntheticTable);

const legArb = (side: 1 | -1, baseDecimals: number): fc.Arbitrary<Leg> =>
  fc.tuple(logBig(13), logBig(14)).map(([qty, entry]) => ({
    side,
    qty,
    basis: notionalOf(qty, entry, baseDecimals, Rounding.Up),
  }));

/** Cross (random other MM and uPnL) or isolated, with a wallet from -10% to 200% of the entry value. */
function caseArb(hedge: boolean): fc.Arbitrary<Case> {
  return fc.integer({ min: 0, max: 8 }).chain((baseDecimals) =>
    fc
      .record({
        brackets: tables,
        legs: hedge
          ? fc.tuple(legArb(1, baseDecimals), legArb(-1, baseDecimals))
          : fc.constantFrom<1 | -1>(1, -1).chain((side) => legArb(side, baseDecimals).map((leg) => [leg])),
        walletPermille: fc.integer({ min: -100, max: 2000 }),
        jitter: fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
        cross: fc.boolean(),
        otherMmPermille: fc.integer({ min: 0, max: 1000 }),
        otherUpPermille: fc.integer({ min: -1000, max: 1000 }),
      })
      .map((r) => {
        const exposure = r.legs.reduce((sum, leg) => sum + leg.basis, 0n);
        const share = (permille: number): bigint => (exposure * BigInt(permille)) / 1000n;
        return {
          brackets: r.brackets,
          baseDecimals,
          legs: r.legs,
          walletBalance: share(r.walletPermille) + r.jitter,
          otherMaintenance: r.cross ? share(r.otherMmPermille) : 0n,
          otherUnrealized: r.cross ? share(r.otherUpPermille) + r.jitter : 0n,
        };
      }),
  );
}

function inputOf(c: Case): LiquidationInput {
  const [first, second] = c.legs;
  const position =
    second === undefined && first !== undefined
      ? { side: first.side, qty: first.qty, basis: first.basis }
      : {
          ...(first !== undefined && { long: { qty: first.qty, basis: first.basis } }),
          ...(second !== undefined && { short: { qty: second.qty, basis: second.basis } }),
        };
  return { ...c, position };
}

/**
 * The engine's margin check at mark p, built from the same functions it uses: each leg's MM at its
 * notional (rounded Up) with that notional's bracket, plus the other positions' MM, against wallet +
 * other uPnL + this symbol's uPnL. undefined when a notional is outside the table.
 */
function engineAt(c: Case, p: bigint): { mm: bigint; mb: bigint; ratio: bigint } | undefined {
  let mm = c.otherMaintenance;
  let mb = c.walletBalance + c.otherUnrealized;
  for (const leg of c.legs) {
    const notional = notionalOf(leg.qty, p, c.baseDecimals, Rounding.Up);
    const bracket = bracketFor(c.brackets, notional);
    if (bracket === undefined) return undefined;
    mm += maintenanceMargin(notional, bracket);
    mb += unrealizedPnl(leg.side, leg.qty, leg.basis, p, c.baseDecimals);
  }
  return { mm, mb, ratio: marginRatioPpm(mm, mb) };
}

/** The bracket of an exact notional by linear scan, the last one extended past its cap. */
function scanBracket(brackets: readonly Bracket[], notional: bigint): Bracket {
  let found = brackets[0];
  for (const b of brackets) if (b.floor <= notional) found = b;
  if (found === undefined) throw new Error('empty table');
  return found;
}

/** 10^baseDecimals x PPM x f(p): margin balance minus maintenance at mark p, without rounding. */
function exactF(c: Case, p: bigint): bigint {
  const scale = pow10(c.baseDecimals);
  let total = (c.walletBalance - c.otherMaintenance + c.otherUnrealized) * scale * PPM;
  for (const leg of c.legs) {
    const b = scanBracket(c.brackets, (leg.qty * p) / scale);
    total += BigInt(leg.side) * (leg.qty * p - leg.basis * scale) * PPM;
    total -= leg.qty * p * b.mmrPpm - b.cum * scale * PPM;
  }
  return total;
}

/**
 * Independent answer: MM is the upper envelope of the brackets' lines, so the group is safe at p
 * exactly when every choice of one bracket per leg leaves a positive line there. Each choice with a
 * rising line bounds the safe prices from below, each falling one from above.
 */
function oracleBounds(c: Case): LiquidationBounds {
  const scale = pow10(c.baseDecimals);
  const base = c.walletBalance - c.otherMaintenance + c.otherUnrealized;
  let combos: Bracket[][] = [[]];
  for (const _leg of c.legs) combos = combos.flatMap((combo) => c.brackets.map((b) => [...combo, b]));
  let lo: { num: bigint; den: bigint } | undefined;
  let hi: { num: bigint; den: bigint } | undefined;
  let dead = false;
  for (const combo of combos) {
    let k = base;
    let g = 0n;
    c.legs.forEach((leg, i) => {
      const b = combo[i]!;
      k += b.cum - BigInt(leg.side) * leg.basis;
      g += leg.qty * (BigInt(leg.side) * PPM - b.mmrPpm);
    });
    if (g === 0n) {
      if (k <= 0n) dead = true;
      continue;
    }
    const num = -k * scale * PPM;
    if (g > 0n) {
      if (lo === undefined || num * lo.den > lo.num * g) lo = { num, den: g };
    } else if (hi === undefined || -num * hi.den < hi.num * -g) {
      hi = { num: -num, den: -g };
    }
  }
  if (dead || (hi !== undefined && hi.num <= 0n)) return { kind: 'always' };
  if (lo !== undefined && hi !== undefined && lo.num * hi.den >= hi.num * lo.den) return { kind: 'always' };
  return {
    kind: 'prices',
    below: lo !== undefined && lo.num > 0n ? divRound(lo.num, lo.den, Rounding.Up) : undefined,
    above: hi === undefined ? undefined : divRound(hi.num, hi.den, Rounding.Down),
  };
}

describe('liquidation price properties', () => {
  it('equals the envelope oracle exactly (one-way and hedge, cross and isolated)', () => {
    fc.assert(
      fc.property(fc.oneof(caseArb(false), caseArb(true)), (c) => {
        expect(liquidationBounds(inputOf(c))).toEqual(oracleBounds(c));
      }),
      RUNS,
    );
  });

  it('one-way: 100% at the LP within rounding, liquidatable one unit past it, safe inside it', () => {
    const seen = { at: 0, past: 0, safe: 0, never: 0 };
    fc.assert(
      fc.property(caseArb(false), (c) => {
        const leg = c.legs[0]!;
        const long = leg.side === 1;
        const scale = pow10(c.baseDecimals);
        const lp = liquidationPrice(inputOf(c));
        if (lp === undefined) {
          // Only a long can be safe at every price, and then it is at the lowest one.
          expect(long).toBe(true);
          expect(exactF(c, 1n)).toBeGreaterThan(0n);
          seen.never++;
          return;
        }
        if (!long && lp === 0n) {
          // A short that no price saves.
          expect(exactF(c, 1n)).toBeLessThanOrEqual(0n);
          return;
        }
        // Exactly: the LP is the boundary to one price unit, rounded towards the safe side.
        const past = long ? lp - 1n : lp + 1n;
        expect(exactF(c, lp)).toBeGreaterThanOrEqual(0n);
        expect(exactF(c, past)).toBeLessThan(0n);

        // The engine's check one unit past the LP: above 100%.
        const beyond = past > 0n ? engineAt(c, past) : undefined;
        if (beyond !== undefined) {
          expect(beyond.ratio).toBeGreaterThan(PPM);
          seen.past++;
        }

        // At the LP: MB - MM in [-2, one price unit of equity).
        const at = engineAt(c, lp);
        if (at === undefined) return;
        const gap = at.mb - at.mm;
        expect(gap).toBeGreaterThanOrEqual(-2n);
        expect(gap * scale).toBeLessThan(long ? leg.qty : 2n * leg.qty);
        seen.at++;

        // Inside: step by the price distance worth T units of equity at the flattest slope.
        const t = 8n + 4n * ceilDiv(abs(at.mb) + leg.qty / scale + 2n, PPM);
        const topMmr = c.brackets.at(-1)!.mmrPpm;
        const step = long ? ceilDiv(t * scale * PPM, leg.qty * (PPM - topMmr)) : ceilDiv(t * scale, leg.qty);
        const safePrice = long ? lp + step : lp - step;
        const safe = safePrice > 0n ? engineAt(c, safePrice) : undefined;
        if (safe !== undefined) {
          expect(safe.ratio).toBeLessThan(PPM);
          seen.safe++;
        }
      }),
      RUNS,
    );
    // The checks above must not be vacuous.
    expect(seen.at).toBeGreaterThan(RUNS.numRuns / 4);
    expect(seen.past).toBeGreaterThan(RUNS.numRuns / 4);
    expect(seen.safe).toBeGreaterThan(RUNS.numRuns / 4);
    expect(seen.never).toBeGreaterThan(0);
  });

  it('hedge: liquidatable one unit past either bound, and at every price when always', () => {
    const seen = { below: 0, above: 0, always: 0 };
    fc.assert(
      fc.property(caseArb(true), (c) => {
        const bounds = liquidationBounds(inputOf(c));
        if (bounds.kind === 'always') {
          for (const leg of c.legs) {
            const entry = ceilDiv(leg.basis * pow10(c.baseDecimals), leg.qty);
            for (const p of [1n, entry, entry * 10n]) expect(exactF(c, p)).toBeLessThanOrEqual(0n);
          }
          seen.always++;
          return;
        }
        const sides = [
          ['below', bounds.below === undefined ? undefined : bounds.below - 1n],
          ['above', bounds.above === undefined ? undefined : bounds.above + 1n],
        ] as const;
        for (const [side, past] of sides) {
          if (past === undefined || past <= 0n) continue;
          expect(exactF(c, past)).toBeLessThan(0n);
          const e = engineAt(c, past);
          if (e !== undefined) expect(e.ratio).toBeGreaterThan(PPM);
          seen[side]++;
        }
        // The net side picks the bound.
        const [long, short] = c.legs;
        const lp = liquidationPrice(inputOf(c));
        expect(lp).toBe(long!.qty > short!.qty ? bounds.below : bounds.above);
      }),
      RUNS,
    );
    expect(seen.below).toBeGreaterThan(0);
    expect(seen.above).toBeGreaterThan(0);
    expect(seen.always).toBeGreaterThan(0);
  });

  it('bankruptcy: equity >= 0 at the price and < 0 one unit past it', () => {
    fc.assert(
      fc.property(caseArb(false), (c) => {
        const leg = c.legs[0]!;
        const input = {
          side: leg.side,
          qty: leg.qty,
          basis: leg.basis,
          walletBalance: c.walletBalance,
          otherUnrealized: c.otherUnrealized,
          baseDecimals: c.baseDecimals,
        };
        const equity = (p: bigint): bigint =>
          c.walletBalance +
          c.otherUnrealized +
          unrealizedPnl(leg.side, leg.qty, leg.basis, p, c.baseDecimals);
        const bp = bankruptcyPrice(input);
        if (bp === undefined) {
          expect(leg.side).toBe(1);
          expect(equity(0n)).toBeGreaterThanOrEqual(0n);
          return;
        }
        if (leg.side === -1 && bp === 0n) {
          expect(equity(1n)).toBeLessThanOrEqual(0n);
          return;
        }
        expect(equity(bp)).toBeGreaterThanOrEqual(0n);
        expect(equity(leg.side === 1 ? bp - 1n : bp + 1n)).toBeLessThan(0n);
      }),
      RUNS,
    );
  });
});
