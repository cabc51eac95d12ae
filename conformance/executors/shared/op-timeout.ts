// Which operations carry a timer, and how long: the one place that knows where each
// timed operation keeps its duration. Every executor and the async dispatch ask, without
// handles (the process executor has none): the timed operations' names are unique across
// the primitives, so the name and the arguments are enough.
import type { OpCall } from '../../../spec/model/types.ts';

/**
 * The duration (ms) of `op`'s timer (virtual on the async executor, real elsewhere), or
 * undefined if it has none.
 */
export function timeoutOfOp(op: OpCall): number | undefined {
  switch (op.name) {
    case 'recv_timeout':
      return Number(op.args[0]);
    // `g2 = cv.wait_timeout(g, ms)`: the guard given back and the guard taken come first.
    case 'wait_timeout':
    case 'wait_timeout_while':
      return Number(op.args[2]);
    default:
      return undefined;
  }
}
