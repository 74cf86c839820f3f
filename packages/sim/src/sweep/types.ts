import type { GroupSummary } from '../run/result.ts';

/** One run of a sweep: its parameter values and figures. */
export interface SweepRun {
  readonly index: number;
  readonly values: readonly unknown[];
  readonly metrics: Readonly<Record<string, number>>;
  readonly groups: readonly GroupSummary[];
  readonly stateHash: string;
}

export interface SweepResult {
  readonly version: 1;
  readonly kind: 'sweep';
  readonly scenario: { readonly name: string; readonly description: string; readonly seed: number };
  readonly parameters: readonly {
    readonly path: string;
    readonly label: string;
    readonly values: readonly unknown[];
  }[];
  /** The figures the report's tables and heatmaps show. */
  readonly metrics: readonly string[];
  readonly runs: readonly SweepRun[];
}

/** Parent -> worker. */
export type WorkerRequest =
  | {
      readonly type: 'run';
      readonly index: number;
      readonly raw: unknown;
      readonly baseDir: string;
      readonly name: string;
      readonly seed?: number;
    }
  | { readonly type: 'exit' };

/** Worker -> parent. */
export type WorkerReply =
  | {
      readonly type: 'done';
      readonly index: number;
      readonly metrics: Record<string, number>;
      readonly groups: GroupSummary[];
      readonly stateHash: string;
    }
  | { readonly type: 'error'; readonly index: number; readonly message: string };
