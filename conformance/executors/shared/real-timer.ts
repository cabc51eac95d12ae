// Where time is real (the threads executors, and the process executor's child), the
// executor does not fire timers: it can only measure how long an operation with a
// timeout took (the threads worker around the call; a process child that reports
// `elapsed_ms`). A timed transition (`Timeout`,
// a condvar wait that timed out) is explained only once the timeout has passed, so an
// operation that returned sooner than its timeout cannot have taken one.

/**
 * How much earlier than its timeout a correct implementation may still return: Node's
 * timers (and `AbortSignal.timeout`) run on the event loop's clock, cached and cut to
 * whole milliseconds, so they fire up to 1 ms early on `performance.now()`'s scale, and a
 * deadline taken from `Date.now()` is short by up to 1 ms too. Twice that, plus 1 % for
 * long timeouts, and a correct implementation is never caught; one that returns at once,
 * or after a fraction of its timeout, is.
 */
function earlyReturnSlackMs(timeoutMs: number): number {
  return 2 + timeoutMs / 100;
}

/** Whether an operation with timeout `timeoutMs` that took `elapsedMs` of real time returned before its timeout passed. */
export function returnedBeforeTimeout(timeoutMs: number, elapsedMs: number): boolean {
  return elapsedMs < timeoutMs - earlyReturnSlackMs(timeoutMs);
}
