import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { runReport } from './report/runReport.ts';
import { sweepReport } from './report/sweepReport.ts';
import { resultJson } from './run/result.ts';
import type { SimResult } from './run/result.ts';
import { runScenario } from './run/simulation.ts';
import { loadScenarioFile } from './scenario/load.ts';
import { runSweep } from './sweep/runSweep.ts';
import type { SweepResult } from './sweep/types.ts';

export interface SimCommandOptions {
  /** Scenario file, .yaml, .yml or .json. */
  readonly scenario: string;
  /** JSON result file. */
  readonly out?: string;
  /** HTML report file. */
  readonly report?: string;
  /** Replaces the scenario's seed. */
  readonly seed?: number;
  /** Run the scenario's sweep grid instead of one run. */
  readonly sweep?: boolean;
  /** Worker threads for a sweep (default: every core). */
  readonly workers?: number;
  /** Progress bar on stderr (default true). */
  readonly progress?: boolean;
  /** Where the summary goes (default stdout). */
  readonly print?: (text: string) => void;
}

/**
 * `fulcrum sim`: load a scenario, run it (or its sweep), show progress on stderr, write the JSON
 * result and the HTML report, and print a short summary.
 */
export async function simCommand(o: SimCommandOptions): Promise<SimResult | SweepResult> {
  const print = o.print ?? ((text: string) => process.stdout.write(text));
  const scenario = await loadScenarioFile(o.scenario, o.seed === undefined ? {} : { seed: o.seed });
  for (const w of scenario.warnings) process.stderr.write(`warning: ${w}\n`);
  const bar =
    o.progress === false
      ? undefined
      : new SingleBar({
          stream: process.stderr,
          format: `${o.sweep ? 'sweep' : 'sim'} [{bar}] {percentage}% | {value}/{total} ${o.sweep ? 'runs' : 'ticks'} | {duration_formatted} | eta {eta_formatted}`,
          barsize: 30,
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 5_000,
          etaBuffer: 20,
        });
  const runs = scenario.sweep?.parameters.reduce((n, p) => n * p.values.length, 1) ?? 1;
  const progress = (done: number) => bar?.update(done);
  bar?.start(o.sweep ? runs : scenario.ticks, 0);
  let result: SimResult | SweepResult;
  try {
    result = o.sweep
      ? await runSweep(scenario, {
          ...(o.workers === undefined ? {} : { workers: o.workers }),
          onProgress: progress,
        })
      : runScenario(scenario, { onProgress: progress });
  } finally {
    bar?.stop();
  }
  if (o.out) writeFileSync(o.out, resultJson(result));
  if (o.report) writeFileSync(o.report, 'kind' in result ? sweepReport(result) : runReport(result));
  print('kind' in result ? sweepText(result) : runText(result));
  if (o.out) print(`result: ${o.out}\n`);
  if (o.report) print(`report: ${o.report}\n`);
  return result;
}

/** The summary table as plain text. */
export function runText(r: SimResult): string {
  // The lending pool's columns where the scenario uses it.
  const pool = r.summary.lending !== undefined;
  const rows = [
    [
      'group',
      'agents',
      'end equity',
      'PnL',
      'return',
      'funding paid',
      'liq.',
      'ADL',
      ...(pool ? ['pool liq.', 'liq. made', 'min HF'] : []),
    ],
    ...r.summary.groups.map((g) => [
      g.name,
      String(g.agents),
      fixed(g.endEquity),
      fixed(g.pnl),
      `${g.returnPct.toFixed(2)}%`,
      fixed(g.fundingPaid),
      String(g.liquidations + g.marginLiquidations),
      String(g.adlHits),
      ...(pool
        ? [
            String(g.lendingLiquidations),
            String(g.lendingLiquidationsMade),
            g.minHealthFactor === null ? '-' : g.minHealthFactor.toFixed(4),
          ]
        : []),
    ]),
  ];
  const v = r.summary.venue;
  return (
    `${r.scenario.name}: ${r.scenario.ticks} ticks, ${r.scenario.agents} agents, seed ${r.scenario.seed}\n` +
    columns(rows) +
    `venue: ${v.trades} trades, ${v.liquidations} liquidations, ${v.insuranceTakeovers} insurance takeovers, ${v.adlFills} ADL fills, ` +
    `${v.marginLiquidations} margin liquidations${pool ? `, ${v.lendingLiquidations} lending liquidations (${v.lendingDeficits} with bad debt)` : ''}; ` +
    `insurance fund ${fixed(r.summary.insurance.start)} -> ${fixed(r.summary.insurance.end)} (min ${fixed(r.summary.insurance.min)})\n`
  );
}

function sweepText(r: SweepResult): string {
  const rows = [
    ['run', ...r.parameters.map((p) => p.label), ...r.metrics],
    ...r.runs.map((run) => [
      String(run.index + 1),
      ...run.values.map((v) => JSON.stringify(v)),
      ...r.metrics.map((m) => String(run.metrics[m])),
    ]),
  ];
  return `${r.scenario.name}: sweep of ${r.runs.length} runs\n${columns(rows)}`;
}

function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
      .join('\n') + '\n'
  );
}

function fixed(text: string): string {
  return Number(text).toFixed(2);
}
