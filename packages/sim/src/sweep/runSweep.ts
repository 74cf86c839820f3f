import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ScenarioError } from '../scenario/errors.ts';
import { loadScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/load.ts';
import { expandGrid } from './grid.ts';
import { runVariant } from './runVariant.ts';
import type { SweepResult, SweepRun, WorkerReply, WorkerRequest } from './types.ts';

export interface SweepOptions {
  /** Worker threads (default: every core, at most one per run); 0 runs in this thread. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The scenario's `sweep` grid: every combination of the parameter values, each a full run, spread
 * over worker threads. Every variant is checked before any runs, so a bad value is reported with
 * the field it reached. The result lists the runs in grid order, whatever order they finished in.
 */
export async function runSweep(scenario: Scenario, options: SweepOptions = {}): Promise<SweepResult> {
  const sweep = scenario.sweep;
  if (!sweep)
    throw new ScenarioError([
      { path: 'sweep', message: 'is required to sweep: give parameters and their values' },
    ]);
  const { variants, issues } = expandGrid(scenario.raw, sweep);
  if (issues.length > 0) throw new ScenarioError(issues);
  for (const v of variants) {
    try {
      await loadScenario(v.raw, {
        baseDir: scenario.baseDir,
        defaultName: scenario.name,
        seed: scenario.seed,
      });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      const at = sweep.parameters.map((p, i) => `${p.path}=${JSON.stringify(v.values[i])}`).join(', ');
      throw new ScenarioError(
        error.issues.map((i) => ({ path: i.path, message: `${i.message} (sweep: ${at})` })),
      );
    }
  }

  const replies = new Array<WorkerReply | undefined>(variants.length);
  const requests: WorkerRequest[] = variants.map((v) => ({
    type: 'run',
    index: v.index,
    raw: v.raw,
    baseDir: scenario.baseDir,
    name: scenario.name,
    seed: scenario.seed,
  }));
  let done = 0;
  const finished = (reply: WorkerReply) => {
    replies[reply.index] = reply;
    options.onProgress?.(++done, variants.length);
  };
  const workers = Math.min(options.workers ?? availableParallelism(), variants.length);
  if (workers <= 0) {
    for (const r of requests)
      if (r.type === 'run') finished(await runVariant(r.index, r.raw, r.baseDir, r.name, r.seed));
  } else {
    await pool(workers, requests, finished);
  }

  const failed = replies.filter((r) => r?.type === 'error');
  if (failed.length > 0)
    throw new Error(
      failed.map((r) => `sweep run ${r!.index}: ${r!.type === 'error' ? r!.message : ''}`).join('\n'),
    );
  const runs: SweepRun[] = variants.map((v) => {
    const r = replies[v.index]!;
    if (r.type !== 'done') throw new Error(`sweep run ${v.index} did not finish`);
    return { index: v.index, values: v.values, metrics: r.metrics, groups: r.groups, stateHash: r.stateHash };
  });
  const metrics = sweep.metrics ?? defaultMetrics(scenario);
  for (const m of metrics)
    if (!(m in (runs[0]?.metrics ?? {})))
      throw new ScenarioError([
        {
          path: 'sweep.metrics',
          message: `no figure ${m} (there are ${Object.keys(runs[0]?.metrics ?? {}).join(', ')})`,
        },
      ]);
  return {
    version: 1,
    kind: 'sweep',
    scenario: { name: scenario.name, description: scenario.description, seed: scenario.seed },
    parameters: sweep.parameters.map((p) => ({ path: p.path, label: p.label ?? p.path, values: p.values })),
    metrics,
    runs,
  };
}

/** Each group's return but the makers' and the noise traders', and the venue's ADL, liquidations and fund. */
function defaultMetrics(scenario: Scenario): string[] {
  const groups = scenario.groups
    .filter((g) => g.strategy !== 'marketMaker' && g.strategy !== 'noise')
    .slice(0, 3);
  return [...groups.map((g) => `${g.name}.returnPct`), 'liquidations', 'adlFills', 'insurance.min'];
}

async function pool(
  size: number,
  requests: readonly WorkerRequest[],
  finished: (reply: WorkerReply) => void,
): Promise<void> {
  const queue = [...requests];
  const url = new URL('./workerBootstrap.mjs', import.meta.url);
  await Promise.all(
    Array.from({ length: size }, () => {
      const worker = new Worker(url);
      return new Promise<void>((resolve, reject) => {
        const next = () => {
          const request = queue.shift();
          worker.postMessage(request ?? ({ type: 'exit' } satisfies WorkerRequest));
          if (!request) void worker.terminate().then(() => resolve());
        };
        worker.on('message', (reply: WorkerReply) => {
          finished(reply);
          next();
        });
        worker.on('error', reject);
        next();
      });
    }),
  );
}
