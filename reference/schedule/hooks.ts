// Schedule points: every shared-memory step of the reference implementation goes
// through these three functions. Outside controlled runs they are the plain Atomics
// calls (one null check on a module-level variable: nothing measurable). In a
// controlled run the executor installs hooks in each worker that hand control to a
// coordinator, which lets exactly one worker run to its next point and chooses which.

/** A waitable cell: an Int32Array over a SharedArrayBuffer and an index into it. */
export interface Cell {
  readonly array: Int32Array;
  readonly index: number;
}

export type ParkResult = 'ok' | 'not-equal' | 'timed-out';

export interface ScheduleHooks {
  /** Called before a shared-memory step; `label` names the step for traces (`send:claim-slot`). */
  point(label: string): void;
  /** Replaces `Atomics.wait(array, index, expected, timeoutMs)`; `timeoutMs` Infinity = no timeout. */
  park(array: Int32Array, index: number, expected: number, timeoutMs: number): ParkResult;
  /** Replaces `Atomics.notify(array, index, count)`; returns how many waiters were woken. */
  unpark(array: Int32Array, index: number, count: number): number;
  /**
   * False for hooks that choose nothing (the stress executor's, which only make a park
   * abortable): the implementation then spins and reads real time as without hooks.
   * Absent: a controlled run.
   */
  readonly controlled?: boolean;
}

let installed: ScheduleHooks | null = null;

/** Installs hooks for this thread (threads executors' runs); `null` restores the plain Atomics calls. */
export function installScheduleHooks(hooks: ScheduleHooks | null): void {
  installed = hooks;
}

export function schedulePoint(label: string): void {
  if (installed !== null) installed.point(label);
}

export function park(array: Int32Array, index: number, expected: number, timeoutMs: number): ParkResult {
  if (installed !== null) return installed.park(array, index, expected, timeoutMs);
  return Atomics.wait(array, index, expected, timeoutMs);
}

export function unpark(array: Int32Array, index: number, count = Infinity): number {
  if (installed !== null) return installed.unpark(array, index, count);
  return Atomics.notify(array, index, count);
}

/** True while a controlled run drives this thread: spinning is pointless there (nobody else runs). */
export function isControlled(): boolean {
  return installed !== null && installed.controlled !== false;
}
