/**
 * Copy-on-write view of the pool for one operation: reserves it changes are accrued on copies,
 * positions are copied, checks read the copies, and nothing reaches the pool until `commit`. So a
 * refused operation leaves the state exactly as it was, accrual included.
 */
import type { PoolView } from './accountData.ts';
import type { ReserveParams } from './config.ts';
import type { LendingAccount, LendingPool, LendingPosition } from './pool.ts';
import { positionOf, reserveState } from './pool.ts';
import { accruedReserve, refreshRates } from './reserve.ts';
import type { ReserveState } from './reserve.ts';

export class LendingStage {
  private readonly reserves = new Map<number, ReserveState>();
  private readonly positions = new Map<LendingPosition, LendingPosition>();

  constructor(
    readonly pool: LendingPool,
    readonly now: number,
  ) {}

  params(index: number): ReserveParams {
    const params = this.pool.params.reserves[index];
    if (!params) throw new RangeError(`lending: no reserve ${index}`);
    return params;
  }

  /** The reserve to change: accrued to now, on a copy. */
  reserve(index: number): ReserveState {
    let staged = this.reserves.get(index);
    if (!staged) {
      staged = accruedReserve(reserveState(this.pool, index), this.params(index), this.now);
      this.reserves.set(index, staged);
    }
    return staged;
  }

  /** The position to change, on a copy. */
  position(account: LendingAccount, index: number): LendingPosition {
    const original = positionOf(account, index);
    let staged = this.positions.get(original);
    if (!staged) {
      staged = { ...original };
      this.positions.set(original, staged);
    }
    return staged;
  }

  /** The reserve as the operation sees it: its copy if staged, else the pool's (accrued lazily by views). */
  reserveView(index: number): ReserveState {
    return this.reserves.get(index) ?? reserveState(this.pool, index);
  }

  positionView(account: LendingAccount, index: number): LendingPosition {
    const original = positionOf(account, index);
    return this.positions.get(original) ?? original;
  }

  /** The account as the operation sees it, optionally in another e-mode. */
  view(account: LendingAccount, eMode: number = account.eMode): PoolView {
    return {
      params: this.pool.params,
      reserve: (index) => this.reserveView(index),
      position: (index) => this.positionView(account, index),
      eMode,
    };
  }

  /** Write every copy back and refresh the rates of the reserves that changed. */
  commit(): void {
    for (const [index, staged] of this.reserves) {
      refreshRates(staged, this.params(index));
      Object.assign(reserveState(this.pool, index), staged);
    }
    for (const [original, staged] of this.positions) Object.assign(original, staged);
  }
}
