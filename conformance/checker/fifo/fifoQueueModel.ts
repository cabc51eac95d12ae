// The sequential unbounded FIFO queue of the checker corpus (shared/checker-histories):
// `enq(v)` appends v and returns `Ok`, always enabled; `deq()` removes and returns the head as
// `Ok(v)`, or returns `Empty` on an empty queue (it never blocks). The checker's benchmark and
// its fast decider are about this model; an unbounded channel with unique values is the same
// queue plus disconnection. Each target names its own queue (`q`, `q1`...), so a history of
// several queues is checked queue by queue when partitioned, and correctly when not.

import type { Model, OpCall, Transition, Value } from '../../../spec/model/types.ts';
import { outcome } from '../../../spec/model/types.ts';

/** One queue per target; a target never used is an empty queue. */
export type FifoQueueState = { readonly [target: string]: readonly Value[] };

export const FIFO_QUEUE = 'fifo-queue';

export const fifoQueueModel: Model<FifoQueueState, unknown> = {
  name: FIFO_QUEUE,
  init: () => ({}),
  phases: () => 1,
  step(state: FifoQueueState, op: OpCall): readonly Transition<FifoQueueState>[] {
    const queue = state[op.target] ?? [];
    switch (op.name) {
      case 'enq':
        return [{ state: { ...state, [op.target]: [...queue, op.args[0]] }, result: outcome('Ok'), rule: 'QUEUE-ENQ' }];
      case 'deq':
        return queue.length === 0
          ? [{ state, result: outcome('Empty'), rule: 'QUEUE-DEQ-EMPTY' }]
          : [{ state: { ...state, [op.target]: queue.slice(1) }, result: outcome('Ok', queue[0]), rule: 'QUEUE-DEQ-HEAD' }];
      default:
        throw new Error(`${FIFO_QUEUE}: unknown operation ${op.name} (expected enq or deq)`);
    }
  },
  key: fifoQueueKey,
  objects: (op) => [op.target],
  features: (state) => [Object.values(state).every((q) => q.length === 0) ? 'empty' : 'non-empty'],
};

/** Canonical: targets in order, empty queues left out (`{"q":[1,2]}`; `{}` when all are empty). */
export function fifoQueueKey(state: FifoQueueState): string {
  const targets = Object.keys(state).filter((t) => state[t].length > 0);
  if (targets.length === 1) return `{${JSON.stringify(targets[0])}:${JSON.stringify(state[targets[0]])}}`;
  targets.sort();
  return JSON.stringify(Object.fromEntries(targets.map((t) => [t, state[t]])));
}
