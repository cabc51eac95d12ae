// Condvar (spec/condvar.md), used with the reference Mutex.
//
// wait(guard), in this order:
//   1. register in the condvar's waiter table (under its state lock) — before unlocking,
//      so a notification from anyone who locks the mutex after us finds us (CV-LOST-1);
//   2. unlock the mutex (the guard is lent to the wait);
//   3. park on the thread's own park word until a notify selects our record, the
//      deadline passes (waitTimeout), or — when injection is on — return at once,
//      spuriously (CV-SPUR-1);
//   4. leave the table (if nobody selected us), relock the mutex (waiting for it like
//      `lock`), and give the same guard back, Ok or Poisoned (CV-WAIT-2, CV-POISON-1).
// A timeout and a notification can race: the waiter's abort (CAS of its record from
// WAITING to ABORTED) and the notifier's selection (WAITING to SELECTED) decide it,
// exactly once; a notify_one that loses the race goes on to the next waiter.
//
// notify_one / notify_all select one / all registered waiters (CV-NOTIFY-1/2); with
// nobody registered they do nothing (CV-NOTBUF-1) and do not even take the lock.
//
// Spurious wakeups on request: `new Condvar({ spurious: { probability, seed } })` or
// `cv.setSpurious(...)`. The setting lives in the condvar's shared memory (it travels
// with the descriptor); each handle draws from its own PRNG (mulberry32) seeded with
// `seed`, so a run is reproducible per handle. `spuriousWakeups` counts the injected ones.
//
// Dead threads: a waiter that dies leaves an entry whose record the registry moved on
// (markThreadDead bumps its seq), so notify skips it and wakes the next one; a dead
// notifier is simply a notification that did not happen. The condvar holds nothing a
// thread could die with; the mutex handles a holder's death (mutex.ts).
// Using one condvar with two mutexes is allowed (CV-MULTI-1: Rust on Linux does not panic).

import { cas, load, store, add } from '../runtime/atomics.ts';
import { isControlled } from '../schedule/hooks.ts';
import { PHASE_ABORTED, PHASE_WAITING, recordState } from '../runtime/registry.ts';
import type { WaitTicket } from '../runtime/thread.ts';
import { P_MORE, SyncCore, SyncHandle, deadlineOf, runPromise, runSync, syncArm, type Arm, type Op, type SyncDescriptor, type TimedOptions, type SyncOptions } from './core.ts';
import { SyncUsageError } from './errors.ts';
import type { MutexGuard } from './mutex.ts';
import type { LockResult, WaitTimeoutResult } from './results.ts';

const SPUR_PPM = P_MORE; // probability in millionths
const SPUR_SEED = P_MORE + 1;
const SPUR_VERSION = P_MORE + 2; // bumped by every setSpurious: handles re-seed
const SPUR_COUNT = P_MORE + 3; // spurious wakeups injected so far
const L = 'condvar';

export interface SpuriousOptions {
  /** Probability in [0, 1] that a wait returns spuriously instead of waiting. */
  readonly probability: number;
  /** PRNG seed (default 1). */
  readonly seed?: number;
}

export interface CondvarOptions extends SyncOptions {
  readonly spurious?: SpuriousOptions;
}

