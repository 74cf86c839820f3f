import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReferenceBook, Side } from '../book/index.ts';
import { defaultSpotVenueConfig, mustLoadVenue } from '../market/index.ts';
import type { VenueConfig } from '../market/index.ts';
import { apply } from './apply.ts';
import type { Command, UnstampedCommand } from './commands.ts';
import { invariantViolations } from './invariants.ts';
import { decodeSnapshot, encodeSnapshot, stateHash, toJson, toSnapshot } from './snapshot.ts';
import { createState } from './state.ts';
import type { EngineState } from './state.ts';

/** A small, busy venue: a narrow price band so orders cross, odd fees so rounding happens. */
function testVenueConfig(): VenueConfig {
  const base = defaultSpotVenueConfig();
  return {
    ...base,
    spotPairs: base.spotPairs.map((p) => ({
      ...p,
      minNotional: '0',
      makerFee: '0.0002',
      takerFee: '0.00055',
    })),
  };
}

const ACCOUNTS = 4;
const markets = ['BTC/USDT', 'ETH/USDT'] as const;
const assets = ['USDT', 'BTC', 'ETH'] as const;

// Mostly valid values, with a few unknown or malformed ones mixed in.
const accountId = fc.oneof(
  { weight: 15, arbitrary: fc.integer({ min: 1, max: ACCOUNTS }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 99, 1.5) },
);
const market = fc.oneof(
  { weight: 15, arbitrary: fc.constantFrom<string>(...markets) },
  { weight: 1, arbitrary: fc.constant('DOGEUSDT') },
);
const price = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 9_990, max: 10_010 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -5, 10_000.5, Number.NaN, 2 ** 40) },
);
const qty = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 3_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER) },
);
const clientId = fc.option(fc.constantFrom('a', 'b', 'c', 'bad id!'), { nil: undefined, freq: 3 });
const orderId = fc.integer({ min: 1, max: 80 });

/** Cancel or amend one of the open orders, chosen when the stream runs (most random ids miss). */
interface Pick {
  readonly type: 'Pick';
  readonly pick: number;
  readonly action: 'cancel' | 'cancelByClientId' | 'amend';
  readonly priceMove: number;
  readonly qtyChange: number;
}
type Intent = UnstampedCommand | Pick;

const pickIntent: fc.Arbitrary<Pick> = fc.record({
  type: fc.constant('Pick' as const),
  pick: fc.nat(),
  action: fc.constantFrom('cancel' as const, 'cancelByClientId' as const, 'amend' as const, 'amend' as const),
  priceMove: fc.integer({ min: -6, max: 6 }),
  qtyChange: fc.integer({ min: -1_000, max: 1_000 }),
});

/** Turn a Pick into a concrete command against the current state (or a harmless unknown-order cancel). */
function resolve(state: EngineState, intent: Intent): UnstampedCommand {
  if (intent.type !== 'Pick') return intent;
  const open = state.books.flatMap((book, i) =>
    [...book.orders(Side.Buy), ...book.orders(Side.Sell)].map((o) => ({
      o,
      market: state.venue.spotMarkets[i]!.symbol,
    })),
  );
  const chosen = open[intent.pick % Math.max(open.length, 1)];
  if (!chosen) return { type: 'CancelOrder', accountId: 1, market: 'BTC/USDT', orderId: 1 };
  const { o, market } = chosen;
  if (intent.action === 'amend') {
    return {
      type: 'AmendOrder',
      accountId: o.owner,
      market,
      orderId: o.id,
      price: o.tick + intent.priceMove,
      qty: Math.max(1, o.origQty + intent.qtyChange),
    };
  }
  const clientOrderId = [...state.accounts[o.owner - 1]!.openClientIds].find(([, id]) => id === o.id)?.[0];
  if (intent.action === 'cancelByClientId' && clientOrderId !== undefined) {
    return { type: 'CancelOrder', accountId: o.owner, market, clientOrderId };
  }
  return { type: 'CancelOrder', accountId: o.owner, market, orderId: o.id };
}

