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
  /**
   * Present when the executor knows about this operation's timer: it fired it (virtual
   * time: the async executor), or it measured that the operation returned before its
   * timeout's worth of real time had passed (threads, stress included: then no timer
   * fired, unless a controlled run's schedule fired it; process, when the child reports
   * `elapsed_ms`). On threads, an operation that
   * took its timeout's worth of real time has no `timer`, even where the schedule fired it:
   * its real timer may have fired first. `firedAt` is where the timer fired on the stamp scale
   * (between two stamps; the call stamp for a zero timeout, which has expired as soon as it
   * is called); absent if it had not fired when the operation returned. An operation can
   * give up through its timer (a `timed` transition) only once it fired: after every
   * operation that returned before that. No `timer` at all: no constraint.
   */
  readonly timer?: { readonly firedAt?: number };
  /**
   * Where, on the stamp scale, the executor found this operation waiting with everything
   * else quiet (the async executor, before main's suffix, for channel operations): it was
   * blocked in the primitive, so the phases before its last (a rendezvous sender's offer,
   * a receiver registered as waiting) had taken effect by then.
   */
  readonly waitingAt?: number;
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