interface WaitEndState {
  readonly poisoned: boolean;
  readonly timedOut: boolean;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Condvar extends SyncHandle {
  protected readonly core: SyncCore;
  protected readonly what = 'condvar';
  private rng: (() => number) | null = null;
  private rngVersion = -1;

  /** `Condvar::new()`. Options: spin, maxWaiters, spurious. */
  constructor(options: CondvarOptions = {}, attached?: SyncCore) {
    super();
    if (attached !== undefined) {
      this.core = attached;
      return;
    }
    this.core = SyncCore.create('condvar', options);
    if (options.spurious !== undefined) this.setSpurious(options.spurious);
  }

  static fromDescriptor(d: SyncDescriptor): Condvar {
    return new Condvar({}, SyncCore.attach(d, 'condvar'));
  }

  /** Turns spurious-wakeup injection on (probability > 0) or off (null / probability 0), for every handle. */
  setSpurious(options: SpuriousOptions | null): void {
    const c = this.live().ctl;
    const p = options?.probability ?? 0;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError('spurious probability must be in [0, 1]');
    store(c, SPUR_SEED, (options?.seed ?? 1) | 0, `${L}:spurious-seed`);
    store(c, SPUR_PPM, Math.round(p * 1e6), `${L}:spurious-ppm`);
    add(c, SPUR_VERSION, 1, `${L}:spurious-version`);
  }

  /** How many spurious wakeups were injected so far (all handles). */
  get spuriousWakeups(): number {
    return load(this.live().ctl, SPUR_COUNT, `${L}:spurious-count`);
  }

  private injectSpurious(): boolean {
    const c = this.core.ctl;
    const ppm = load(c, SPUR_PPM, `${L}:spurious-ppm`);
    if (ppm === 0) return false;
    const version = load(c, SPUR_VERSION, `${L}:spurious-version`);
    if (this.rng === null || version !== this.rngVersion) {
      this.rng = mulberry32(load(c, SPUR_SEED, `${L}:spurious-seed`));
      this.rngVersion = version;
    }
    return this.rng() * 1e6 < ppm;
  }

  private abort(t: WaitTicket): boolean {
    const reg = this.core.registry;
    const from = recordState(t.seq, 0, PHASE_WAITING);
    return cas(reg.i32, t.word, from, recordState(t.seq, 0, PHASE_ABORTED), `${L}:abort`) === from;
  }

  /** One wait: unlock, wait (notified, timed out, or spuriously), relock. */
  private *waitOp<T>(guard: MutexGuard<T>, deadline: number, arm: Arm): Op<WaitEndState> {
    const core = this.live();
    const t = arm();
    const e = core.withState(`${L}:register`, () => core.waiters.register(t, 0));
    let mutex;
    try {
      mutex = guard.lend();
    } catch (err) {
      core.withState(`${L}:unregister`, () => core.waiters.unregister(e, t));
      throw err;
    }
    let timedOut = false;
    if (this.injectSpurious()) {
      if (this.abort(t)) add(core.ctl, SPUR_COUNT, 1, `${L}:spurious`);
      // else a notification selected us first: a real wakeup
    } else {
      for (;;) {
        const end = yield { ticket: t, deadline, epoch: core.registry.deathEpoch() };
        if (end === 'changed') break;
        if (end === 'timeout') {
          timedOut = this.abort(t); // false: notified in the meantime
          break;
        }
        // A thread died: nothing of ours to reap here; wait on (the epoch is re-read).
      }
    }
    if (core.waiters.owns(e, t)) core.withState(`${L}:unregister`, () => core.waiters.unregister(e, t));
    const poisoned = yield* mutex.lockOp(arm, false);
    guard.reclaim();
    return { poisoned, timedOut };
  }

  private *waitWhileOp<T>(guard: MutexGuard<T>, deadline: number, pred: ((value: T) => boolean) | null, arm: Arm): Op<WaitEndState> {
    if (pred === null) return yield* this.waitOp(guard, deadline, arm);
    let lastTimedOut = false;
    for (;;) {
      // The condition first, under the lock; poisoning is only looked at after a wait (CV-POISON-2).
      if (!pred(guard.get())) return { poisoned: false, timedOut: false };
      // Out of time with the condition still true (CV-TIMEOUT-2). Under a controlled
      // schedule time is the coordinator's: only a wait that timed out says so.
      if (deadline !== Infinity && (lastTimedOut || (!isControlled() && performance.now() >= deadline))) return { poisoned: false, timedOut: true };
      const r = yield* this.waitOp(guard, deadline, arm);
      if (r.poisoned) return r;
      lastTimedOut = r.timedOut;
    }
  }

  private check<T>(guard: MutexGuard<T>): void {
    this.live();
    if (guard === null || typeof guard !== 'object' || typeof (guard as { lend?: unknown }).lend !== 'function') throw new SyncUsageError('Condvar wait takes a MutexGuard of the reference Mutex');
  }

  private runWait<T>(guard: MutexGuard<T>, deadline: number, pred: ((value: T) => boolean) | null): WaitEndState {
    this.check(guard);
    return runSync(this.waitWhileOp(guard, deadline, pred, syncArm), this.core.effectiveSpin());
  }

  private runWaitAsync<T>(guard: MutexGuard<T>, deadline: number, pred: ((value: T) => boolean) | null, signal?: AbortSignal): Promise<WaitEndState> {
    this.check(guard);
    return runPromise((arm) => this.waitWhileOp(guard, deadline, pred, arm), signal);
  }

  /** Unlocks, waits for a notification (or a spurious wakeup), relocks; the same guard back, Ok or Poisoned. */
  wait<T>(guard: MutexGuard<T>): LockResult<MutexGuard<T>> {
    return lockResult(guard, this.runWait(guard, Infinity, null));
  }

  /** As wait, giving up after about `ms`; `timedOut` is WaitTimeoutResult::timed_out(). */
  waitTimeout<T>(guard: MutexGuard<T>, ms: number): WaitTimeoutResult<MutexGuard<T>> {
    return timeoutResult(guard, this.runWait(guard, deadlineOf(ms), null));
  }

  /** Waits while `condition(value)` holds (checked first, under the lock); spurious wakeups never show. */
  waitWhile<T>(guard: MutexGuard<T>, condition: (value: T) => boolean): LockResult<MutexGuard<T>> {
    return lockResult(guard, this.runWait(guard, Infinity, condition));
  }

  /** waitWhile with a time limit: timedOut only if the time is up and the condition still holds (CV-TIMEOUT-2). */
  waitTimeoutWhile<T>(guard: MutexGuard<T>, ms: number, condition: (value: T) => boolean): WaitTimeoutResult<MutexGuard<T>> {
    return timeoutResult(guard, this.runWait(guard, deadlineOf(ms), condition));
  }

  waitAsync<T>(guard: MutexGuard<T>): Promise<LockResult<MutexGuard<T>>> {
    return this.runWaitAsync(guard, Infinity, null).then((r) => lockResult(guard, r));
  }

  /** `options.signal` times the wait out when it aborts. */
  waitTimeoutAsync<T>(guard: MutexGuard<T>, ms: number, options?: TimedOptions): Promise<WaitTimeoutResult<MutexGuard<T>>> {
    return this.runWaitAsync(guard, deadlineOf(ms, options), null, options?.signal).then((r) => timeoutResult(guard, r));
  }

  waitWhileAsync<T>(guard: MutexGuard<T>, condition: (value: T) => boolean): Promise<LockResult<MutexGuard<T>>> {
    return this.runWaitAsync(guard, Infinity, condition).then((r) => lockResult(guard, r));
  }

  waitTimeoutWhileAsync<T>(guard: MutexGuard<T>, ms: number, condition: (value: T) => boolean, options?: TimedOptions): Promise<WaitTimeoutResult<MutexGuard<T>>> {
    return this.runWaitAsync(guard, deadlineOf(ms, options), condition, options?.signal).then((r) => timeoutResult(guard, r));
  }

  /** Wakes one waiting thread, if any (CV-NOTIFY-1). */
  notifyOne(): void {
    const core = this.live();
    if (core.waiters.count() === 0) return;
    core.withState(`${L}:notify-one`, () => core.wakeOne());
  }

  /** Wakes every waiting thread (CV-NOTIFY-2). */
  notifyAll(): void {
    const core = this.live();
    if (core.waiters.count() === 0) return;
    core.withState(`${L}:notify-all`, () => core.wakeAll());
  }
}

function lockResult<T>(guard: MutexGuard<T>, r: WaitEndState): LockResult<MutexGuard<T>> {
  return r.poisoned ? { kind: 'Poisoned', guard } : { kind: 'Ok', guard };
}

function timeoutResult<T>(guard: MutexGuard<T>, r: WaitEndState): WaitTimeoutResult<MutexGuard<T>> {
  return { kind: r.poisoned ? 'Poisoned' : 'Ok', guard, timedOut: r.timedOut };
}
