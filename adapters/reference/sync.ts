// The bundled `reference` adapter's sync primitives: Mutex, RwLock, Condvar, Barrier,
// Once, OnceLock and LazyLock of reference/sync, mapped onto the adapter API
// (conformance/adapter/types.ts). Every method is the reference's blocking API: it runs
// in a lane worker of a threads executor and blocks the thread for real (in a controlled
// run, through the schedule hooks' park, so the coordinator sees it parked).
//
// The mapping is direct: the reference's results already are the spec's outcomes, its
// guards already are guards of the adapter API (get, set, drop, panic), and a Condvar
// wait takes and gives back the reference's own MutexGuard. What the adapter adds:
//
// - A blocking lock by the thread that holds the lock throws the reference's SyncPanic
//   (Rust: "panics or deadlocks"): the outcome `Panicked`, no guard.
// - Initializers (the executor's closures) run inside the reference's own initialization.
//   An `InitializerPanic` propagates through it (the reference poisons / empties the
//   cell) and reads as `Panicked`. A closure that returns a promise hangs: the reference
//   takes only synchronous closures, so the thread parks for ever on a private word
//   (reference/schedule/hooks.ts `park`: under a controlled run the coordinator's park,
//   which reports the worker parked; the run's end unwinds it).
// - Handles are shared between workers (an `Arc`): `transfer()` / `fromDescriptor`. A
//   LazyLock's init closure cannot be posted, so its descriptor carries what the closure
//   does — its value, a panic, or a hang — found by calling the executor's closure once
//   in the creating thread (it is a pure stand-in for the scenario's closure: calling it
//   records nothing the executor reads for a LazyLock), and the adopting thread passes an
//   equivalent closure to `LazyLock.fromDescriptor(d, init)`.
// - Spurious condvar wakeups (`condvar:spurious`) are the reference's seeded injection
//   (the threads executors fire no spurious signal of their own). Each handle draws from
//   its own PRNG. Under a controlled run the seed is fixed (SPURIOUS), so a run replays:
//   a handle's first wait really waits, its second returns spuriously, and so on. A
//   stress run, which never replays, reseeds at random on its first wait, so that across
//   runs any wait may be the spurious one (the `if` consumer of CV-CLIENT-1 caught).
// - Barriers are Rust's (`onDeath: 'ignore'`): a worker the executor ends while it waits
//   breaks nothing.
import {
  InitializerPanic,
  isInitializerPanic,
  type AsyncBarrier,
  type AsyncCondvar,
  type AsyncLazyLock,
  type AsyncMutex,
  type AsyncMutexGuard,
  type AsyncOnce,
  type AsyncOnceLock,
  type AsyncReadGuard,
  type AsyncRwLock,
  type AsyncWriteGuard,
  type Initializer,
  type Locked,
  type OnceState,
  type Outcome,
  type Value,
  type WaitCondition,
} from '../../conformance/adapter/types.ts';
import { isControlled, park } from '../../reference/schedule/hooks.ts';
import { Barrier } from '../../reference/sync/barrier.ts';
import { Condvar } from '../../reference/sync/condvar.ts';
import type { SyncDescriptor } from '../../reference/sync/core.ts';
import { PoisonedError, SyncPanic } from '../../reference/sync/errors.ts';
import { Mutex, type MutexGuard } from '../../reference/sync/mutex.ts';
import { LazyLock, Once, OnceLock } from '../../reference/sync/once.ts';
import type { LockResult, TryLockResult } from '../../reference/sync/results.ts';
import { RwLock } from '../../reference/sync/rwlock.ts';

