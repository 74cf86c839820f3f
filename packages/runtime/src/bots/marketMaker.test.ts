import {
  Side,
  apply,
  createState,
  defaultVenueConfig,
  invariantViolations,
  mustLoadVenue,
} from '@fulcrum/core';
import type { Command, EngineState, UnstampedCommand } from '@fulcrum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ladder } from './ladder.ts';
import { MarketMaker } from './marketMaker.ts';
import type { MakerCommand } from './marketMaker.ts';

const U = 100_000_000n; // one USDT or one BTC in smallest units
const venue = mustLoadVenue(defaultVenueConfig());

/** A real engine stamped the way the sequencer does it. */
function exchange() {
  const state = createState(venue);
  let seq = 0;
  let time = Date.UTC(2026, 0, 1);
  const run = (c: UnstampedCommand) => apply(state, { ...c, seq: ++seq, time } as unknown as Command);
  const ok = (c: UnstampedCommand) => {
    const { result } = run(c);
    if (!result.ok) throw new Error(`${c.type} refused: ${result.code} ${result.message}`);
    return result.value;
  };
  const account = (usdt: bigint, btc: bigint, futures = 0n): number => {
    const { accountId } = ok({ type: 'CreateAccount' }) as { accountId: number };
    if (usdt > 0n) ok({ type: 'Deposit', accountId, asset: 'USDT', amount: usdt });
    if (btc > 0n) ok({ type: 'Deposit', accountId, asset: 'BTC', amount: btc });
    if (futures > 0n)
      ok({ type: 'Transfer', accountId, asset: 'USDT', amount: futures, direction: 'SPOT_TO_FUTURES' });
    return accountId;
  };
  /** Apply a maker's commands: every one must be accepted and leave the engine sound. */
  const applyAll = (commands: readonly MakerCommand[]): void => {
    for (const c of commands) ok(c);
    expect(invariantViolations(state)).toEqual([]);
    for (const book of state.books) {
      if (book.bestBid() !== -1 && book.bestAsk() !== -1) expect(book.bestBid()).toBeLessThan(book.bestAsk());
    }
  };
  return { state, run, ok, account, applyAll, later: (ms: number) => void (time += ms) };
}

/** The ticks of an account's resting orders on one side, best first. */
function ownTicks(state: EngineState, symbol: string, accountId: number, side: Side): number[] {
  const market = venue.marketBySymbol.get(symbol)!;
  return state.books[market.index]!.orders(side)
    .filter((o) => o.owner === accountId)
    .map((o) => o.tick);
}

const count = (commands: readonly MakerCommand[], type: MakerCommand['type']) =>
  commands.filter((c) => c.type === type).length;

