// Once, OnceLock<T> and LazyLock<T> (spec/once.md): one-time initialization.
//
// All three are one state word under the primitive's state lock (core.ts) —
// INCOMPLETE (empty), RUNNING (RUNNER names the thread running the closure), POISONED,
// COMPLETE (full) — plus, for OnceLock and LazyLock, the value cell (value.ts). A caller
// that finds the state INCOMPLETE claims it (RUNNING, RUNNER = itself) under the lock,
// runs its closure *outside* the lock, and finishes under the lock: COMPLETE, or after a
// throw (a panic) POISONED for Once and LazyLock, INCOMPLETE again for OnceLock — and
// wakes every waiter. A caller that finds it RUNNING registers and parks on its own
// park word; woken, it looks again: so behind a OnceLock initializer that panicked, one
// waiter claims the cell and runs its own initializer (OL-PANIC-2), and the others wait
// for that one.
//
// Dead threads: a runner that dies (terminated worker) counts as a panicking closure.
// registry.markThreadDead wakes the waiters; the first to take the state lock sees the
// moved death epoch, finds RUNNER dead (registry.isAlive) and finishes the run for it:
// Once and LazyLock become poisoned, a OnceLock empty (a waiter then initializes it).
//
// Closures do not travel between threads, so each thread passes its own: callOnce(f),
// getOrInit(f) — and LazyLock.fromDescriptor(d, init). A closure that calls back into
// its own primitive (re-entrant initialization, unspecified in Rust: "may panic or
// deadlock") panics here (SyncPanic) in the blocking API; the Async API waits (another
// async task of the thread may be the runner). Results are values (results.ts), except
// where Rust returns the value itself (getOrInit, wait, force): a closure's throw is
// rethrown to its caller, and a poisoned LazyLock throws PoisonedError.

import { load, store } from '../runtime/atomics.ts';
import { P_HOT, SyncCore, SyncHandle, WAIT, runPromise, runSync, syncArm, type Arm, type Attempt, type Op, type SyncDescriptor, type SyncKind, type ValueOptions, type SyncOptions } from './core.ts';
import { PoisonedError, SyncPanic, SyncUsageError } from './errors.ts';
import { NONE, some, type CallOnceForceResult, type CallOnceResult, type OnceWaitResult, type Option, type SetResult } from './results.ts';

const STATE = P_HOT;
const RUNNER = P_HOT + 1;
const INCOMPLETE = 0;
const RUNNING = 1;
const POISONED = 2;
const COMPLETE = 3;

/** What a caller got from the state: run its closure, or a verdict. */
type Claim<V> = { readonly run: true; readonly wasPoisoned: boolean } | { readonly run: false; readonly verdict: V };

/** The state machine the three share. */
class InitCell {
  constructor(
    readonly core: SyncCore,
    /** What a dead runner leaves behind: POISONED (Once, LazyLock) or INCOMPLETE (OnceLock). */
    private readonly afterDeath: number,
    private readonly label: string,
  ) {
    core.reap = () => this.reap();
  }

  state(): number {
    return load(this.core.ctl, STATE, `${this.label}:state?`);
  }

  private reap(): void {
    const core = this.core;
    if (this.state() !== RUNNING) return;
    if (core.registry.isAlive(load(core.ctl, RUNNER, `${this.label}:runner?`))) return;
    // The runner died in its closure: a panic.
    store(core.ctl, RUNNER, 0, `${this.label}:dead-runner`);
    store(core.ctl, STATE, this.afterDeath, `${this.label}:dead-runner`);
    core.wakeAll();
  }

