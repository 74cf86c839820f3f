import { HEALTH_FACTOR_UNBOUNDED, hasLendingDebt, lendingHealthFactor } from '@fulcrum/core';
import type { EngineEvent, EngineState, Market } from '@fulcrum/core';
import { toDecimal, toNumber } from '../units.ts';
import type { LiquidationRecord, Marker } from './result.ts';
import { Picture } from './picture.ts';
import type { Valuation } from './valuation.ts';

/** Running figures of one agent. Amounts are USDT units; funding and fees > 0 are paid. */
export interface AgentStats {
  readonly group: number;
  readonly accountId: number;
  funding: bigint;
  fees: bigint;
  interest: bigint;
  volume: bigint;
  trades: number;
  liquidations: number;
  marginLiquidations: number;
  adlHits: number;
  adlLots: number;
  /** Times the account was liquidated in the lending pool, and liquidation calls it made. */
  lendingLiquidations: number;
  lendingLiquidationsMade: number;
  /**
   * Per reserve, what the account put into the pool: supplied - withdrawn - borrowed + repaid
   * (liquidations and bad debt counted); undefined until it uses the pool.
   */
  lendingPrincipal: bigint[] | undefined;
  rejected: number;
  readonly rejectedByCode: Map<string, number>;
  /** Set once the agent sends a spot margin command: only then do its margin accounts hold anything. */
  usesMargin: boolean;
}

export const MAX_MARKERS = 2_000;
export const MAX_RECORDS_PER_GROUP = 200;
const WAD = 1e18;
/** Health factors above this are charted at it. */
export const HEALTH_FACTOR_CAP = 10;

interface OpenLiquidation {
  readonly time: number;
  readonly scope: 'cross' | 'isolated';
  readonly markets: Set<string>;
}

/**
 * Watches every event of the run and takes the chart points: what each agent paid and suffered
 * (funding, fees, interest, liquidations, ADL, lending liquidations), the insurance funds, funding
 * rates, prices, lending health factors.
 */
export class Recorder {
  readonly agents: AgentStats[] = [];
  /** Agent index by account id (-1: not an agent). */
  private readonly agentByAccount: number[] = [];
  private readonly groupNames: readonly string[];
  private readonly state: EngineState;
  private readonly valuation: Valuation;
  private readonly picture: Picture;

  readonly time: number[] = [];
  readonly prices = new Map<string, number[]>();
  readonly perps = new Map<string, { index: number[]; mark: number[]; last: number[] }>();
  readonly funding = new Map<string, { time: number[]; rate: number[] }>();
  readonly equity: number[][];
  readonly marginRatio: number[][];
  readonly fundingPaid: number[][];
  /** Worst margin ratio per group over the chart points (1 = liquidation). */
  readonly maxRatio: number[];
  /** Lowest lending health factor of the group's indebted accounts per chart point (null: none owes). */
  readonly healthFactor: (number | null)[][];
  /** Lowest health factor per group: chart points and the ones liquidations found (Infinity: never owed). */
  readonly minHealth: number[];
  readonly insurance: number[] = [];
  readonly marginInsurance: number[] = [];

  readonly markers: Marker[] = [];
  markersLeftOut = 0;
  readonly liquidations: LiquidationRecord[][];
  readonly counts = {
    commands: 0,
    rejected: 0,
    trades: 0,
    liquidations: 0,
    insuranceTakeovers: 0,
    adlFills: 0,
    marginLiquidations: 0,
    fundingTimes: 0,
    lendingLiquidations: 0,
    lendingDeficits: 0,
  };
  insuranceMin: bigint | undefined;
  readonly insuranceFlows = new Map<string, bigint>();
  private readonly open = new Map<number, OpenLiquidation>();

  constructor(state: EngineState, valuation: Valuation, groupNames: readonly string[]) {
    this.state = state;
    this.valuation = valuation;
    this.picture = new Picture(state);
    this.groupNames = groupNames;
    this.equity = groupNames.map(() => []);
    this.marginRatio = groupNames.map(() => []);
    this.fundingPaid = groupNames.map(() => []);
    this.maxRatio = groupNames.map(() => 0);
    this.healthFactor = groupNames.map(() => []);
    this.minHealth = groupNames.map(() => Number.POSITIVE_INFINITY);
    this.liquidations = groupNames.map(() => []);
    for (const m of state.venue.perpMarkets) {
      this.perps.set(m.symbol, { index: [], mark: [], last: [] });
      this.funding.set(m.symbol, { time: [], rate: [] });
    }
  }

