// The schedule hooks a lane worker installs (through its adapter) for a controlled run:
// at every schedule point of the implementation the worker reports to the coordinator
// and waits until it is granted a step (control.ts gives the protocol). Parking is
// virtual: the worker reports PARKED and the coordinator decides when it looks again at
// the word it parks on (a PROBE) or, for a timed park, when the timer fires.
import type { ParkResult, ScheduleHooks } from '../../../reference/schedule/hooks.ts';
import { ABORT, AT_POINT, GRANT_KIND, GRANT_SEQ, INVOKES, PARKED, PARKED_TIMED, PROBE, REPORTS, SOLO, STATE, TIMEOUT, slotIndex } from './control.ts';

/** Thrown out of a schedule point when the run is over, to unwind the operation the worker was in. */
export class RunAborted extends Error {
  constructor() {
    super('the controlled run ended while this worker waited');
    this.name = 'RunAborted';
  }
}

/** How long a worker waits for a grant before looking whether its coordinator is still there, ms. */
const GRANT_POLL_MS = 1_000;

export class ControlledHooks implements ScheduleHooks {
  /** Set once the coordinator aborted the run: every later hook call throws again, so nothing runs on. */
  aborted = false;
  /**
   * The timeout of the operation in progress, ms (undefined: it has none). Time is virtual
   * here: a timed park waits until the coordinator fires its timer, whatever time is left
   * on the implementation's clock; only a zero timeout gives up at once.
   */
  operationTimeoutMs: number | undefined;
  private readonly state: number;
  private readonly grantSeq: number;
  private readonly grantKind: number;
  private readonly invokes: number;

  constructor(
    private readonly control: Int32Array,
    slot: number,
  ) {
    this.state = slotIndex(slot, STATE);
    this.grantSeq = slotIndex(slot, GRANT_SEQ);
    this.grantKind = slotIndex(slot, GRANT_KIND);
    this.invokes = slotIndex(slot, INVOKES);
  }

  point(_label: string): void {
    if (this.solo()) return;
    this.report(AT_POINT);
  }

  /** The lane worker's point before each operation: counted, so that PCT names steps by operation (pct.ts). Not a hook: an adapter's own points cannot count as one. */
  invoke(): void {
    Atomics.add(this.control, this.invokes, 1);
    if (this.solo()) return;
    this.report(AT_POINT);
  }

  /** Main runs the prefix alone (control.ts: SOLO): a point has no one to yield to. */
  private solo(): boolean {
    if (this.aborted) throw new RunAborted();
    return Atomics.load(this.control, SOLO) === 1;
  }

  park(array: Int32Array, index: number, expected: number, timeoutMs: number): ParkResult {
    if (this.aborted) throw new RunAborted();
    if (Atomics.load(array, index) !== expected) return 'not-equal';
    // A timed park is the operation's timer only in an operation that has a timeout, and
    // only if it is not longer than that timeout (the coordinator learns it here, in shared
    // memory, not from a message that may lag). Any other timed park is the implementation
    // polling (a lock waiter looking for a dead owner): nobody dies here, so it waits
    // like an untimed one, for another worker's step.
    const op = this.operationTimeoutMs;
    const timed = timeoutMs !== Infinity && op !== undefined && timeoutMs <= op;
    // A zero timeout gives up at once: there is nothing to wait for.
    if (timed && op === 0) return 'timed-out';
    for (;;) {
      const kind = this.report(timed ? PARKED_TIMED : PARKED);
      if (kind === TIMEOUT) return 'timed-out';
      if (kind === PROBE && Atomics.load(array, index) !== expected) return 'ok';
    }
  }

  unpark(array: Int32Array, index: number, count: number): number {
    // Nobody really waits on the word in a controlled run; notifying is harmless and
    // keeps the result meaningful for an implementation that mixes in real waits.
    return Atomics.notify(array, index, count);
  }

  /** Reports `state` and waits for the coordinator's grant; returns its kind. */
  report(state: number): number {
    if (this.aborted) throw new RunAborted();
    const c = this.control;
    const seq = Atomics.load(c, this.grantSeq);
    Atomics.store(c, this.state, state);
    Atomics.add(c, REPORTS, 1);
    Atomics.notify(c, REPORTS);
    while (Atomics.load(c, this.grantSeq) === seq) Atomics.wait(c, this.grantSeq, seq, GRANT_POLL_MS);
    const kind = Atomics.load(c, this.grantKind);
    if (kind === ABORT) {
      this.aborted = true;
      throw new RunAborted();
    }
    return kind;
  }
}
