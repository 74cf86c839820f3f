/**
 * Property tests over random command streams, for any OrderBook. A small ledger follows every order
 * so each lot can be accounted for, and the book under test is replayed against a ReferenceBook.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiredOf, fillsOf, type ExpiredRow, type FillRow } from './bookSuite.ts';
import { ReferenceBook } from './referenceBook.ts';
import { Side, Stp, type Level, type OrderBook, type RestingOrder } from './types.ts';

/** A taker: GTC limit (`limit`, the remainder rests) or immediate-or-cancel (`ioc`, tick -1 = market). */
interface TakerCommand {
  readonly kind: 'limit' | 'ioc';
  readonly side: Side;
  readonly tick: number;
  readonly qty: number;
  /** Mapped onto the scenario's owners at run time. */
  readonly owner: number;
  readonly stp: Stp;
}

/** Cancel a previously issued id (`pick` chooses which) or an id never issued. */
interface CancelCommand {
  readonly kind: 'cancel';
  readonly pick: number;
  readonly unknown: boolean;
}

/** Reduce a resting order (`pick` chooses which) to a new size derived from `keep`. */
interface ReduceCommand {
  readonly kind: 'reduce';
  readonly pick: number;
  readonly keep: number;
}

type Command = TakerCommand | CancelCommand | ReduceCommand;

interface Scenario {
  readonly owners: number;
  readonly commands: readonly Command[];
}

/** Where every lot of one order went. */
interface Account {
  readonly id: number;
  readonly owner: number;
  readonly side: Side;
  readonly tick: number;
  readonly placed: number;
  readonly time: number;
  /** Position in the global rest sequence, for the FIFO check; -1 when it never rested. */
  restSeq: number;
  makerFilled: number;
  takerFilled: number;
  cancelled: number;
  reduced: number;
  stpExpired: number;
  takerUnfilled: number;
}

/** Everything a step observed; two books fed the same stream must produce equal records. */
interface StepRecord {
  readonly fills: FillRow[];
  readonly expired: ExpiredRow[];
  readonly takerExpired: boolean;
  readonly filledQty: number;
  readonly filledNotional: number;
  readonly preview: { qty: number; notional: number };
  readonly crossed: boolean;
  /** cancel: lots returned; reduce: the new size (-1 when skipped); takers: lots rested. */
  readonly value: number;
}

const LOW_TICK = 95;
const HIGH_TICK = 105;
const UNKNOWN_ID_BASE = 1_000_000_000;

const sideArb = fc.constantFrom<Side>(Side.Buy, Side.Sell);
const stpArb = fc.constantFrom<Stp>(Stp.None, Stp.ExpireTaker, Stp.ExpireMaker, Stp.ExpireBoth);
const tickArb = fc.integer({ min: LOW_TICK, max: HIGH_TICK });
const qtyArb = fc.integer({ min: 1, max: 20 });

const limitArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('limit' as const),
  side: sideArb,
  tick: tickArb,
  qty: qtyArb,
  owner: fc.nat(3),
  stp: stpArb,
});

const iocArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('ioc' as const),
  side: sideArb,
  tick: fc.oneof({ arbitrary: tickArb, weight: 4 }, { arbitrary: fc.constant(-1), weight: 1 }),
  qty: qtyArb,
  owner: fc.nat(3),
  stp: stpArb,
});

const cancelArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('cancel' as const),
  pick: fc.nat(),
  unknown: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});

const reduceArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('reduce' as const),
  pick: fc.nat(),
  keep: fc.nat(),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  owners: fc.integer({ min: 2, max: 4 }),
  commands: fc.array(
    fc.oneof(
      { arbitrary: limitArb, weight: 9 },
      { arbitrary: iocArb, weight: 4 },
      { arbitrary: cancelArb, weight: 4 },
      { arbitrary: reduceArb, weight: 3 },
    ),
    { maxLength: 200, size: 'max' },
  ),
});

/**
 * Plain checks: vitest's expect costs microseconds per call, too much for ~100k checked steps, so it
 * is only used to render a diff once a cheap comparison has already failed.
 */
const holds = (condition: boolean, what: string): void => {
  if (!condition) throw new Error(what);
};

const same = (actual: unknown, expected: unknown, what: string): void => {
  if (actual !== expected) throw new Error(`${what}: got ${String(actual)}, expected ${String(expected)}`);
};