  addAgent(group: number, accountId: number): AgentStats {
    const stats: AgentStats = {
      group,
      accountId,
      funding: 0n,
      fees: 0n,
      interest: 0n,
      volume: 0n,
      trades: 0,
      liquidations: 0,
      marginLiquidations: 0,
      adlHits: 0,
      adlLots: 0,
      lendingLiquidations: 0,
      lendingLiquidationsMade: 0,
      lendingPrincipal: undefined,
      rejected: 0,
      rejectedByCode: new Map(),
      usesMargin: false,
    };
    this.agentByAccount[accountId] = this.agents.length;
    this.agents.push(stats);
    return stats;
  }

  refused(stats: AgentStats, code: string): void {
    stats.rejected++;
    this.counts.rejected++;
    stats.rejectedByCode.set(code, (stats.rejectedByCode.get(code) ?? 0) + 1);
  }

  private agent(accountId: number): AgentStats | undefined {
    const i = this.agentByAccount[accountId];
    return i === undefined ? undefined : this.agents[i];
  }

  /** Every event of one accepted command, at its time, with the tick's prices (to value fees and interest). */
  observe(events: readonly EngineEvent[], time: number, prices: ReadonlyMap<string, bigint>): void {
    this.counts.commands++;
    this.valuation.prepare(prices);
    for (const e of events) {
      switch (e.type) {
        case 'Trade': {
          this.counts.trades++;
          const market = this.state.venue.marketBySymbol.get(e.market)!;
          const taker = this.agent(e.takerAccountId);
          const maker = this.agent(e.makerAccountId);
          if (taker) {
            taker.trades++;
            taker.volume += e.quoteQty;
            taker.fees += this.feeValue(market, e.takerFee, e.takerSide === 'BUY');
          }
          if (maker) {
            maker.trades++;
            maker.volume += e.quoteQty;
            maker.fees += this.feeValue(market, e.makerFee, e.takerSide === 'SELL');
          }
          break;
        }
        case 'FundingFee': {
          const a = this.agent(e.accountId);
          if (a) a.funding -= e.amount;
          break;
        }
        case 'Funding': {
          this.counts.fundingTimes++;
          const f = this.funding.get(e.market);
          if (f) {
            f.time.push(e.time);
            f.rate.push(Number(e.rate) / WAD);
          }
          break;
        }
        case 'LiquidationStarted': {
          // Liquidations fall between chart points: the ratio that set one off counts as seen.
          const a = this.agent(e.accountId);
          const ratio = e.marginBalance <= 0n ? 10 : Number(e.maintenanceMargin) / Number(e.marginBalance);
          if (a && ratio > this.maxRatio[a.group]!) this.maxRatio[a.group] = Math.min(ratio, 10);
          this.open.set(e.accountId, {
            time,
            scope: e.market === undefined ? 'cross' : 'isolated',
            markets: new Set(e.market === undefined ? [] : [e.market]),
          });
          break;
        }
        case 'OrderAccepted':
          if (e.origin === 'LIQUIDATION') this.open.get(e.accountId)?.markets.add(e.market);
          break;
        case 'InsuranceTakeover':
          this.counts.insuranceTakeovers++;
          this.open.get(e.accountId)?.markets.add(e.market);
          break;
        case 'AdlFill': {
          this.counts.adlFills++;
          this.open.get(e.accountId)?.markets.add(e.market);
          const hit = this.agent(e.counterpartyId);
          if (hit) {
            hit.adlHits++;
            hit.adlLots += e.qty;
            this.mark({
              time,
              kind: 'adl',
              group: this.groupNames[hit.group]!,
              market: e.market,
              qty: e.qty,
            });
          }
          break;
        }
        case 'Liquidated': {
          this.counts.liquidations++;
          const a = this.agent(e.accountId);
          const open = this.open.get(e.accountId);
          this.open.delete(e.accountId);
          if (!a || !open) break;
          a.liquidations++;
          const markets = [...open.markets].sort();
          this.record(a, { time, accountId: e.accountId, scope: open.scope, markets });
          this.mark({
            time,
            kind: 'liquidation',
            group: this.groupNames[a.group]!,
            market: markets.join('+'),
          });
          break;
        }
        case 'MarginLiquidated': {
          this.counts.marginLiquidations++;
          const a = this.agent(e.accountId);
          if (!a) break;
          a.marginLiquidations++;
          const level = this.state.venue.margin?.liquidationLevelPpm ?? 0n;
          const ratio = e.levelPpm <= 0n ? 10 : Number(level) / Number(e.levelPpm);
          if (ratio > this.maxRatio[a.group]!) this.maxRatio[a.group] = Math.min(ratio, 10);
          const markets = [e.pair ?? 'cross margin'];
          this.record(a, { time, accountId: e.accountId, scope: 'margin', markets });
          this.mark({
            time,
            kind: 'marginLiquidation',
            group: this.groupNames[a.group]!,
            market: markets[0]!,
          });
          break;
        }
        case 'Repaid': {
          // Interest counts once repaid; what is still owed is added when the figures are read.
          const a = this.agent(e.accountId);
          const asset = this.state.venue.assetBySymbol.get(e.asset);
          if (a && asset && e.interest > 0n) a.interest += this.valuation.value(asset.index, e.interest);
          break;
        }
        case 'LendingSupplied':
          this.principal(e.accountId, e.asset, e.amount);
          break;
        case 'LendingWithdrawn':
        case 'LendingBorrowed':
          this.principal(e.accountId, e.asset, -e.amount);
          break;
        case 'LendingRepaid':
          this.principal(e.onBehalfOf, e.asset, e.amount);
          break;
        case 'DeficitCreated':
          // Debt written off as bad debt leaves the borrower's books as if repaid.
          this.counts.lendingDeficits++;
          this.principal(e.accountId, e.asset, e.amount);
          break;
        case 'LendingLiquidated': {
          this.counts.lendingLiquidations++;
          this.principal(e.accountId, e.debtAsset, e.debtRepaid);
          this.principal(e.accountId, e.collateralAsset, -(e.collateralToLiquidator + e.protocolFee));
          if (e.receiveSupply) this.principal(e.liquidatorId, e.collateralAsset, e.collateralToLiquidator);
          const liquidator = this.agent(e.liquidatorId);
          if (liquidator) liquidator.lendingLiquidationsMade++;
          const a = this.agent(e.accountId);
          if (!a) break;
          a.lendingLiquidations++;
          const health = floor4(Number(e.healthFactor) / WAD);
          if (health < this.minHealth[a.group]!) this.minHealth[a.group] = health;
          const pair = `${e.collateralAsset}/${e.debtAsset}`;
          this.record(a, {
            time,
            accountId: e.accountId,
            scope: 'lending',
            markets: [pair],
            liquidator: e.liquidatorId,
            healthFactor: health,
          });
          this.mark({ time, kind: 'lendingLiquidation', group: this.groupNames[a.group]!, market: pair });
          break;
        }
        case 'InsuranceFundChanged':
          this.insuranceFlows.set(e.reason, (this.insuranceFlows.get(e.reason) ?? 0n) + e.amount);
          if (this.insuranceMin === undefined || e.balance < this.insuranceMin) this.insuranceMin = e.balance;
          break;
        default:
          break;
      }
    }
  }

