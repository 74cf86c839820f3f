import { createRequire } from 'node:module';
import { emptyChecksums, OpKind, OpSide, OpTif } from './obw1Stream.ts';
import type { Obw1Adapter, Obw1Run, Obw1Stream } from './obw1Stream.ts';

/** The part of nodejs-order-book 10.x this benchmark uses (its published `types` path is broken). */
interface PeerLimitOptions {
  readonly side: 'buy' | 'sell';
  readonly id: string;
  readonly size: number;
  readonly price: number;
  readonly timeInForce: 'GTC' | 'IOC';
}

interface PeerProcessOrder {
  /** Makers filled in full, then the taker itself when it filled in full. */
  readonly done: readonly unknown[];
  /** After a fill: the maker left partly filled, or else the taker's remainder. */
  readonly partial: unknown;
  readonly quantityLeft: number;
  readonly err: unknown;
}

interface PeerOrder {
  readonly size: number;
}

interface PeerSnapshot {
  readonly bids: readonly { readonly price: number; readonly orders: readonly PeerOrder[] }[];
  readonly asks: readonly { readonly price: number; readonly orders: readonly PeerOrder[] }[];
}

interface PeerBook {
  limit(options: PeerLimitOptions): PeerProcessOrder;
  cancel(id: string): unknown;
  snapshot(): PeerSnapshot;
}

interface PeerModule {
  readonly OrderBook: new () => PeerBook;
}

/** Its ESM build imports without file extensions, which Node's ESM loader refuses; the CJS build loads. */
function loadPeer(): PeerModule {
  const require = createRequire(import.meta.url);
  return require('nodejs-order-book') as PeerModule;
}

/** nodejs-order-book 10.1.1 (npm), string ids built before timing. */
export function peerAdapter(stream: Obw1Stream): Obw1Adapter {
  const peer = loadPeer();
  return {
    key: 'peer',
    label: 'nodejs-order-book 10.1.1',
    run: () => runPeer(stream, peer),
  };
}

function runPeer(stream: Obw1Stream, peer: PeerModule): Obw1Run {
  const { length, kind, id, side, price, size, tif } = stream;
  // Built per run, like the engine's commands, so they are not live while another engine is timed.
  const ids: string[] = [];
  for (let n = 0; n <= stream.placements; n++) ids.push(String(n));
  const ob = new peer.OrderBook();
  const sums = emptyChecksums();
  let iocWithFill = 0;
  let tradedQty = 0;
  let makerFills = 0;
  let cancelHits = 0;
  let errors = 0;

  const start = process.hrtime.bigint();
  for (let i = 0; i < length; i++) {
    const orderId = ids[id[i]!]!;
    if (kind[i] === OpKind.Cancel) {
      if (ob.cancel(orderId) !== undefined) cancelHits++;
      continue;
    }
    const lots = size[i]!;
    const ioc = tif[i] === OpTif.Ioc;
    const res = ob.limit({
      side: side[i] === OpSide.Buy ? 'buy' : 'sell',
      id: orderId,
      size: lots,
      price: price[i]!,
      timeInForce: ioc ? 'IOC' : 'GTC',
    });
    if (res.err !== null) errors++;
    if (!ioc) continue;
    const traded = lots - res.quantityLeft;
    if (traded > 0) iocWithFill++;
    tradedQty += traded;
    // A partly filled maker ends the walk with the taker complete; the taker is then the last of `done`.
    makerFills +=
      res.quantityLeft === 0 ? res.done.length - 1 + (res.partial !== null ? 1 : 0) : res.done.length;
  }
  const elapsedNs = process.hrtime.bigint() - start;

  if (errors > 0) throw new Error(`OBW-1 peer: ${errors} orders returned an error`);
  // Its side volume() misses partial fills, so count from the orders themselves.
  const snap = ob.snapshot();
  let restingOrders = 0;
  let restingQty = 0;
  let bestBid = -1;
  let bestAsk = -1;
  for (const level of snap.bids) {
    if (level.orders.length > 0 && level.price > bestBid) bestBid = level.price;
    for (const order of level.orders) restingQty += order.size;
    restingOrders += level.orders.length;
  }
  for (const level of snap.asks) {
    if (level.orders.length > 0 && (bestAsk === -1 || level.price < bestAsk)) bestAsk = level.price;
    for (const order of level.orders) restingQty += order.size;
    restingOrders += level.orders.length;
  }
  sums.iocWithFill = iocWithFill;
  sums.tradedQty = tradedQty;
  sums.makerFills = makerFills;
  sums.cancelHits = cancelHits;
  sums.restingOrders = restingOrders;
  sums.restingQty = restingQty;
  sums.bestBid = bestBid;
  sums.bestAsk = bestAsk;
  return { elapsedNs, checksums: sums };
}
