import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Side } from '../book/index.ts';
import { defaultVenueConfig, mustLoadVenue } from '../market/index.ts';
import type { VenueConfig } from '../market/index.ts';
import { apply } from './apply.ts';
import type { Command, UnstampedCommand } from './commands.ts';
import { invariantViolations } from './invariants.ts';
import { settleFunding } from './perpMargin.ts';
import { positionRisk } from './perpRisk.ts';
import { decodeSnapshot, encodeSnapshot, stateHash, toJson, toSnapshot } from './snapshot.ts';
import { createState } from './state.ts';
import type { EngineState } from './state.ts';

const USDT = 100_000_000n;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1, 0, 30, 0);

function config(): VenueConfig {
  const base = defaultVenueConfig();
  return { ...base, perps: base.perps!.map((p) => ({ ...p, minNotional: '0' })) };
}
const venue = mustLoadVenue(config());
const ACCOUNTS = 4;

/** A step of a random stream: a command, or a pick among open orders, and how far time moves. */
type Intent =
  | { readonly kind: 'command'; readonly command: UnstampedCommand; readonly advance: number }
  | { readonly kind: 'order'; readonly order: OrderIntent; readonly advance: number }
  | { readonly kind: 'cancel'; readonly pick: number; readonly advance: number };

interface OrderIntent {
  readonly accountId: number;
  readonly market: string;
  readonly side: 'BUY' | 'SELL';
  readonly isMarket: boolean;
  readonly tif: 'GTC' | 'IOC' | 'GTX';
  readonly offset: number;
  readonly qty: number;
  /** Hedge mode: open (LONG for a buy) or close the other leg; one-way: a reduce-only close. */
  readonly closing: boolean;
  /** Now and then the wrong position side for the account's mode, to hit that refusal. */
  readonly wrongSide: boolean;
}

const accountId = fc.integer({ min: 1, max: ACCOUNTS });
const market = fc.constantFrom('BTCUSDT', 'BTCUSDT', 'BTCUSDT', 'ETHUSDT');
const advance = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: HOUR, max: 9 * HOUR }) },
);
const perpOrder: fc.Arbitrary<OrderIntent> = fc.record({
  accountId,
  market,
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  isMarket: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  tif: fc.constantFrom('GTC' as const, 'GTC' as const, 'IOC' as const, 'GTX' as const),
  offset: fc.integer({ min: -40, max: 40 }),
  qty: fc.integer({ min: 1, max: 400 }),
  closing: fc.boolean(),
  wrongSide: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

/** Prices around 50,000 (BTC, tick 0.1) or 3,000 (ETH, tick 0.01), in ticks. */
function orderCommand(state: EngineState, o: OrderIntent): UnstampedCommand {
  const mid = o.market === 'BTCUSDT' ? 500_000 : 300_000;
  const hedge = state.accounts[o.accountId - 1]?.futures.dualSide ?? false;
  let positionSide: 'BOTH' | 'LONG' | 'SHORT' = 'BOTH';
  if (hedge) {
    const buysLong = o.closing ? o.side === 'SELL' : o.side === 'BUY';
    positionSide = buysLong ? 'LONG' : 'SHORT';
  }
  if (o.wrongSide) positionSide = hedge ? 'BOTH' : 'LONG';
  return {
    type: 'PlaceOrder',
    accountId: o.accountId,
    market: o.market,
    side: o.side,
    orderType: o.isMarket ? 'MARKET' : 'LIMIT',
    ...(o.isMarket ? {} : { price: mid + o.offset * 10, timeInForce: o.tif }),
    qty: o.qty,
    positionSide,
    ...(!hedge && o.closing ? { reduceOnly: true } : {}),
  };
}

const indexMove = fc
  .record({ market, move: fc.integer({ min: -300, max: 300 }) })
  .map(({ market, move }): UnstampedCommand => ({
    type: 'IndexPrice',
    market,
    // Index around the book's mid, moving by up to +-3% (in 0.01% steps).
    price: ((market === 'BTCUSDT' ? 50_000n : 3_000n) * USDT * BigInt(10_000 + move)) / 10_000n,
  }));
const setting = fc.oneof(
  fc.record({
    type: fc.constant('SetLeverage' as const),
    accountId,
    market,
    leverage: fc.integer({ min: 1, max: 130 }),
  }),
  fc.record({ type: fc.constant('SetMarginType' as const), accountId, market, isolated: fc.boolean() }),
  fc.record({ type: fc.constant('SetPositionMode' as const), accountId, dualSide: fc.boolean() }),
  fc.record({
    type: fc.constant('Transfer' as const),
    accountId,
    asset: fc.constant('USDT'),
    amount: fc.bigInt({ min: 1n, max: 20_000n * USDT }),
    direction: fc.constantFrom('SPOT_TO_FUTURES' as const, 'FUTURES_TO_SPOT' as const),
  }),
  fc.record({
    type: fc.constant('AdjustIsolatedMargin' as const),
    accountId,
    market,
    positionSide: fc.constantFrom('BOTH' as const, 'LONG' as const, 'SHORT' as const),
    amount: fc.bigInt({ min: 1n, max: 2_000n * USDT }),
    add: fc.boolean(),
  }),
);
const stopOrder = fc
  .record({
    accountId,
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    orderType: fc.constantFrom(
      'STOP' as const,
      'STOP_MARKET' as const,
      'TAKE_PROFIT' as const,
      'TAKE_PROFIT_MARKET' as const,
    ),
    stopOffset: fc.integer({ min: -60, max: 60 }),
    limitOffset: fc.integer({ min: -40, max: 40 }),
    qty: fc.integer({ min: 1, max: 300 }),
    workingType: fc.constantFrom('MARK_PRICE' as const, 'CONTRACT_PRICE' as const),
    closePosition: fc.boolean(),
  })
  .map((o): UnstampedCommand => {
    const isMarket = o.orderType.endsWith('_MARKET');
    return {
      type: 'PlaceOrder',
      accountId: o.accountId,
      market: 'BTCUSDT',
      side: o.side,
      orderType: o.orderType,
      stopPrice: 500_000 + o.stopOffset * 10,
      ...(isMarket ? {} : { price: 500_000 + o.limitOffset * 10 }),
      qty: isMarket && o.closePosition ? 0 : o.qty,
      workingType: o.workingType,
      ...(isMarket && o.closePosition ? { closePosition: true } : {}),
    };
  });

const intent: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('command' as const), command: stopOrder, advance }) },
  { weight: 14, arbitrary: fc.record({ kind: fc.constant('order' as const), order: perpOrder, advance }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('command' as const), command: indexMove, advance }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('command' as const), command: setting, advance }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), advance }) },
);