  /**
   * Waits until `decide(state)` gives a verdict, or claims the run when it says 'claim'
   * (state INCOMPLETE, or POISONED for a forced call). RUNNING always waits.
   */
  *claimOp<V>(arm: Arm, reentryPanics: boolean, decide: (state: number) => V | 'claim' | typeof WAIT): Op<Claim<V>> {
    const core = this.core;
    const L = this.label;
    const attempt = (): Attempt<Claim<V>> => {
      const s = this.state();
      if (s === RUNNING) {
        if (reentryPanics && load(core.ctl, RUNNER, `${L}:runner?`) === core.me.token) {
          throw new SyncPanic(`re-entrant initialization of a ${core.kind} from its own closure (would deadlock)`);
        }
        return WAIT;
      }
      const d = decide(s);
      if (d === WAIT) return WAIT;
      if (d !== 'claim') return { run: false, verdict: d };
      store(core.ctl, RUNNER, core.me.token, `${L}:claim`);
      store(core.ctl, STATE, RUNNING, `${L}:claim`);
      return { run: true, wasPoisoned: s === POISONED };
    };
    return (yield* core.until(arm, 0, `${L}:claim`, attempt, () => this.state() !== RUNNING)) as Claim<V>;
  }

  /** Ends this thread's run: `to` is COMPLETE, POISONED or INCOMPLETE; wakes every waiter. */
  finish(to: number): void {
    const core = this.core;
    core.withState(`${this.label}:finish`, () => {
      store(core.ctl, RUNNER, 0, `${this.label}:finish`);
      store(core.ctl, STATE, to, `${this.label}:finish`);
      core.wakeAll();
    });
  }

  /** Runs `fn` as the claimed closure: `onOk(result)` then `ok`; a throw ends in `failed` and is rethrown. */
  run<R>(fn: () => R, ok: number, failed: number, onOk: (r: R) => void = () => {}): R {
    let r: R;
    try {
      r = fn();
      onOk(r);
    } catch (e) {
      this.finish(failed);
      throw e;
    }
    this.finish(ok);
    return r;
  }

  async runAsync<R>(fn: () => R | PromiseLike<R>, ok: number, failed: number, onOk: (r: R) => void = () => {}): Promise<R> {
    let r: R;
    try {
      r = await fn();
      onOk(r);
    } catch (e) {
      this.finish(failed);
      throw e;
    }
    this.finish(ok);
    return r;
  }

  sync<V>(op: Op<V>): V {
    return runSync(op, this.core.effectiveSpin());
  }
}

// ---- Once ----------------------------------------------------------------------------

/** What a call_once_force closure sees (Rust OnceState). */
export interface OnceState {
  /** Whether the Once was poisoned when this closure started. */
  isPoisoned(): boolean;
}

const RAN: CallOnceResult = Object.freeze({ kind: 'Ran' });
const OK = Object.freeze({ kind: 'Ok' as const });
const POISONED_RESULT = Object.freeze({ kind: 'Poisoned' as const });

export class Once extends SyncHandle {
  protected readonly core: SyncCore;
  protected readonly what = 'once';
  private readonly cell: InitCell;

  /** `Once::new()`. */
  constructor(options: SyncOptions = {}, attached?: SyncCore) {
    super();
    this.core = attached ?? SyncCore.create('once', options);
    this.cell = new InitCell(this.core, POISONED, 'once');
  }

  static fromDescriptor(d: SyncDescriptor): Once {
    return new Once({}, SyncCore.attach(d, 'once'));
  }

  private callOp(arm: Arm, force: boolean, reentryPanics: boolean): Op<Claim<'done' | 'poisoned'>> {
    return this.cell.claimOp(arm, reentryPanics, (s) => (s === COMPLETE ? 'done' : s === POISONED && !force ? 'poisoned' : 'claim'));
  }

  /**
   * Runs `f` if no closure completed yet: Ran; Ok if one did (or another thread's did
   * while this call waited); Poisoned (Rust panics) if a closure panicked. A throw from
   * `f` poisons the Once and is rethrown (ONCE-POISON-1).
   */
  callOnce(f: () => void): CallOnceResult {
    this.live();
    const c = this.cell.sync(this.callOp(syncArm, false, true));
    if (!c.run) return c.verdict === 'done' ? OK : POISONED_RESULT;
    this.cell.run(f, COMPLETE, POISONED);
    return RAN;
  }

