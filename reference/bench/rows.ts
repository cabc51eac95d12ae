// What a bench run produces, without the measuring code (so that the CLI can name rows
// without loading the reference).

export type Payload = 'number' | 'string' | 'object';

/** One row of `syncspec bench --json` (DESIGN.md, "Command line"). */
export interface BenchRow {
  impl: string;
  flavor: string;
  payload: string;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
}

/** The implementations measured, as `impl` names them. */
export const IMPL = {
  reference: 'syncspec-reference',
  noSpin: 'syncspec-reference (no spin)',
  noHookCheck: 'syncspec-reference (hook check compiled out)',
  messageChannel: 'MessageChannel',
  rust: 'rust std::sync::mpsc',
} as const;

/**
 * A case: one flavor and payload of the reference, with the alternatives set beside it.
 * MessageChannel has one flavor (unbounded); it sits in the case with its payload and the
 * largest buffer, and is compared with that case's Rust row.
 */
export interface BenchCase {
  readonly name: string;
  readonly flavor: string;
  readonly payload: Payload;
}

export interface BenchResult {
  /** Rows in case order; `cases[i]` is the case of `rows[i]`. */
  readonly rows: readonly BenchRow[];
  readonly cases: readonly BenchCase[];
  /** `samples[i]`: the seconds of `rows[i]` in each round (the row reports their median). */
  readonly samples: readonly (readonly number[])[];
  /** Why there are no Rust rows, when there are none. */
  readonly rustSkipped?: string;
  readonly rounds: number;
  /** The 1-minute load average when the run started and ended, and the number of CPUs: other work skews every row. */
  readonly load: { readonly start: number; readonly end: number; readonly cpus: number };
}

/** A request the bench cannot serve (a case filter that matches nothing). */
export class BenchUsageError extends Error {}
