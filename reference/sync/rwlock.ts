// RwLock<T> (spec/rwlock.md): any number of readers or one writer; poisoning only by
// a writer's panic.
//
// State (under the primitive's state lock, core.ts): WRITER (the write holder's thread
// token, or 0), READERS (read guards live), and each thread's read shares in the holder
// table — which is what makes a dead reader's shares recoverable. Every operation takes
// the state lock; a blocked one registers as a READ or WRITE waiter in the same critical
// section and parks on its thread's park word; each release that can let someone in
// (the write guard, the last read guard) wakes every waiter, which retry.
//
// Policy (RW-FAIR-1 leaves it to the platform): writer-preferring, like Linux — a read
// waits while a writer is registered and still waiting, and try_read then says
// WouldBlock (RW-TRY-2) — except for a thread that already holds a read share, which
// may always read again, so a recursive read never deadlocks (RW-REENTRY-1 allows
// either). A blocking write (or read) by a thread that holds the write lock, or a
// blocking write by one that holds a read share, would wait for itself: it panics
// (SyncPanic); the Async variants wait instead (another async task may release).
//
// Dead threads (registry.markThreadDead; core.ts): a dead write holder counts as a
// panic — the lock is poisoned and released (RW-POISON-1: a writer's panic poisons); a
// dead reader's shares are released without poisoning (a reader's panic does not).
// Both happen in `reap`, under the state lock, run by whichever thread next touches the
// lock after the death epoch moved — at the latest the waiters, which the death woke.

import { load, store } from '../runtime/atomics.ts';
import { P_HOT, P_MORE, SyncCore, SyncHandle, WAIT, runPromise, runSync, syncArm, type Arm, type Attempt, type Op, type SyncDescriptor, type ValueOptions } from './core.ts';
import { SyncPanic, SyncUsageError } from './errors.ts';
import { finishSection, finishSectionAsync } from './mutex.ts';
import { WOULD_BLOCK, type InnerResult, type LockResult, type TryLockResult } from './results.ts';
import { currentThread } from '../runtime/thread.ts';

const WRITER = P_HOT;
const READERS = P_HOT + 1;
const POISONED = P_MORE;
const CONSUMED = P_MORE + 1;
const READ = 1;
const WRITE = 2;
const L = 'rwlock';

export interface RwLockOptions extends ValueOptions {
  /** Most threads holding read guards at once (default 64). */
  readonly maxThreads?: number;
}

export class RwLock<T = unknown> extends SyncHandle {
  protected readonly core: SyncCore;
  protected readonly what = 'rwlock';

  /** `RwLock::new(value)`. Options: spin, maxWaiters, maxValueBytes, maxThreads. */
  constructor(value: T, options: RwLockOptions = {}, attached?: SyncCore) {
    super();
    if (attached !== undefined) {
      this.core = attached;
    } else {
      this.core = SyncCore.create('rwlock', { ...options, hasValue: true, holders: options.maxThreads ?? 64 });
      this.core.value!.write(value, `${L}:new`);
    }
    this.core.reap = () => this.reap();
  }

  static fromDescriptor<T = unknown>(d: SyncDescriptor): RwLock<T> {
    return new RwLock<T>(undefined as T, {}, SyncCore.attach(d, 'rwlock'));
  }

  private word(i: number, label: string): number {
    return load(this.core.ctl, i, `${L}:${label}`);
  }

  private poisoned(): boolean {
    return this.word(POISONED, 'poisoned?') === 1;
  }

  /** Under the state lock, after a death: a dead writer poisons and releases; dead readers' shares go. */
  private reap(): void {
    const core = this.core;
    const c = core.ctl;
    let changed = false;
    const w = this.word(WRITER, 'writer?');
    if (w !== 0 && !core.registry.isAlive(w)) {
      store(c, POISONED, 1, `${L}:dead-writer-poison`);
      store(c, WRITER, 0, `${L}:dead-writer-release`);
      changed = true;
    }
    const shares = core.reapHolders(`${L}:dead-readers`);
    if (shares > 0) {
      store(c, READERS, Math.max(0, this.word(READERS, 'readers?') - shares), `${L}:dead-readers`);
      changed = true;
    }
    if (changed) core.wakeAll();
  }

