// The public adapter API (`syncspec/adapter`): how an implementation under test is
// described to syncspec and how abstract operations map onto it. An adapter is a
// module whose default export is an `Adapter`.
//
// Conventions shared by every primitive below:
//
// - **Results are values.** An operation that can fail or report something returns an
//   `Outcome` (`{ kind: 'Ok' }`, `{ kind: 'Poisoned', value: 3 }`, ...), named as in
//   Rust and as the chapters' operation tables list them. Throwing is never a result: a
//   method that throws (or rejects) is a broken adapter, reported as an error naming the
//   method — with one exception, the panic of an initializer syncspec passed in
//   (`InitializerPanic`, see the once family).
// - **Any method may return a promise.** The executor stamps the response when it
//   settles and decides, from its schedule, when the calling actor observes it. A
//   blocking operation simply returns a promise that settles once it completes.
// - **Time is virtual.** A blocking wait with a timeout gets an `AbortSignal` that the
//   executor fires when its schedule chooses the timeout event, plus the nominal
//   duration in ms. Cancel through the library's own cancellation, never with
//   `Promise.race` (which would lose a value or a wakeup that arrives as the timer fires).
// - **Dropping is explicit.** JavaScript has no destructors: dropping a handle or a
//   guard is a method call (`drop()`).
// - **Panics.** `guard.panic()` means "the thread panics while it holds this guard":
//   the guard is dropped while unwinding (which poisons, where the primitive poisons).
// - **Optional methods.** Every method marked optional belongs to a capability (named
//   in its comment, declared by the chapter's ```capabilities``` block). An adapter that
//   declares the capability must provide the method; one that lacks it gets `n/a` for
//   the rules that need it. A method the scenario needs but that is missing is an error.

import type { Worker } from 'node:worker_threads';
import type { ScheduleHooks } from '../../reference/schedule/hooks.ts';
import type { Outcome, Value } from '../../spec/model/types.ts';

export type { Outcome, Value };

export type ExecutorKind = 'async' | 'threads' | 'process';

// ---------------------------------------------------------------------------------
// Channels (spec/channels.md)
// ---------------------------------------------------------------------------------

/** A channel's declaration, as the spec's constructors give it. */
export interface ChannelParams {
  readonly flavor: 'unbounded' | 'bounded' | 'rendezvous';
  /** n for bounded, 0 for rendezvous, null for unbounded. */
  readonly capacity: number | null;
  /** `mpsc` (one receiver) or `mpmc` (receivers can be cloned). */
  readonly profile: 'mpsc' | 'mpmc';
}

/**
 * A sender handle on the async executor. Results are values (`Ok`, `Full(v)`,
 * `Disconnected(v)`): use the helpers of `syncspec/adapter` to build them. A method
 * may return a promise; the executor decides when the actor observes its settlement.
 */
export interface AsyncSender {
  send(value: Value): Outcome | Promise<Outcome>;
  /** Capability `try_send`. */
  trySend?(value: Value): Outcome;
  /** Capability `clone`. */
  clone?(): AsyncSender;
  /** Capability `disconnect`. */
  drop?(): void;
}

