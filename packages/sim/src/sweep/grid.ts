import type { ScenarioIssue } from '../scenario/errors.ts';
import type { SweepSpec } from '../scenario/schema.ts';

/** One point of a sweep: a value per parameter and the scenario with them set. */
export interface Variant {
  readonly index: number;
  readonly values: readonly unknown[];
  readonly raw: unknown;
}

/**
 * Every combination of the parameters' values (the first parameter varies slowest), each applied
 * to a copy of the scenario as read. A path that leads nowhere is reported at sweep.parameters[i].path.
 */
export function expandGrid(raw: unknown, sweep: SweepSpec): { variants: Variant[]; issues: ScenarioIssue[] } {
  const issues: ScenarioIssue[] = [];
  const combos: unknown[][] = [[]];
  for (const p of sweep.parameters) {
    const next: unknown[][] = [];
    for (const c of combos) for (const v of p.values) next.push([...c, v]);
    combos.splice(0, combos.length, ...next);
  }
  const variants = combos.map((values, index) => {
    const copy = structuredClone(raw) as Record<string, unknown>;
    delete copy['sweep'];
    sweep.parameters.forEach((p, i) => {
      const problem = setPath(copy, p.path, values[i]);
      if (problem && index === 0)
        issues.push({ path: `sweep.parameters[${i}].path`, message: `${p.path}: ${problem}` });
    });
    return { index, values, raw: copy };
  });
  return { variants, issues };
}

/** Segments of a.b[0].c or a.b.0.c. */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\[(\w+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
}

/**
 * Set a value at a path: objects by key (created when missing at the last step), arrays by index or,
 * for lists of named items such as agents, by name. Returns the problem, or undefined.
 */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): string | undefined {
  const segments = pathSegments(path);
  if (segments.length === 0) return 'is empty';
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(node)) {
      const at = /^\d+$/.test(seg) ? Number(seg) : node.findIndex((x) => isObject(x) && x['name'] === seg);
      if (at < 0 || at >= node.length)
        return `no item ${seg} in ${segments.slice(0, i).join('.') || 'the scenario'}`;
      if (last) {
        node[at] = value;
        return undefined;
      }
      node = node[at];
    } else if (isObject(node)) {
      if (last) {
        node[seg] = value;
        return undefined;
      }
      if (node[seg] === undefined || node[seg] === null) {
        if (/^\d+$/.test(segments[i + 1]!)) return `no list at ${segments.slice(0, i + 1).join('.')}`;
        node[seg] = {};
      }
      node = node[seg];
    } else {
      return `${segments.slice(0, i).join('.')} is not an object or a list`;
    }
  }
  return undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