const preamble: UnstampedCommand[] = [
  ...Array.from({ length: ACCOUNTS }, () => ({ type: 'CreateAccount' as const })),
  ...Array.from({ length: ACCOUNTS }, (_, i) => [
    { type: 'Deposit' as const, accountId: i + 1, asset: 'USDT', amount: 100_000n * USDT },
    {
      type: 'Transfer' as const,
      accountId: i + 1,
      asset: 'USDT',
      amount: 3_000n * USDT,
      direction: 'SPOT_TO_FUTURES' as const,
    },
  ]).flat(),
  { type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * USDT },
  { type: 'IndexPrice', market: 'ETHUSDT', price: 3_000n * USDT },
];

function resolve(state: EngineState, i: Intent): UnstampedCommand {
  if (i.kind === 'command') return i.command;
  if (i.kind === 'order') return orderCommand(state, i.order);
  const open = state.venue.perpMarkets.flatMap((m) =>
    [...state.books[m.index]!.orders(Side.Buy), ...state.books[m.index]!.orders(Side.Sell)].map((o) => ({
      o,
      m,
    })),
  );
  const chosen = open[i.pick % Math.max(1, open.length)];
  if (!chosen) return { type: 'CancelOrder', accountId: 1, market: 'BTCUSDT', orderId: 1 };
  return { type: 'CancelOrder', accountId: chosen.o.owner, market: chosen.m.symbol, orderId: chosen.o.id };
}

/** Run a stream, checking after every command; returns the stamped journal. */
function runStream(intents: readonly Intent[], check: boolean): { state: EngineState; journal: Command[] } {
  const state = createState(venue);
  const journal: Command[] = [];
  let time = T0;
  const all: Intent[] = [
    ...preamble.map((command) => ({ kind: 'command' as const, command, advance: 0 })),
    ...intents,
  ];
  all.forEach((step, n) => {
    time += step.advance;
    const c = { ...resolve(state, step), seq: n + 1, time } as Command;
    journal.push(c);
    const before = check ? stateHash(state) : '';
    const { result, events } = apply(state, c);
    if (!check) return;
    if (!result.ok) {
      expect(events).toEqual([]);
      expect(stateHash(state)).toBe(before);
    }
    const problems = invariantViolations(state);
    if (problems.length > 0)
      throw new Error(
        `after ${JSON.stringify(c, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}:\n${problems.join('\n')}`,
      );
  });
  return { state, journal };
}

