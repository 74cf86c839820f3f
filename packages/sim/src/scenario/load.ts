import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parseDecimal } from '@fulcrum/core';
import type { Venue, VenueConfig } from '@fulcrum/core';
import { parseCandles } from '@fulcrum/runtime';
import { parse as parseYaml } from 'yaml';
import { parseFundingCsv } from '../prices/fundingCsv.ts';
import type {
  FundingBase,
  FundingShock,
  PathPlan,
  PriceModelPlan,
  PriceShock,
} from '../prices/priceModel.ts';
import { loadStrategy } from '../strategies/registry.ts';
import type { StrategyDefinition } from '../strategies/types.ts';
import { QUOTE_DECIMALS } from '../units.ts';
import { ParamError, ScenarioError, zodIssues } from './errors.ts';
import type { ScenarioIssue } from './errors.ts';
import { scenarioSchema } from './schema.ts';
import type { ScenarioFile, ShockSpec, SweepSpec } from './schema.ts';
import { buildVenue } from './venue.ts';

/** A group of agents running one strategy. */
export interface AgentGroup {
  readonly name: string;
  readonly strategy: string;
  readonly definition: StrategyDefinition<unknown>;
  /** What the strategy's parse made of the params. */
  readonly params: unknown;
  readonly count: number;
  readonly capital: ReadonlyMap<string, bigint>;
  readonly every: number;
}

/** A checked scenario, ready to run. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly startMs: number;
  readonly durationMs: number;
  readonly stepMs: number;
  readonly ticks: number;
  /** Ticks between two chart points. */
  readonly sampleTicks: number;
  readonly venue: Venue;
  readonly venueConfig: VenueConfig;
  readonly insuranceFund: bigint;
  readonly marginInsuranceFund: bigint;
  readonly prices: PriceModelPlan;
  /**
   * Lending reserve assets whose prices reach the pool's oracle every tick (USDT at par, the others
   * from their price paths); empty when nothing in the scenario uses the pool.
   */
  readonly oracleAssets: readonly string[];
  readonly groups: readonly AgentGroup[];
  readonly sweep: SweepSpec | undefined;
  /** The file as read (before checks), for sweeps to vary. */
  readonly raw: unknown;
  /** Directory relative paths in the scenario start from. */
  readonly baseDir: string;
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** Directory for relative paths (files, strategy modules); default: the working directory. */
  readonly baseDir?: string;
  /** Name when the scenario has none. */
  readonly defaultName?: string;
  /** Replaces the scenario's seed. */
  readonly seed?: number;
}

const DEFAULT_START = Date.UTC(2024, 0, 1);
const MAX_TICKS = 20_000_000;
const TARGET_POINTS = 1_000;

/** Read, check and prepare a scenario file (.yaml, .yml or .json). */
export async function loadScenarioFile(
  path: string,
  options: Omit<LoadOptions, 'baseDir'> = {},
): Promise<Scenario> {
  const raw = readScenarioFile(path);
  return loadScenario(raw, {
    ...options,
    baseDir: dirname(resolve(path)),
    defaultName: options.defaultName ?? basename(path, extname(path)),
  });
}

/** The file's content as data: JSON for .json, YAML otherwise; a syntax error names the line. */
export function readScenarioFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError([{ path: '', message: `cannot read ${path}: ${message(error)}` }]);
  }
  return parseScenarioText(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml', path);
}

