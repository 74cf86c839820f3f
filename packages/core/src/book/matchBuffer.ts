import type { MatchOutput } from './types.ts';

/** Reusable, growable columns for match results: the hot path writes numbers, never objects. */
export class MatchBuffer implements MatchOutput {
  fillCount = 0;
  fillMakerId = new Float64Array(64);
  fillMakerOwner = new Int32Array(64);
  fillTick = new Int32Array(64);
  fillQty = new Float64Array(64);
  fillMakerLeft = new Float64Array(64);
  expiredCount = 0;
  expiredId = new Float64Array(16);
  expiredOwner = new Int32Array(16);
  expiredTick = new Int32Array(16);
  expiredQty = new Float64Array(16);
  filledQty = 0;
  filledNotional = 0;
  takerExpired = false;

  reset(): void {
    this.fillCount = 0;
    this.expiredCount = 0;
    this.filledQty = 0;
    this.filledNotional = 0;
    this.takerExpired = false;
  }

  pushFill(makerId: number, makerOwner: number, tick: number, qty: number, makerLeft: number): void {
    const i = this.fillCount;
    if (i === this.fillMakerId.length) this.growFills();
    this.fillMakerId[i] = makerId;
    this.fillMakerOwner[i] = makerOwner;
    this.fillTick[i] = tick;
    this.fillQty[i] = qty;
    this.fillMakerLeft[i] = makerLeft;
    this.fillCount = i + 1;
    this.filledQty += qty;
    this.filledNotional += tick * qty;
  }

  pushExpired(id: number, owner: number, tick: number, qty: number): void {
    const i = this.expiredCount;
    if (i === this.expiredId.length) this.growExpired();
    this.expiredId[i] = id;
    this.expiredOwner[i] = owner;
    this.expiredTick[i] = tick;
    this.expiredQty[i] = qty;
    this.expiredCount = i + 1;
  }

  private growFills(): void {
    const n = this.fillMakerId.length * 2;
    this.fillMakerId = grow(this.fillMakerId, new Float64Array(n));
    this.fillMakerOwner = grow(this.fillMakerOwner, new Int32Array(n));
    this.fillTick = grow(this.fillTick, new Int32Array(n));
    this.fillQty = grow(this.fillQty, new Float64Array(n));
    this.fillMakerLeft = grow(this.fillMakerLeft, new Float64Array(n));
  }

  private growExpired(): void {
    const n = this.expiredId.length * 2;
    this.expiredId = grow(this.expiredId, new Float64Array(n));
    this.expiredOwner = grow(this.expiredOwner, new Int32Array(n));
    this.expiredTick = grow(this.expiredTick, new Int32Array(n));
    this.expiredQty = grow(this.expiredQty, new Float64Array(n));
  }
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
