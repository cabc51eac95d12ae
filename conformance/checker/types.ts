// The checker's vocabulary: what it is asked (options) and what it answers (results).
// Results are values, never exceptions; the checker throws only for malformed input
// (a programming error in the recorder or the caller).

import type { Outcome, Value } from '../../spec/model/types.ts';

export interface CheckOptions {
  /** Wall-clock budget for the whole check, in ms (default 10,000). Past it: verdict `unknown`. */
  readonly budgetMs?: number;
  /**
   * Cap on the number of configurations kept in the search cache (default: no cap).
   * Reaching it gives verdict `unknown`: a bound on memory, never a guess.
   */
  readonly maxCacheEntries?: number;
  /** Check operations on disjoint objects independently when the model declares `objects` (default true). */
  readonly partition?: boolean;
  /** Try the model's fast decider (e.g. `fifo-queue`) before the general search (default true). */
  readonly useDeciders?: boolean;
  /**
   * Whether the timers of pending operations have fired (default false). While they have
   * not — a run paused at quiescence — an operation whose only way forward is its timer
   * (`recv_timeout` giving up) is legitimately waiting. At the end of a run every timer
   * has fired, so such an operation still pending is a liveness failure. Spurious
   * transitions never oblige an operation to move.
   */
  readonly timedTransitionsEnabled?: boolean;
}

/** One phase of one operation, placed in a linearization. */
export interface LinearizedStep {
  readonly opId: number;
  /** 0-based phase index. */
  readonly phase: number;
  /** How many phases the operation has. */
  readonly phases: number;
  /** The result the model gave; present on an operation's last phase only. */
  readonly result?: Outcome;
  /** The spec rule the model's transition embodies, when it names one. */
  readonly rule?: string;
}

export interface CheckStats {
  /** Search configurations expanded (0 when a decider settled the history). */
  readonly configurations: number;
  /** Configurations skipped because an equal one (same phases linearized, same state) was already explored. */
  readonly cacheHits: number;
  /** Wall-clock time of the check, ms. */
  readonly ms: number;
  /** Independent parts the history was split into (1 without partitioning). */
  readonly parts: number;
  /** How each part was decided: `search`, or the name of a fast decider (`fifo-queue`). */
  readonly decidedBy: readonly string[];
}

/** One way the model allowed a candidate operation to take its next phase. */
export interface AllowedTransition {
  readonly result?: Outcome;
  readonly rule?: string;
  /**
   * Only a timer that has not fired yet, or a spurious wakeup, can take it: it does not
   * make a pending operation stuck (see `CheckOptions.timedTransitionsEnabled`).
   */
  readonly timed?: boolean;
  /** For the last phase of a completed operation: whether this result equals the observed one. */
  readonly matchesObserved?: boolean;
}

/**
 * What one operation could do at the point where the explanation stopped:
 * what the model allowed beside what happened.
 */
export interface CandidateReport {
  readonly opId: number;
  readonly actor: string;
  /** `tx.send(1)`: the operation as written in a scenario. */
  readonly op: string;
  /** The phase it would take next (0-based) and how many it has. */
  readonly phase: number;
  readonly phases: number;
  /** The observed result (`pending` for an operation that never returned). */
  readonly observed: Outcome | 'pending';
  /** The transitions the model enables for that phase; empty: it blocks. */
  readonly allowed: readonly AllowedTransition[];
  /**
   * `blocks`: not enabled in this state. `mismatch`: enabled, but no allowed result is the observed one.
   * `dead-end`: some allowed transition fits, but every continuation from it fails later.
   * `not-tried`: a pending operation's last phase, which the `ok` explanation may not take.
   */
  readonly status: 'blocks' | 'mismatch' | 'dead-end' | 'not-tried';
}

/** A named forbidden pattern found by a fast decider, with the operations that form it. */
export interface ViolationPattern {
  /** e.g. `fifo-order`, `duplicate-dequeue`, `non-empty-at-empty`, `value-from-nowhere`. */
  readonly kind: string;
  readonly opIds: readonly number[];
  /** One sentence, in terms of the operations and their stamps. */
  readonly explanation: string;
}

export interface Diagnosis {
  /** One-line summary of why the history is not explained. */
  readonly summary: string;
  /** The longest partial linearization reached (completed operations' phases count first). */
  readonly linearized: readonly LinearizedStep[];
  /** `model.key` of the state at the end of `linearized`. */
  readonly stateKey: string;
  /**
   * The completed operation that bounded the search there: it returned at `ret`, so one of the
   * candidates had to take effect before that, and none could. Absent at the end of the history.
   */
  readonly deadline?: { readonly opId: number; readonly ret: number };
  /** Every operation that could have taken its next phase there, with what the model allowed. */
  readonly candidates: readonly CandidateReport[];
  /** Completed operations that the partial linearization leaves unexplained. */
  readonly unexplained: readonly number[];
  /** Operations of the independent part the diagnosis is about (all operations without partitioning). */
  readonly partOpIds: readonly number[];
  /** Set by fast deciders: the forbidden pattern that proves the verdict. */
  readonly pattern?: ViolationPattern;
}

/** A pending operation that the model could have completed: the core of a liveness verdict. */
export interface StuckOp {
  readonly opId: number;
  /**
   * `enabled`: at the end of the explanation its last phase is enabled, yet it never returned
   * (a lost wakeup, a missed disconnection). `took-effect`: the completed operations can only be
   * explained if it took effect, yet it never returned.
   */
  readonly reason: 'enabled' | 'took-effect';
  /** What the model allowed it to return (for `took-effect`: the result it must have had). */
  readonly allowed: readonly AllowedTransition[];
}

export type CheckResult =
  | {
      readonly verdict: 'ok';
      /** One linearization of every completed operation (and of the registering phases of pending ones). */
      readonly linearization: readonly LinearizedStep[];
      /** Pending operations explained as blocked. */
      readonly blocked: readonly number[];
      readonly stats: CheckStats;
    }
  | {
      readonly verdict: 'safety';
      readonly diagnosis: Diagnosis;
      readonly stats: CheckStats;
    }
  | {
      readonly verdict: 'liveness';
      readonly diagnosis: Diagnosis;
      /** Pending operations the model could complete. */
      readonly stuck: readonly StuckOp[];
      readonly stats: CheckStats;
    }
  | {
      readonly verdict: 'unknown';
      readonly reason: string;
      readonly stats: CheckStats;
    };

export type Verdict = CheckResult['verdict'];

/** Present an operation as a scenario line: `tx.send(1)`, `rx.recv()`. */
export function describeOp(op: { readonly name: string; readonly target: string; readonly args: readonly Value[] }): string {
  return `${op.target}.${op.name}(${op.args.map((a) => JSON.stringify(a)).join(', ')})`;
}