export interface AsyncReceiver {
  recv(): Outcome | Promise<Outcome>;
  /** Capability `try_recv`. */
  tryRecv?(): Outcome;
  /**
   * Capability `recv_timeout`: a receive that gives up when `signal` aborts. Time is
   * virtual on the async executor: the signal fires when the schedule chooses the
   * timeout event, so an adapter must cancel through the library's own cancellation
   * (never with `Promise.race`, which would lose a value that arrives as the timeout fires).
   */
  recvTimeout?(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome>;
  /** Capability `mpmc` (cloning a receiver). */
  clone?(): AsyncReceiver;
  /** Capability `disconnect`. */
  drop?(): void;
  /** Capability `iter`: blocking iteration, each `next()` resolves `Some(v)` or `None`. */
  iter?(): { next(): Outcome | Promise<Outcome> };
  /** Capability `try_iter`: non-blocking iteration, each `next()` returns `Some(v)` or `None`. */
  tryIter?(): { next(): Outcome };
}

export interface AsyncChannelFactory {
  create(params: ChannelParams): { sender: AsyncSender; receiver: AsyncReceiver };
  /**
   * Capability `select`: waits until one of `receivers` can complete, performs exactly
   * one receive and returns its index with `Ok(value)` or `Disconnected`.
   */
  select?(receivers: readonly AsyncReceiver[]): { index: number; outcome: Outcome } | Promise<{ index: number; outcome: Outcome }>;
}

// ---------------------------------------------------------------------------------
// Locks: Mutex (spec/mutex.md) and RwLock (spec/rwlock.md)
// ---------------------------------------------------------------------------------

/**
 * What a locking call gives: its outcome and, when it acquired the lock (`Ok`, or
 * `Poisoned`: Rust's `PoisonError` carries the guard), the guard. No guard with
 * `WouldBlock` (a `try_*` that found the lock held) or `Panicked` (a lock by a thread
 * that already holds it may panic, MUTEX-REENTRY-1). A guard belongs to the actor that
 * locked; the executor never uses it from another.
 */
export interface Locked<G> {
  readonly outcome: Outcome;
  readonly guard?: G;
}

/** Access to the protected value through a guard (Rust's `Deref` / `DerefMut`). */
export interface AsyncReadGuard {
  /** The protected value (`*guard`). */
  get(): Value | Promise<Value>;
  /** Drops the guard: unlocks (or releases its read share). */
  drop(): void | Promise<void>;
  /**
   * The holding thread panics: the guard is dropped while unwinding, which poisons a
   * Mutex or an RwLock's write lock (a read guard's panic poisons nothing).
   * Capability `mutex:poison` / `rwlock:poison`.
   */
  panic?(): void | Promise<void>;
}

export interface AsyncWriteGuard extends AsyncReadGuard {
  /** Writes the protected value (`*guard = v`). */
  set(value: Value): void | Promise<void>;
}

export type AsyncMutexGuard = AsyncWriteGuard;

/** One `Mutex<T>` (spec/mutex.md, the operation table). */
export interface AsyncMutex {
  /** `Ok` or `Poisoned` with a guard, once no other guard holds the mutex; `Panicked` (no guard) for a re-lock by the holder. */
  lock(): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>>;
  /** Capability `mutex:try_lock`: `Ok`, `Poisoned` (both with a guard) or `WouldBlock`, never waits. */
  tryLock?(): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>>;
  /** Capability `mutex:poison`: `Mutex::is_poisoned`. */
  isPoisoned?(): boolean | Promise<boolean>;
  /** Capability `mutex:clear_poison`. */
  clearPoison?(): void | Promise<void>;
  /**
   * Capability `mutex:into_inner`: `Ok(v)` or `Poisoned(v)` without locking. Rust's
   * borrow checker guarantees no guard is live; in a scenario the call waits until none is.
   */
  getMut?(): Outcome | Promise<Outcome>;
  /** Capability `mutex:into_inner`: as `getMut`, and the mutex is not used again. */
  intoInner?(): Outcome | Promise<Outcome>;
}

export interface AsyncMutexFactory {
  /** `Mutex::new(value)`. */
  create(value: Value): AsyncMutex;
}

/** One `RwLock<T>` (spec/rwlock.md). Read guards have no `set`. */
export interface AsyncRwLock {
  /** `Ok` or `Poisoned` with a read guard once no writer holds the lock (and, on writer-preferring locks, none waits). */
  read(): Locked<AsyncReadGuard> | Promise<Locked<AsyncReadGuard>>;
  /** `Ok` or `Poisoned` with a write guard once no guard holds the lock. */
  write(): Locked<AsyncWriteGuard> | Promise<Locked<AsyncWriteGuard>>;
  /** Capability `rwlock:try`. */
  tryRead?(): Locked<AsyncReadGuard> | Promise<Locked<AsyncReadGuard>>;
  /** Capability `rwlock:try`. */
  tryWrite?(): Locked<AsyncWriteGuard> | Promise<Locked<AsyncWriteGuard>>;
  /** Capability `rwlock:poison`. */
  isPoisoned?(): boolean | Promise<boolean>;
  /** Capability `rwlock:clear_poison`. */
  clearPoison?(): void | Promise<void>;
  /** Capability `rwlock:into_inner`: `Ok(v)` or `Poisoned(v)`, once no guard is live. */
  getMut?(): Outcome | Promise<Outcome>;
  /** Capability `rwlock:into_inner`. */
  intoInner?(): Outcome | Promise<Outcome>;
}

export interface AsyncRwLockFactory {
  /** `RwLock::new(value)`. */
  create(value: Value): AsyncRwLock;
}

// ---------------------------------------------------------------------------------
// Condvar (spec/condvar.md): used with the adapter's own mutex guards
// ---------------------------------------------------------------------------------

/**
 * A `wait_while` condition: Rust's `|v| cond(v)`. Call it with the protected value,
 * under the lock, each time the wait (re)checks: true means "keep waiting".
 */
export type WaitCondition = (value: Value) => boolean;

/**
 * One `Condvar` (spec/condvar.md). Every wait takes a guard of the adapter's own mutex
 * (the object its `lock` returned; the executor never passes one of another adapter),
 * unlocks it and waits, relocks, and gives a guard back (the same object or a new one)
 * with `Ok` / `Poisoned` — `Ok(t)` / `Poisoned(t)` for the timed waits, where `t` is
 * `WaitTimeoutResult::timed_out()`. After a wait the executor never uses the guard it
 * passed in again, only the one given back.
 *
 * **Spurious wakeups.** A wait may return without a notification (CV-SPUR-1); the suite
 * accepts it. An adapter whose library can be made to wake a waiter spuriously on
 * request declares `condvar:spurious`: each wait then also gets `spurious`, an
 * `AbortSignal` the executor fires when its schedule chooses a spurious wakeup of that
 * wait; the adapter makes the library wake the waiter as if for no reason (a
 * `wait_while` re-checks its condition and may wait again). Without the capability the
 * signal never fires, and adapters may ignore the parameter.
 */
export interface AsyncCondvar {
  wait(guard: AsyncMutexGuard, spurious: AbortSignal): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>>;
  /** Capability `condvar:wait_timeout`: gives up when `signal` aborts (virtual time), returning `Ok(true)`. */
  waitTimeout?(guard: AsyncMutexGuard, signal: AbortSignal, timeoutMs: number, spurious: AbortSignal): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>>;
  /** Capability `condvar:wait_while`: waits while `condition(value)` is true; checks it first, under the lock. */
  waitWhile?(guard: AsyncMutexGuard, condition: WaitCondition, spurious: AbortSignal): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>>;
  /** Capability `condvar:wait_timeout_while`: `Ok(true)` only if the time is up and the condition still holds. */
  waitTimeoutWhile?(
    guard: AsyncMutexGuard,
    signal: AbortSignal,
    timeoutMs: number,
    condition: WaitCondition,
    spurious: AbortSignal,
  ): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>>;
  notifyOne(): void | Promise<void>;
  notifyAll(): void | Promise<void>;
}

export interface AsyncCondvarFactory {
  /** `Condvar::new()`. Condvar scenarios declare their mutexes too: an adapter with a condvar needs `mutex`. */
  create(): AsyncCondvar;
}

// ---------------------------------------------------------------------------------
// Barrier (spec/barrier.md)
// ---------------------------------------------------------------------------------

export interface AsyncBarrier {
  /** `Leader` (`is_leader()` is true) or `Follower`, once the call's generation is complete. */
  wait(): Outcome | Promise<Outcome>;
}

export interface AsyncBarrierFactory {
  /** `Barrier::new(n)`; n = 0 only with capability `barrier_zero`. */
  create(n: number): AsyncBarrier;
}

// ---------------------------------------------------------------------------------
// Once, OnceLock, LazyLock (spec/once.md)
// ---------------------------------------------------------------------------------

/**
 * A closure syncspec passes to an initializing call, standing for the scenario's
 * closure (`get_or_init(7)`, `get_or_init_panic()`, `call_once_hang()`): run it inside
 * the library's own initialization, exactly where Rust would run it. It returns the
 * value (or nothing, for a `Once`), throws an `InitializerPanic` to panic, or returns a
 * promise that never settles to hang (an initializer caught in the act). On the async
 * executor an initializer takes time, as a Rust closure does while other threads run:
 * it returns a promise that resolves to the value, or rejects with the
 * `InitializerPanic`, when the executor's schedule chooses — so that other callers can
 * arrive while it runs. A library that only takes synchronous initializers can run the
 * synchronous ones and treat a promise as it would any value it cannot await.
 */
export type Initializer<T> = () => T | Promise<T>;

/** What `call_once_force`'s closure is told: Rust's `OnceState`. */
export interface OnceState {
  readonly isPoisoned: boolean;
}

/**
 * One `Once`. The executor knows whether the closure it passed ran and completed, so
 * an adapter answers only what the library said: `Ok` when the call returned normally
 * (the executor reports `Ran` if its own closure completed), `Panicked` when the
 * closure's panic propagated to the caller (or let the `InitializerPanic` itself
 * propagate: it is read as `Panicked`), `Poisoned` when the call panicked because the
 * `Once` was poisoned, without running its closure.
 */
export interface AsyncOnce {
  callOnce(f: Initializer<void>): Outcome | Promise<Outcome>;
  /** Capability `once_force`: runs on a poisoned `Once`; `f` sees `OnceState.isPoisoned`. `Ok` or `Panicked`. */
  callOnceForce?(f: (state: OnceState) => void | Promise<void>): Outcome | Promise<Outcome>;
  isCompleted(): boolean | Promise<boolean>;
  /** Capability `once_wait`: `Ok` once complete, `Poisoned` on a poisoned `Once` nothing runs on. */
  wait?(): Outcome | Promise<Outcome>;
  /** Capability `once_wait`: `Ok` once complete, ignoring poison. */
  waitForce?(): Outcome | Promise<Outcome>;
}

export interface AsyncOnceFactory {
  /** `Once::new()`. */
  create(): AsyncOnce;
}

/** One `OnceLock<T>`. */
export interface AsyncOnceLock {
  /** `Some(v)` or `None`; never waits. */
  get(): Outcome | Promise<Outcome>;
  /** `Ok(v)` with the cell's value (`init`'s if it ran), or `Panicked` (see `AsyncOnce` for panics; capability `oncelock_panic`). */
  getOrInit(init: Initializer<Value>): Outcome | Promise<Outcome>;
  /** `Ok`, or `Err(value)` with the very value given; waits while an initializer runs. */
  set(value: Value): Outcome | Promise<Outcome>;
  /** Capability `oncelock_wait`: `Ok(v)` once initialized. */
  wait?(): Outcome | Promise<Outcome>;
  /** Capability `oncelock_take`: `Some(v)` (the cell is empty again) or `None`. */
  take?(): Outcome | Promise<Outcome>;
}

export interface AsyncOnceLockFactory {
  /** `OnceLock::new()`. */
  create(): AsyncOnceLock;
}

/** One `LazyLock<T>`. */
export interface AsyncLazyLock {
  /** `Ok(v)`, `Panicked` (this call ran the init closure, which panicked), or `Poisoned` (capability `lazylock_poison`). */
  force(): Outcome | Promise<Outcome>;
  /** Capability `lazylock_get`: `Some(v)` or `None`, never runs the closure. */
  get?(): Outcome | Promise<Outcome>;
}

export interface AsyncLazyLockFactory {
  /** `LazyLock::new(init)`; `init` is the scenario's closure (`LazyLock::new(7)`, `new_panic()`, `new_hang()`). */
  create(init: Initializer<Value>): AsyncLazyLock;
}

/**
 * The panic an `Initializer` throws. A library that propagates it unchanged to the
 * caller (as Rust propagates a panic) may let the adapter method throw it: that is read
 * as the outcome `Panicked`. Recognized by its `syncspecPanic` brand, so a copy of this
 * module loaded twice still works.
 */
export class InitializerPanic extends Error {
  readonly syncspecPanic = true;

