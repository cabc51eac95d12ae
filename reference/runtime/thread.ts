// This thread's identity in the registry, and how it waits.
//
// Waiting protocol (the waker side is Registry.wakeOwner):
//   waiter: spin a little on its record; then read the park word, count itself as
//   parked, re-check the record, and park on the park word with the value read.
//   waker:  change the record (CAS), add 1 to the park word, and notify only if the
//   owner counts as parked.
// All of these are sequentially consistent atomics, so either the waiter's re-check
// sees the new record state or the waker sees the parked count (no lost wakeup), and a
// wake between the waiter's read of the park word and its park makes the park return
// at once ('not-equal').

import { isMainThread, threadId } from 'node:worker_threads';
import { isControlled, park } from '../schedule/hooks.ts';
import { add, load, store } from './atomics.ts';
import {
  PHASE_WAITING,
  currentRegistry,
  markRegistryUsed,
  parentThreadId,
  phaseOf,
  recordState,
  seqOf,
  takeWokeParked,
  S_PARK,
  S_PARKED,
  S_RECORD,
  tokenOf,
  type Registry,
} from './registry.ts';

export interface ThreadIdentity {
  readonly registry: Registry;
  readonly slot: number;
  readonly gen: number;
  /** Lock-owner token of this thread (registry.ts: tokenOf). */
  readonly token: number;
}

let identity: ThreadIdentity | null = null;

/** This thread's slot in the registry, claimed on first use. */
export function currentThread(): ThreadIdentity {
  const reg = currentRegistry();
  if (identity !== null && identity.registry === reg) return identity;
  markRegistryUsed();
  const [slot, gen] = reg.claimSlot(threadId, parentThreadId);
  identity = { registry: reg, slot, gen, token: tokenOf(slot, gen) };
  if (!isMainThread) {
    // A worker that ends by itself (its event loop ran out, process.exit, an uncaught
    // exception) reports its own death, even if nobody watches it (runtime/watch.ts);
    // worker.terminate() runs no handler, which is why watching is still needed.
    process.once('exit', () => reg.markThreadDead(threadId));
  }
  return identity;
}

// ---- spinning -----------------------------------------------------------------------

let defaultSpin = 1000;

/**
 * A wait right after this thread woke a parked thread spins this many times longer
 * (registry.ts: takeWokeParked): about 10 × 1000 loads, ~70-100 µs, covers the woken
 * thread's 15-40 µs way back to a CPU, so that a hand-off that parked once goes back to
 * spinning instead of parking at every step (each side parking just before the other
 * comes back). Only when it pays: when the machine has no idle CPU, the kernel queues
 * the woken thread behind its spinning waker, and the longer spin only delays it. So a
 * longer spin that still ended in parking makes this thread skip the next ones, for a
 * number of wakes that doubles with each such failure (up to BOOST_BACKOFF_MAX), and
 * one that succeeds resets the count.
 */
export const SPIN_AFTER_WAKE = 10;
const BOOST_BACKOFF_MAX = 1024;
let boostBackoff = 1;
let boostSkip = 0;

/**
 * How many times a waiter re-reads shared memory before parking. perf-anchors.md: about
 * 1000 loads (~7 µs) keeps a rendezvous in the fast, both-sides-spinning regime on a
 * 2-core machine; when threads outnumber cores, spinning only burns CPU, so make it
 * smaller (0 disables it). Spinning is always skipped in controlled runs.
 */
export function setDefaultSpin(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('spin must be a non-negative integer');
  defaultSpin = n;
}

export function getDefaultSpin(): number {
  return defaultSpin;
}

export function effectiveSpin(spin: number | undefined): number {
  if (isControlled()) return 0;
  return (spin ?? defaultSpin) >> spinShift;
}

// ---- adaptive spinning ------------------------------------------------------------
//
// Spinning pays only while the thread waited for is running. When the machine has more
// runnable threads than CPUs, it usually is not — and the spinner may even be what keeps
// it off the CPU — so every spin runs out and then parks anyway. Measured: a rendezvous
// under load 8 on the 2-CPU VM made 32 K round trips/s with the full spin and 115 K
// with none. So this thread halves its spins (down to 1/32 of the configured count) for
// each wait in a row whose spin ran out, and goes back to the full count as soon as a
// spin succeeds; at the bottom, every SPIN_PROBE-th wait tries the full count again.
// The configured spin stays the most a thread spins; a spin of 0 is never raised.

const SPIN_SHIFT_MAX = 5;
const SPIN_PROBE = 32;
let spinShift = 0;
let probeIn = SPIN_PROBE;

function spinSucceeded(): void {
  spinShift = 0;
}

function spinRanOut(): void {
  if (spinShift < SPIN_SHIFT_MAX) spinShift++;
  else if (--probeIn === 0) {
    probeIn = SPIN_PROBE;
    spinShift = 0;
  }
}

