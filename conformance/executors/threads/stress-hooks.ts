// The schedule hooks a lane worker installs for a stress run, when the adapter has them:
// they decide nothing (every point is a no-op, the operating system interleaves), but they
// make a park abortable. A lane still blocked when a stress run ends (a scenario may end
// with an operation the spec lets block for ever) is then unwound and its worker reused,
// instead of being terminated and replaced — starting a worker that loads TypeScript costs
// ~200 ms of CPU, and stress runs used to end most of the workers they blocked.
//
// A park waits on the implementation's word for real, in slices: between two slices it
// looks whether the coordinator aborted the run (ABORT in the slot's GRANT_KIND). A word
// that changed between two slices counts as a wakeup ('ok'). What a slice can miss is a
// notify that leaves the word as it was; a futex protocol changes the word before it
// notifies (or a waiter about to park would miss the notify as well), so none is lost.
import type { ParkResult, ScheduleHooks } from '../../../reference/schedule/hooks.ts';
import { ABORT, GRANT_KIND, slotIndex } from './control.ts';
import { RunAborted } from './controlled-hooks.ts';

/** How long one slice of a park lasts before the worker looks for an abort, ms. */
const SLICE_MS = 50;

export class StressHooks implements ScheduleHooks {
  /** Not a controlled run: the implementation spins and reads real time as it would without hooks. */
  readonly controlled = false;
  aborted = false;
  private readonly grantKind: number;

  constructor(
    private readonly control: Int32Array,
    slot: number,
  ) {
    this.grantKind = slotIndex(slot, GRANT_KIND);
  }

  point(_label: string): void {}

  park(array: Int32Array, index: number, expected: number, timeoutMs: number): ParkResult {
    const deadline = timeoutMs === Infinity ? Infinity : performance.now() + timeoutMs;
    for (let first = true; ; first = false) {
      this.checkAbort();
      const slice = Math.max(0, Math.min(SLICE_MS, deadline - performance.now()));
      const r = Atomics.wait(array, index, expected, slice);
      if (r === 'ok') return 'ok';
      if (r === 'not-equal') return first ? 'not-equal' : 'ok';
      if (performance.now() >= deadline) return 'timed-out';
    }
  }

  unpark(array: Int32Array, index: number, count: number): number {
    return Atomics.notify(array, index, count);
  }

  private checkAbort(): void {
    if (!this.aborted && Atomics.load(this.control, this.grantKind) !== ABORT) return;
    this.aborted = true;
    throw new RunAborted();
  }
}