  private attempt(mode: typeof READ | typeof WRITE, reentryPanics: boolean): Attempt<boolean> {
    const core = this.core;
    const c = core.ctl;
    if (this.word(CONSUMED, 'consumed?') === 1) throw new SyncUsageError('this rwlock was taken by intoInner');
    const w = this.word(WRITER, 'writer?');
    const me = core.me.token;
    if (mode === READ) {
      if (w !== 0) {
        if (w === me && reentryPanics) throw new SyncPanic('RwLock::read by the thread that holds the write lock (would deadlock)');
        return WAIT;
      }
      // Writer preference, but never against a thread that already reads (see header).
      if (core.waiters.hasWaiting(core.registry, WRITE) && core.holderCount(`${L}:read`) === 0) return WAIT;
      core.adjustHolder(1, `${L}:read`); // first: it throws if the holder table is full
      store(c, READERS, this.word(READERS, 'readers?') + 1, `${L}:read`);
      return this.poisoned();
    }
    if (w !== 0 || this.word(READERS, 'readers?') > 0) {
      if (reentryPanics && (w === me || core.holderCount(`${L}:write`) > 0)) throw new SyncPanic('RwLock::write by a thread that holds the lock (would deadlock)');
      return WAIT;
    }
    store(c, WRITER, me, `${L}:write`);
    return this.poisoned();
  }

  /** @internal */
  *lockOp(mode: typeof READ | typeof WRITE, arm: Arm, reentryPanics: boolean): Op<boolean> {
    const core = this.live();
    const r = yield* core.until(arm, mode, `${L}:${mode === READ ? 'read' : 'write'}`, () => this.attempt(mode, reentryPanics));
    return r as boolean;
  }

  private tryOp(mode: typeof READ | typeof WRITE): boolean | null {
    const core = this.live();
    const r = core.withState(`${L}:try`, () => {
      core.reapIfNeeded();
      return this.attempt(mode, false);
    });
    return r === WAIT ? null : r;
  }

  /** @internal */
  release(mode: typeof READ | typeof WRITE, poison: boolean): void {
    const core = this.core;
    const c = core.ctl;
    core.withState(`${L}:unlock`, () => {
      if (mode === READ) {
        const n = this.word(READERS, 'readers?') - 1;
        store(c, READERS, n, `${L}:read-unlock`);
        core.adjustHolder(-1, `${L}:read-unlock`);
        if (n === 0 && core.waiters.count() > 0) core.wakeAll();
      } else {
        if (poison) store(c, POISONED, 1, `${L}:poison`);
        store(c, WRITER, 0, `${L}:write-unlock`);
        if (core.waiters.count() > 0) core.wakeAll();
      }
    });
  }

  private readResult(poisoned: boolean): LockResult<RwLockReadGuard<T>> {
    const guard = new RwLockReadGuard<T>(this, this.core);
    return poisoned ? { kind: 'Poisoned', guard } : { kind: 'Ok', guard };
  }

  private writeResult(poisoned: boolean): LockResult<RwLockWriteGuard<T>> {
    const guard = new RwLockWriteGuard<T>(this, this.core);
    return poisoned ? { kind: 'Poisoned', guard } : { kind: 'Ok', guard };
  }

  /** Waits while a writer holds (or waits for) the lock, then takes a read share: Ok or Poisoned (RW-READ-1). */
  read(): LockResult<RwLockReadGuard<T>> {
    const core = this.live();
    return this.readResult(runSync(this.lockOp(READ, syncArm, true), core.effectiveSpin()));
  }

  /** Waits until no guard holds the lock, then takes it: Ok or Poisoned (RW-WRITE-1). */
  write(): LockResult<RwLockWriteGuard<T>> {
    const core = this.live();
    return this.writeResult(runSync(this.lockOp(WRITE, syncArm, true), core.effectiveSpin()));
  }

  readAsync(): Promise<LockResult<RwLockReadGuard<T>>> {
    this.live();
    return runPromise((arm) => this.lockOp(READ, arm, false)).then((p) => this.readResult(p));
  }

  writeAsync(): Promise<LockResult<RwLockWriteGuard<T>>> {
    this.live();
    return runPromise((arm) => this.lockOp(WRITE, arm, false)).then((p) => this.writeResult(p));
  }

  /** Never waits: WouldBlock while a writer holds the lock (or one waits: RW-TRY-2). */
  tryRead(): TryLockResult<RwLockReadGuard<T>> {
    const r = this.tryOp(READ);
    return r === null ? WOULD_BLOCK : this.readResult(r);
  }

  /** Never waits: WouldBlock while any guard holds the lock (RW-TRY-1). */
  tryWrite(): TryLockResult<RwLockWriteGuard<T>> {
    const r = this.tryOp(WRITE);
    return r === null ? WOULD_BLOCK : this.writeResult(r);
  }

