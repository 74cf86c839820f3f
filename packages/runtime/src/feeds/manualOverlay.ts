import type { PriceFeed } from './types.ts';

const BPS = 10_000n;

/**
 * Admin control over any feed. A pin (`set`) fixes an asset's price until `release`; a shock
 * multiplies the underlying price by (1 + bps / 10,000) until cleared, following the feed's moves
 * from the shocked level. A pin wins over a shock while both are present.
 */
export class ManualOverlay implements PriceFeed {
  private readonly pinned = new Map<string, bigint>();
  private readonly shocked = new Map<string, number>();

  private readonly inner: PriceFeed;

  constructor(inner: PriceFeed) {
    this.inner = inner;
  }

  /** Pin an asset's price (quote units, above zero) until `release`. */
  set(asset: string, price: bigint): void {
    if (price <= 0n) throw new RangeError(`price of ${asset} must be above zero`);
    this.pinned.set(asset, price);
  }

  release(asset: string): void {
    this.pinned.delete(asset);
  }

  /**
   * Shock an asset by `percentBps` (-3,000 = a 30% crash, 5,000 = +50%). A new shock replaces the
   * asset's previous one; 0 clears it.
   */
  shock(asset: string, percentBps: number): void {
    if (!Number.isSafeInteger(percentBps) || percentBps <= -10_000)
      throw new RangeError(`a shock is an integer number of bps above -10,000, got ${percentBps}`);
    if (percentBps === 0) this.shocked.delete(asset);
    else this.shocked.set(asset, percentBps);
  }

  /** Current shocks in bps by asset. */
  shocks(): ReadonlyMap<string, number> {
    return new Map(this.shocked);
  }

  /** Current pinned prices by asset. */
  pins(): ReadonlyMap<string, bigint> {
    return new Map(this.pinned);
  }

  prices(timeMs: number): ReadonlyMap<string, bigint> {
    const out = new Map(this.inner.prices(timeMs));
    for (const [asset, bps] of this.shocked) {
      const price = out.get(asset);
      if (price === undefined) continue;
      const shocked = (price * (BPS + BigInt(bps))) / BPS;
      out.set(asset, shocked > 0n ? shocked : 1n);
    }
    for (const [asset, price] of this.pinned) out.set(asset, price);
    return out;
  }
}