/** Capabilities the reference's sync primitives have, by chapter (each one is implemented and mapped below). */
export const SYNC_CAPABILITIES = [
  'mutex', 'mutex:try_lock', 'mutex:poison', 'mutex:clear_poison', 'mutex:into_inner',
  'rwlock', 'rwlock:try', 'rwlock:poison', 'rwlock:clear_poison', 'rwlock:into_inner',
  'condvar', 'condvar:wait_while', 'condvar:wait_timeout', 'condvar:wait_timeout_while', 'condvar:spurious',
  'barrier', 'barrier_zero',
  'once', 'once_force', 'once_wait', 'once_poison',
  'oncelock', 'oncelock_panic', 'oncelock_wait', 'oncelock_take',
  'lazylock', 'lazylock_get', 'lazylock_poison',
] as const;

/** The handle roles of the sync primitives (conformance/executors/async/handles/): shared between threads, never moved. */
export const SYNC_ROLES = ['mutex', 'rwlock', 'condvar', 'barrier', 'once', 'oncelock', 'lazylock'] as const;
export type SyncRole = (typeof SYNC_ROLES)[number];

export function isSyncRole(role: string): role is SyncRole {
  return (SYNC_ROLES as readonly string[]).includes(role);
}

/**
 * The injection a condvar is created with (`condvar:spurious`): a fixed seed, so
 * controlled runs replay. With seed 6 a handle's draws go `.S.S.SS.` (S: spurious).
 */
export const SPURIOUS = { probability: 0.25, seed: 6 } as const;

// ---- results ------------------------------------------------------------------------------

export function locked<G>(r: LockResult<G> | TryLockResult<G>): Locked<G> {
  return r.kind === 'WouldBlock' ? { outcome: { kind: 'WouldBlock' } } : { outcome: { kind: r.kind }, guard: r.guard };
}

/** get_mut / into_inner's result (Ok(v) or Poisoned(v)) as an outcome. */
export function inner(r: { readonly kind: string; readonly value: Value }): Outcome {
  return { kind: r.kind, value: r.value };
}

/** A blocking lock: the reference panics (SyncPanic) on a re-lock by the holder, where Rust panics or deadlocks. */
function blockingLock<G>(lock: () => LockResult<G>): Locked<G> {
  try {
    return locked(lock());
  } catch (e) {
    if (e instanceof SyncPanic) return { outcome: { kind: 'Panicked' } };
    throw e;
  }
}

/** Runs `f` where the reference expects a closure that panics (throws) or returns. */
function panics(f: () => Outcome): Outcome {
  try {
    return f();
  } catch (e) {
    if (isInitializerPanic(e)) return { kind: 'Panicked' };
    throw e;
  }
}

// ---- initializers -------------------------------------------------------------------------

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * An initializer that hangs: the thread parks for ever on a word nobody changes. Through
 * the schedule hooks' park, so that in a controlled run the coordinator sees the worker
 * parked (it throws out of here when the run ends); otherwise a real Atomics.wait.
 */
export function hang(): never {
  const word = new Int32Array(new SharedArrayBuffer(4));
  for (;;) park(word, 0, 0, Infinity);
}

/** The executor's closure as the reference's synchronous one: its value, its panic (a throw), or a hang for a promise. */
function synchronous<T>(init: Initializer<T>): () => T {
  return () => {
    const r = init();
    if (isThenable(r)) hang();
    return r as T;
  };
}

/** What a LazyLock's init closure does, as a postable value. */
type InitBehaviour = { readonly tag: 'value'; readonly value: Value } | { readonly tag: 'panic'; readonly message: string } | { readonly tag: 'hang' };

function behaviourOf(init: Initializer<Value>): InitBehaviour {
  let r: Value | Promise<Value>;
  try {
    r = init();
  } catch (e) {
    if (isInitializerPanic(e)) return { tag: 'panic', message: e.message };
    throw e;
  }
  if (isThenable(r)) {
    // Never settles; nobody waits for it.
    void Promise.resolve(r).catch(() => {});
    return { tag: 'hang' };
  }
  return { tag: 'value', value: r };
}

