import { FastBook, Side } from '../src/book/index.ts';
import { warmFastBook } from './obw1Book.ts';
import { apply, createState } from '../src/engine/index.ts';
import type { CancelOrder, Command, EngineState, PlaceOrder, Rejection } from '../src/engine/index.ts';
import { defaultSpotVenueConfig, mustLoadVenue } from '../src/market/index.ts';
import type { SpotPairConfig, Venue, VenueConfig } from '../src/market/index.ts';
import { emptyChecksums, OpKind, OpSide, OpTif } from './obw1Stream.ts';
import type { Obw1Adapter, Obw1Run, Obw1Stream } from './obw1Stream.ts';

/** The default venue's BTC spot pair (its symbol is looked up, not assumed). */
const BASE = 'BTC';
const QUOTE = 'USDT';
const ACCOUNTS = 16;
/** Far more than the stream can ever hold or trade, so no order is refused for funds. */
const DEPOSIT = 10n ** 18n;
const TIME = 1_700_000_000_000;

/**
 * The default spot venue with the BTC/USDT pair's minNotional at 0: OBW-1 orders are 1..10 lots of
 * 0.00001 BTC at ~1000 USDT (100,000 ticks of 0.01), far below the default 5 USDT minimum.
 */
export function obw1VenueConfig(): VenueConfig {
  const base = defaultSpotVenueConfig();
  return {
    ...base,
    spotPairs: base.spotPairs.map((pair) => (isBenchPair(pair) ? { ...pair, minNotional: '0' } : pair)),
  };
}

function isBenchPair(pair: SpotPairConfig): boolean {
  return pair.base === BASE && pair.quote === QUOTE;
}

/** The benchmark market in a loaded venue: its symbol for commands and its index for the book. */
function benchMarket(venue: Venue): { readonly symbol: string; readonly index: number } {
  const market = venue.spotMarkets.find((m) => m.base.symbol === BASE && m.quote.symbol === QUOTE);
  if (!market) throw new Error(`OBW-1 engine: the default venue has no ${BASE}/${QUOTE} spot pair`);
  return { symbol: market.symbol, index: market.index };
}

/** Owner of an OBW-1 order id: accounts 1..16 round-robin. */
export function ownerOf(orderId: number): number {
  return (orderId % ACCOUNTS) + 1;
}

interface EngineInput {
  readonly venue: Venue;
  readonly market: { readonly symbol: string; readonly index: number };
  readonly setup: readonly Command[];
  readonly places: readonly PlaceOrder[];
  readonly cancels: readonly CancelOrder[];
}

/**
 * Every command stamped and built before the clock starts. Built per run and dropped after it, so the
 * 1.2M command objects never sit in the heap (and in every GC) while another engine is measured.
 */
function buildInput(stream: Obw1Stream, venue: Venue): EngineInput {
  const market = benchMarket(venue);
  const setup: Command[] = [];
  let seq = 0;
  for (let a = 1; a <= ACCOUNTS; a++) setup.push({ type: 'CreateAccount', seq: ++seq, time: TIME });
  for (let a = 1; a <= ACCOUNTS; a++) {
    setup.push({ type: 'Deposit', seq: ++seq, time: TIME, accountId: a, asset: 'USDT', amount: DEPOSIT });
    setup.push({ type: 'Deposit', seq: ++seq, time: TIME, accountId: a, asset: 'BTC', amount: DEPOSIT });
  }
  const places: PlaceOrder[] = [];
  const cancels: CancelOrder[] = [];
  for (let i = 0; i < stream.length; i++) {
    const orderId = stream.id[i]!;
    if (stream.kind[i] === OpKind.Cancel) {
      cancels.push({
        type: 'CancelOrder',
        seq: ++seq,
        time: TIME,
        accountId: ownerOf(orderId),
        market: market.symbol,
        orderId,
      });
    } else {
      places.push({
        type: 'PlaceOrder',
        seq: ++seq,
        time: TIME,
        accountId: ownerOf(orderId),
        market: market.symbol,
        side: stream.side[i] === OpSide.Buy ? 'BUY' : 'SELL',
        orderType: 'LIMIT',
        timeInForce: stream.tif[i] === OpTif.Ioc ? 'IOC' : 'GTC',
        price: stream.price[i]!,
        qty: stream.size[i]!,
        stp: 'NONE',
      });
    }
  }
  return { venue, market, setup, places, cancels };
}

