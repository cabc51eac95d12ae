// The sequential unbounded FIFO queue of the checker corpus (shared/checker-histories):
// `enq(v)` appends v and returns `Ok`, always enabled; `deq()` removes and returns the head as
// `Ok(v)`, or returns `Empty` on an empty queue (it never blocks). The checker's benchmark and
// its fast decider are about this model; an unbounded channel with unique values is the same
// queue plus disconnection. Each target names its own queue (`q`, `q1`...), so a history of
// several queues is checked queue by queue when partitioned, and correctly when not.

import type { Model, OpCall, Transition, Value } from '../../../spec/model/types.ts';
import { outcome } from '../../../spec/model/types.ts';

/**
 * One queue per target, as [target, queue] pairs sorted by target, empty queues left out (so
 * equal states are equal arrays). Almost every history has one target: a one-element array.
 */
export type FifoQueueState = readonly (readonly [string, readonly Value[]])[];

export const FIFO_QUEUE = 'fifo-queue';

export const fifoQueueModel: Model<FifoQueueState, unknown> = {
  name: FIFO_QUEUE,
  init: () => [],
  phases: () => 1,
  step(state: FifoQueueState, op: OpCall): readonly Transition<FifoQueueState>[] {
    const at = state.findIndex(([t]) => t === op.target);
    const queue = at < 0 ? [] : state[at][1];
    switch (op.name) {
      case 'enq':
        return [{ state: withQueue(state, at, op.target, [...queue, op.args[0]]), result: outcome('Ok'), rule: 'QUEUE-ENQ' }];
      case 'deq':
        return queue.length === 0
          ? [{ state, result: outcome('Empty'), rule: 'QUEUE-DEQ-EMPTY' }]
          : [{ state: withQueue(state, at, op.target, queue.slice(1)), result: outcome('Ok', queue[0]), rule: 'QUEUE-DEQ-HEAD' }];
      default:
        throw new Error(`${FIFO_QUEUE}: unknown operation ${op.name} (expected enq or deq)`);
    }
  },
  key: fifoQueueKey,
  objects: (op) => [op.target],
  features: (state) => [state.length === 0 ? 'empty' : 'non-empty'],
};

/** The state with target's queue replaced (at: its index, or -1 if absent). */
function withQueue(state: FifoQueueState, at: number, target: string, queue: readonly Value[]): FifoQueueState {
  if (at >= 0) {
    const next = [...state];
    if (queue.length === 0) next.splice(at, 1);
    else next[at] = [target, queue];
    return next;
  }
  if (queue.length === 0) return state;
  return [...state, [target, queue] as const].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** `{"q":[1,2]}`; `{}` when every queue is empty. */
export function fifoQueueKey(state: FifoQueueState): string {
  let key = '{';
  for (let i = 0; i < state.length; i++) key += `${i > 0 ? ',' : ''}${JSON.stringify(state[i][0])}:${JSON.stringify(state[i][1])}`;
  return `${key}}`;
}