describe('MarketMaker on a spot pair', () => {
  const SIZE = 1_000_000n; // 0.01 BTC

  it('quotes ten levels a side, then re-quotes only the stale ones', () => {
    const x = exchange();
    const id = x.account(1_000_000n * U, 10n * U);
    const maker = new MarketMaker({ accountId: id, market: 'BTC/USDT', size: SIZE });
    const first = maker.quote(x.state, 50_000n * U);
    expect(count(first, 'PlaceOrder')).toBe(20);
    expect(count(first, 'CancelOrder')).toBe(0);
    x.applyAll(first);
    const book = x.state.books[venue.marketBySymbol.get('BTC/USDT')!.index]!;
    expect(book.depth(Side.Buy, 20)).toHaveLength(10);
    expect(book.depth(Side.Sell, 20)).toHaveLength(10);
    expect(book.bestBid()).toBe(4_997_500); // 49,975.00: 5 bps under
    expect(book.bestAsk()).toBe(5_002_500);

    expect(maker.quote(x.state, 50_000n * U)).toEqual([]);

    // One hundredth of a USDT up: the bids round to the same ticks, every ask moves up by a tick or two.
    const nudge = maker.quote(x.state, 50_000n * U + 1_000_000n);
    expect(count(nudge, 'CancelOrder')).toBe(10);
    expect(nudge.filter((c) => c.type === 'PlaceOrder').every((c) => c.side === 'SELL')).toBe(true);
    x.applyAll(nudge);

    // A 1% move: everything is stale.
    const move = maker.quote(x.state, 50_500n * U);
    expect(count(move, 'CancelOrder')).toBe(20);
    expect(count(move, 'PlaceOrder')).toBe(20);
    x.applyAll(move);
    const wanted = ladder(
      venue.marketBySymbol.get('BTC/USDT')!,
      50_500n * U,
      {
        levels: 10,
        spreadBps: 5,
        stepBps: 5,
        size: SIZE,
      },
      { bestBid: -1, bestAsk: -1 },
    );
    expect(ownTicks(x.state, 'BTC/USDT', id, Side.Buy)).toEqual(wanted.bids.map((q) => q.tick));
    expect(ownTicks(x.state, 'BTC/USDT', id, Side.Sell)).toEqual(wanted.asks.map((q) => q.tick));
  });

  it('refills a level once more than half of it is taken', () => {
    const x = exchange();
    const id = x.account(1_000_000n * U, 10n * U);
    const taker = x.account(1_000_000n * U, 0n);
    const maker = new MarketMaker({ accountId: id, market: 'BTC/USDT', size: SIZE, timeInForce: 'GTC' });
    x.applyAll(maker.quote(x.state, 50_000n * U));
    const buy = (lots: number) =>
      x.ok({
        type: 'PlaceOrder',
        accountId: taker,
        market: 'BTC/USDT',
        side: 'BUY',
        orderType: 'MARKET',
        qty: lots,
      });
    buy(300); // 0.003 of 0.01: 70% left
    expect(maker.quote(x.state, 50_000n * U)).toEqual([]);
    buy(300); // 40% left
    const refill = maker.quote(x.state, 50_000n * U);
    expect(refill).toMatchObject([
      { type: 'CancelOrder' },
      { type: 'PlaceOrder', side: 'SELL', price: 5_002_500, qty: 1_000, timeInForce: 'GTC' },
    ]);
    x.applyAll(refill);
  });

  it('quotes only what the account can pay for, inside first', () => {
    const x = exchange();
    const id = x.account(1_000n * U, 2_500_000n); // 1,000 USDT and 0.025 BTC
    const maker = new MarketMaker({ accountId: id, market: 'BTC/USDT', size: SIZE });
    const commands = maker.quote(x.state, 50_000n * U);
    x.applyAll(commands);
    // Bids of ~500 USDT each: two fit; asks of 0.01 BTC: two fit.
    expect(ownTicks(x.state, 'BTC/USDT', id, Side.Buy)).toEqual([4_997_500, 4_995_000]);
    expect(ownTicks(x.state, 'BTC/USDT', id, Side.Sell)).toEqual([5_002_500, 5_005_000]);
    // Without base nothing is offered.
    const poor = x.account(1_000n * U, 0n);
    const bidsOnly = new MarketMaker({ accountId: poor, market: 'BTC/USDT', size: SIZE, spreadBps: 100 });
    const c = bidsOnly.quote(x.state, 50_000n * U);
    expect(c.every((o) => o.type === 'PlaceOrder' && o.side === 'BUY')).toBe(true);
    x.applyAll(c);
  });

  it('stays off orders of others that sit inside its spread', () => {
    const x = exchange();
    const id = x.account(1_000_000n * U, 10n * U);
    const other = x.account(0n, U);
    // Someone offers at 49,970.00, below the reference: the first bid goes just under it.
    x.ok({
      type: 'PlaceOrder',
      accountId: other,
      market: 'BTC/USDT',
      side: 'SELL',
      orderType: 'LIMIT',
      price: 4_997_000,
      qty: 100,
    });
    const maker = new MarketMaker({ accountId: id, market: 'BTC/USDT', size: SIZE });
    x.applyAll(maker.quote(x.state, 50_000n * U));
    expect(ownTicks(x.state, 'BTC/USDT', id, Side.Buy).slice(0, 2)).toEqual([4_996_999, 4_995_000]);
    expect(ownTicks(x.state, 'BTC/USDT', id, Side.Sell)[0]).toBe(5_002_500);
  });

  it('keeps quotes within the tolerance', () => {
    const x = exchange();
    const id = x.account(1_000_000n * U, 10n * U);
    const maker = new MarketMaker({ accountId: id, market: 'BTC/USDT', size: SIZE, toleranceBps: 2 });
    x.applyAll(maker.quote(x.state, 50_000n * U));
    expect(maker.quote(x.state, 50_005n * U)).toEqual([]); // 1 bps
    // 5 bps, one step: each level lands within a cent or so of the next one out, so the ladder
    // slides: only the old first ask and the old last bid go.
    const slide = maker.quote(x.state, 50_025n * U);
    expect(count(slide, 'CancelOrder')).toBe(2);
    expect(slide.filter((c) => c.type === 'PlaceOrder').map((c) => c.side)).toEqual(['BUY', 'SELL']);
    x.applyAll(slide);
    // Half a step (2.5 bps) from every resting quote: all of them go.
    const moved = maker.quote(x.state, 50_037n * U + 50_000_000n);
    expect(count(moved, 'CancelOrder')).toBe(20);
    x.applyAll(moved);
  });

  it('refuses a bad configuration or reference', () => {
    expect(() => new MarketMaker({ accountId: 1, market: 'BTC/USDT', size: 0n })).toThrow(RangeError);
    expect(() => new MarketMaker({ accountId: 1, market: 'BTC/USDT', size: 1n, levels: 0 })).toThrow(
      RangeError,
    );
    expect(() => new MarketMaker({ accountId: 1, market: 'BTC/USDT', size: 1n, stepBps: 1.5 })).toThrow(
      RangeError,
    );
    const x = exchange();
    const id = x.account(U, U);
    expect(() =>
      new MarketMaker({ accountId: id, market: 'DOGE/USDT', size: 1n }).quote(x.state, U),
    ).toThrow();
    expect(() =>
      new MarketMaker({ accountId: 99, market: 'BTC/USDT', size: 1n }).quote(x.state, U),
    ).toThrow();
    expect(() =>
      new MarketMaker({ accountId: id, market: 'BTC/USDT', size: 1n }).quote(x.state, 0n),
    ).toThrow();
  });
});

