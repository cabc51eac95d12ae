// The asynchronous driver: blocking operations as promises, for the main thread (which
// must not block its event loop) and for any thread that prefers them.
//
// Each pending operation is a generator (channels/ops.ts) stopped at a wait request on
// a pooled wait record. The thread has one reactor, and all of its pending operations
// share the thread's park word: one Atomics.waitAsync on it is outstanding at a time,
// and every wake re-examines every pending operation. The reactor counts as "parked"
// (S_PARKED) while it has pending operations, so wakers always notify it — the same
// protocol as a synchronous wait (thread.ts), with waitAsync in place of Atomics.wait.
// Deadlines (recvTimeoutAsync) are timers; a death in the process wakes the park word.
// An operation may also carry an AbortSignal (`{ signal }` of the timed calls): its
// abort ends the operation's timed waits as timeouts, whatever the clock says; a
// deadline of SIGNAL_ONLY is timed by the signal alone (no timer is set for it).
//
// Note: like a pending Atomics.waitAsync, a pending operation does not keep the event
// loop alive by itself (a timeout's timer does). waitAsync bypasses the schedule hooks:
// controlled runs drive the blocking API in workers, not this.

import { add, cas, load } from './atomics.ts';
import { waitAsync } from './es2024.ts';
import { PHASE_ABORTED, PHASE_WAITING, recordState, S_PARK, S_PARKED } from './registry.ts';
import { armPoolRecord, currentThread, rearmRecord, releaseRecord, stillWaiting, type ThreadIdentity, type WaitEnd, type WaitTicket } from './thread.ts';
import { SIGNAL_ONLY } from './wait-op.ts';

/** setTimeout's longest delay (Node makes a longer one 1 ms): a farther deadline is looked at again then. */
const MAX_TIMER_MS = 0x7fffffff;

export interface AsyncWaitRequest {
  readonly ticket: WaitTicket;
  readonly deadline: number;
  readonly epoch: number;
}

type AsyncOp<R> = Generator<AsyncWaitRequest, R, WaitEnd>;

interface Pending {
  readonly op: AsyncOp<unknown>;
  /** Ends the operation's timed waits (finite deadline) as timeouts once aborted. */
  readonly signal: AbortSignal | undefined;
  request: AsyncWaitRequest;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  release(): void;
}

class Reactor {
  private readonly pending = new Set<Pending>();
  private outstanding = false;
  private counted = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private polling = false;

  constructor(readonly me: ThreadIdentity) {}

  run<R>(make: (arm: () => WaitTicket) => AsyncOp<R>, signal?: AbortSignal): Promise<R> {
    let ticket: WaitTicket | null = null;
    const me = this.me;
    const arm = (): WaitTicket => {
      if (ticket === null) ticket = armPoolRecord(me);
      else ticket = rearmRecord(me, ticket);
      return ticket;
    };
    const op = make(arm);
    const onAbort = (): void => this.poll();
    signal?.addEventListener('abort', onAbort);
    return new Promise<R>((resolve, reject) => {
      const p: Pending = {
        op: op as AsyncOp<unknown>,
        signal,
        request: null as unknown as AsyncWaitRequest,
        resolve: resolve as (v: unknown) => void,
        reject,
        release: () => {
          signal?.removeEventListener('abort', onAbort);
          if (ticket !== null) releaseRecord(me, ticket);
        },
      };
      this.step(p, undefined as unknown as WaitEnd);
      this.poll();
    });
  }

  /**
   * Forgets every pending operation: each record still waiting is aborted (a waker
   * passes over it, as over a timed-out wait) and freed, and the promises never settle.
   */
  abandon(): number {
    const n = this.pending.size;
    const i32 = this.me.registry.i32;
    for (const p of this.pending) {
      const t = p.request.ticket;
      cas(i32, t.word, recordState(t.seq, 0, PHASE_WAITING), recordState(t.seq, 0, PHASE_ABORTED), 'async:abandon');
      p.release();
    }
    this.pending.clear();
    this.poll(); // uncounts the reactor as parked, clears its timer
    return n;
  }

  /** Advances one operation; keeps it pending if it waits again. */
  private step(p: Pending, end: WaitEnd): void {
    let r: IteratorResult<AsyncWaitRequest, unknown>;
    try {
      r = p.op.next(end);
    } catch (e) {
      this.pending.delete(p);
      p.release();
      p.reject(e);
      return;
    }
    if (r.done) {
      this.pending.delete(p);
      p.release();
      p.resolve(r.value);
      return;
    }
    p.request = r.value;
    this.pending.add(p);
  }

  private check(p: Pending): WaitEnd | null {
    const q = p.request;
    if (!stillWaiting(this.me, q.ticket)) return 'changed';
    if (this.me.registry.deathEpoch() !== q.epoch) return 'death';
    if (q.deadline !== Infinity && (p.signal?.aborted === true || performance.now() >= q.deadline)) return 'timeout';
    return null;
  }

  private poll(): void {
    if (this.polling) return;
    this.polling = true;
    try {
      const reg = this.me.registry;
      const parkWord = reg.slotWord(this.me.slot, S_PARK);
      for (;;) {
        // Count as parked before the checks, so a waker after them notifies us.
        const v = load(reg.i32, parkWord, 'async:park-word');
        if (!this.counted && this.pending.size > 0) {
          add(reg.i32, reg.slotWord(this.me.slot, S_PARKED), 1, 'async:parked+');
          this.counted = true;
        }
        let progressed = false;
        for (const p of [...this.pending]) {
          const end = this.check(p);
          if (end !== null) {
            progressed = true;
            this.step(p, end);
          }
        }
        if (progressed) continue;
        if (this.pending.size === 0) {
          if (this.counted) {
            add(reg.i32, reg.slotWord(this.me.slot, S_PARKED), -1, 'async:parked-');
            this.counted = false;
          }
          this.setTimer(Infinity);
          return;
        }
        if (!this.outstanding) {
          const w = waitAsync(reg.i32, parkWord, v);
          if (!w.async) continue; // the word moved: look again
          this.outstanding = true;
          void w.value.then(() => {
            this.outstanding = false;
            this.poll();
          });
        }
        let next = Infinity;
        for (const p of this.pending) if (p.request.deadline !== SIGNAL_ONLY) next = Math.min(next, p.request.deadline);
        this.setTimer(next);
        return;
      }
    } finally {
      this.polling = false;
    }
  }

  private setTimer(at: number): void {
    if (at === this.timerAt) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = at;
    if (at === Infinity) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.poll();
    }, Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - performance.now()))));
  }
}


let reactor: Reactor | null = null;

/** Runs a blocking operation as a promise on this thread's reactor; `signal` ends its timed waits (see the header). */
export function runAsync<R>(make: (arm: () => WaitTicket) => AsyncOp<R>, signal?: AbortSignal): Promise<R> {
  const me = currentThread();
  if (reactor === null || reactor.me !== me) reactor = new Reactor(me);
  return reactor.run(make, signal);
}

/**
 * Abandons every async operation of this thread still waiting, and returns how many: their
 * promises never settle, their wait records go back to the pool. For a harness that gives
 * up on operations that will never complete (a test run's end): the primitives they wait
 * on must not be used again, since their waiter tables may keep entries of them.
 */
export function abandonPendingAsync(): number {
  return reactor === null ? 0 : reactor.abandon();
}
