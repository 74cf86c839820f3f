import { lendingReservesView } from '@fulcrum/core';
import type { EngineState } from '@fulcrum/core';
import type { Scenario } from '../scenario/load.ts';
import { envelopeEnd } from '../prices/envelope.ts';
import { formatDuration, isoTime } from '../time.ts';
import { toDecimal, toNumber } from '../units.ts';
import type { Recorder } from './recorder.ts';
import type {
  GroupSummary,
  LendingReserveSummary,
  LiquidationRecord,
  MarketSummary,
  SimResult,
} from './result.ts';
import type { Valuation } from './valuation.ts';

export interface SummaryInput {
  readonly scenario: Scenario;
  readonly state: EngineState;
  readonly recorder: Recorder;
  readonly valuation: Valuation;
  readonly prices: ReadonlyMap<string, bigint>;
  readonly startPrices: ReadonlyMap<string, bigint>;
  readonly startEquity: readonly bigint[];
  readonly groupAgents: readonly (readonly number[])[];
  readonly startInsurance: bigint;
  readonly startMarginInsurance: bigint;
  readonly stateHash: string;
}

/** The result of a finished run: the summary table, the series and the markers. */
export function summarize(input: SummaryInput): SimResult {
  const { scenario, state, recorder, valuation, prices } = input;
  const groups = scenario.groups.map((g, gi): GroupSummary => {
    const members = input.groupAgents[gi]!;
    let end = 0n;
    let funding = 0n;
    let fees = 0n;
    let interest = 0n;
    let volume = 0n;
    let trades = 0;
    let liquidations = 0;
    let marginLiquidations = 0;
    let adlHits = 0;
    let adlLots = 0;
    let lendingLiquidations = 0;
    let lendingLiquidationsMade = 0;
    let rejected = 0;
    const byCode = new Map<string, number>();
    const openAtEnd = new Map<string, number>();
    for (const i of members) {
      const a = recorder.agents[i]!;
      const account = state.accounts[a.accountId - 1]!;
      end += valuation.equity(account, prices);
      funding += a.funding - recorder.pendingFunding(a.accountId);
      fees += a.fees;
      interest +=
        a.interest + valuation.interestOwed(account) + valuation.lendingInterest(account, a.lendingPrincipal);
      volume += a.volume;
      trades += a.trades;
      liquidations += a.liquidations;
      marginLiquidations += a.marginLiquidations;
      adlHits += a.adlHits;
      adlLots += a.adlLots;
      lendingLiquidations += a.lendingLiquidations;
      lendingLiquidationsMade += a.lendingLiquidationsMade;
      rejected += a.rejected;
      for (const [code, n] of a.rejectedByCode) byCode.set(code, (byCode.get(code) ?? 0) + n);
      const held = new Set(account.futures.positions.map((p) => state.venue.markets[p.market]!.symbol));
      for (const symbol of held) openAtEnd.set(symbol, (openAtEnd.get(symbol) ?? 0) + 1);
    }
    const start = input.startEquity[gi]!;
    const pnl = end - start;
    return {
      name: g.name,
      strategy: g.strategy,
      agents: members.length,
      startEquity: toDecimal(start),
      endEquity: toDecimal(end),
      pnl: toDecimal(pnl),
      returnPct: start > 0n ? Number((pnl * 1_000_000n) / start) / 10_000 : 0,
      pricePnl: toDecimal(pnl + funding + fees + interest),
      fundingPaid: toDecimal(funding),
      feesPaid: toDecimal(fees),
      interestPaid: toDecimal(interest),
      trades,
      volume: toDecimal(volume),
      liquidations,
      marginLiquidations,
      adlHits,
      adlLots,
      maxMarginRatioPct: Math.round(Math.min(recorder.maxRatio[gi]! * 100, 1_000) * 1e4) / 1e4,
      lendingLiquidations,
      lendingLiquidationsMade,
      minHealthFactor: Number.isFinite(recorder.minHealth[gi]!) ? recorder.minHealth[gi]! : null,
      rejected,
      rejectedByCode: sortedRecord(byCode),
      openAtEnd: sortedRecord(openAtEnd),
    };
  });

  const markets = state.venue.markets.map((m): MarketSummary => {
    const start = input.startPrices.get(m.base.symbol) ?? 0n;
    const endPrice = prices.get(m.base.symbol) ?? 0n;
    const base: MarketSummary = {
      symbol: m.symbol,
      base: m.base.symbol,
      kind: m.kind,
      startPrice: toNumber(start, 8, 6),
      endPrice: toNumber(endPrice, 8, 6),
      changePct: start > 0n ? Number(((endPrice - start) * 1_000_000n) / start) / 10_000 : 0,
    };
    if (m.kind !== 'perp') return base;
    const rates = recorder.funding.get(m.symbol)?.rate ?? [];
    return {
      ...base,
      fundingTimes: rates.length,
      fundingRateMean: rates.length === 0 ? 0 : round8(rates.reduce((s, r) => s + r, 0) / rates.length),
      fundingRateMax: rates.length === 0 ? 0 : Math.max(...rates),
      fundingRateMin: rates.length === 0 ? 0 : Math.min(...rates),
    };
  });

  const liquidations: Record<string, readonly LiquidationRecord[]> = {};
  scenario.groups.forEach((g, gi) => {
    if (recorder.liquidations[gi]!.length > 0) liquidations[g.name] = recorder.liquidations[gi]!;
  });
  const byGroup = <T>(rows: readonly T[][]): Record<string, readonly T[]> =>
    Object.fromEntries(scenario.groups.map((g, gi) => [g.name, rows[gi]!]));
  const insuranceEnd = recorder.insuranceBalance();

  return {
    version: 1,
    scenario: {
      name: scenario.name,
      description: scenario.description,
      seed: scenario.seed,
      start: isoTime(scenario.startMs),
      duration: formatDuration(scenario.durationMs),
      step: formatDuration(scenario.stepMs),
      ticks: scenario.ticks,
      agents: input.groupAgents.reduce((s, m) => s + m.length, 0),
      markets: state.venue.markets.map((m) => m.symbol),
      shocks: [
        ...scenario.prices.shocks.map((x) => ({ label: x.label, target: x.asset, envelope: x.envelope })),
        ...scenario.prices.fundingShocks.map((x) => ({
          label: x.label,
          target: x.market,
          envelope: x.envelope,
        })),
      ].map((x) => ({
        label: x.label,
        target: x.target,
        start: x.envelope.start,
        end: Math.min(envelopeEnd(x.envelope), scenario.startMs + scenario.durationMs),
      })),
      stateHash: input.stateHash,
    },
    summary: {
      groups,
      markets,
      venue: { ...recorder.counts },
      insurance: {
        start: toDecimal(input.startInsurance),
        end: toDecimal(insuranceEnd),
        min: toDecimal(minOf(recorder.insuranceMin, input.startInsurance, insuranceEnd)),
        flows: recorder.flows(),
      },
      marginInsurance: {
        start: toDecimal(input.startMarginInsurance),
        end: toDecimal(recorder.marginInsuranceBalance()),
      },
      ...(scenario.oracleAssets.length > 0 ? { lending: lendingSummary(state) } : {}),
    },
    series: {
      time: recorder.time,
      prices: Object.fromEntries(recorder.prices),
      perps: Object.fromEntries(recorder.perps),
      funding: Object.fromEntries(recorder.funding),
      equity: byGroup(recorder.equity),
      marginRatioPct: byGroup(recorder.marginRatio),
      fundingPaid: byGroup(recorder.fundingPaid),
      healthFactor: Object.fromEntries(
        scenario.groups
          .map((g, gi) => [g.name, recorder.healthFactor[gi]!] as const)
          .filter(([, values]) => values.some((v) => v !== null)),
      ),
      insurance: recorder.insurance,
      marginInsurance: recorder.marginInsurance,
    },
    markers: recorder.markers,
    markersLeftOut: recorder.markersLeftOut,
    liquidations,
    warnings: [...scenario.warnings],
  };
}

/** Every reserve of the pool as it ends the run. */
function lendingSummary(state: EngineState): LendingReserveSummary[] {
  const ray = (x: bigint) => Math.round((Number(x) / 1e27) * 100 * 1e4) / 1e4;
  const decimals = state.venue.lending?.params.baseCurrencyDecimals ?? 8;
  return lendingReservesView(state).map((r) => ({
    asset: r.asset,
    price: toNumber(r.price, decimals, 6),
    supplied: toDecimal(r.totalSupplied, r.decimals),
    borrowed: toDecimal(r.totalBorrowed, r.decimals),
    utilizationPct: ray(r.utilization),
    supplyApyPct: ray(r.supplyApy),
    borrowApyPct: ray(r.borrowApy),
    deficit: toDecimal(r.deficit, r.decimals),
    treasury: toDecimal(r.treasury, r.decimals),
  }));
}

function minOf(seen: bigint | undefined, start: bigint, end: bigint): bigint {
  let m = start < end ? start : end;
  if (seen !== undefined && seen < m) m = seen;
  return m;
}

function sortedRecord(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function round8(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}