function initOf(b: InitBehaviour): () => Value {
  return () => {
    if (b.tag === 'panic') throw new InitializerPanic(b.message);
    if (b.tag === 'hang') hang();
    return b.value;
  };
}

// ---- Mutex, RwLock ----------------------------------------------------------------------

/**
 * A Mutex handle's calls that never wait: the same on both adapters of the reference (this
 * one, blocking in workers, and `reference-async`, the promise API), which add `lock`,
 * `getMut` and `intoInner`.
 */
export abstract class MutexCalls {
  constructor(readonly mutex: Mutex<Value>) {}
  tryLock(): Locked<AsyncMutexGuard> {
    return locked(this.mutex.tryLock());
  }
  isPoisoned(): boolean {
    return this.mutex.isPoisoned();
  }
  clearPoison(): void {
    this.mutex.clearPoison();
  }
}

export class MutexHandle extends MutexCalls implements AsyncMutex {
  lock(): Locked<AsyncMutexGuard> {
    return blockingLock(() => this.mutex.lock());
  }
  getMut(): Outcome {
    return inner(this.mutex.getMut());
  }
  intoInner(): Outcome {
    return inner(this.mutex.intoInner());
  }
}

/** A RwLock handle's calls that never wait (see MutexCalls); the adapters add `read`, `write`, `getMut` and `intoInner`. */
export abstract class RwLockCalls {
  constructor(readonly lock: RwLock<Value>) {}
  tryRead(): Locked<AsyncReadGuard> {
    return locked(this.lock.tryRead());
  }
  tryWrite(): Locked<AsyncWriteGuard> {
    return locked(this.lock.tryWrite());
  }
  isPoisoned(): boolean {
    return this.lock.isPoisoned();
  }
  clearPoison(): void {
    this.lock.clearPoison();
  }
}

export class RwLockHandle extends RwLockCalls implements AsyncRwLock {
  read(): Locked<AsyncReadGuard> {
    return blockingLock(() => this.lock.read());
  }
  write(): Locked<AsyncWriteGuard> {
    return blockingLock(() => this.lock.write());
  }
  getMut(): Outcome {
    return inner(this.lock.getMut());
  }
  intoInner(): Outcome {
    return inner(this.lock.intoInner());
  }
}

// ---- Condvar ------------------------------------------------------------------------------

/** The guard a wait takes: one of this adapter's mutex guards, which is the reference's MutexGuard. */
export function referenceGuard(guard: AsyncMutexGuard): MutexGuard<Value> {
  return guard as unknown as MutexGuard<Value>;
}

/** A Condvar handle's calls that never wait (see MutexCalls); the adapters add the waits. */
export abstract class CondvarCalls {
  constructor(readonly condvar: Condvar) {}
  notifyOne(): void {
    this.condvar.notifyOne();
  }
  notifyAll(): void {
    this.condvar.notifyAll();
  }
}

/** A timed wait's result as the adapter API has it: `Ok(t)` / `Poisoned(t)`, `t` being `timed_out()`, and the guard. */
export function timedLocked(r: { readonly kind: string; readonly timedOut: boolean; readonly guard: MutexGuard<Value> }): Locked<AsyncMutexGuard> {
  return { outcome: { kind: r.kind, value: r.timedOut }, guard: r.guard };
}

export class CondvarHandle extends CondvarCalls implements AsyncCondvar {
  private reseeded = false;

  /** Outside a controlled run, the first wait reseeds the injection at random (see the header). */
  private waiting(): void {
    if (this.reseeded || isControlled()) return;
    this.reseeded = true;
    this.condvar.setSpurious({ probability: SPURIOUS.probability, seed: Math.floor(Math.random() * 0x7fffffff) });
  }