describe('MarketMaker on a perpetual', () => {
  const SIZE = 1_000_000n; // 0.01 BTC

  it('waits for a mark price, then quotes both sides and follows the index', () => {
    const x = exchange();
    const id = x.account(100_000n * U, 0n, 100_000n * U);
    const maker = new MarketMaker({ accountId: id, market: 'BTCUSDT', size: SIZE });
    expect(maker.quote(x.state, 50_000n * U)).toEqual([]);
    x.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * U });
    const first = maker.quote(x.state, 50_000n * U);
    expect(count(first, 'PlaceOrder')).toBe(20);
    x.applyAll(first);
    expect(ownTicks(x.state, 'BTCUSDT', id, Side.Buy)).toHaveLength(10);
    expect(ownTicks(x.state, 'BTCUSDT', id, Side.Sell)).toHaveLength(10);
    expect(ownTicks(x.state, 'BTCUSDT', id, Side.Buy)[0]).toBe(499_750);

    x.later(1_000);
    x.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: 48_000n * U });
    const move = maker.quote(x.state, 48_000n * U);
    expect(count(move, 'CancelOrder')).toBe(20);
    x.applyAll(move);
    expect(ownTicks(x.state, 'BTCUSDT', id, Side.Buy)[0]).toBe(479_760);
    expect(ownTicks(x.state, 'BTCUSDT', id, Side.Sell)[0]).toBe(480_240);
  });

  it('quotes as far as the margin goes, exactly', () => {
    const x = exchange();
    // 150 USDT at 20x: 3,000 of order notional on the larger side, six levels of ~500.
    const id = x.account(0n, 0n);
    x.ok({ type: 'Deposit', accountId: id, asset: 'USDT', amount: 150n * U });
    x.ok({ type: 'Transfer', accountId: id, asset: 'USDT', amount: 150n * U, direction: 'SPOT_TO_FUTURES' });
    x.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * U });
    const maker = new MarketMaker({ accountId: id, market: 'BTCUSDT', size: SIZE });
    x.applyAll(maker.quote(x.state, 50_000n * U));
    const bids = ownTicks(x.state, 'BTCUSDT', id, Side.Buy);
    expect(bids.length).toBeGreaterThan(0);
    expect(bids.length).toBeLessThan(10);
    // The next level would be refused by the engine: the maker stopped exactly at the limit.
    const next = bids[bids.length - 1]! - 250;
    const { result } = x.run({
      type: 'PlaceOrder',
      accountId: id,
      market: 'BTCUSDT',
      side: 'BUY',
      orderType: 'LIMIT',
      price: next,
      qty: 10,
    });
    expect(result.ok).toBe(false);
  });

  it('opens LONG with bids and SHORT with asks in hedge mode', () => {
    const x = exchange();
    const id = x.account(100_000n * U, 0n, 100_000n * U);
    x.ok({ type: 'SetPositionMode', accountId: id, dualSide: true });
    x.ok({ type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * U });
    const commands = new MarketMaker({ accountId: id, market: 'BTCUSDT', size: SIZE, levels: 3 }).quote(
      x.state,
      50_000n * U,
    );
    expect(commands.map((c) => (c.type === 'PlaceOrder' ? `${c.side} ${c.positionSide}` : c.type))).toEqual([
      'BUY LONG',
      'SELL SHORT',
      'BUY LONG',
      'SELL SHORT',
      'BUY LONG',
      'SELL SHORT',
    ]);
    x.applyAll(commands);
  });
});

