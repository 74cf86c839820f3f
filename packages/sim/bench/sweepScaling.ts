/**
 * Sweep scaling benchmark: the same parameter grid (examples/sweep-leverage-crash.yaml, 20 runs)
 * on one worker thread, then on one per core, in one process run. Both sweeps must give the same
 * results (the runs are deterministic), so only the time differs.
 *
 *   node --import tsx packages/sim/bench/sweepScaling.ts [--scenario FILE] [--duration 30d]
 *
 * The duration replaces the scenario's (2 days in the example) so that each run takes seconds and
 * starting the worker threads is a small part of the time.
 *
 * Prints progress on stderr and one JSON line on stdout:
 * {"workload":"sweep","runs":20,"cores":2,"seconds_1_worker":...,"seconds_all_cores":...,"speedup":...}
 */
import { availableParallelism, cpus } from 'node:os';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenario, readScenarioFile, runSweep } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    scenario: {
      type: 'string',
      default: fileURLToPath(new URL('../../../examples/sweep-leverage-crash.yaml', import.meta.url)),
    },
    duration: { type: 'string', default: '30d' },
  },
});

const file = values.scenario;
const raw = readScenarioFile(file) as Record<string, unknown>;
const scenario = await loadScenario(
  { ...raw, duration: values.duration },
  { baseDir: dirname(resolve(file)), defaultName: basename(file, extname(file)) },
);
const cores = availableParallelism();

async function timed(
  workers: number,
): Promise<{ seconds: number; busyCores: number; runs: number; text: string }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await runSweep(scenario, {
    workers,
    onProgress: (done, total) => {
      if (done === total || done % 5 === 0)
        process.stderr.write(`  ${workers} worker(s): ${done}/${total} runs\n`);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  // CPU time of every thread of the process (workers and V8's garbage collection helpers) per second.
  const busyCores = (used.user + used.system) / 1e6 / seconds;
  process.stderr.write(`  ${workers} worker(s): ${seconds.toFixed(2)} s\n`);
  return {
    seconds,
    busyCores,
    runs: result.runs.length,
    text: JSON.stringify(result.runs, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
  };
}

const one = await timed(1);
const all = await timed(cores);
if (one.text !== all.text) throw new Error('sweep bench: the two sweeps gave different results');
const round = (x: number): number => Number(x.toFixed(2));
process.stdout.write(
  `${JSON.stringify({
    workload: 'sweep',
    runs: one.runs,
    duration: values.duration,
    cores,
    cpu: cpus()[0]?.model ?? 'unknown',
    seconds_1_worker: round(one.seconds),
    seconds_all_cores: round(all.seconds),
    speedup: round(one.seconds / all.seconds),
    busy_cores_1_worker: round(one.busyCores),
    busy_cores_all_cores: round(all.busyCores),
  })}\n`,
);