  // The signals are not needed: a timed wait has the reference's own deadline (which the
  // coordinator fires in a controlled run), and spurious wakeups are injected (SPURIOUS).
  wait(guard: AsyncMutexGuard): Locked<AsyncMutexGuard> {
    this.waiting();
    return locked(this.condvar.wait(referenceGuard(guard)));
  }
  waitTimeout(guard: AsyncMutexGuard, _signal: AbortSignal, timeoutMs: number): Locked<AsyncMutexGuard> {
    this.waiting();
    return timedLocked(this.condvar.waitTimeout(referenceGuard(guard), timeoutMs));
  }
  waitWhile(guard: AsyncMutexGuard, condition: WaitCondition): Locked<AsyncMutexGuard> {
    this.waiting();
    return locked(this.condvar.waitWhile(referenceGuard(guard), condition));
  }
  waitTimeoutWhile(guard: AsyncMutexGuard, _signal: AbortSignal, timeoutMs: number, condition: WaitCondition): Locked<AsyncMutexGuard> {
    this.waiting();
    return timedLocked(this.condvar.waitTimeoutWhile(referenceGuard(guard), timeoutMs, condition));
  }
}

// ---- Barrier ------------------------------------------------------------------------------

export class BarrierHandle implements AsyncBarrier {
  constructor(readonly barrier: Barrier) {}

  wait(): Outcome {
    // 'Broken' only comes from a dead holder in 'break' mode; this adapter's barriers ignore deaths.
    return { kind: this.barrier.wait().kind };
  }
}

// ---- Once, OnceLock, LazyLock -----------------------------------------------------------------

/** What a LazyLock's force that threw says: `Panicked` (its init closure panicked) or `Poisoned`; anything else is rethrown. */
export function forceFailure(e: unknown): Outcome {
  if (isInitializerPanic(e)) return { kind: 'Panicked' };
  if (e instanceof PoisonedError) return { kind: 'Poisoned' };
  throw e;
}

export class OnceHandle implements AsyncOnce {
  constructor(readonly once: Once) {}

  callOnce(f: Initializer<void>): Outcome {
    // Ran (this call's closure completed) is `Ok` here: the executor knows its closure completed.
    return panics(() => (this.once.callOnce(synchronous(f)).kind === 'Poisoned' ? { kind: 'Poisoned' } : { kind: 'Ok' }));
  }
  callOnceForce(f: (state: OnceState) => void | Promise<void>): Outcome {
    return panics(() => {
      this.once.callOnceForce((state) => synchronous(() => f({ isPoisoned: state.isPoisoned() }))());
      return { kind: 'Ok' };
    });
  }
  isCompleted(): boolean {
    return this.once.isCompleted();
  }
  wait(): Outcome {
    return { kind: this.once.wait().kind };
  }
  waitForce(): Outcome {
    return { kind: this.once.waitForce().kind };
  }
}

export class OnceLockHandle implements AsyncOnceLock {
  constructor(readonly cell: OnceLock<Value>) {}

  get(): Outcome {
    return this.cell.get();
  }
  getOrInit(init: Initializer<Value>): Outcome {
    return panics(() => ({ kind: 'Ok', value: this.cell.getOrInit(synchronous(init)) }));
  }
  set(value: Value): Outcome {
    return this.cell.set(value);
  }
  wait(): Outcome {
    return { kind: 'Ok', value: this.cell.wait() };
  }
  take(): Outcome {
    return this.cell.take();
  }
}

export class LazyLockHandle implements AsyncLazyLock {
  constructor(
    readonly lazy: LazyLock<Value>,
    /** What the init closure does, once known (LazyLock handles travel with it). */
    private behaviour: InitBehaviour | (() => InitBehaviour),
  ) {}

  force(): Outcome {
    try {
      return { kind: 'Ok', value: this.lazy.force() };
    } catch (e) {
      return forceFailure(e);
    }
  }
  get(): Outcome {
    return this.lazy.get();
  }

  /** @internal The init closure, as a postable value. */
  initBehaviour(): InitBehaviour {
    if (typeof this.behaviour === 'function') this.behaviour = this.behaviour();
    return this.behaviour;
  }
}