/** Structural equality of plain data (primitives, arrays, plain objects). */
const equalPlain = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equalPlain(item, b[i]));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => k in rb && equalPlain(ra[k], rb[k]));
};

const sameDeep = (actual: unknown, expected: unknown, what: string): void => {
  if (!equalPlain(actual, expected)) expect(actual, what).toEqual(expected);
};

const remainingOf = (a: Account): number =>
  a.placed - a.makerFilled - a.takerFilled - a.cancelled - a.reduced - a.stpExpired - a.takerUnfilled;

/** True when a maker at `tick` is within a taker's limit (-1 = market). */
const withinLimit = (side: Side, tick: number, limit: number): boolean =>
  limit === -1 || (side === Side.Buy ? tick <= limit : tick >= limit);

/** Runs commands against one book, keeping the ledger and checking each match output as it goes. */
class Harness {
  readonly book: OrderBook;
  readonly ledger = new Map<number, Account>();
  /** Ids expected on the book, in the order they rested. */
  readonly live = new Set<number>();
  private readonly owners: number;
  private readonly issued: number[] = [];
  private nextId = 1;
  private nextSeq = 0;
  private clock = 0;

  constructor(book: OrderBook, owners: number) {
    this.book = book;
    this.owners = owners;
  }

  step(cmd: Command): StepRecord {
    this.clock += 1;
    switch (cmd.kind) {
      case 'limit':
      case 'ioc':
        return this.taker(cmd);
      case 'cancel':
        return this.cancel(cmd);
      case 'reduce':
        return this.reduce(cmd);
    }
  }

  account(id: number): Account {
    const a = this.ledger.get(id);
    if (a === undefined) throw new Error(`order ${id} was never placed`);
    return a;
  }

  private taker(cmd: TakerCommand): StepRecord {
    const { book } = this;
    const owner = 1 + (cmd.owner % this.owners);
    const id = this.nextId++;
    const taker: Account = {
      id,
      owner,
      side: cmd.side,
      tick: cmd.tick,
      placed: cmd.qty,
      time: this.clock,
      restSeq: -1,
      makerFilled: 0,
      takerFilled: 0,
      cancelled: 0,
      reduced: 0,
      stpExpired: 0,
      takerUnfilled: 0,
    };
    this.ledger.set(id, taker);
    this.issued.push(id);

    const opposite = cmd.side === Side.Buy ? book.bestAsk() : book.bestBid();
    const crossed = cmd.tick === -1 ? opposite !== -1 : book.wouldCross(cmd.side, cmd.tick);
    const preview = book.preview(cmd.side, cmd.tick, cmd.qty, owner, cmd.stp);
    const out = book.match(cmd.side, cmd.tick, cmd.qty, owner, cmd.stp);
    const fills = fillsOf(out);
    const expired = expiredOf(out);

    // The walk touches something exactly when the price crosses.
    same(fills.length + expired.length > 0 || out.takerExpired, crossed, 'match acted iff the price crossed');
    sameDeep(preview, { qty: out.filledQty, notional: out.filledNotional }, 'preview equals match');
    holds(out.filledQty <= cmd.qty, 'filled more than the taker asked');
    same(
      fills.reduce((sum, f) => sum + f.qty, 0),
      out.filledQty,
      'filledQty is the sum of fills',
    );
    same(
      fills.reduce((sum, f) => sum + f.tick * f.qty, 0),
      out.filledNotional,
      'filledNotional is the sum of tick x qty',
    );
    this.checkStp(cmd.stp, owner, fills, expired, out.takerExpired);

    let lastTick = -1;
    for (const f of fills) {
      const maker = this.account(f.id);
      holds(this.live.has(f.id), `filled order ${f.id} is not resting`);
      same(f.owner, maker.owner, `owner of filled order ${f.id}`);
      same(f.tick, maker.tick, `tick of filled order ${f.id}`);
      holds(maker.side !== cmd.side, `filled order ${f.id} is on the taker's side`);
      holds(withinLimit(cmd.side, f.tick, cmd.tick), `fill at ${f.tick} beyond limit ${cmd.tick}`);
      // Later fills are never at a better price for the taker than earlier ones.
      if (lastTick !== -1) holds(withinLimit(cmd.side, lastTick, f.tick), 'fills out of price order');
      lastTick = f.tick;
      holds(f.qty > 0, 'empty fill');
      maker.makerFilled += f.qty;
      taker.takerFilled += f.qty;
      same(f.left, remainingOf(maker), `makerLeft of order ${f.id}`);
      if (f.left === 0) this.live.delete(f.id);
    }
    for (const e of expired) {
      const maker = this.account(e.id);
      holds(this.live.has(e.id), `expired order ${e.id} is not resting`);
      same(e.owner, maker.owner, `owner of expired order ${e.id}`);
      same(e.tick, maker.tick, `tick of expired order ${e.id}`);
      holds(withinLimit(cmd.side, e.tick, cmd.tick), `expiry at ${e.tick} beyond limit ${cmd.tick}`);
      same(e.qty, remainingOf(maker), `expired lots of order ${e.id}`);
      maker.stpExpired += e.qty;
      this.live.delete(e.id);
    }

    const left = cmd.qty - out.filledQty;
    let rested = 0;
    if (cmd.kind === 'limit' && !out.takerExpired && left > 0) {
      // An exchange rests what is left of a GTC order; after the walk it can no longer cross.
      holds(!book.wouldCross(cmd.side, cmd.tick), 'the remainder of a GTC order would cross');
      book.rest(id, owner, cmd.side, cmd.tick, left, cmd.qty, this.clock);
      taker.restSeq = this.nextSeq++;
      this.live.add(id);
      rested = left;
    } else {
      taker.takerUnfilled += left;
    }

    return {
      fills,
      expired,
      takerExpired: out.takerExpired,
      filledQty: out.filledQty,
      filledNotional: out.filledNotional,
      preview,
      crossed,
      value: rested,
    };
  }