export function parseScenarioText(text: string, format: 'json' | 'yaml', source = 'scenario'): unknown {
  try {
    return format === 'json' ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (error) {
    throw new ScenarioError(
      [{ path: '', message: `not valid ${format.toUpperCase()}: ${message(error)}` }],
      source,
    );
  }
}

/** Check a scenario given as data and prepare it to run; every problem is reported, each at its field. */
export async function loadScenario(raw: unknown, options: LoadOptions = {}): Promise<Scenario> {
  const baseDir = options.baseDir ?? process.cwd();
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(zodIssues(parsed.error));
  const s: ScenarioFile = parsed.data;
  const issues: ScenarioIssue[] = [];
  const warnings: string[] = [];
  const problem = (path: string, msg: string) => issues.push({ path, message: msg });

  const built = buildVenue(s.venue);
  if (!built.ok) throw new ScenarioError(built.issues);
  const { venue, config } = built;

  const startMs = s.start ?? DEFAULT_START;
  const stepMs = s.step ?? 60_000;
  if (stepMs > s.duration) problem('step', `is longer than the duration (${s.duration} ms)`);
  const ticks = Math.floor(s.duration / stepMs);
  if (ticks > MAX_TICKS) problem('step', `gives ${ticks} ticks; at most ${MAX_TICKS}`);
  const sampleTicks = Math.max(
    1,
    s.sample === undefined ? Math.ceil(ticks / TARGET_POINTS) : Math.round(s.sample / stepMs),
  );

  const usdt = (text: string | undefined, path: string, fallback: bigint): bigint => {
    if (text === undefined) return fallback;
    const p = parseDecimal(text, QUOTE_DECIMALS);
    if (!p.ok) {
      problem(path, `"${text}": ${p.message}`);
      return 0n;
    }
    return p.value;
  };
  const insuranceFund = usdt(s.venue?.insuranceFund, 'venue.insuranceFund', 1_000_000n * 100_000_000n);
  const marginInsuranceFund = usdt(s.venue?.marginInsuranceFund, 'venue.marginInsuranceFund', 0n);

  const paths = pricePaths(s, venue, baseDir, startMs, problem, warnings);
  const { shocks, fundingShocks } = shockPlans(s.shocks ?? [], startMs, venue, paths, problem);
  const funding = fundingPlans(s, venue, baseDir, startMs, problem);

  const seed = options.seed ?? s.seed ?? 1;
  const groups = await agentGroups(s, venue, [...paths.keys()], stepMs, baseDir, problem);
  if (!groups.some((g) => g.strategy === 'marketMaker'))
    warnings.push('no marketMaker agent: market orders find no liquidity unless another strategy quotes');

  const oracleAssets = oracleFeed(s, venue, groups, paths);

  if (issues.length > 0) throw new ScenarioError(issues);
  return {
    name: s.name ?? options.defaultName ?? 'scenario',
    description: s.description ?? '',
    seed,
    startMs,
    durationMs: s.duration,
    stepMs,
    ticks,
    sampleTicks,
    venue,
    venueConfig: config,
    insuranceFund,
    marginInsuranceFund,
    prices: { seed, startMs, stepMs, paths, shocks, funding, fundingShocks },
    oracleAssets,
    groups,
    sweep: s.sweep,
    raw,
    baseDir,
    warnings,
  };
}

type Problem = (path: string, message: string) => void;

/** Paths by asset, followed assets before their followers; every listed market's base needs one. */
function pricePaths(
  s: ScenarioFile,
  venue: Venue,
  baseDir: string,
  startMs: number,
  problem: Problem,
  warnings: string[],
): Map<string, PathPlan> {
  const plans = new Map<string, PathPlan>();
  for (const [asset, p] of Object.entries(s.prices)) {
    const path = `prices.${asset}`;
    if (!venue.assetBySymbol.has(asset)) {
      problem(
        path,
        `no asset ${asset} in the venue (it has ${venue.assets.map((a) => a.symbol).join(', ')})`,
      );
      continue;
    }
    if (asset === 'USDT') {
      problem(path, 'USDT is the quote asset: every price is in USDT');
      continue;
    }
    if (p.kind === 'synthetic') {
      const start = parseDecimal(p.start, QUOTE_DECIMALS);
      if (!start.ok || start.value === 0n) {
        problem(`${path}.start`, start.ok ? 'must be above 0' : start.message);
        continue;
      }
      plans.set(asset, {
        kind: 'synthetic',
        asset: {
          symbol: asset,
          start: p.start,
          volatility: p.volatility,
          ...(p.drift === undefined ? {} : { drift: p.drift }),
          ...(p.jumpsPerYear === undefined ? {} : { jumpsPerYear: p.jumpsPerYear }),
          ...(p.jumpMean === undefined ? {} : { jumpMean: p.jumpMean }),
          ...(p.jumpStdev === undefined ? {} : { jumpStdev: p.jumpStdev }),
        },
      });
    } else if (p.kind === 'csv') {
      const file = resolve(baseDir, p.file);
      let csv: string;
      try {
        csv = readFileSync(file, 'utf8');
      } catch (error) {
        problem(`${path}.file`, `cannot read ${file}: ${message(error)}`);
        continue;
      }
      let first: number;
      let last: number;
      try {
        const candles = parseCandles(csv, QUOTE_DECIMALS);
        first = candles[0]!.time;
        last = candles[candles.length - 1]!.time;
      } catch (error) {
        problem(`${path}.file`, `${file}: ${message(error)}`);
        continue;
      }
      const from = p.from ?? first;
      if (from < first || from > last) {
        problem(`${path}.from`, `is outside the file's candles (${iso(first)} to ${iso(last)})`);
        continue;
      }
      const speed = p.speed ?? 1;
      const end = from + s.duration * speed;
      if (end > last)
        warnings.push(
          `prices.${asset}: the candles end ${iso(last)}, before the run does; the last close holds`,
        );
      plans.set(asset, { kind: 'csv', csv, startMs: startMs - Math.round((from - first) / speed), speed });
    } else if (p.kind === 'constant') {
      const price = parseDecimal(p.price, QUOTE_DECIMALS);
      if (!price.ok || price.value === 0n)
        problem(`${path}.price`, price.ok ? 'must be above 0' : price.message);
      else plans.set(asset, { kind: 'constant', price: price.value });
    } else {
      plans.set(asset, { kind: 'follow', source: p.asset, ratio: p.ratio ?? 1 });
    }
  }
  // Followers after what they follow; a cycle or a missing source is a problem.
  const ordered = new Map<string, PathPlan>();
  const visit = (asset: string, trail: string[]): void => {
    if (ordered.has(asset)) return;
    const plan = plans.get(asset);
    if (!plan) return;
    if (plan.kind === 'follow') {
      if (trail.includes(asset)) {
        problem(`prices.${asset}.asset`, `follows itself through ${[...trail, asset].join(' -> ')}`);
        return;
      }
      if (!plans.has(plan.source)) {
        problem(`prices.${asset}.asset`, `no price path for ${plan.source} to follow`);
        return;
      }
      visit(plan.source, [...trail, asset]);
      if (!ordered.has(plan.source)) return;
    }
    ordered.set(asset, plan);
  };
  for (const asset of plans.keys()) visit(asset, []);
  for (const market of venue.markets) {
    const base = market.base.symbol;
    if (!plans.has(base) && s.prices[base] === undefined)
      problem('prices', `no price path for ${base} (market ${market.symbol} needs one)`);
  }
  return ordered;
}

/**
 * The reserve assets the oracle is fed, when the pool is in use: the scenario shapes it
 * (`venue.lending`) or some strategy says it uses it. USDT is at par; an asset without a price path
 * gets no oracle price (positions in it cannot be valued, so borrowing against them is refused).
 */
function oracleFeed(
  s: ScenarioFile,
  venue: Venue,
  groups: readonly AgentGroup[],
  paths: ReadonlyMap<string, PathPlan>,
): string[] {
  if (!venue.lending) return [];
  const used = s.venue?.lending !== undefined || groups.some((g) => g.definition.usesLending === true);
  if (!used) return [];
  return venue.lending.assets.map((a) => a.symbol).filter((a) => a === 'USDT' || paths.has(a));
}

function shockPlans(
  specs: readonly ShockSpec[],
  startMs: number,
  venue: Venue,
  paths: ReadonlyMap<string, PathPlan>,
  problem: Problem,
): { shocks: PriceShock[]; fundingShocks: FundingShock[] } {
  const shocks: PriceShock[] = [];
  const fundingShocks: FundingShock[] = [];
  specs.forEach((s, i) => {
    const path = `shocks[${i}]`;
    const envelope = {
      start: startMs + s.at,
      over: s.over ?? 0,
      hold: s.hold ?? (s.recover === undefined ? undefined : 0),
      recover: s.recover ?? 0,
    };
    if (s.kind === 'funding') {
      const m = venue.marketBySymbol.get(s.market);
      if (m?.kind !== 'perp') problem(`${path}.market`, `${s.market} is not a perpetual of the venue`);
      else {
        const baseline = (Number(m.interestRate) / 1e18) * (m.fundingIntervalMs / 28_800_000);
        const label = `${s.market} funding ${pct(s.rate)} per interval`;
        fundingShocks.push({ label, market: s.market, rate: s.rate, baseline, envelope });
      }
      return;
    }
    if (!paths.has(s.asset)) {
      problem(`${path}.asset`, `no price path for ${s.asset}`);
      return;
    }
    const multiplier =
      s.kind === 'crash'
        ? 1 - s.drop
        : s.kind === 'rally'
          ? 1 + s.rise
          : s.kind === 'depeg'
            ? s.to
            : 1 - s.discount;
    const label =
      s.kind === 'crash'
        ? `${s.asset} crash -${pct(s.drop)}`
        : s.kind === 'rally'
          ? `${s.asset} rally +${pct(s.rise)}`
          : s.kind === 'depeg'
            ? `${s.asset} depeg to ${s.to}`
            : `${s.asset} ${pct(s.discount)} discount`;
    shocks.push({ label, asset: s.asset, multiplier, envelope });
  });
  return { shocks, fundingShocks };
}

function fundingPlans(
  s: ScenarioFile,
  venue: Venue,
  baseDir: string,
  startMs: number,
  problem: Problem,
): Map<string, FundingBase> {
  const out = new Map<string, FundingBase>();
  for (const [market, f] of Object.entries(s.funding ?? {})) {
    const path = `funding.${market}`;
    if (venue.marketBySymbol.get(market)?.kind !== 'perp') {
      problem(path, `${market} is not a perpetual of the venue`);
      continue;
    }
    if ('rate' in f) {
      out.set(market, { kind: 'rate', rate: f.rate });
      continue;
    }
    const file = resolve(baseDir, f.file);
    try {
      const points = parseFundingCsv(readFileSync(file, 'utf8'), f.utcOffsetHours ?? 0);
      const from = f.from ?? points[0]!.time;
      const shift = startMs - from;
      out.set(market, {
        kind: 'history',
        points: points.map((p) => ({ time: p.time + shift, rate: p.rate })),
      });
    } catch (error) {
      problem(`${path}.file`, `${file}: ${message(error)}`);
    }
  }
  return out;
}

async function agentGroups(
  s: ScenarioFile,
  venue: Venue,
  pricedAssets: readonly string[],
  stepMs: number,
  baseDir: string,
  problem: Problem,
): Promise<AgentGroup[]> {
  const groups: AgentGroup[] = [];
  const names = new Set<string>();
  for (const [i, a] of s.agents.entries()) {
    const path = `agents[${i}]`;
    const name = a.name ?? `${a.strategy.replace(/^.*\//, '').replace(/\.[a-z]+$/, '')}-${i + 1}`;
    if (names.has(name)) problem(`${path}.name`, `another agent group is named ${name}`);
    names.add(name);
    const capital = new Map<string, bigint>();
    const amounts = typeof a.capital === 'string' ? { USDT: a.capital } : a.capital;
    for (const [asset, text] of Object.entries(amounts)) {
      const at = typeof a.capital === 'string' ? `${path}.capital` : `${path}.capital.${asset}`;
      const info = venue.assetBySymbol.get(asset);
      if (!info) {
        problem(at, `no asset ${asset} in the venue`);
        continue;
      }
      const amount = parseDecimal(text, info.decimals);
      if (!amount.ok) problem(at, `"${text}": ${amount.message}`);
      else if (amount.value > 0n) capital.set(asset, amount.value);
    }
    let definition: StrategyDefinition<unknown>;
    try {
      definition = await loadStrategy(a.strategy, baseDir);
    } catch (error) {
      problem(`${path}.strategy`, message(error));
      continue;
    }
    const env = { venue, pricedAssets, stepMs };
    let params: unknown = a.params ?? {};
    try {
      if (definition.parse) params = definition.parse(a.params ?? {}, env);
    } catch (error) {
      const at = `${path}.params`;
      if (error instanceof ScenarioError)
        for (const issue of error.issues) problem(issue.path ? `${at}.${issue.path}` : at, issue.message);
      else if (error instanceof ParamError) problem(error.path ? `${at}.${error.path}` : at, error.message);
      else problem(at, message(error));
      continue;
    }
    groups.push({
      name,
      strategy: definition.name,
      definition,
      params,
      count: a.count ?? 1,
      capital,
      every: a.every ?? definition.every ?? 3_600_000,
    });
  }
  return groups;
}

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(6))}%`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
