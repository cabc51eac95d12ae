// A blocking operation written once for both drivers: a generator that yields a
// WaitRequest whenever it must wait and is resumed with how the wait ended. `runSync`
// drives it on this thread (park between steps); the reactor (reactor.ts) drives the
// same generator as a promise. Channels and the sync primitives both build on it.
import { armSyncRecord, currentThread, waitSync, type WaitEnd, type WaitTicket } from './thread.ts';

export interface WaitRequest {
  readonly ticket: WaitTicket;
  /** performance.now() deadline, Infinity for none. */
  readonly deadline: number;
  /** Registry death epoch the operation has reaped up to: a newer one ends the wait. */
  readonly epoch: number;
}

export type Op<R> = Generator<WaitRequest, R, WaitEnd>;

/** Gives the operation a wait record armed for a new wait (new seq). */
export type Arm = () => WaitTicket;

/** What a timed operation returns when its deadline passed. */
export const TIMED_OUT = Symbol('timed out');

export const syncArm: Arm = () => armSyncRecord(currentThread());

/** Runs a blocking operation on this thread: parks on its park word (hooks.park) between steps. */
export function runSync<R>(op: Op<R>, spin: number): R {
  const me = currentThread();
  let r = op.next(undefined as unknown as WaitEnd);
  while (!r.done) {
    const q = r.value;
    r = op.next(waitSync(me, q.ticket, q.deadline, spin, q.epoch));
  }
  return r.value;
}

/**
 * The deadline of a timed wait that only its AbortSignal ends (the promise API's
 * `{ signal }` with an infinite `ms`): finite, so the wait counts as timed, and beyond
 * any clock, so no timer is set for it.
 */
export const SIGNAL_ONLY = Number.MAX_VALUE;

/** What the promise API's timed calls take besides `ms`. */
export interface TimedOptions {
  /** Its abort times the operation out at once (an `ms` of Infinity: only then). */
  readonly signal?: AbortSignal;
}

/** A timeout in ms as a performance.now() deadline; a RangeError for anything but a non-negative number. */
export function deadlineOf(ms: number, options?: TimedOptions): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0) throw new RangeError('timeout must be a non-negative number of milliseconds');
  if (ms === Infinity) return options?.signal === undefined ? Infinity : SIGNAL_ONLY;
  return performance.now() + ms;
}
