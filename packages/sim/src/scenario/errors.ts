import type { z } from 'zod';

/** One problem in a scenario: the field (a dotted path such as agents[2].params.leverage) and what is wrong. */
export interface ScenarioIssue {
  readonly path: string;
  readonly message: string;
}

/** A scenario that cannot run: every problem found, each naming its field. */
export class ScenarioError extends Error {
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[], source?: string) {
    const lines = issues.map((i) => `  ${i.path || '(top level)'}: ${i.message}`);
    super(`${source ? `${source}: ` : ''}invalid scenario\n${lines.join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** A problem a strategy finds in its params; the loader puts the agent's path in front. */
export class ParamError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.name = 'ParamError';
    this.path = path;
  }
}

/** a.b[2].c from ['a', 'b', 2, 'c']. */
export function joinPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const key = String(p);
      const plain = /^[A-Za-z_$][\w$/-]*$/.test(key);
      out += plain ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Zod's issues as scenario issues: one per field, with messages people can act on. */
export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ScenarioIssue[] {
  return issuesOf(error.issues, prefix);
}

function issuesOf(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: joinPath([...path, key]), message: 'unknown field' });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.message === 'Invalid input') {
      // A union without its own message (false or an object): the one branch whose shape the value
      // took names the fields inside it.
      const inside = issue.errors.filter((branch) =>
        branch.some((i) => i.path.length > 0 || i.code === 'unrecognized_keys'),
      );
      if (inside.length === 1) {
        out.push(...issuesOf(inside[0]!, path));
        continue;
      }
    }
    let message = issue.message;
    if (issue.code === 'invalid_type' && /received undefined$/.test(message)) message = 'is required';
    else if (message.startsWith('Invalid input: expected ')) message = `must be ${message.slice(24)}`;
    out.push({ path: joinPath(path), message });
  }
  return out;
}