  /** Add `amount` of `asset` to what an agent put into the pool (a reserve the pool lends). */
  private principal(accountId: number, asset: string, amount: bigint): void {
    const a = this.agent(accountId);
    const lending = this.state.venue.lending;
    if (!a || !lending || amount === 0n) return;
    const reserve = lending.reserveOf[this.state.venue.assetBySymbol.get(asset)!.index]!;
    if (reserve < 0) return;
    a.lendingPrincipal ??= lending.assets.map(() => 0n);
    a.lendingPrincipal[reserve]! += amount;
  }

  /** A fee in USDT: a spot buyer pays it in base, a seller in quote; perpetual fees are in the margin asset. */
  private feeValue(market: Market, fee: bigint, buyer: boolean): bigint {
    if (fee === 0n) return 0n;
    return this.valuation.value(
      market.kind === 'spot' && buyer ? market.base.index : market.quote.index,
      fee,
    );
  }

  /** One chart point: prices, marks, and per group equity, worst margin ratio and funding paid. */
  sample(
    time: number,
    prices: ReadonlyMap<string, bigint>,
    groupAgents: readonly (readonly number[])[],
  ): void {
    this.time.push(time);
    for (const [asset, price] of prices) {
      let list = this.prices.get(asset);
      if (!list) this.prices.set(asset, (list = []));
      list.push(toNumber(price, 8, 6));
    }
    for (const m of this.state.venue.perpMarkets) {
      const s = this.state.perp[m.index]!;
      const p = this.perps.get(m.symbol)!;
      const d = m.quote.decimals;
      p.index.push(toNumber(s.index, d, 6));
      p.mark.push(toNumber(s.mark, d, 6));
      p.last.push(
        s.lastTick < 0 ? toNumber(s.index, d, 6) : toNumber(BigInt(s.lastTick) * m.tickUnits, d, 6),
      );
    }
    this.picture.prepare(prices);
    groupAgents.forEach((members, g) => {
      let equity = 0;
      let worst = 0;
      let funding = 0;
      let health = Number.POSITIVE_INFINITY;
      for (const i of members) {
        const stats = this.agents[i]!;
        const account = this.state.accounts[stats.accountId - 1]!;
        equity += this.picture.equity(account, stats.usesMargin);
        const r = this.picture.risk(account, stats.usesMargin);
        if (r > worst) worst = r;
        funding += Number(stats.funding) / 1e8 - this.picture.pendingFundingAll(account);
        if (account.lending && hasLendingDebt(account.lending)) {
          const hf = lendingHealthFactor(this.state, account.id);
          if (hf !== undefined && hf !== HEALTH_FACTOR_UNBOUNDED) health = Math.min(health, Number(hf) / WAD);
        }
      }
      if (worst > this.maxRatio[g]!) this.maxRatio[g] = worst;
      this.equity[g]!.push(cents(equity));
      this.marginRatio[g]!.push(Math.round(Math.min(worst * 100, 1_000) * 1e4) / 1e4);
      this.fundingPaid[g]!.push(cents(funding));
      const hf = Number.isFinite(health) ? floor4(Math.min(health, HEALTH_FACTOR_CAP)) : null;
      if (hf !== null && hf < this.minHealth[g]!) this.minHealth[g] = hf;
      this.healthFactor[g]!.push(hf);
    });
    this.insurance.push(toNumber(this.insuranceBalance()));
    this.marginInsurance.push(toNumber(this.marginInsuranceBalance()));
  }

