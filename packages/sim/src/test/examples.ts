import { fileURLToPath } from 'node:url';
import { runScenario } from '../run/simulation.ts';
import type { SimResult } from '../run/result.ts';
import { loadScenarioFile } from '../scenario/load.ts';

/** The repository's examples/ folder. */
export const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

export async function runExample(file: string): Promise<SimResult> {
  return runScenario(await loadScenarioFile(`${EXAMPLES}${file}`));
}

export function group(result: SimResult, name: string) {
  const g = result.summary.groups.find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return g;
}
