/**
 * OBW-1: a deterministic order book workload (spec: /work/shared/bench/OBW-1.md).
 *
 * The stream is generated once into typed arrays so that no engine pays for generation, parsing or
 * allocation of inputs inside its timed section.
 */

export const OpKind = { Place: 0, Cancel: 1 } as const;
export type OpKind = (typeof OpKind)[keyof typeof OpKind];

/** Same numbering as the book's `Side`, so the book adapter passes the column straight through. */
export const OpSide = { Buy: 0, Sell: 1 } as const;
export type OpSide = (typeof OpSide)[keyof typeof OpSide];

export const OpTif = { Gtc: 0, Ioc: 1 } as const;
export type OpTif = (typeof OpTif)[keyof typeof OpTif];

export const OBW1_SEED = 12345;
export const OBW1_MID = 100_000;
export const OBW1_BAND = 1_000;
export const OBW1_PLACEMENTS = 1_000_000;
export const OBW1_CANCELS = 200_000;
/** Placements between two cancels. */
export const OBW1_PLACES_PER_CANCEL = 5;

/** Column-wise stream; cancels use only `kind` and `id` (the other columns hold 0). */
export interface Obw1Stream {
  readonly length: number;
  readonly placements: number;
  readonly cancels: number;
  readonly kind: Uint8Array;
  /** Placement: the new order's id (1..placements in order). Cancel: the id to cancel. */
  readonly id: Int32Array;
  readonly side: Uint8Array;
  /** Integer ticks. */
  readonly price: Int32Array;
  /** Integer lots. */
  readonly size: Int32Array;
  readonly tif: Uint8Array;
}

/** What every correct price-time engine reports after the whole stream. */
export interface Obw1Checksums {
  /** IOC orders with at least one fill. */
  iocWithFill: number;
  /** Lots traded. */
  tradedQty: number;
  /** Fills counted per maker order touched (a partial fill counts once). */
  makerFills: number;
  /** Cancels that found their order still resting. */
  cancelHits: number;
  restingOrders: number;
  restingQty: number;
  bestBid: number;
  bestAsk: number;
}

/** The checksums OBW-1.md publishes for the default stream. */
export const OBW1_EXPECTED: Readonly<Obw1Checksums> = Object.freeze({
  iocWithFill: 99_930,
  tradedQty: 549_661,
  makerFills: 180_950,
  cancelHits: 177_721,
  restingOrders: 622_224,
  restingQty: 3_423_571,
  bestBid: 99_891,
  bestAsk: 100_067,
});

export const CHECKSUM_KEYS: readonly (keyof Obw1Checksums)[] = [
  'iocWithFill',
  'tradedQty',
  'makerFills',
  'cancelHits',
  'restingOrders',
  'restingQty',
  'bestBid',
  'bestAsk',
];

export function emptyChecksums(): Obw1Checksums {
  return {
    iocWithFill: 0,
    tradedQty: 0,
    makerFills: 0,
    cancelHits: 0,
    restingOrders: 0,
    restingQty: 0,
    bestBid: -1,
    bestAsk: -1,
  };
}

/** Human-readable differences, empty when the checksums match. */
export function checksumMismatches(actual: Obw1Checksums, expected: Readonly<Obw1Checksums>): string[] {
  const problems: string[] = [];
  for (const key of CHECKSUM_KEYS) {
    if (actual[key] !== expected[key]) problems.push(`${key}: got ${actual[key]}, expected ${expected[key]}`);
  }
  return problems;
}

/** mulberry32 exactly as OBW-1.md writes it: a float in [0, 1) per draw. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Obw1Params {
  readonly seed: number;
  readonly placements: number;
  readonly cancels: number;
}

const DEFAULT_PARAMS: Obw1Params = { seed: OBW1_SEED, placements: OBW1_PLACEMENTS, cancels: OBW1_CANCELS };

/**
 * Generate the stream: blocks of 5 placements then 1 cancel, while both remain; whatever is left of
 * either kind follows (never the case with the default counts).
 */
export function generateObw1(params: Obw1Params = DEFAULT_PARAMS): Obw1Stream {
  const { placements, cancels } = params;
  const length = placements + cancels;
  const kind = new Uint8Array(length);
  const id = new Int32Array(length);
  const side = new Uint8Array(length);
  const price = new Int32Array(length);
  const size = new Int32Array(length);
  const tif = new Uint8Array(length);
  const rand = mulberry32(params.seed);
  // GTC ids not yet picked by a cancel; swap-remove keeps picking O(1).
  const pool = new Int32Array(placements);
  let poolLen = 0;
  let placed = 0;
  let cancelled = 0;
  let sinceCancel = 0;
  for (let i = 0; i < length; i++) {
    const cancelTurn =
      cancelled < cancels && (sinceCancel === OBW1_PLACES_PER_CANCEL || placed === placements);
    if (cancelTurn) {
      if (poolLen === 0) throw new Error(`OBW-1: cancel at op ${i} with no GTC order to pick`);
      const idx = Math.floor(rand() * poolLen);
      kind[i] = OpKind.Cancel;
      id[i] = pool[idx]!;
      pool[idx] = pool[--poolLen]!;
      cancelled++;
      sinceCancel = 0;
      continue;
    }
    const orderId = ++placed;
    const s = rand() < 0.5 ? OpSide.Buy : OpSide.Sell;
    const crossing = rand() < 0.1;
    const lots = 1 + Math.floor(rand() * 10);
    kind[i] = OpKind.Place;
    id[i] = orderId;
    side[i] = s;
    size[i] = lots;
    if (crossing) {
      tif[i] = OpTif.Ioc;
      price[i] = s === OpSide.Buy ? OBW1_MID + OBW1_BAND : OBW1_MID - OBW1_BAND;
    } else {
      const d = 1 + Math.floor(rand() * OBW1_BAND);
      tif[i] = OpTif.Gtc;
      price[i] = s === OpSide.Buy ? OBW1_MID - d : OBW1_MID + d;
      pool[poolLen++] = orderId;
    }
    sinceCancel++;
  }
  return { length, placements, cancels, kind, id, side, price, size, tif };
}

/** One timed pass over the stream by one engine. */
export interface Obw1Run {
  /** Wall time of the stream alone (fresh instance set up before the clock starts). */
  readonly elapsedNs: bigint;
  readonly checksums: Obw1Checksums;
}

export interface Obw1Adapter {
  /** Short key used on the command line and in the JSON line. */
  readonly key: string;
  readonly label: string;
  /** Build a fresh instance (untimed), run the whole stream (timed), read the checksums (untimed). */
  run(): Obw1Run;
}
