// Mutex<T> (spec/mutex.md): a value reached only through a guard; poisoning.
//
// The lock word M (its own cache line) holds 0 (free), the holder's thread token
// (runtime/registry.ts tokenOf), or the token with the CONTENDED bit, which says that
// waiters are registered and unlock must take the slow path to wake one. So an
// uncontended lock and unlock are one CAS each. Everything else happens under the
// primitive's state lock (core.ts), the only place where CONTENDED is set, waiters are
// registered, and a waiter is woken:
//   slow lock:   under the state lock, take M if it is free, or set CONTENDED and
//                register; then park on the thread's own park word (core.until);
//   slow unlock: under the state lock, M = 0 and wake one waiter, which retries
//                (no hand-off: a newcomer may barge, MUTEX-FAIR-1). If the woken waiter
//                finds the mutex taken again it sets CONTENDED again; whoever takes the
//                mutex while waiters are registered sets it too.
//
// Poisoning (MUTEX-POISON-1..5): guard.panic() — or a throw out of withLock — sets the
// POISONED word and unlocks. A thread that dies holding the lock counts as a panic: a
// locker that finds M naming a dead token (registry.isAlive) sets POISONED and takes
// the mutex over (under the state lock, so exactly once). Waiters notice the death
// because registry.markThreadDead wakes every parked thread (runtime/watch.ts); the
// value needs no repair because every write is a single commit (value.ts).
//
// A thread that already holds the mutex and calls the blocking `lock` would wait for
// itself for ever; Rust leaves "panic or deadlock" open (MUTEX-REENTRY-1), and this
// implementation panics (throws SyncPanic). `lockAsync` waits instead: on one thread,
// several async tasks may take turns with the mutex.

import { cas, exchange, load, store } from '../runtime/atomics.ts';
import { currentThread } from '../runtime/thread.ts';
import { P_HOT, P_MORE, SyncCore, SyncHandle, WAIT, runPromise, runSync, syncArm, type Arm, type Attempt, type Op, type SyncDescriptor, type ValueOptions } from './core.ts';
import { SyncPanic, SyncUsageError } from './errors.ts';
import { WOULD_BLOCK, type InnerResult, type LockResult, type TryLockResult } from './results.ts';

const M = P_HOT;
const POISONED = P_MORE;
const CONTENDED = 1 << 30;
/** M after intoInner: the mutex is gone (2047 in the slot bits is never a thread). */
const CONSUMED = 2047;
const L = 'mutex';

function consumedError(): SyncUsageError {
  return new SyncUsageError('this mutex was taken by intoInner');
}

export class Mutex<T = unknown> extends SyncHandle {
  protected readonly core: SyncCore;
  protected readonly what = 'mutex';

  /** `Mutex::new(value)`. Options: spin, maxWaiters, maxValueBytes. */
  constructor(value: T, options: ValueOptions = {}, attached?: SyncCore) {
    super();
    if (attached !== undefined) {
      this.core = attached;
      return;
    }
    this.core = SyncCore.create('mutex', { ...options, hasValue: true });
    this.core.value!.write(value, `${L}:new`);
  }

  /** A handle of the mutex whose descriptor another thread made with `transfer()`. */
  static fromDescriptor<T = unknown>(d: SyncDescriptor): Mutex<T> {
    return new Mutex<T>(undefined as T, {}, SyncCore.attach(d, 'mutex'));
  }

  // ---- the lock word ------------------------------------------------------------------

  /** @internal Blocking acquisition as an operation; returns whether the mutex was poisoned. */
  *lockOp(arm: Arm, reentryPanics: boolean): Op<boolean> {
    const core = this.live();
    const c = core.ctl;
    const tok = core.me.token;
    if (cas(c, M, 0, tok, `${L}:lock`) === 0) return this.poisoned();
    const spin = core.effectiveSpin();
    for (let k = 0; k < spin; k++) {
      if (load(c, M, `${L}:spin`) === 0 && cas(c, M, 0, tok, `${L}:lock`) === 0) return this.poisoned();
    }
    const r = yield* core.until(arm, 0, `${L}:lock`, () => this.attempt(reentryPanics), () => load(c, M, `${L}:spin`) === 0);
    return r as boolean;
  }

  /** Under the state lock: take the mutex (returns whether poisoned), or mark it contended (WAIT). */
  private attempt(reentryPanics: boolean): Attempt<boolean> {
    const core = this.core;
    const c = core.ctl;
    const tok = core.me.token;
    for (;;) {
      const m = load(c, M, `${L}:lock-slow`);
      if (m === CONSUMED) throw consumedError();
      const mine = core.waiters.count() > 0 ? tok | CONTENDED : tok;
      if (m === 0) {
        if (cas(c, M, 0, mine, `${L}:lock-slow`) === 0) return this.poisoned();
        continue;
      }
      const owner = m & ~CONTENDED;
      if (!core.registry.isAlive(owner)) {
        // The holder's thread died holding the guard: a panic, which poisons; take over.
        store(c, POISONED, 1, `${L}:dead-holder-poison`);
        if (cas(c, M, m, mine, `${L}:dead-holder-take`) === m) return true;
        continue;
      }
      if (owner === tok && reentryPanics) throw new SyncPanic('Mutex::lock by the thread that holds it (would deadlock; Rust: panics or deadlocks)');
      if ((m & CONTENDED) === 0 && cas(c, M, m, m | CONTENDED, `${L}:contend`) !== m) continue;
      return WAIT;
    }
  }