  /** What each self-trade-prevention mode may and may not produce. */
  private checkStp(
    stp: Stp,
    owner: number,
    fills: FillRow[],
    expired: ExpiredRow[],
    takerExpired: boolean,
  ): void {
    if (stp !== Stp.None)
      holds(
        fills.every((f) => f.owner !== owner),
        'self-trade despite STP',
      );
    holds(
      expired.every((e) => e.owner === owner),
      'STP expired another owner',
    );
    switch (stp) {
      case Stp.None:
        holds(expired.length === 0 && !takerExpired, 'STP acted in mode None');
        break;
      case Stp.ExpireTaker:
        same(expired.length, 0, 'makers expired by ExpireTaker');
        break;
      case Stp.ExpireMaker:
        same(takerExpired, false, 'taker expired by ExpireMaker');
        break;
      case Stp.ExpireBoth:
        same(expired.length, takerExpired ? 1 : 0, 'makers expired by ExpireBoth');
        break;
    }
  }

  private cancel(cmd: CancelCommand): StepRecord {
    const known = this.issued.length > 0 && !cmd.unknown;
    const id = known ? (this.issued[cmd.pick % this.issued.length] ?? 0) : UNKNOWN_ID_BASE + cmd.pick;
    const account = this.ledger.get(id);
    const expected = account === undefined ? 0 : remainingOf(account);
    const returned = this.book.cancel(id);
    same(returned, expected, `cancel(${id})`);
    if (account !== undefined) account.cancelled += returned;
    this.live.delete(id);
    holds(!this.book.has(id), `order ${id} still there after cancel`);
    return quietStep(returned);
  }

  private reduce(cmd: ReduceCommand): StepRecord {
    const live = [...this.live];
    const id = live[cmd.pick % Math.max(live.length, 1)];
    if (id === undefined) return quietStep(-1);
    const account = this.account(id);
    const current = this.book.get(id)?.qty;
    same(current, remainingOf(account), `lots of order ${id}`);
    if (current === undefined || current < 2) return quietStep(-1);
    const target = 1 + (cmd.keep % (current - 1));
    this.book.reduce(id, target);
    account.reduced += current - target;
    same(this.book.get(id)?.qty, target, `lots of order ${id} after reduce`);
    return quietStep(target);
  }
}

const quietStep = (value: number): StepRecord => ({
  fills: [],
  expired: [],
  takerExpired: false,
  filledQty: 0,
  filledNotional: 0,
  preview: { qty: 0, notional: 0 },
  crossed: false,
  value,
});

const levelsOf = (orders: readonly RestingOrder[]): Level[] => {
  const levels: { tick: number; qty: number; orders: number }[] = [];
  for (const o of orders) {
    const last = levels[levels.length - 1];
    if (last !== undefined && last.tick === o.tick) {
      last.qty += o.qty;
      last.orders += 1;
    } else {
      levels.push({ tick: o.tick, qty: o.qty, orders: 1 });
    }
  }
  return levels;
};