/**
 * The full engine path: `apply` with validation, balance checks and holds, matching, settlement with
 * fees, and events. The engine numbers accepted placements 1, 2, 3..., which are OBW-1's ids because
 * only placements create orders.
 */
export function engineAdapter(stream: Obw1Stream, warm: boolean): Obw1Adapter {
  const venue = mustLoadVenue(obw1VenueConfig());
  return {
    key: 'engine',
    label: 'engine apply() (full path)',
    run: () => runEngine(stream, buildInput(stream, venue), warm),
  };
}

function freshState(stream: Obw1Stream, input: EngineInput, warm: boolean): EngineState {
  const marketIndex = input.market.index;
  let next = 0;
  // Books are made in market-index order; only the benchmark market gets the warmed one.
  const state = createState(input.venue, () => {
    const index = next++;
    return warm && index === marketIndex ? warmFastBook(stream) : new FastBook();
  });
  for (const command of input.setup) {
    const { result } = apply(state, command);
    if (!result.ok)
      throw new Error(`OBW-1 engine setup: ${command.type} refused: ${result.code} ${result.message}`);
  }
  return state;
}

function runEngine(stream: Obw1Stream, input: EngineInput, warm: boolean): Obw1Run {
  const { length, kind, tif } = stream;
  const { places, cancels } = input;
  const state = freshState(stream, input, warm);
  const sums = emptyChecksums();
  let iocWithFill = 0;
  let tradedQty = 0;
  let makerFills = 0;
  let cancelHits = 0;
  let placed = 0;
  let cancelled = 0;
  // Kept, not thrown, so a refusal costs the loop nothing; reported after the clock stops.
  let unexpected: Rejection | undefined;

  const start = process.hrtime.bigint();
  for (let i = 0; i < length; i++) {
    if (kind[i] === OpKind.Cancel) {
      const { result } = apply(state, cancels[cancelled++]!);
      if (result.ok) cancelHits++;
      else if (result.code !== 'BOOK_UNKNOWN_ORDER') unexpected ??= result;
      continue;
    }
    const { result, events } = apply(state, places[placed++]!);
    if (!result.ok) {
      unexpected ??= result;
      continue;
    }
    if (tif[i] === OpTif.Ioc) {
      const executed = result.value.executedQty;
      if (executed > 0) iocWithFill++;
      tradedQty += executed;
      for (let e = 0; e < events.length; e++) if (events[e]!.type === 'Trade') makerFills++;
    }
  }
  const elapsedNs = process.hrtime.bigint() - start;

  if (unexpected)
    throw new Error(`OBW-1 engine: unexpected refusal ${unexpected.code}: ${unexpected.message}`);
  const book = state.books[input.market.index];
  if (!book) throw new Error(`OBW-1 engine: no book for ${input.market.symbol}`);
  sums.iocWithFill = iocWithFill;
  sums.tradedQty = tradedQty;
  sums.makerFills = makerFills;
  sums.cancelHits = cancelHits;
  sums.restingOrders = book.size();
  let restingQty = 0;
  for (const level of book.depth(Side.Buy, Infinity)) restingQty += level.qty;
  for (const level of book.depth(Side.Sell, Infinity)) restingQty += level.qty;
  sums.restingQty = restingQty;
  sums.bestBid = book.bestBid();
  sums.bestAsk = book.bestAsk();
  return { elapsedNs, checksums: sums };
}
