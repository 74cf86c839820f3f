import { apply, createState, pow10, stateHash } from '@fulcrum/core';
import type { Command, EngineEvent, EngineState, UnstampedCommand } from '@fulcrum/core';
import { PriceModel, premiumForRate } from '../prices/priceModel.ts';
import { Rng, streamSeed } from '../random.ts';
import type { Scenario } from '../scenario/load.ts';
import { AgentContext } from '../strategies/context.ts';
import type { World } from '../strategies/context.ts';
import type { AgentInfo, CommandOutcome, Strategy } from '../strategies/types.ts';
import { Recorder } from './recorder.ts';
import type { AgentStats } from './recorder.ts';
import { summarize } from './summary.ts';
import type { SimResult } from './result.ts';
import { AGENT_SPACE, Schedule } from './schedule.ts';
import { Valuation } from './valuation.ts';
import { QUOTE_DECIMALS } from '../units.ts';

export interface RunOptions {
  /** Told how far the run is, about every 1% (and at the end). */
  readonly onProgress?: (doneTicks: number, totalTicks: number) => void;
}

interface Agent {
  readonly index: number;
  readonly group: number;
  readonly strategy: Strategy;
  readonly ctx: AgentContext;
  readonly stats: AgentStats;
  readonly every: number;
  readonly before: boolean;
}

/**
 * One run of a scenario, straight on the engine: commands are stamped with a sequence number and
 * the simulated time and applied in process (no journal, no network), so a run goes as fast as the
 * engine does and repeats exactly. Each tick: the makers quote, the index prices of every market
 * reach the engine (marks, funding, triggers, liquidations, ADL) with the lending pool's oracle
 * prices when the scenario uses the pool, then the other agents act.
 */
