// Between two scheduled events the library under test must settle: its microtasks run
// to completion, and a few macrotask turns let libraries that defer work with
// setImmediate (or a MessageChannel) finish it. Nothing here waits for real time, so a
// run takes none, and the same schedule gives the same run.
//
// Where a run would conclude something from operations still pending (moving on to the
// suffix, firing a timer, ending), the executor first gives the library more time
// (`settleBeforeConcluding`): more macrotask turns, for wake-ups chained through many tasks
// (a futex-style lock whose Atomics.waitAsync wake-ups each hand on to the next waiter),
// and zero-delay timers (a library that settles its promises with `setTimeout(…, 0)` is
// slow by a millisecond, not blocked). Node runs timers of one delay in the order they
// were set, so a timer of ours set after the library's runs after it.

export const DEFAULT_SETTLE_TURNS = 3;

/** Rounds `settleBeforeConcluding` gives at most: each `settle`s, up to three of them after a zero-delay timer. */
export const QUIET_ROUNDS = 10;
const TIMER_ROUNDS = 3;

export async function settle(turns: number = DEFAULT_SETTLE_TURNS): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Settles again and again until `changed()` (an operation returned) or `QUIET_ROUNDS`
 * rounds passed; the first rounds also let zero-delay timers run, while any timer is set in
 * the process (else there is none to wait for).
 */
export async function settleBeforeConcluding(changed: () => boolean, turns: number = DEFAULT_SETTLE_TURNS, rounds: number = QUIET_ROUNDS): Promise<void> {
  let timerWaits = 0;
  for (let i = 0; i < rounds && !changed(); i++) {
    if (timerWaits < TIMER_ROUNDS && timersSet()) {
      timerWaits++;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    await settle(turns);
  }
}

/** Whether any timer is set in this process (ours, the library's, anyone's): only then can one fire. */
function timersSet(): boolean {
  return process.getActiveResourcesInfo().includes('Timeout');
}
