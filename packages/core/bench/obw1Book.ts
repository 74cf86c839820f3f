import { FastBook, Side, Stp } from '../src/book/index.ts';
import { emptyChecksums, OpKind, OpTif } from './obw1Stream.ts';
import type { Obw1Adapter, Obw1Run, Obw1Stream } from './obw1Stream.ts';

/** Round-robin owners, the same as the engine adapter's accounts (irrelevant to matching with Stp.None). */
const OWNERS = 16;

/** FastBook alone: matching and resting, no validation, balances or events. */
export function bookAdapter(stream: Obw1Stream): Obw1Adapter {
  return {
    key: 'book',
    label: 'FastBook (book alone)',
    run: () => runBook(stream),
  };
}

function runBook(stream: Obw1Stream): Obw1Run {
  const { length, kind, id, side, price, size, tif } = stream;
  const book = new FastBook();
  const sums = emptyChecksums();
  let iocWithFill = 0;
  let tradedQty = 0;
  let makerFills = 0;
  let cancelHits = 0;

  const start = process.hrtime.bigint();
  for (let i = 0; i < length; i++) {
    const orderId = id[i]!;
    if (kind[i] === OpKind.Cancel) {
      if (book.cancel(orderId) !== 0) cancelHits++;
    } else if (tif[i] === OpTif.Gtc) {
      // OBW-1 GTC prices never reach the opposite side, so resting directly is what a full place would do.
      const lots = size[i]!;
      book.rest(orderId, (orderId % OWNERS) + 1, side[i] as Side, price[i]!, lots, lots, 0);
    } else {
      const out = book.match(side[i] as Side, price[i]!, size[i]!, (orderId % OWNERS) + 1, Stp.None);
      if (out.fillCount > 0) iocWithFill++;
      makerFills += out.fillCount;
      tradedQty += out.filledQty;
    }
  }
  const elapsedNs = process.hrtime.bigint() - start;

  sums.iocWithFill = iocWithFill;
  sums.tradedQty = tradedQty;
  sums.makerFills = makerFills;
  sums.cancelHits = cancelHits;
  sums.restingOrders = book.size();
  sums.restingQty = sumQty(book, Side.Buy) + sumQty(book, Side.Sell);
  sums.bestBid = book.bestBid();
  sums.bestAsk = book.bestAsk();
  return { elapsedNs, checksums: sums };
}

function sumQty(book: FastBook, side: Side): number {
  let qty = 0;
  for (const level of book.depth(side, Infinity)) qty += level.qty;
  return qty;
}
