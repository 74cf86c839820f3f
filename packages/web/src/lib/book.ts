import { decimalsOf, formatFixed, fx } from './decimal.ts';

/** A level as the API sends it: [price, quantity]. */
export type Level = readonly [price: string, qty: string];

export interface BookSnapshotMessage {
  readonly type: 'snapshot';
  readonly seq: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export interface BookDiffMessage {
  readonly type: 'diff';
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly prevSeq: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export type BookMessage = BookSnapshotMessage | BookDiffMessage;

/** A level with its running total from the best price, for the depth bars. */
export interface DepthRow {
  readonly price: string;
  readonly qty: string;
  readonly total: string;
  /** Share of the deepest total shown, 0..1, for the bar width (a display ratio, not money). */
  readonly share: number;
}

export type DiffOutcome = 'applied' | 'stale' | 'gap' | 'no-snapshot';

/**
 * The book of one market kept from the `book:` channel: a snapshot, then diffs chained by seq. A
 * diff whose prevSeq is not the last seq applied means something was missed: the caller asks for a
 * new snapshot.
 */
export class LocalBook {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();
  private seq: number | undefined;

  get ready(): boolean {
    return this.seq !== undefined;
  }

  get lastSeq(): number | undefined {
    return this.seq;
  }

  apply(message: BookMessage): DiffOutcome {
    if (message.type === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
      for (const [p, q] of message.bids) this.bids.set(p, q);
      for (const [p, q] of message.asks) this.asks.set(p, q);
      this.seq = message.seq;
      return 'applied';
    }
    if (this.seq === undefined) return 'no-snapshot';
    if (message.lastSeq <= this.seq) return 'stale';
    if (message.prevSeq !== this.seq) return 'gap';
    for (const [p, q] of message.bids) setLevel(this.bids, p, q);
    for (const [p, q] of message.asks) setLevel(this.asks, p, q);
    this.seq = message.lastSeq;
    return 'applied';
  }

  /** Best first: bids high to low, asks low to high. */
  levels(side: 'bids' | 'asks', depth: number): Level[] {
    const map = side === 'bids' ? this.bids : this.asks;
    const sorted = [...map].map(([p, q]) => ({ p, q, v: fx(p) }));
    sorted.sort((a, b) => (a.v === b.v ? 0 : a.v < b.v === (side === 'asks') ? -1 : 1));
    return sorted.slice(0, depth).map(({ p, q }) => [p, q] as const);
  }

  best(side: 'bids' | 'asks'): string | undefined {
    return this.levels(side, 1)[0]?.[0];
  }
}

function setLevel(map: Map<string, string>, price: string, qty: string): void {
  if (fx(qty) === 0n) map.delete(price);
  else map.set(price, qty);
}

/** Running totals of levels (best first), in the lot size's decimals. */
export function depthRows(levels: readonly Level[], lotSize: string): DepthRow[] {
  const decimals = decimalsOf(lotSize);
  let running = 0n;
  const totals = levels.map(([, q]) => (running += fx(q)));
  const deepest = totals.at(-1) ?? 0n;
  return levels.map(([price, qty], i) => ({
    price,
    qty,
    total: formatFixed(totals[i]!, decimals),
    share: deepest === 0n ? 0 : Number((totals[i]! * 1000n) / deepest) / 1000,
  }));
}

/** Spread between the best ask and bid, exact, in the tick's decimals. */
export function spreadText(bid: string | undefined, ask: string | undefined, tickSize: string): string {
  if (bid === undefined || ask === undefined) return '–';
  return formatFixed(fx(ask) - fx(bid), decimalsOf(tickSize));
}
