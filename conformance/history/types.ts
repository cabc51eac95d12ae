import type { OpCall, Outcome } from '../../spec/model/types.ts';

/**
 * One operation of a recorded run. `call` and `ret` are stamps from one global
 * counter (a shared `Atomics.add` across workers, a plain counter in one thread,
 * the child's own atomic counter in a process): never wall-clock time.
 * Operation a precedes b in real time iff `a.ret < b.call`.
 * A pending operation (still blocked when the run ended) has no `ret` and no `result`.
 */
export interface HistoryOp extends OpCall {
  readonly call: number;
  readonly ret?: number;
  readonly result?: Outcome;
}

/** A recorded run: the model it is checked against, that model's parameters, and the operations. */
export interface History<P = unknown> {
  readonly model: string;
  readonly params: P;
  readonly ops: readonly HistoryOp[];
}

export function isPending(op: HistoryOp): boolean {
  return op.ret === undefined;
}
