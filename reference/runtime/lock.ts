// A small mutex in one Int32 word of shared memory, which records its owner.
//
// word = 0                    unlocked
//      = token                locked by the thread named by `token` (registry.ts)
//      = token | CONTENDED    locked, and someone may be parked on the word
//      = CLOSED               permanently shut (a channel's send side after the last
//                             receiver left): acquire returns 'closed' from then on
//
// Why the owner: a worker can be terminated at any instruction, also inside a critical
// section. A waiter that finds the lock held by a dead thread steals it. Every critical
// section of the reference is written so that its effects become visible through one
// final store (a "commit"); a section cut short before its commit left nothing visible,
// one cut short after it is complete, so a stolen lock needs no repair beyond, at
// worst, a leaked heap allocation.
//
// Waiters spin briefly (not in controlled runs), then park on the word with a timeout:
// the timeout is only there to re-check the owner's liveness (a dead owner never
// unlocks). A lock is held for a few hundred nanoseconds, so in practice unlock's
// notify wakes the waiter long before the timeout.

import { isControlled, park, unpark } from '../schedule/hooks.ts';
import { cas, exchange, load } from './atomics.ts';
import type { ThreadIdentity } from './thread.ts';

export const CLOSED = 2047;
const CONTENDED = 1 << 30;
const LOCK_SPIN = 2000;
/** How often a parked lock waiter re-checks that the owner is alive. */
const DEAD_OWNER_POLL_MS = 50;

export type Acquired = 'ok' | 'closed';

export function lock(i32: Int32Array, index: number, me: ThreadIdentity, label: string): Acquired {
  const c = cas(i32, index, 0, me.token, label);
  if (c === 0) {
    held++;
    return 'ok';
  }
  const r = lockSlow(i32, index, me, label);
  if (r === 'ok') held++;
  return r;
}

// ---- wakes deferred to the end of the critical section ----------------------------
//
// A thread woken with Atomics.notify may take the waker's CPU at once (the kernel's
// wake-up preemption). If the waker still holds a lock, the woken thread — which
// usually wants that very lock next — finds it held by a thread that is not running,
// spins out, parks, and each hand-off then costs several futex round trips: measured
// on a rendezvous, most round trips parked on STATE_LOCK that way. So a wake decided
// inside a critical section (registry.ts: wakeOwner) is only recorded, and sent when
// this thread's last lock is released. It is not lost: the park word was bumped
// before (a thread about to park sees the change), the notify follows within the
// unlock, and a waker that dies in between is a death, which wakes every parked
// thread. Controlled runs keep the wake where it was decided (no real preemption to
// avoid, and the schedule stays as it was).

/** Locks of runtime/lock.ts this thread holds now. */
let held = 0;
const deferredArrays: Int32Array[] = [];
const deferredIndices: number[] = [];
let deferredCount = 0;

/**
 * Called by a waker that decided to notify `array[index]`: if this thread holds a lock
 * (outside controlled runs), the notify is recorded and sent by the last unlock, and
 * true is returned; otherwise false, and the caller notifies now.
 */
export function deferWake(array: Int32Array, index: number): boolean {
  if (held === 0 || isControlled()) return false;
  deferredArrays[deferredCount] = array;
  deferredIndices[deferredCount] = index;
  deferredCount++;
  return true;
}

function released(): void {
  if (held > 0) held--;
  if (held === 0 && deferredCount > 0) {
    const n = deferredCount;
    deferredCount = 0;
    for (let i = 0; i < n; i++) {
      const a = deferredArrays[i];
      deferredArrays[i] = undefined as unknown as Int32Array;
      unpark(a, deferredIndices[i]);
    }
  }
}

function lockSlow(i32: Int32Array, index: number, me: ThreadIdentity, label: string): Acquired {
  if (!isControlled()) {
    for (let k = 0; k < LOCK_SPIN; k++) {
      const c = Atomics.load(i32, index);
      if (c === CLOSED) return 'closed';
      if (c === 0 && Atomics.compareExchange(i32, index, 0, me.token) === 0) return 'ok';
    }
  }
  for (;;) {
    let c = load(i32, index, `${label}:lock-wait`);
    if (c === CLOSED) return 'closed';
    if (c === 0) {
      // We cannot know whether others are parked: mark contended so unlock wakes one.
      if (cas(i32, index, 0, me.token | CONTENDED, `${label}:lock`) === 0) return 'ok';
      continue;
    }
    const owner = c & ~CONTENDED;
    if (!me.registry.isAlive(owner)) {
      // The owner died inside its critical section: take the lock over (see header).
      if (cas(i32, index, c, me.token | CONTENDED, `${label}:lock-steal`) === c) return 'ok';
      continue;
    }
    if ((c & CONTENDED) === 0) {
      if (cas(i32, index, c, c | CONTENDED, `${label}:lock-contend`) !== c) continue;
      c |= CONTENDED;
    }
    park(i32, index, c, DEAD_OWNER_POLL_MS);
  }
}

/**
 * `label` + `suffix` where a controlled run will see it; outside controlled runs the
 * label goes nowhere, so no string is made for it on every unlock.
 */
function step(label: string, suffix: string): string {
  return isControlled() ? label + suffix : label;
}

export function unlock(i32: Int32Array, index: number, label: string): void {
  const prev = exchange(i32, index, 0, step(label, ':unlock'));
  if ((prev & CONTENDED) !== 0) unpark(i32, index, 1);
  released();
}

/** Releases a held lock into the CLOSED state; every later acquire returns 'closed'. */
export function closeLock(i32: Int32Array, index: number, label: string): void {
  const prev = exchange(i32, index, CLOSED, step(label, ':close'));
  if ((prev & CONTENDED) !== 0) unpark(i32, index, Infinity);
  released();
}

export function isClosed(i32: Int32Array, index: number, label: string): boolean {
  return load(i32, index, label) === CLOSED;
}
