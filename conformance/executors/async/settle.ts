// Between two scheduled events the library under test must settle: its microtasks run
// to completion, and a few macrotask turns let libraries that defer work with
// setImmediate (or a MessageChannel) finish it. Nothing here waits for real time, so a
// run takes none, and the same schedule gives the same run.
//
// Where a run would conclude something from operations still pending (moving on to the
// suffix, firing a timer, ending), the executor first lets zero-delay timers run too
// (`settleTimers`): a library that settles its promises with `setTimeout(…, 0)` is slow
// by a millisecond, not blocked. Node runs timers of one delay in the order they were
// set, so a timer of ours set after the library's runs after it: no race.

export const DEFAULT_SETTLE_TURNS = 3;

/** Rounds of zero-delay timers `settleTimers` lets run (a timer that sets another, a few deep). */
export const TIMER_TURNS = 3;

export async function settle(turns: number = DEFAULT_SETTLE_TURNS): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Lets the library's zero-delay timers run, each round followed by `settle`: about a
 * millisecond a round, and nothing while no timer is set in the process.
 */
export async function settleTimers(turns: number = DEFAULT_SETTLE_TURNS, rounds: number = TIMER_TURNS): Promise<void> {
  for (let i = 0; i < rounds && timersSet(); i++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    await settle(turns);
  }
}

/** Whether any timer is set in this process (ours, the library's, anyone's): only then can one fire. */
function timersSet(): boolean {
  return process.getActiveResourcesInfo().includes('Timeout');
}