  constructor(message = 'the initializer panicked (syncspec)') {
    super(message);
    this.name = 'InitializerPanic';
  }
}

export function isInitializerPanic(value: unknown): value is InitializerPanic {
  return typeof value === 'object' && value !== null && (value as { syncspecPanic?: unknown }).syncspecPanic === true;
}

// ---------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------

/**
 * For `executor: 'threads'`: how the threads executors run the adapter in worker threads.
 * Each actor of a scenario (and main) is a worker that imports `module` and uses its
 * default export, this same adapter: objects are created in main's worker by the same
 * factories as on the async executor, and handles travel between workers through
 * `transfer` and `adopt`. Handle methods are called inside a worker, where they may block.
 */
export interface ThreadsSupport {
  /** The module a worker imports to get this adapter (its default export): normally `import.meta.url`. */
  readonly module: string;
  /**
   * Makes a handle postable to another worker (a structured-clone value). `move`: the
   * handle changes threads and this worker does not use it again (a Sender, a Receiver).
   * `share`: another thread gets access to the same object and this worker keeps its own
   * (a Mutex shared by threads, as `Arc<Mutex<T>>` is); throw if a role cannot be shared.
   */
  transfer(handle: unknown, role: string, mode: 'move' | 'share'): unknown;
  /** Rebuilds a handle from `transfer`'s value, in the worker that receives it. */
  adopt(descriptor: unknown, role: string): unknown;
  /**
   * Present when every shared-memory step of the implementation goes through syncspec's
   * schedule points (`syncspec/reference`'s `installScheduleHooks`): the adapter then
   * also runs under controlled schedules, and this installs (or, with null, removes) the
   * hooks in the calling worker.
   */
  readonly scheduleHooks?: (hooks: ScheduleHooks | null) => void;
  /** Called in the coordinating thread with each worker the executor starts (e.g. to count a terminated worker's handles as dropped). */
  readonly watchWorker?: (worker: Worker) => void;
}

/** A known deviation: the rule is expected to fail for this adapter, and why. */
export interface Expectation {
  readonly status: 'fail';
  readonly reason: string;
  readonly link?: string;
  /**
   * The replay token of a run that showed the failure. A rare failure may not turn up
   * under another seed: when the rule then passes, the token is replayed, and if the
   * recorded counterexample still fails the result is `expected-fail`, not
   * `unexpected-pass` — so a known deviation gives the same verdict under every seed.
   */
  readonly replay?: string;
}

export interface Adapter {
  /** Short unique name, used on the command line and in results. */
  readonly name: string;
  /** The library the adapter drives, and its version. */
  readonly library: { readonly name: string; readonly version: string; readonly url?: string };
  readonly executor: ExecutorKind;
  /** Capability names from the spec's chapters (`syncspec rules` lists which rule needs which). */
  readonly capabilities: readonly string[];
  /** What the adapter adds on top of the library (sender counting, value hand-back...), so nothing is hidden. */
  readonly notes?: string;
  /** rule ID → expected failure. */
  readonly expectations?: { readonly [rule: string]: Expectation };
  // The factories, for `executor: 'async'`: one per primitive the adapter drives, each
  // needed by the scenarios that declare that primitive (at least one is required).
  /** Channels (spec/channels.md): capabilities `unbounded`, `bounded`, `rendezvous`, ... */
  readonly channel?: AsyncChannelFactory;
  /** `Mutex` (spec/mutex.md): capability `mutex`. */
  readonly mutex?: AsyncMutexFactory;
  /** `RwLock` (spec/rwlock.md): capability `rwlock`. */
  readonly rwlock?: AsyncRwLockFactory;
  /** `Condvar` (spec/condvar.md): capability `condvar`; its scenarios use `mutex` too. */
  readonly condvar?: AsyncCondvarFactory;
  /** `Barrier` (spec/barrier.md): capability `barrier`. */
  readonly barrier?: AsyncBarrierFactory;
  /** `Once` (spec/once.md): capability `once`. */
  readonly once?: AsyncOnceFactory;
  /** `OnceLock` (spec/once.md): capability `oncelock`. */
  readonly onceLock?: AsyncOnceLockFactory;
  /** `LazyLock` (spec/once.md): capability `lazylock`. */
  readonly lazyLock?: AsyncLazyLockFactory;
  /**
   * For `executor: 'async'`: called once a run is over (its verdict reached, or the run
   * stopped), before the next one starts. The operations still pending then are abandoned:
   * the executor never looks at them again. Only a library whose waiting operations hold
   * what the garbage collector cannot reclaim (shared memory, pooled records, native
   * handles) needs it, to release those. A throw is the run's adapter error.
   */
  endRun?(): void | Promise<void>;
  /** For `executor: 'threads'`: the factories above run in worker threads (see ThreadsSupport). */
  readonly threads?: ThreadsSupport;
  /**
   * For `executor: 'process'`: a child process that runs each scenario's actors and streams
   * the history back (conformance/executors/process/PROTOCOL.md). `command()` says how to
   * start it (it may build it first); `available()` returns `true`, or why the
   * implementation cannot run here (a missing toolchain), reported as the adapter's error.
   */
  readonly process?: {
    command(): { readonly cmd: string; readonly args?: readonly string[]; readonly cwd?: string; readonly env?: { readonly [name: string]: string } } | Promise<{ readonly cmd: string; readonly args?: readonly string[]; readonly cwd?: string; readonly env?: { readonly [name: string]: string } }>;
    available?(): true | string | Promise<true | string>;
  };
}

/** The adapter's factory fields, by the `ObjectDecl.kind` of the scenarios' declarations. */
export const FACTORY_OF_KIND = {
  channel: 'channel',
  mutex: 'mutex',
  rwlock: 'rwlock',
  condvar: 'condvar',
  barrier: 'barrier',
  once: 'once',
  oncelock: 'onceLock',
  lazylock: 'lazyLock',
} as const satisfies { readonly [kind: string]: keyof Adapter };