  /** Runs `fn` under a read guard (dropped afterwards; a throw releases it without poisoning). */
  withRead<R>(fn: (guard: RwLockReadGuard<T>, poisoned: boolean) => R): R {
    const r = this.read();
    return finishSection(r.guard, () => fn(r.guard, r.kind === 'Poisoned'));
  }

  /** Runs `fn` under the write guard; a throw is a panic: it poisons, and is rethrown. */
  withWrite<R>(fn: (guard: RwLockWriteGuard<T>, poisoned: boolean) => R): R {
    const r = this.write();
    return finishSection(r.guard, () => fn(r.guard, r.kind === 'Poisoned'));
  }

  async withReadAsync<R>(fn: (guard: RwLockReadGuard<T>, poisoned: boolean) => R | Promise<R>): Promise<R> {
    const r = await this.readAsync();
    return finishSectionAsync(r.guard, () => fn(r.guard, r.kind === 'Poisoned'));
  }

  async withWriteAsync<R>(fn: (guard: RwLockWriteGuard<T>, poisoned: boolean) => R | Promise<R>): Promise<R> {
    const r = await this.writeAsync();
    return finishSectionAsync(r.guard, () => fn(r.guard, r.kind === 'Poisoned'));
  }

  /** Poisoned by a writer's panic (or a write holder's death); does not lock (RW-POISON-3). */
  isPoisoned(): boolean {
    const core = this.live();
    if (core.deathsUnseen()) core.withState(`${L}:reap`, () => core.reapIfNeeded());
    return this.poisoned();
  }

  clearPoison(): void {
    store(this.live().ctl, POISONED, 0, `${L}:clear-poison`);
  }

  private *innerOp(arm: Arm, reentryPanics: boolean, consume: boolean): Op<InnerResult<T>> {
    const poisoned = yield* this.lockOp(WRITE, arm, reentryPanics);
    const core = this.core;
    let value: T;
    try {
      value = core.value!.read(`${L}:inner`) as T;
    } catch (e) {
      this.release(WRITE, false);
      throw e;
    }
    if (consume) store(core.ctl, CONSUMED, 1, `${L}:consume`);
    this.release(WRITE, false); // (consumed: the waiters it wakes throw)
    return poisoned ? { kind: 'Poisoned', value } : { kind: 'Ok', value };
  }

  /** Rust `get_mut`: waits until no guard is live, then the value, Ok(v) or Poisoned(v) (RW-INNER-1). */
  getMut(): InnerResult<T> {
    return runSync(this.innerOp(syncArm, true, false), this.live().effectiveSpin());
  }

  /** Rust `into_inner`: as getMut, and the lock is gone (later use of any handle throws). */
  intoInner(): InnerResult<T> {
    const r = runSync(this.innerOp(syncArm, true, true), this.live().effectiveSpin());
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
}

abstract class RwGuard<T> implements Disposable {
  private held = true;
  private readonly token: number;

  constructor(
    protected readonly lock: RwLock<T>,
    protected readonly core: SyncCore,
    private readonly mode: typeof READ | typeof WRITE,
  ) {
    this.token = core.me.token;
  }

  protected check(): void {
    if (!this.held) throw new SyncUsageError('this guard was dropped');
    if (currentThread().token !== this.token) throw new SyncUsageError('an RwLock guard belongs to the thread that locked (it is not Send)');
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** A copy of the protected value (RW-DATA-1). */
  get(): T {
    this.check();
    return this.core.value!.read(`${L}:get`) as T;
  }

  drop(): void {
    this.check();
    this.held = false;
    this.lock.release(this.mode, false);
  }

  /** A panic while the guard is held: released while unwinding; poisons only a write guard (RW-POISON-1). */
  panic(): void {
    this.check();
    this.held = false;
    this.lock.release(this.mode, this.mode === WRITE);
  }

  [Symbol.dispose](): void {
    if (this.held) this.drop();
  }
}

export class RwLockReadGuard<T = unknown> extends RwGuard<T> {
  /** @internal */
  constructor(lock: RwLock<T>, core: SyncCore) {
    super(lock, core, READ);
  }
}

export class RwLockWriteGuard<T = unknown> extends RwGuard<T> {
  /** @internal */
  constructor(lock: RwLock<T>, core: SyncCore) {
    super(lock, core, WRITE);
  }

  /** Replaces the protected value (a single commit: value.ts). */
  set(value: T): void {
    this.check();
    this.core.value!.write(value, `${L}:set`);
  }
}