  /** Runs `f` even on a poisoned Once (ONCE-FORCE-1): Ran(p) with p = state.isPoisoned(), or Ok. */
  callOnceForce(f: (state: OnceState) => void): CallOnceForceResult {
    this.live();
    const c = this.cell.sync(this.callOp(syncArm, true, true));
    if (!c.run) return OK;
    const p = c.wasPoisoned;
    this.cell.run(() => f({ isPoisoned: () => p }), COMPLETE, POISONED);
    return { kind: 'Ran', value: p };
  }

  async callOnceAsync(f: () => void | Promise<void>): Promise<CallOnceResult> {
    this.live();
    const c = await runPromise((arm) => this.callOp(arm, false, false));
    if (!c.run) return c.verdict === 'done' ? OK : POISONED_RESULT;
    await this.cell.runAsync(f, COMPLETE, POISONED);
    return RAN;
  }

  async callOnceForceAsync(f: (state: OnceState) => void | Promise<void>): Promise<CallOnceForceResult> {
    this.live();
    const c = await runPromise((arm) => this.callOp(arm, true, false));
    if (!c.run) return OK;
    const p = c.wasPoisoned;
    await this.cell.runAsync(() => f({ isPoisoned: () => p }), COMPLETE, POISONED);
    return { kind: 'Ran', value: p };
  }

  /** True once a closure completed (ONCE-DONE-1); never blocks. */
  isCompleted(): boolean {
    const core = this.live();
    if (core.deathsUnseen()) core.withState('once:reap', () => core.reapIfNeeded());
    return this.cell.state() === COMPLETE;
  }

  private waitOp(arm: Arm, force: boolean): Op<Claim<OnceWaitResult>> {
    return this.cell.claimOp<OnceWaitResult>(arm, false, (s) => (s === COMPLETE ? OK : s === POISONED && !force ? POISONED_RESULT : WAIT));
  }

  /** Blocks until complete: Ok; Poisoned (Rust panics) if poisoned while no closure runs (ONCE-WAIT-1). */
  wait(): OnceWaitResult {
    this.live();
    return (this.cell.sync(this.waitOp(syncArm, false)) as { verdict: OnceWaitResult }).verdict;
  }

  /** Blocks until complete, ignoring poison (ONCE-WAIT-2). */
  waitForce(): OnceWaitResult {
    this.live();
    return (this.cell.sync(this.waitOp(syncArm, true)) as { verdict: OnceWaitResult }).verdict;
  }

  async waitAsync(): Promise<OnceWaitResult> {
    this.live();
    return ((await runPromise((arm) => this.waitOp(arm, false))) as { verdict: OnceWaitResult }).verdict;
  }

  async waitForceAsync(): Promise<OnceWaitResult> {
    this.live();
    return ((await runPromise((arm) => this.waitOp(arm, true))) as { verdict: OnceWaitResult }).verdict;
  }
}

// ---- OnceLock and LazyLock -------------------------------------------------------------

/** Reads a full cell's value without the lock (a seqlock on the value's version); null if not full. */
function readFull<T>(cell: InitCell, label: string): Option<T> {
  const value = cell.core.value!;
  for (;;) {
    const v1 = value.version(label);
    if (cell.state() !== COMPLETE) return NONE;
    const out = value.read(label) as T;
    if (value.version(label) === v1 && cell.state() === COMPLETE) return some(out);
  }
}

abstract class ValueCellHandle<T> extends SyncHandle {
  protected readonly core: SyncCore;
  protected readonly cell: InitCell;

  protected constructor(kind: SyncKind, options: ValueOptions, attached: SyncCore | undefined, afterDeath: number) {
    super();
    this.core = attached ?? SyncCore.create(kind, { ...options, hasValue: true });
    this.cell = new InitCell(this.core, afterDeath, kind);
  }