  private poisoned(): boolean {
    return load(this.core.ctl, POISONED, `${L}:poisoned?`) === 1;
  }

  /** @internal Unlocks (the caller holds the mutex); `poison`: the guard is dropped by a panic. */
  release(poison: boolean): void {
    const core = this.core;
    const c = core.ctl;
    if (poison) store(c, POISONED, 1, `${L}:poison`);
    if (cas(c, M, core.me.token, 0, `${L}:unlock`) === core.me.token) return;
    core.withState(`${L}:unlock-slow`, () => {
      exchange(c, M, 0, `${L}:unlock-slow`);
      core.wakeOne();
    });
  }

  /** Takes over the mutex from a dead holder if it has one (so is_poisoned and try_lock see the death). */
  private reapDeadHolder(): void {
    const core = this.core;
    const c = core.ctl;
    const m = load(c, M, `${L}:holder?`);
    if (m === 0 || m === CONSUMED || core.registry.isAlive(m & ~CONTENDED)) return;
    core.withState(`${L}:reap`, () => {
      const now = load(c, M, `${L}:holder?`);
      if (now === 0 || now === CONSUMED || core.registry.isAlive(now & ~CONTENDED)) return;
      store(c, POISONED, 1, `${L}:dead-holder-poison`);
      exchange(c, M, 0, `${L}:dead-holder-release`);
      core.wakeOne();
    });
  }

  private result(poisoned: boolean): LockResult<MutexGuard<T>> {
    const guard = new MutexGuard<T>(this, this.core);
    return poisoned ? { kind: 'Poisoned', guard } : { kind: 'Ok', guard };
  }

  // ---- the API ------------------------------------------------------------------------

  /**
   * Waits until the mutex is free and locks it: Ok(guard), or Poisoned(guard) — the
   * caller holds the lock either way (MUTEX-POISON-2). Blocks the thread (workers);
   * throws SyncPanic if this thread already holds the mutex.
   */
  lock(): LockResult<MutexGuard<T>> {
    const core = this.live();
    return this.result(runSync(this.lockOp(syncArm, true), core.effectiveSpin()));
  }

  /** `lock` as a promise (Atomics.waitAsync: for the main thread). Waits, also for another async task of this thread. */
  lockAsync(): Promise<LockResult<MutexGuard<T>>> {
    this.live();
    return runPromise((arm) => this.lockOp(arm, false)).then((p) => this.result(p));
  }

  /** Never waits: Ok / Poisoned (the caller then holds the lock) or WouldBlock — also for the holder itself (MUTEX-TRY-1/2). */
  tryLock(): TryLockResult<MutexGuard<T>> {
    const core = this.live();
    const c = core.ctl;
    for (let k = 0; k < 2; k++) {
      const m = load(c, M, `${L}:try`);
      if (m === CONSUMED) throw consumedError();
      if (m === 0) {
        // Waiters may be registered (woken, not yet back): keep unlock on the slow path.
        if (cas(c, M, 0, core.waiters.count() > 0 ? core.me.token | CONTENDED : core.me.token, `${L}:try`) === 0) return this.result(this.poisoned());
        continue;
      }
      if (core.registry.isAlive(m & ~CONTENDED)) return WOULD_BLOCK;
      this.reapDeadHolder();
    }
    return WOULD_BLOCK;
  }

  /**
   * Runs `fn` with the lock held and returns its result; the guard is dropped
   * afterwards. A throw out of `fn` is a panic in the critical section: the mutex is
   * poisoned and the error rethrown. `poisoned` says whether it was poisoned before.
   */
  withLock<R>(fn: (guard: MutexGuard<T>, poisoned: boolean) => R): R {
    const r = this.lock();
    return finishSection(r.guard, () => fn(r.guard, r.kind === 'Poisoned'));
  }

  /** `withLock` for the main thread; `fn` may be async (a rejection poisons). */
  async withLockAsync<R>(fn: (guard: MutexGuard<T>, poisoned: boolean) => R | Promise<R>): Promise<R> {
    const r = await this.lockAsync();
    return finishSectionAsync(r.guard, () => fn(r.guard, r.kind === 'Poisoned'));
  }

  /** Whether a panic (or the death of a holder) poisoned the mutex; does not lock (MUTEX-POISON-5). */
  isPoisoned(): boolean {
    const core = this.live();
    if (load(core.ctl, M, `${L}:holder?`) === CONSUMED) throw consumedError();
    this.reapDeadHolder();
    return this.poisoned();
  }

  /** Marks the mutex not poisoned (MUTEX-CLEAR-1). */
  clearPoison(): void {
    const core = this.live();
    if (load(core.ctl, M, `${L}:holder?`) === CONSUMED) throw consumedError();
    store(core.ctl, POISONED, 0, `${L}:clear-poison`);
  }