const command: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 8, arbitrary: pickIntent },
  { weight: 1, arbitrary: fc.constant({ type: 'CreateAccount' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('Deposit' as const),
      accountId,
      asset: fc.constantFrom<string>(...assets, 'XRP'),
      amount: fc.bigInt({ min: -1n, max: 10n ** 14n }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('Withdraw' as const),
      accountId,
      asset: fc.constantFrom<string>(...assets),
      amount: fc.bigInt({ min: 0n, max: 10n ** 13n }),
    }),
  },
  {
    weight: 20,
    arbitrary: fc
      .record({
        accountId,
        market,
        side: fc.constantFrom('BUY' as const, 'SELL' as const),
        orderType: fc.constantFrom('LIMIT' as const, 'LIMIT' as const, 'LIMIT' as const, 'MARKET' as const),
        timeInForce: fc.option(
          fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const, 'GTX' as const),
          {
            nil: undefined,
          },
        ),
        price,
        qty,
        clientOrderId: clientId,
        stp: fc.option(
          fc.constantFrom(
            'NONE' as const,
            'EXPIRE_TAKER' as const,
            'EXPIRE_MAKER' as const,
            'EXPIRE_BOTH' as const,
          ),
          {
            nil: undefined,
          },
        ),
      })
      .map((o) => ({
        type: 'PlaceOrder' as const,
        accountId: o.accountId,
        market: o.market,
        side: o.side,
        orderType: o.orderType,
        qty: o.qty,
        ...(o.orderType === 'LIMIT' ? { price: o.price } : {}),
        ...(o.timeInForce ? { timeInForce: o.timeInForce } : {}),
        ...(o.clientOrderId ? { clientOrderId: o.clientOrderId } : {}),
        ...(o.stp ? { stp: o.stp } : {}),
      })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({ accountId, market, orderId, clientOrderId: clientId, byClient: fc.boolean() })
      .map((c) => ({
        type: 'CancelOrder' as const,
        accountId: c.accountId,
        market: c.market,
        ...(c.byClient && c.clientOrderId ? { clientOrderId: c.clientOrderId } : { orderId: c.orderId }),
      })),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('AmendOrder' as const),
      accountId,
      market,
      orderId,
      price,
      qty,
    }),
  },
);

/** Accounts and balances first, so that most orders are funded. */
const preamble: UnstampedCommand[] = [
  ...Array.from({ length: ACCOUNTS }, () => ({ type: 'CreateAccount' as const })),
  ...Array.from({ length: ACCOUNTS }, (_, i) =>
    assets.map((asset) => ({ type: 'Deposit' as const, accountId: i + 1, asset, amount: 10n ** 13n })),
  ).flat(),
];

/** The sequencer's part: seq strictly increasing, time standing still or moving on, never back. */
function stamp(command: UnstampedCommand, index: number): Command {
  return { ...command, seq: index + 1, time: 1_700_000_000_000 + Math.floor(index / 3) } as Command;
}

function run(state: EngineState, commands: readonly Command[]): void {
  for (const c of commands) apply(state, c);
}

/** Run intents on a fresh state, resolving picks as they come; returns the stamped journal. */
function journalOf(intents: readonly Intent[]): Command[] {
  const state = createState(venue);
  return intents.map((intent, i) => {
    const c = stamp(resolve(state, intent), i);
    apply(state, c);
    return c;
  });
}

const venue = mustLoadVenue(testVenueConfig());

describe('engine properties over random command streams', () => {
  it('conserves funds, keeps holds exact and books uncrossed; a refusal changes nothing', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 20, maxLength: 150, size: 'max' }), (random) => {
        const state = createState(venue);
        for (const [i, intent] of [...preamble, ...random].entries()) {
          const c = stamp(resolve(state, intent), i);
          const before = stateHash(state);
          const { result, events } = apply(state, c);
          if (!result.ok) {
            expect(events).toEqual([]);
            expect(stateHash(state)).toBe(before);
          }
          expect(invariantViolations(state)).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same hash on replay, on snapshot + replay of the suffix, and with the reference book', () => {
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 20, maxLength: 200, size: 'max' }),
        fc.nat(),
        (random, cut) => {
          const commands = journalOf([...preamble, ...random]);
          const straight = createState(venue);
          run(straight, commands);
          const hash = stateHash(straight);

          const again = createState(venue);
          run(again, commands);
          expect(stateHash(again)).toBe(hash);

          const reference = createState(venue, () => new ReferenceBook());
          run(reference, commands);
          expect(stateHash(reference)).toBe(hash);

          const at = cut % (commands.length + 1);
          const head = createState(venue);
          run(head, commands.slice(0, at));
          const snapshot = encodeSnapshot(head);
          // The fast writer gives exactly the generic encoding's bytes.
          expect(snapshot).toBe(toJson(toSnapshot(head)));
          const restored = decodeSnapshot(snapshot);
          expect(encodeSnapshot(restored)).toBe(snapshot);
          run(restored, commands.slice(at));
          expect(stateHash(restored)).toBe(hash);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