  /** What an agent would get (> 0) or pay from funding not yet settled. */
  pendingFunding(accountId: number): bigint {
    const account = this.state.accounts[accountId - 1];
    if (!account) return 0n;
    let total = 0n;
    for (const p of account.futures.positions) {
      const market = this.state.venue.markets[p.market]!;
      if (market.kind === 'perp') total += this.valuation.pendingFunding(market, p);
    }
    return total;
  }

  insuranceBalance(): bigint {
    const usdt = this.state.venue.assetBySymbol.get('USDT')!.index;
    return this.state.insurance.futures.wallet[usdt]!;
  }

  marginInsuranceBalance(): bigint {
    const usdt = this.state.venue.assetBySymbol.get('USDT')!.index;
    return this.state.marginFund[usdt] ?? 0n;
  }

  flows(): Record<string, string> {
    return Object.fromEntries(
      [...this.insuranceFlows]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, toDecimal(v)]),
    );
  }

  private record(a: AgentStats, r: LiquidationRecord): void {
    const list = this.liquidations[a.group]!;
    if (list.length < MAX_RECORDS_PER_GROUP) list.push(r);
  }

  private mark(m: Marker): void {
    if (this.markers.length < MAX_MARKERS) this.markers.push(m);
    else this.markersLeftOut++;
  }
}

/** Health factors to 4 decimals, rounded down: one below 1 never shows as 1. */
function floor4(x: number): number {
  return Math.floor(x * 1e4) / 1e4;
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