/** One side: priority order, FIFO by rest sequence, fields as placed, depth consistent with orders. */
const checkSide = (h: Harness, side: Side, orders: readonly RestingOrder[]): void => {
  let prev: { tick: number; seq: number } | undefined;
  for (const o of orders) {
    const a = h.account(o.id);
    sameDeep(
      o,
      {
        id: a.id,
        owner: a.owner,
        side,
        tick: a.tick,
        qty: remainingOf(a),
        origQty: a.placed - a.reduced,
        time: a.time,
      },
      `resting order ${o.id}`,
    );
    // Executed lots as the book reports them are exactly what the ledger saw trade.
    same(o.origQty - o.qty, a.makerFilled + a.takerFilled, `executed lots of order ${o.id}`);
    holds(o.qty > 0, `order ${o.id} rests with no lots`);
    if (prev !== undefined) {
      const better = side === Side.Buy ? prev.tick > o.tick : prev.tick < o.tick;
      holds(better || (prev.tick === o.tick && prev.seq < a.restSeq), `order ${o.id} out of priority`);
    }
    prev = { tick: o.tick, seq: a.restSeq };
  }
  const levels = levelsOf(orders);
  sameDeep(h.book.depth(side, levels.length + 1), levels, 'depth matches orders()');
  sameDeep(h.book.depth(side, 2), levels.slice(0, 2), 'depth(side, 2) is a prefix');
};

/** Whole-book invariants after a step. */
const checkBook = (h: Harness): void => {
  const { book } = h;
  const bids = book.orders(Side.Buy);
  const asks = book.orders(Side.Sell);
  const bid = book.bestBid();
  const ask = book.bestAsk();
  same(bid, bids[0]?.tick ?? -1, 'bestBid');
  same(ask, asks[0]?.tick ?? -1, 'bestAsk');
  holds(bid === -1 || ask === -1 || bid < ask, `book crossed: bid ${bid} >= ask ${ask}`);
  same(book.size(), bids.length + asks.length, 'size() against orders()');
  same(book.size(), h.live.size, 'size() against the ledger');
  checkSide(h, Side.Buy, bids);
  checkSide(h, Side.Sell, asks);

  // Every lot ever placed is resting, traded, cancelled, reduced away or expired, exactly once.
  const resting = new Map<number, number>();
  for (const o of [...bids, ...asks]) resting.set(o.id, o.qty);
  for (const a of h.ledger.values()) {
    const onBook = resting.get(a.id) ?? 0;
    same(h.book.has(a.id), onBook > 0, `has(${a.id})`);
    same(
      onBook + a.makerFilled + a.takerFilled + a.cancelled + a.reduced + a.stpExpired + a.takerUnfilled,
      a.placed,
      `lots of order ${a.id} not conserved`,
    );
  }
  let makerSide = 0;
  let takerSide = 0;
  for (const a of h.ledger.values()) {
    makerSide += a.makerFilled;
    takerSide += a.takerFilled;
  }
  same(makerSide, takerSide, 'lots filled as maker against lots filled as taker');
};

export function runBookProperties(name: string, create: () => OrderBook, numRuns = 300): void {
  describe(`${name} properties`, () => {
    it('keeps the book uncrossed, FIFO, consistent and every lot accounted for', () => {
      fc.assert(
        fc.property(scenarioArb, ({ owners, commands }) => {
          const h = new Harness(create(), owners);
          for (const cmd of commands) {
            h.step(cmd);
            checkBook(h);
          }
        }),
        { numRuns },
      );
    });

    it('behaves exactly like ReferenceBook on the same stream', () => {
      fc.assert(
        fc.property(scenarioArb, ({ owners, commands }) => {
          const tested = new Harness(create(), owners);
          const reference = new Harness(new ReferenceBook(), owners);
          for (const cmd of commands) {
            sameDeep(tested.step(cmd), reference.step(cmd), 'step outcome');
            sameDeep(tested.book.orders(Side.Buy), reference.book.orders(Side.Buy), 'bids');
            sameDeep(tested.book.orders(Side.Sell), reference.book.orders(Side.Sell), 'asks');
            same(tested.book.bestBid(), reference.book.bestBid(), 'bestBid');
            same(tested.book.bestAsk(), reference.book.bestAsk(), 'bestAsk');
            same(tested.book.size(), reference.book.size(), 'size');
          }
        }),
        { numRuns },
      );
    });
  });
}