describe('MarketMaker against takers', () => {
  it('keeps every command accepted and the book uncrossed while prices move and takers trade', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('BTC/USDT', 'BTCUSDT'),
        fc.array(
          fc.record({
            moveBps: fc.integer({ min: -300, max: 300 }),
            takerSide: fc.constantFrom('BUY' as const, 'SELL' as const),
            takerLots: fc.integer({ min: 0, max: 3_000 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (symbol, steps) => {
          const x = exchange();
          const perp = symbol === 'BTCUSDT';
          const market = venue.marketBySymbol.get(symbol)!;
          const id = x.account(2_000_000n * U, 20n * U, perp ? 1_000_000n * U : 0n);
          const taker = x.account(2_000_000n * U, 20n * U, perp ? 1_000_000n * U : 0n);
          const maker = new MarketMaker({ accountId: id, market: symbol, size: 1_000_000n, levels: 5 });
          let reference = 50_000n * U;
          for (const step of steps) {
            reference = (reference * BigInt(10_000 + step.moveBps)) / 10_000n;
            x.later(1_000);
            if (perp) x.ok({ type: 'IndexPrice', market: symbol, price: reference });
            x.applyAll(maker.quote(x.state, reference));
            const book = x.state.books[market.index]!;
            expect(book.bestBid()).not.toBe(-1);
            expect(book.bestAsk()).not.toBe(-1);
            const lots = perp ? Math.ceil(step.takerLots / 100) : step.takerLots;
            if (lots > 0) {
              x.run({
                type: 'PlaceOrder',
                accountId: taker,
                market: symbol,
                side: step.takerSide,
                orderType: 'MARKET',
                qty: lots,
              });
              expect(invariantViolations(x.state)).toEqual([]);
            }
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