export class Simulation implements World {
  readonly state: EngineState;
  readonly valuation: Valuation;
  readonly recorder: Recorder;
  time: number;
  tick = 0;
  prices: ReadonlyMap<string, bigint> = new Map();
  private seq = 0;
  private readonly scenario: Scenario;
  private readonly model: PriceModel;
  private readonly agents: Agent[] = [];
  private readonly groupAgents: number[][];
  private readonly before = new Schedule();
  private readonly after = new Schedule();
  private readonly premiums = new Map<string, number>();
  private startEquity: bigint[] = [];
  private startInsurance = 0n;
  private startMarginInsurance = 0n;
  private readonly startPrices = new Map<string, bigint>();
  /** Per market: feed prices (8 decimals) x mul / div are the quote's units. */
  private readonly indexScale: readonly { readonly mul: bigint; readonly div: bigint }[];
  /** The lending reserve assets fed to the oracle, and the price each was last sent (base currency units). */
  private readonly oracle: { readonly asset: string; last: bigint }[];
  /** Feed prices (8 decimals) x mul / div are the pool's base currency units. */
  private readonly oracleScale: { readonly mul: bigint; readonly div: bigint };

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.state = createState(scenario.venue);
    this.valuation = new Valuation(this.state);
    this.recorder = new Recorder(
      this.state,
      this.valuation,
      scenario.groups.map((g) => g.name),
    );
    this.groupAgents = scenario.groups.map(() => []);
    this.model = new PriceModel(scenario.prices);
    this.time = scenario.startMs;
    this.indexScale = scenario.venue.markets.map((m) => {
      const shift = m.quote.decimals - QUOTE_DECIMALS;
      return { mul: pow10(Math.max(0, shift)), div: pow10(Math.max(0, -shift)) };
    });
    this.oracle = scenario.oracleAssets.map((asset) => ({ asset, last: 0n }));
    const baseShift =
      (scenario.venue.lending?.params.baseCurrencyDecimals ?? QUOTE_DECIMALS) - QUOTE_DECIMALS;
    this.oracleScale = { mul: pow10(Math.max(0, baseShift)), div: pow10(Math.max(0, -baseShift)) };
  }

  premium(market: string): number {
    let p = this.premiums.get(market);
    if (p === undefined) {
      const m = this.state.venue.marketBySymbol.get(market);
      const rate = m?.kind === 'perp' ? this.model.fundingTarget(market, this.time) : undefined;
      p = m?.kind === 'perp' && rate !== undefined ? premiumForRate(m, rate) : 0;
      this.premiums.set(market, p);
    }
    return p;
  }

  /** Run every tick and return the result. */
  run(options: RunOptions = {}): SimResult {
    this.setup();
    const { ticks, stepMs, startMs, sampleTicks } = this.scenario;
    const every = Math.max(1, Math.floor(ticks / 100));
    for (let k = 1; k <= ticks; k++) {
      this.step(k, startMs + k * stepMs);
      if (k % sampleTicks === 0 || k === ticks)
        this.recorder.sample(this.time, this.prices, this.groupAgents);
      if (options.onProgress && (k % every === 0 || k === ticks)) options.onProgress(k, ticks);
    }
    return summarize({
      scenario: this.scenario,
      state: this.state,
      recorder: this.recorder,
      valuation: this.valuation,
      prices: this.prices,
      startPrices: this.startPrices,
      startEquity: this.startEquity,
      groupAgents: this.groupAgents,
      startInsurance: this.startInsurance,
      startMarginInsurance: this.startMarginInsurance,
      stateHash: stateHash(this.state),
    });
  }

  /** Accounts, deposits, insurance funds, the first prices, and each agent's init. */
  setup(): void {
    const s = this.scenario;
    this.setPrices(s.startMs);
    for (const [a, p] of this.prices) this.startPrices.set(a, p);
    if (s.insuranceFund > 0n)
      this.venueCommand({ type: 'FundInsurance', asset: 'USDT', amount: s.insuranceFund });
    if (s.marginInsuranceFund > 0n && s.venue.margin)
      this.venueCommand({ type: 'FundMarginInsurance', asset: 'USDT', amount: s.marginInsuranceFund });
    this.indexTick();

    const pricedAssets = [...s.prices.paths.keys()];
    s.groups.forEach((g, gi) => {
      for (let n = 0; n < g.count; n++) {
        const accountId = this.state.accounts.length + 1;
        this.venueCommand({ type: 'CreateAccount' });
        for (const [asset, amount] of g.capital)
          this.venueCommand({ type: 'Deposit', accountId, asset, amount });
        const index = this.agents.length;
        if (index >= AGENT_SPACE) throw new RangeError(`at most ${AGENT_SPACE} agents`);
        const info: AgentInfo = {
          venue: s.venue,
          pricedAssets,
          stepMs: s.stepMs,
          group: g.name,
          number: n,
          count: g.count,
          every: g.every,
          random: new Rng(streamSeed(s.seed, 'agent', g.name, n)),
          capital: g.capital,
        };
        const strategy = g.definition.create(g.params, info);
        const ctx = new AgentContext(this, accountId, info);
        const stats = this.recorder.addAgent(gi, accountId);
        this.agents.push({
          index,
          group: gi,
          strategy,
          ctx,
          stats,
          every: g.every,
          before: strategy.phase === 'beforeIndex',
        });
        this.groupAgents[gi]!.push(index);
      }
    });
    for (const agent of this.agents) {
      const commands = agent.strategy.init?.(agent.ctx) ?? [];
      this.agentCommands(agent, commands);
      const first = agent.ctx.wakeMs;
      agent.ctx.wakeMs = undefined;
      const tick = first === undefined ? 1 : Math.max(1, Math.ceil(first / s.stepMs));
      (agent.before ? this.before : this.after).add(tick, agent.index);
    }
    this.startEquity = this.groupAgents.map((members) =>
      members.reduce(
        (sum, i) => sum + this.valuation.equity(this.accountOf(this.agents[i]!), this.prices),
        0n,
      ),
    );
    this.startInsurance = this.recorder.insuranceBalance();
    this.startMarginInsurance = this.recorder.marginInsuranceBalance();
  }

  /** One tick at `time`: makers, index prices, everyone else. */
  step(tick: number, time: number): void {
    this.tick = tick;
    this.setPrices(time);
    this.runDue(this.before, tick);
    this.indexTick();
    this.runDue(this.after, tick);
  }

  private setPrices(time: number): void {
    this.time = time;
    this.prices = this.model.at(time);
    this.premiums.clear();
  }

  /**
   * IndexPrice for every USDT-quoted market whose base has a price, in venue order (as runtime's
   * indexCommands); then, when the scenario uses the lending pool, an OraclePrice for each reserve
   * asset whose price moved since the last one (USDT at par).
   */
  private indexTick(): void {
    for (const m of this.state.venue.markets) {
      const price = this.prices.get(m.base.symbol);
      if (price === undefined || m.quote.symbol !== 'USDT') continue;
      const { mul, div } = this.indexScale[m.index]!;
      const scaled = (price * mul) / div;
      if (scaled > 0n) this.venueCommand({ type: 'IndexPrice', market: m.symbol, price: scaled });
    }
    for (const o of this.oracle) {
      const feed = o.asset === 'USDT' ? PAR : this.prices.get(o.asset);
      if (feed === undefined) continue;
      const price = (feed * this.oracleScale.mul) / this.oracleScale.div;
      if (price <= 0n || price === o.last) continue;
      o.last = price;
      this.venueCommand({ type: 'OraclePrice', asset: o.asset, price });
    }
  }

  private runDue(schedule: Schedule, tick: number): void {
    for (let i = schedule.popDue(tick); i !== -1; i = schedule.popDue(tick)) {
      const agent = this.agents[i]!;
      const commands = agent.strategy.onTick(agent.ctx);
      this.agentCommands(agent, commands);
      const wake = agent.ctx.wakeMs ?? agent.every;
      agent.ctx.wakeMs = undefined;
      schedule.add(tick + Math.max(1, Math.round(wake / this.scenario.stepMs)), i);
    }
  }

  private agentCommands(agent: Agent, commands: readonly UnstampedCommand[]): void {
    if (commands.length === 0) {
      if (agent.ctx.lastResults.length > 0) agent.ctx.lastResults = [];
      return;
    }
    const outcomes: CommandOutcome[] = [];
    for (const command of commands) {
      const target = 'accountId' in command ? command.accountId : undefined;
      if (target !== agent.ctx.accountId)
        throw new Error(
          `agent ${agent.stats.accountId} of ${this.scenario.groups[agent.group]!.name} sent ${command.type} ` +
            `${target === undefined ? 'for the venue' : `for account ${target}`}: an agent commands its own account only`,
        );
      if (!agent.stats.usesMargin && usesMargin(command)) agent.stats.usesMargin = true;
      const { result } = this.apply(command);
      if (result.ok) outcomes.push({ command, ok: true });
      else {
        outcomes.push({ command, ok: false, code: result.code });
        this.recorder.refused(agent.stats, result.code);
      }
    }
    agent.ctx.lastResults = outcomes;
  }

  private venueCommand(command: UnstampedCommand): void {
    const { result } = this.apply(command);
    if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
  }

  private apply(command: UnstampedCommand): {
    result: { ok: true } | { ok: false; code: string; message: string };
    events: EngineEvent[];
  } {
    const stamped = { ...command, seq: ++this.seq, time: this.time } as Command;
    const applied = apply(this.state, stamped);
    if (applied.result.ok) this.recorder.observe(applied.events, this.time, this.prices);
    else this.seq--;
    return applied;
  }

  private accountOf(agent: Agent) {
    return this.state.accounts[agent.stats.accountId - 1]!;
  }
}

/** USDT's price: every price of the run is in USDT. */
const PAR = 10n ** BigInt(QUOTE_DECIMALS);

function usesMargin(c: UnstampedCommand): boolean {
  if (c.type === 'MarginTransfer' || c.type === 'Borrow' || c.type === 'Repay') return true;
  return c.type === 'PlaceOrder' && c.wallet !== undefined && c.wallet !== 'SPOT';
}

/** Check, run and return the result of a loaded scenario. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): SimResult {
  return new Simulation(scenario).run(options);
}
