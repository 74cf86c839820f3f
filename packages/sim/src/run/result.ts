/**
 * The JSON result of a run. Amounts in the summary are exact decimal text (USDT); series are float
 * pictures for charts (USDT to the cent, prices as the feed gives them). Times are ms since the epoch.
 */

export interface GroupSummary {
  readonly name: string;
  readonly strategy: string;
  readonly agents: number;
  /** Equity after setup, at the start prices, and at the end; pnl = end - start. */
  readonly startEquity: string;
  readonly endEquity: string;
  readonly pnl: string;
  readonly returnPct: number;
  /** What prices made or lost: pnl + funding + fees + interest paid. */
  readonly pricePnl: string;
  /** Paid (> 0) or received (< 0), settled and pending. */
  readonly fundingPaid: string;
  readonly feesPaid: string;
  readonly interestPaid: string;
  readonly trades: number;
  readonly volume: string;
  /** Perpetual liquidations of the group's margin groups (cross groups and isolated positions). */
  readonly liquidations: number;
  readonly marginLiquidations: number;
  /** Times a profitable position of the group was auto-deleveraged, and the lots taken. */
  readonly adlHits: number;
  readonly adlLots: number;
  /** Worst margin ratio seen at a chart point, % (100 = liquidation). */
  readonly maxMarginRatioPct: number;
  /** Lending pool: times the group's accounts were liquidated, and liquidation calls they made. */
  readonly lendingLiquidations: number;
  readonly lendingLiquidationsMade: number;
  /**
   * Lowest lending health factor of the group's accounts, at chart points and as liquidations found
   * it (below 1: liquidatable); null when none ever owed the pool.
   */
  readonly minHealthFactor: number | null;
  readonly rejected: number;
  readonly rejectedByCode: Readonly<Record<string, number>>;
  /** Agents holding a position at the end, per perpetual. */
  readonly openAtEnd: Readonly<Record<string, number>>;
}

export interface LiquidationRecord {
  readonly time: number;
  readonly accountId: number;
  /** cross: the account's cross group; isolated: one position; margin: spot margin; lending: the pool. */
  readonly scope: 'cross' | 'isolated' | 'margin' | 'lending';
  /**
   * Markets whose positions the liquidation closed (in the book, by the fund or by ADL); for the
   * lending pool, the collateral seized and the debt repaid as COLLATERAL/DEBT (e.g. WSTETH/ETH).
   */
  readonly markets: readonly string[];
  /** Lending pool: the liquidator's account and the borrower's health factor before. */
  readonly liquidator?: number;
  readonly healthFactor?: number;
}

export interface Marker {
  readonly time: number;
  readonly kind: 'liquidation' | 'adl' | 'marginLiquidation' | 'lendingLiquidation';
  readonly group: string;
  readonly market?: string;
  readonly qty?: number;
}

export interface MarketSummary {
  readonly symbol: string;
  readonly base: string;
  readonly kind: 'spot' | 'perp';
  readonly startPrice: number;
  readonly endPrice: number;
  readonly changePct: number;
  /** Perpetuals: funding times, the mean and largest rate per interval. */
  readonly fundingTimes?: number;
  readonly fundingRateMean?: number;
  readonly fundingRateMax?: number;
  readonly fundingRateMin?: number;
}

/** A reserve of the lending pool at the end of the run. Amounts are exact decimal text in the asset. */
export interface LendingReserveSummary {
  readonly asset: string;
  /** Oracle price, USD. */
  readonly price: number;
  readonly supplied: string;
  readonly borrowed: string;
  readonly utilizationPct: number;
  readonly supplyApyPct: number;
  readonly borrowApyPct: number;
  /** Bad debt left by liquidations that found no collateral. */
  readonly deficit: string;
  /** The treasury's supply: reserve factor and liquidation fees. */
  readonly treasury: string;
}

