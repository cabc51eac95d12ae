// The sequential unbounded FIFO queue of the checker corpus (shared/checker-histories):
// `enq(v)` appends v and returns `Ok`, always enabled; `deq()` removes and returns the head as
// `Ok(v)`, or returns `Empty` on an empty queue (it never blocks). The checker's benchmark and
// its fast decider are about this model; an unbounded channel with unique values is the same
// queue plus disconnection.

import type { Model, OpCall, Transition, Value } from '../../../spec/model/types.ts';
import { outcome } from '../../../spec/model/types.ts';

export type FifoQueueState = readonly Value[];

export const FIFO_QUEUE = 'fifo-queue';

export const fifoQueueModel: Model<FifoQueueState, unknown> = {
  name: FIFO_QUEUE,
  init: () => [],
  phases: () => 1,
  step(state: FifoQueueState, op: OpCall): readonly Transition<FifoQueueState>[] {
    switch (op.name) {
      case 'enq':
        return [{ state: [...state, op.args[0]], result: outcome('Ok'), rule: 'QUEUE-ENQ' }];
      case 'deq':
        return state.length === 0
          ? [{ state, result: outcome('Empty'), rule: 'QUEUE-DEQ-EMPTY' }]
          : [{ state: state.slice(1), result: outcome('Ok', state[0]), rule: 'QUEUE-DEQ-HEAD' }];
      default:
        throw new Error(`${FIFO_QUEUE}: unknown operation ${op.name} (expected enq or deq)`);
    }
  },
  key: (state) => JSON.stringify(state),
  objects: (op) => [op.target],
  features: (state) => [state.length === 0 ? 'empty' : 'non-empty'],
};
