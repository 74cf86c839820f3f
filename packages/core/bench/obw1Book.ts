import { FastBook, Side, Stp } from '../src/book/index.ts';
import { emptyChecksums, mulberry32, OBW1_BAND, OBW1_MID, OpKind, OpSide, OpTif } from './obw1Stream.ts';
import type { Obw1Adapter, Obw1Run, Obw1Stream } from './obw1Stream.ts';

/** Round-robin owners, the same as the engine adapter's accounts (irrelevant to matching with Stp.None). */
const OWNERS = 16;

/**
 * A FastBook whose storage has already held every order of the stream once, then emptied: the order
 * table, the level lists and the bitmaps are grown and their memory touched, as in a venue that has
 * been running a while. Cancels go in shuffled order, so any state that depends on the order in which
 * slots were freed is scattered too.
 */
export function warmFastBook(stream: Obw1Stream): FastBook {
  const book = new FastBook();
  const ids: number[] = [];
  for (let i = 0; i < stream.length; i++) {
    if (stream.kind[i] !== OpKind.Place) continue;
    const s = stream.side[i] as Side;
    // IOC prices would cross; rest those at the far edge of the band instead.
    const tick =
      stream.tif[i] === OpTif.Gtc
        ? stream.price[i]!
        : s === OpSide.Buy
          ? OBW1_MID - OBW1_BAND
          : OBW1_MID + OBW1_BAND;
    book.rest(stream.id[i]!, 1, s, tick, 1, 1, 0);
    ids.push(stream.id[i]!);
  }
  const rand = mulberry32(0x5eed);
  for (let n = ids.length; n > 0; n--) {
    const k = Math.floor(rand() * n);
    book.cancel(ids[k]!);
    ids[k] = ids[n - 1]!;
  }
  if (book.size() !== 0) throw new Error('OBW-1 warm book: not empty after warming');
  return book;
}

/**
 * FastBook alone: matching and resting, no validation, balances or events. A fresh book starts at the
 * default size, as the engine's books do, and grows inside the timed loop.
 */
export function bookAdapter(stream: Obw1Stream, warm: boolean): Obw1Adapter {
  return {
    key: 'book',
    label: 'FastBook (book alone)',
    run: () => runBook(stream, warm ? warmFastBook(stream) : new FastBook()),
  };
}

function runBook(stream: Obw1Stream, book: FastBook): Obw1Run {
  const { length, kind, id, side, price, size, tif } = stream;
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
