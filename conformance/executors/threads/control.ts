// The control block of one threads run: a SharedArrayBuffer that the coordinating
// thread and the lane workers share. It holds the global clock (every invocation and
// response is stamped with Atomics.add on it: one order across threads, never wall-clock
// time), the stress executor's start barrier and copy barrier, and one slot per worker through which a
// controlled run hands out steps.
//
// Controlled protocol (worker side: controlled-hooks.ts; coordinator: coordinator.ts).
// A worker at a schedule point reads its slot's GRANT_SEQ, stores its STATE (AT_POINT,
// PARKED, PARKED_TIMED or DONE), bumps REPORTS and notifies it, then waits for GRANT_SEQ
// to change. The coordinator waits on REPORTS until no worker is RUNNING, chooses one
// event, writes GRANT_KIND and STATE = RUNNING, then bumps GRANT_SEQ and notifies it. At
// most one worker runs at a time, so the run is a function of the choices.

export const CLOCK = 0;
export const REPORTS = 1;
export const BARRIER = 2;
/** Stress runs of several copies (copies.ts): arrivals at the barrier before each copy, and a flag set when main's suffix begins (a lane then starts no further copy). */
export const COPY_ARRIVALS = 3;
export const SUFFIX_BEGUN = 4;
/**
 * Controlled runs: 1 while main runs the prefix alone. Its schedule points then pass
 * without a report — there is no other worker to give a step to, so each grant was a
 * round trip to the coordinator that chose nothing (the reference has several points per
 * operation, so a prefix flood of thousands of values made tens of thousands of them;
 * not counted). Parks still report: a timer, or a main that can never go on, is the
 * coordinator's to decide.
 */
export const SOLO = 5;
const HEADER = 6;
const SLOT_WORDS = 5;

/** Slot words. */
export const STATE = 0;
export const GRANT_SEQ = 1;
export const GRANT_KIND = 2;
/** Messages the worker has posted for this run: the coordinator judges only once it has them all. */
export const POSTED = 3;
/** Operations the worker has invoked in a controlled run (bumped at each operation's first schedule point): where a step falls within its operation. */
export const INVOKES = 4;

/** Worker states (STATE). */
export const FREE = 0;
export const RUNNING = 1;
export const AT_POINT = 2;
export const PARKED = 3;
export const PARKED_TIMED = 4;
export const DONE = 5;

/** What a grant lets the worker do (GRANT_KIND). */
export const STEP = 1;
/** A parked worker looks again at the word it parks on; it reports PARKED again if nothing changed. */
export const PROBE = 2;
/** A timed park gives up: the schedule chose its timer. */
export const TIMEOUT = 3;
/** The run is over: the worker unwinds out of the operation (controlled-hooks.ts: RunAborted). */
export const ABORT = 4;

export function createControl(workers: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer((HEADER + workers * SLOT_WORDS) * 4));
}

export function slotIndex(slot: number, word: number): number {
  return HEADER + slot * SLOT_WORDS + word;
}

/** A stamp from the global clock: 1, 2, 3, ... */
export function tick(control: Int32Array): number {
  return Atomics.add(control, CLOCK, 1) + 1;
}
