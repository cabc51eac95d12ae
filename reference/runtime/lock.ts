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
const LOCK_SPIN = 200;
/** How often a parked lock waiter re-checks that the owner is alive. */
const DEAD_OWNER_POLL_MS = 50;

export type Acquired = 'ok' | 'closed';

export function lock(i32: Int32Array, index: number, me: ThreadIdentity, label: string): Acquired {
  const c = cas(i32, index, 0, me.token, label);
  if (c === 0) return 'ok';
  return lockSlow(i32, index, me, label);
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

export function unlock(i32: Int32Array, index: number, label: string): void {
  const prev = exchange(i32, index, 0, `${label}:unlock`);
  if ((prev & CONTENDED) !== 0) unpark(i32, index, 1);
}

/** Releases a held lock into the CLOSED state; every later acquire returns 'closed'. */
export function closeLock(i32: Int32Array, index: number, label: string): void {
  const prev = exchange(i32, index, CLOSED, `${label}:close`);
  if ((prev & CONTENDED) !== 0) unpark(i32, index, Infinity);
}

export function isClosed(i32: Int32Array, index: number, label: string): boolean {
  return load(i32, index, label) === CLOSED;
}
