// Fast deciders: polynomial-time procedures for histories of particular models, tried before
// the general search. A decider must be sound and complete for what it decides: when it answers
// `ok`, `safety` or `liveness`, that is the answer the general search would give; when its
// preconditions do not hold (pending operations, repeated values, operations it does not know)
// it answers `undecided` and the general search runs. Deciders are keyed by model name.

import type { Model } from '../../spec/model/types.ts';
import type { HistoryOp } from '../history/types.ts';
import type { Diagnosis, LinearizedStep, StuckOp } from './types.ts';
import { fifoQueueDecider } from './fifo/fifoQueueDecider.ts';

export interface DeciderInput<S = unknown, P = unknown> {
  readonly model: Model<S, P>;
  /** One independent part of a history (all of it without partitioning). */
  readonly ops: readonly HistoryOp[];
  readonly params: P;
  /** `performance.now()` value past which the decider should give up (`undecided`). */
  readonly deadline: number;
}

export type DeciderResult =
  | { readonly verdict: 'ok'; readonly linearization: readonly LinearizedStep[]; readonly blocked: readonly number[] }
  | { readonly verdict: 'safety'; readonly diagnosis: Diagnosis }
  | { readonly verdict: 'liveness'; readonly diagnosis: Diagnosis; readonly stuck: readonly StuckOp[] }
  | { readonly verdict: 'undecided'; readonly reason: string };

export interface Decider {
  /** Shown in `stats.decidedBy`. */
  readonly name: string;
  /** The model name it decides histories of. */
  readonly model: string;
  decide(input: DeciderInput): DeciderResult;
}

const registry = new Map<string, Decider>();

/** Registers (or replaces) the decider for `decider.model`. */
export function registerDecider(decider: Decider): void {
  registry.set(decider.model, decider);
}

export function deciderFor(modelName: string): Decider | undefined {
  return registry.get(modelName);
}

registerDecider(fifoQueueDecider);