  private *innerOp(arm: Arm, reentryPanics: boolean, consume: boolean): Op<InnerResult<T>> {
    const poisoned = yield* this.lockOp(arm, reentryPanics);
    const core = this.core;
    let value: T;
    try {
      value = core.value!.read(`${L}:inner`) as T;
    } catch (e) {
      this.release(false);
      throw e;
    }
    if (consume) {
      core.withState(`${L}:consume`, () => {
        exchange(core.ctl, M, CONSUMED, `${L}:consume`);
        core.wakeAll(); // waiters find it consumed and throw
      });
    } else {
      this.release(false);
    }
    return poisoned ? { kind: 'Poisoned', value } : { kind: 'Ok', value };
  }

  /**
   * Rust `get_mut(&mut self)`: the value without a guard, Ok(v) or Poisoned(v). Rust's
   * borrow rules mean no guard is live; here it waits until the mutex is free
   * (MUTEX-INNER-1), reads, and leaves it free.
   */
  getMut(): InnerResult<T> {
    const core = this.live();
    return runSync(this.innerOp(syncArm, true, false), core.effectiveSpin());
  }

  /** Rust `into_inner(self)`: as getMut, and the mutex is gone: any later use of any handle throws SyncUsageError. */
  intoInner(): InnerResult<T> {
    const core = this.live();
    const r = runSync(this.innerOp(syncArm, true, true), core.effectiveSpin());
    this.dropped = true;
    return r;
  }

  getMutAsync(): Promise<InnerResult<T>> {
    this.live();
    return runPromise((arm) => this.innerOp(arm, false, false));
  }

  async intoInnerAsync(): Promise<InnerResult<T>> {
    this.live();
    const r = await runPromise((arm) => this.innerOp(arm, false, true));
    this.dropped = true;
    return r;
  }

  /** @internal for Condvar: the core (its thread identity and spin). */
  coreOf(): SyncCore {
    return this.live();
  }
}

type GuardState = 'held' | 'dropped' | 'lent';

/**
 * A MutexGuard: the right to read and write the value, until dropped. It belongs to
 * the thread that locked (not Send): it cannot travel to another thread, and using it
 * after drop (or after a Condvar wait took it) throws SyncUsageError.
 */
export class MutexGuard<T = unknown> implements Disposable {
  private state: GuardState = 'held';
  private readonly token: number;

  /** @internal */
  constructor(
    private readonly mutex: Mutex<T>,
    private readonly core: SyncCore,
  ) {
    this.token = core.me.token;
  }

  private check(): void {
    if (this.state !== 'held') throw new SyncUsageError(this.state === 'dropped' ? 'this guard was dropped' : 'this guard is lent to a Condvar wait that has not returned yet');
    if (currentThread().token !== this.token) throw new SyncUsageError('a MutexGuard belongs to the thread that locked (it is not Send)');
  }

  get isHeld(): boolean {
    return this.state === 'held';
  }

  /** A copy of the protected value (MUTEX-DATA-1). */
  get(): T {
    this.check();
    return this.core.value!.read(`${L}:get`) as T;
  }

  /** Replaces the protected value (a single commit: value.ts). */
  set(value: T): void {
    this.check();
    this.core.value!.write(value, `${L}:set`);
  }

  /** Drops the guard: unlocks (MUTEX-LOCK-2). */
  drop(): void {
    this.check();
    this.state = 'dropped';
    this.mutex.release(false);
  }

  /** A panic while the guard is held: the guard is dropped while unwinding, which poisons (MUTEX-POISON-1). */
  panic(): void {
    this.check();
    this.state = 'dropped';
    this.mutex.release(true);
  }

  [Symbol.dispose](): void {
    if (this.state === 'held') this.drop();
  }

  /** @internal Condvar wait: the mutex is unlocked and the guard unusable until the wait relocks. */
  lend(): Mutex<T> {
    this.check();
    this.state = 'lent';
    this.mutex.release(false);
    return this.mutex;
  }

  /** @internal The wait relocked the mutex: the guard holds it again. */
  reclaim(): void {
    this.state = 'held';
  }

  /** @internal */
  mutexOf(): Mutex<T> {
    return this.mutex;
  }
}

/** Runs a critical section: a throw panics the guard (poison), a return drops it. */
export function finishSection<R>(guard: { readonly isHeld: boolean; drop(): void; panic(): void }, body: () => R): R {
  let out: R;
  try {
    out = body();
  } catch (e) {
    if (guard.isHeld) guard.panic();
    throw e;
  }
  if (out instanceof Promise) {
    if (guard.isHeld) guard.drop();
    throw new SyncUsageError('this critical section returned a promise: use the Async variant');
  }
  if (guard.isHeld) guard.drop();
  return out;
}

export async function finishSectionAsync<R>(guard: { readonly isHeld: boolean; drop(): void; panic(): void }, body: () => R | Promise<R>): Promise<R> {
  let out: R;
  try {
    out = await body();
  } catch (e) {
    if (guard.isHeld) guard.panic();
    throw e;
  }
  if (guard.isHeld) guard.drop();
  return out;
}