export interface SimResult {
  readonly version: 1;
  readonly scenario: {
    readonly name: string;
    readonly description: string;
    readonly seed: number;
    readonly start: string;
    readonly duration: string;
    readonly step: string;
    readonly ticks: number;
    readonly agents: number;
    readonly markets: readonly string[];
    /** The scenario's shocks: what, on which asset or market, from when to when (ms). */
    readonly shocks: readonly {
      readonly label: string;
      readonly target: string;
      readonly start: number;
      readonly end: number;
    }[];
    /** SHA-256 of the engine state at the end. */
    readonly stateHash: string;
  };
  readonly summary: {
    readonly groups: readonly GroupSummary[];
    readonly markets: readonly MarketSummary[];
    readonly venue: {
      readonly commands: number;
      readonly rejected: number;
      readonly trades: number;
      readonly liquidations: number;
      readonly insuranceTakeovers: number;
      readonly adlFills: number;
      readonly marginLiquidations: number;
      readonly fundingTimes: number;
      readonly lendingLiquidations: number;
      /** Liquidations that left bad debt (a reserve's deficit). */
      readonly lendingDeficits: number;
    };
    readonly insurance: {
      readonly start: string;
      readonly end: string;
      readonly min: string;
      /** Net flow per reason over the run. */
      readonly flows: Readonly<Record<string, string>>;
    };
    readonly marginInsurance: { readonly start: string; readonly end: string };
    /** The lending pool's reserves at the end, when the scenario uses the pool. */
    readonly lending?: readonly LendingReserveSummary[];
  };
  readonly series: {
    readonly time: readonly number[];
    /** Feed prices per asset. */
    readonly prices: Readonly<Record<string, readonly number[]>>;
    /** Perpetuals: index, mark and last trade price. */
    readonly perps: Readonly<Record<string, { index: number[]; mark: number[]; last: number[] }>>;
    /** Perpetuals: each funding time and its rate. */
    readonly funding: Readonly<Record<string, { time: number[]; rate: number[] }>>;
    readonly equity: Readonly<Record<string, readonly number[]>>;
    readonly marginRatioPct: Readonly<Record<string, readonly number[]>>;
    readonly fundingPaid: Readonly<Record<string, readonly number[]>>;
    /**
     * Lowest lending health factor of each group that owed the pool at some chart point (capped at
     * 10; null where none of its accounts owed anything).
     */
    readonly healthFactor: Readonly<Record<string, readonly (number | null)[]>>;
    readonly insurance: readonly number[];
    readonly marginInsurance: readonly number[];
  };
  readonly markers: readonly Marker[];
  /** Markers beyond the first MAX_MARKERS, not listed. */
  readonly markersLeftOut: number;
  readonly liquidations: Readonly<Record<string, readonly LiquidationRecord[]>>;
  readonly warnings: readonly string[];
}

/**
 * Canonical JSON text: objects indented, arrays of plain values on one line (series stay compact),
 * bigints as decimal text. The same result always gives the same bytes.
 */
export function resultJson(value: unknown): string {
  return `${write(value, '')}\n`;
}

function write(value: unknown, indent: string): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object'))
      return `[${value.map((v) => write(v, inner)).join(',')}]`;
    return `[\n${value.map((v) => `${inner}${write(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** Flat named figures of a result, for sweeps: <group>.<figure> and venue-wide ones. */
export function resultMetrics(result: SimResult): Record<string, number> {
  const out: Record<string, number> = {};
  const num = (text: string) => Number(text);
  for (const g of result.summary.groups) {
    out[`${g.name}.pnl`] = num(g.pnl);
    out[`${g.name}.returnPct`] = g.returnPct;
    out[`${g.name}.endEquity`] = num(g.endEquity);
    out[`${g.name}.pricePnl`] = num(g.pricePnl);
    out[`${g.name}.fundingPaid`] = num(g.fundingPaid);
    out[`${g.name}.liquidations`] = g.liquidations;
    out[`${g.name}.marginLiquidations`] = g.marginLiquidations;
    out[`${g.name}.adlHits`] = g.adlHits;
    out[`${g.name}.maxMarginRatioPct`] = g.maxMarginRatioPct;
    out[`${g.name}.lendingLiquidations`] = g.lendingLiquidations;
    out[`${g.name}.lendingLiquidationsMade`] = g.lendingLiquidationsMade;
    if (g.minHealthFactor !== null) out[`${g.name}.minHealthFactor`] = g.minHealthFactor;
  }
  const v = result.summary.venue;
  out['liquidations'] = v.liquidations;
  out['adlFills'] = v.adlFills;
  out['insuranceTakeovers'] = v.insuranceTakeovers;
  out['marginLiquidations'] = v.marginLiquidations;
  out['lendingLiquidations'] = v.lendingLiquidations;
  out['trades'] = v.trades;
  out['insurance.min'] = num(result.summary.insurance.min);
  out['insurance.end'] = num(result.summary.insurance.end);
  return out;
}
