import { resultMetrics } from '../run/result.ts';
import { runScenario } from '../run/simulation.ts';
import { loadScenario } from '../scenario/load.ts';
import type { WorkerReply } from './types.ts';

/** Load and run one variant of a sweep; what a worker sends back. */
export async function runVariant(
  index: number,
  raw: unknown,
  baseDir: string,
  name: string,
  seed: number | undefined,
): Promise<WorkerReply> {
  try {
    const scenario = await loadScenario(raw, {
      baseDir,
      defaultName: name,
      ...(seed === undefined ? {} : { seed }),
    });
    const result = runScenario(scenario);
    return {
      type: 'done',
      index,
      metrics: resultMetrics(result),
      groups: [...result.summary.groups],
      stateHash: result.scenario.stateHash,
    };
  } catch (error) {
    return { type: 'error', index, message: error instanceof Error ? error.message : String(error) };
  }
}