// ---- wait records -------------------------------------------------------------------

/** A wait record prepared for one operation: register `record`/`seq` in waiter tables. */
export interface WaitTicket {
  readonly record: number;
  readonly seq: number;
  /** Int32 index of the record's state word in the registry. */
  readonly word: number;
}

/** Arms the thread's own record (sync operations: one at a time per thread). */
export function armSyncRecord(me: ThreadIdentity): WaitTicket {
  const reg = me.registry;
  const word = reg.slotWord(me.slot, S_RECORD);
  const seq = (seqOf(load(reg.i32, word, 'wait:record-read')) + 1) & 0xffff;
  store(reg.i32, word, recordState(seq, 0, PHASE_WAITING), 'wait:arm');
  return { record: me.slot, seq, word };
}

/** Arms a pooled record (async operations, any number per thread). Free it with releaseRecord. */
export function armPoolRecord(me: ThreadIdentity): WaitTicket {
  const reg = me.registry;
  const record = reg.allocRecord(me.slot);
  const word = reg.recordWord(record);
  const seq = (seqOf(load(reg.i32, word, 'wait:record-read')) + 1) & 0xffff;
  store(reg.i32, word, recordState(seq, 0, PHASE_WAITING), 'wait:arm');
  return { record, seq, word };
}

/** Arms a record again for a new wait of the same operation (new seq). */
export function rearmRecord(me: ThreadIdentity, t: WaitTicket): WaitTicket {
  const seq = (seqOf(load(me.registry.i32, t.word, 'wait:record-read')) + 1) & 0xffff;
  store(me.registry.i32, t.word, recordState(seq, 0, PHASE_WAITING), 'wait:arm');
  return { record: t.record, seq, word: t.word };
}

export function releaseRecord(me: ThreadIdentity, t: WaitTicket): void {
  me.registry.freeRecord(t.record);
}

/** The record's current state word. */
export function ticketState(me: ThreadIdentity, t: WaitTicket): number {
  return load(me.registry.i32, t.word, 'wait:record-state');
}

export function stillWaiting(me: ThreadIdentity, t: WaitTicket): boolean {
  const s = load(me.registry.i32, t.word, 'wait:record-state');
  return phaseOf(s) === PHASE_WAITING && seqOf(s) === t.seq;
}

export type WaitEnd = 'changed' | 'timeout' | 'death';

/**
 * Blocks the calling thread until the record leaves WAITING, the deadline passes
 * (`deadline` in performance.now() ms, Infinity for none) or a thread of the process
 * died (the caller must then reap and re-check). Spins `spin` loads first.
 */
export function waitSync(me: ThreadIdentity, t: WaitTicket, deadline: number, spin: number, deathEpoch: number): WaitEnd {
  const reg = me.registry;
  const i32 = reg.i32;
  let boosted = false;
  if (spin > 0 && takeWokeParked()) {
    if (boostSkip > 0) boostSkip--;
    else {
      // From the configured count, not the adaptive one (which is the caller's `spin`):
      // this spin must outlast the woken thread's way back whatever the recent waits did.
      spin = (spin << spinShift) * SPIN_AFTER_WAKE;
      boosted = true;
    }
  }
  for (let k = 0; k < spin; k++) {
    if (!stillWaiting(me, t)) {
      if (boosted) boostBackoff = 1;
      spinSucceeded();
      return 'changed';
    }
  }
  if (boosted) {
    boostSkip = boostBackoff;
    if (boostBackoff < BOOST_BACKOFF_MAX) boostBackoff *= 2;
  }
  if (spin > 0) spinRanOut();
  const parkWord = reg.slotWord(me.slot, S_PARK);
  const parkedWord = reg.slotWord(me.slot, S_PARKED);
  for (;;) {
    const v = load(i32, parkWord, 'wait:park-word');
    add(i32, parkedWord, 1, 'wait:parked+');
    if (!stillWaiting(me, t)) {
      add(i32, parkedWord, -1, 'wait:parked-');
      return 'changed';
    }
    if (reg.deathEpoch() !== deathEpoch) {
      add(i32, parkedWord, -1, 'wait:parked-');
      return 'death';
    }
    let timeout = Infinity;
    if (deadline !== Infinity) {
      timeout = Math.max(0, deadline - performance.now());
    }
    const r = park(i32, parkWord, v, timeout);
    add(i32, parkedWord, -1, 'wait:parked-');
    if (!stillWaiting(me, t)) return 'changed';
    if (reg.deathEpoch() !== deathEpoch) return 'death';
    // A controlled coordinator fires a timeout as a choice: believe park, not the clock.
    if (deadline !== Infinity && (r === 'timed-out' || (!isControlled() && performance.now() >= deadline))) return 'timeout';
  }
}