  protected reapSoon(): void {
    const core = this.live();
    if (core.deathsUnseen()) core.withState(`${core.kind}:reap`, () => core.reapIfNeeded());
  }

  /** The value if the cell is initialized; never blocks (None also while an initializer runs). */
  get(): Option<T> {
    this.reapSoon();
    return readFull<T>(this.cell, `${this.core.kind}:get`);
  }

  protected write(v: T): void {
    this.core.value!.write(v, `${this.core.kind}:store`);
  }

  protected readValue(): T {
    return this.core.value!.read(`${this.core.kind}:read`) as T;
  }
}

export class OnceLock<T = unknown> extends ValueCellHandle<T> {
  protected readonly what = 'oncelock';

  /** `OnceLock::new()`: empty. Options: spin, maxWaiters, maxValueBytes. */
  constructor(options: ValueOptions = {}, attached?: SyncCore) {
    super('oncelock', options, attached, INCOMPLETE);
  }

  static fromDescriptor<T = unknown>(d: SyncDescriptor): OnceLock<T> {
    return new OnceLock<T>({}, SyncCore.attach(d, 'oncelock'));
  }

  private getOrInitOp(arm: Arm, reentryPanics: boolean): Op<Claim<T>> {
    return this.cell.claimOp<T>(arm, reentryPanics, (s) => (s === COMPLETE ? this.readValue() : 'claim'));
  }

  /**
   * The cell's value, initializing it with `f` if empty (OL-INIT-1..4): concurrent
   * callers wait for the one initializer; if it throws, the cell stays empty and the
   * error reaches its caller only; a waiting caller then runs its own (OL-PANIC-1/2).
   */
  getOrInit(f: () => T): T {
    this.live();
    const c = this.cell.sync(this.getOrInitOp(syncArm, true));
    if (!c.run) return c.verdict;
    return this.cell.run(f, COMPLETE, INCOMPLETE, (v) => this.write(v));
  }

  /** `getOrInit` as a promise; `f` may be async. */
  async getOrInitAsync(f: () => T | Promise<T>): Promise<T> {
    this.live();
    const c = await runPromise((arm) => this.getOrInitOp(arm, false));
    if (!c.run) return c.verdict;
    return this.cell.runAsync(f, COMPLETE, INCOMPLETE, (v) => this.write(v));
  }

  private setOp(arm: Arm, value: T, reentryPanics: boolean): Op<Claim<SetResult<T>>> {
    return this.cell.claimOp<SetResult<T>>(arm, reentryPanics, (s) => (s === COMPLETE ? { kind: 'Err', value } : 'claim'));
  }

  /** Stores `value` if empty: Ok; Err(value) if full. Waits while another thread initializes (OL-SET-1/2). */
  set(value: T): SetResult<T> {
    this.live();
    const c = this.cell.sync(this.setOp(syncArm, value, true));
    if (!c.run) return c.verdict;
    this.cell.run(() => value, COMPLETE, INCOMPLETE, (v) => this.write(v));
    return OK;
  }

  async setAsync(value: T): Promise<SetResult<T>> {
    this.live();
    const c = await runPromise((arm) => this.setOp(arm, value, false));
    if (!c.run) return c.verdict;
    this.cell.run(() => value, COMPLETE, INCOMPLETE, (v) => this.write(v));
    return OK;
  }

  private waitOp(arm: Arm): Op<Claim<T>> {
    return this.cell.claimOp<T>(arm, false, (s) => (s === COMPLETE ? this.readValue() : WAIT));
  }

  /** Blocks until the cell is initialized, by anyone; its value (OL-WAIT-1). */
  wait(): T {
    this.live();
    return (this.cell.sync(this.waitOp(syncArm)) as { verdict: T }).verdict;
  }

