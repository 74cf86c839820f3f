import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deltaNeutral } from './deltaNeutral.ts';
import { directional } from './directional.ts';
import { keeper } from './keeper.ts';
import { lendingSupplier } from './lendingSupplier.ts';
import { marketMaker } from './marketMaker.ts';
import { noise } from './noise.ts';
import { stableBorrow } from './stableBorrow.ts';
import { stethLoop } from './stethLoop.ts';
import type { StrategyDefinition } from './types.ts';

/**
 * Strategies a scenario names directly: trading on the books (directional, deltaNeutral,
 * marketMaker, noise) and on the lending pool (lendingSupplier, stethLoop, stableBorrow, keeper).
 */
export const BUILT_IN_STRATEGIES: ReadonlyMap<string, StrategyDefinition<unknown>> = new Map<
  string,
  StrategyDefinition<unknown>
>([
  ['directional', directional],
  ['deltaNeutral', deltaNeutral],
  ['marketMaker', marketMaker],
  ['noise', noise],
  ['lendingSupplier', lendingSupplier],
  ['stethLoop', stethLoop],
  ['stableBorrow', stableBorrow],
  ['keeper', keeper],
]);

/** Whether a scenario's `strategy` is a module path rather than a built-in name. */
export function isModulePath(spec: string): boolean {
  return /^(\.{1,2}\/|\/)|\.(ts|mts|js|mjs)$/.test(spec);
}

/**
 * A strategy by built-in name, or from a module (path relative to `baseDir`) whose named export
 * `strategy` is a StrategyDefinition. TypeScript modules load where TypeScript runs (the fulcrum
 * command and the test runner do).
 */
export async function loadStrategy(spec: string, baseDir: string): Promise<StrategyDefinition<unknown>> {
  const builtIn = BUILT_IN_STRATEGIES.get(spec);
  if (builtIn) return builtIn;
  if (!isModulePath(spec))
    throw new Error(
      `"${spec}" is neither a built-in strategy (${[...BUILT_IN_STRATEGIES.keys()].join(', ')}) nor a module path (./my-strategy.ts)`,
    );
  const file = isAbsolute(spec) ? spec : resolve(baseDir, spec);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot load ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const def = mod['strategy'];
  if (!isDefinition(def))
    throw new Error(`${file} has no named export "strategy" with a name and a create function`);
  return def;
}

function isDefinition(value: unknown): value is StrategyDefinition<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['name'] === 'string' && typeof v['create'] === 'function';
}