// ---- factories --------------------------------------------------------------------------

export const mutex = { create: (value: Value): MutexHandle => new MutexHandle(new Mutex<Value>(value)) };
export const rwlock = { create: (value: Value): RwLockHandle => new RwLockHandle(new RwLock<Value>(value)) };
export const condvar = { create: (): CondvarHandle => new CondvarHandle(new Condvar({ spurious: SPURIOUS })) };
export const barrier = { create: (n: number): BarrierHandle => new BarrierHandle(new Barrier(n, { onDeath: 'ignore' })) };
export const once = { create: (): OnceHandle => new OnceHandle(new Once()) };
export const onceLock = { create: (): OnceLockHandle => new OnceLockHandle(new OnceLock<Value>()) };
export const lazyLock = {
  create: (init: Initializer<Value>): LazyLockHandle => new LazyLockHandle(new LazyLock<Value>(synchronous(init)), () => behaviourOf(init)),
};

// ---- handles between threads --------------------------------------------------------------

/** What `threads.transfer` posts for a sync handle. */
export interface SyncHandleDescriptor {
  readonly role: SyncRole;
  readonly handle: SyncDescriptor;
  /** A LazyLock's init closure. */
  readonly init?: InitBehaviour;
}

/** `threads.transfer` for the sync roles: a share (an `Arc` clone); the handle stays usable here. */
export function transferSync(handle: unknown, role: SyncRole, mode: 'move' | 'share'): SyncHandleDescriptor {
  if (mode !== 'share') throw new Error(`a ${role} handle is shared between threads, never moved`);
  switch (role) {
    case 'mutex':
      return { role, handle: expect(handle, MutexHandle, role).mutex.transfer() };
    case 'rwlock':
      return { role, handle: expect(handle, RwLockHandle, role).lock.transfer() };
    case 'condvar':
      return { role, handle: expect(handle, CondvarHandle, role).condvar.transfer() };
    case 'barrier':
      return { role, handle: expect(handle, BarrierHandle, role).barrier.transfer() };
    case 'once':
      return { role, handle: expect(handle, OnceHandle, role).once.transfer() };
    case 'oncelock':
      return { role, handle: expect(handle, OnceLockHandle, role).cell.transfer() };
    case 'lazylock': {
      const h = expect(handle, LazyLockHandle, role);
      return { role, handle: h.lazy.transfer(), init: h.initBehaviour() };
    }
  }
}

/** `threads.adopt` for the sync roles: this thread's own handle of the shared primitive. */
export function adoptSync(descriptor: unknown, role: SyncRole): unknown {
  const d = descriptor as SyncHandleDescriptor;
  if (d?.role !== role) throw new Error(`cannot adopt a ${String(d?.role)} descriptor as a ${role} handle`);
  switch (role) {
    case 'mutex':
      return new MutexHandle(Mutex.fromDescriptor<Value>(d.handle));
    case 'rwlock':
      return new RwLockHandle(RwLock.fromDescriptor<Value>(d.handle));
    case 'condvar':
      return new CondvarHandle(Condvar.fromDescriptor(d.handle));
    case 'barrier':
      return new BarrierHandle(Barrier.fromDescriptor(d.handle));
    case 'once':
      return new OnceHandle(Once.fromDescriptor(d.handle));
    case 'oncelock':
      return new OnceLockHandle(OnceLock.fromDescriptor<Value>(d.handle));
    case 'lazylock': {
      if (d.init === undefined) throw new Error('a lazylock descriptor without its init closure');
      const init = d.init;
      return new LazyLockHandle(LazyLock.fromDescriptor<Value>(d.handle, initOf(init)), init);
    }
  }
}

function expect<T>(handle: unknown, type: new (...args: never[]) => T, role: string): T {
  if (!(handle instanceof type)) throw new Error(`cannot transfer this ${role} handle: not one of the reference adapter's`);
  return handle;
}