  async waitAsync(): Promise<T> {
    this.live();
    return ((await runPromise((arm) => this.waitOp(arm))) as { verdict: T }).verdict;
  }

  private takeOp(arm: Arm): Op<Claim<Option<T>>> {
    return this.cell.claimOp<Option<T>>(arm, false, (s) => {
      if (s !== COMPLETE) return NONE;
      const v = this.readValue();
      store(this.core.ctl, STATE, INCOMPLETE, 'oncelock:take');
      return some(v);
    });
  }

  /**
   * Rust `take(&mut self)`: empties the cell, Some(value) or None (OL-TAKE-1). Rust's
   * borrow rules mean nobody else uses the cell; here it waits for a running initializer.
   */
  take(): Option<T> {
    this.live();
    return (this.cell.sync(this.takeOp(syncArm)) as { verdict: Option<T> }).verdict;
  }

  async takeAsync(): Promise<Option<T>> {
    this.live();
    return ((await runPromise((arm) => this.takeOp(arm))) as { verdict: Option<T> }).verdict;
  }

  /** Rust `into_inner(self)`: take, and this handle is dropped. */
  intoInner(): Option<T> {
    const r = this.take();
    this.drop();
    return r;
  }
}

export class LazyLock<T = unknown> extends ValueCellHandle<T> {
  protected readonly what = 'lazylock';

  /**
   * `LazyLock::new(init)`. A closure cannot travel to another thread: a thread that gets
   * a handle with fromDescriptor passes its own `init` (the same computation).
   */
  constructor(
    private readonly init: () => T | PromiseLike<T>,
    options: ValueOptions = {},
    attached?: SyncCore,
  ) {
    super('lazylock', options, attached, POISONED);
    if (typeof init !== 'function') throw new TypeError('LazyLock needs an init function');
  }

  static fromDescriptor<T = unknown>(d: SyncDescriptor, init: () => T | PromiseLike<T>): LazyLock<T> {
    return new LazyLock<T>(init, {}, SyncCore.attach(d, 'lazylock'));
  }

  private forceOp(arm: Arm, reentryPanics: boolean): Op<Claim<T | typeof POISONED_RESULT>> {
    return this.cell.claimOp<T | typeof POISONED_RESULT>(arm, reentryPanics, (s) => (s === COMPLETE ? this.readValue() : s === POISONED ? POISONED_RESULT : 'claim'));
  }

  private poisonedError(): PoisonedError {
    return new PoisonedError('LazyLock instance has previously been poisoned');
  }

  /**
   * The value, running the init closure on first use; concurrent first uses wait for it
   * (LAZY-INIT-1). If it throws, the error reaches this caller and the LazyLock is
   * poisoned for good: every other use throws PoisonedError (LAZY-POISON-1).
   */
  force(): T {
    this.live();
    const c = this.cell.sync(this.forceOp(syncArm, true));
    if (!c.run) {
      if (c.verdict === POISONED_RESULT) throw this.poisonedError();
      return c.verdict as T;
    }
    return this.cell.run(() => this.initNow(), COMPLETE, POISONED, (v) => this.write(v));
  }

  /** The init closure's value, for the blocking force: a promise is a usage error (which poisons, as any throw of the closure does). */
  private initNow(): T {
    const r = this.init();
    if (typeof (r as { then?: unknown } | null)?.then === 'function') throw new SyncUsageError('LazyLock.force: the init closure returned a promise (use forceAsync)');
    return r as T;
  }

  /** `force` as a promise; an init closure that returns a promise is awaited. */
  async forceAsync(): Promise<T> {
    this.live();
    const c = await runPromise((arm) => this.forceOp(arm, false));
    if (!c.run) {
      if (c.verdict === POISONED_RESULT) throw this.poisonedError();
      return c.verdict as T;
    }
    return this.cell.runAsync(this.init, COMPLETE, POISONED, (v) => this.write(v));
  }
}