describe('perpetual properties over random command streams', () => {
  it('conserves funds, keeps long OI == short OI, realized PnL == entry values, open-order totals exact; refusals change nothing', () => {
    fc.assert(
      fc.property(fc.array(intent, { minLength: 10, maxLength: 120, size: 'max' }), (intents) => {
        runStream(intents, true);
      }),
      { numRuns: 400 },
    );
  });

  it('funding paid == funding received each interval, the rounding remainder kept by the venue', () => {
    fc.assert(
      fc.property(fc.array(intent, { minLength: 10, maxLength: 120, size: 'max' }), (intents) => {
        const { state, journal } = runStream(intents, false);
        // The insurance fund's account holds what it took over from liquidations: it pays and gets funding too.
        for (const a of [...state.accounts, state.insurance]) settleFunding(state, a, []);
        // Each command settles at most every position of every account once (two legs per market).
        const maxSettlements = BigInt((journal.length + 1) * (ACCOUNTS + 1) * 2);
        state.venue.perpMarkets.forEach((m) => {
          const ms = state.perp[m.index]!;
          const remainder = ms.fundingPaid - ms.fundingReceived;
          // Everything settled: what was paid covers what was received, by under a unit per settlement.
          expect(remainder).toBeGreaterThanOrEqual(0n);
          expect(remainder).toBeLessThan(maxSettlements);
        });
        expect(invariantViolations(state)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('replays to the same hash, and snapshot + replay of the suffix equals the straight run', () => {
    fc.assert(
      fc.property(
        fc.array(intent, { minLength: 10, maxLength: 120, size: 'max' }),
        fc.nat(),
        (intents, cut) => {
          const { state, journal } = runStream(intents, false);
          const hash = stateHash(state);
          const again = createState(venue);
          for (const c of journal) apply(again, c);
          expect(stateHash(again)).toBe(hash);
          const at = cut % (journal.length + 1);
          const head = createState(venue);
          for (const c of journal.slice(0, at)) apply(head, c);
          const text = encodeSnapshot(head);
          expect(text).toBe(toJson(toSnapshot(head)));
          const restored = decodeSnapshot(text);
          for (const c of journal.slice(at)) apply(restored, c);
          expect(stateHash(restored)).toBe(hash);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('moving the mark to the liquidation price brings the margin ratio to 100%; on the safe side it stays below', () => {
    fc.assert(
      fc.property(
        fc.record({
          side: fc.constantFrom('BUY' as const, 'SELL' as const),
          lots: fc.integer({ min: 1, max: 2_000 }),
          leverage: fc.integer({ min: 1, max: 50 }),
          isolated: fc.boolean(),
          extra: fc.bigInt({ min: 0n, max: 5_000n * USDT }),
        }),
        ({ side, lots, leverage, isolated, extra }) => {
          const state = createState(venue);
          let seq = 0;
          let time = T0;
          const run = (c: UnstampedCommand) => {
            const r = apply(state, { ...c, seq: ++seq, time: (time += 1) } as Command);
            if (!r.result.ok) throw new Error(`${c.type}: ${r.result.code}`);
            return r.events;
          };
          run({ type: 'CreateAccount' });
          run({ type: 'CreateAccount' });
          run({ type: 'Deposit', accountId: 1, asset: 'USDT', amount: 10_000_000n * USDT });
          run({
            type: 'Transfer',
            accountId: 1,
            asset: 'USDT',
            amount: 10_000_000n * USDT,
            direction: 'SPOT_TO_FUTURES',
          });
          // The trader's wallet: the initial margin of the position plus some extra.
          const need = (50_000n * USDT * BigInt(lots)) / 1000n / BigInt(leverage) + USDT + extra;
          run({ type: 'Deposit', accountId: 2, asset: 'USDT', amount: need * 2n });
          run({ type: 'Transfer', accountId: 2, asset: 'USDT', amount: need, direction: 'SPOT_TO_FUTURES' });
          run({ type: 'SetLeverage', accountId: 2, market: 'BTCUSDT', leverage });
          if (isolated) run({ type: 'SetMarginType', accountId: 2, market: 'BTCUSDT', isolated: true });
          run({ type: 'IndexPrice', market: 'BTCUSDT', price: 50_000n * USDT });
          run({
            type: 'PlaceOrder',
            accountId: 1,
            market: 'BTCUSDT',
            side: side === 'BUY' ? 'SELL' : 'BUY',
            orderType: 'LIMIT',
            price: 500_000,
            qty: lots,
            stp: 'NONE',
          });
          run({
            type: 'PlaceOrder',
            accountId: 2,
            market: 'BTCUSDT',
            side,
            orderType: 'LIMIT',
            price: 500_000,
            qty: lots,
          });
          const lp = positionRisk(state, 2)[0]!.liquidationPrice;
          if (lp === undefined || lp <= 0n) return;
          // With no book and no funding yet, the mark equals the index: set it to the LP.
          // On the safe side of the LP nothing happens; at the LP the ratio reaches 100% (within a few
          // units of rounding) and the position is liquidated.
          const safe = side === 'BUY' ? lp + lp / 100n + USDT : lp - lp / 100n - USDT;
          if (safe > 0n) {
            const events = run({ type: 'IndexPrice', market: 'BTCUSDT', price: safe });
            expect(events.some((e) => e.type === 'LiquidationStarted')).toBe(false);
            expect(positionRisk(state, 2)[0]!.marginRatioPpm).toBeLessThan(1_000_000n);
          }
          const events = run({ type: 'IndexPrice', market: 'BTCUSDT', price: lp });
          const started = events.find((e) => e.type === 'LiquidationStarted');
          if (started) {
            expect(started.accountId).toBe(2);
            expect(started.maintenanceMargin * 1_000_000n).toBeGreaterThanOrEqual(
              started.marginBalance * 999_000n,
            );
          } else {
            const at = positionRisk(state, 2)[0]!;
            expect(at.markPrice).toBe(lp);
            expect(at.marginRatioPpm).toBeGreaterThanOrEqual(999_000n);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
