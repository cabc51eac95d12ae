// Small, correct, promise-based Mutex, RwLock and Condvar, implementing the async
// adapter API directly (conformance/adapter/types.ts). They exist to test the
// conformance engine: it must pass them on every rule of the lock chapters, and catch
// each one-bug variant of buggy-sync.ts, which override one of the `protected` steps.
//
// Waiters are served in arrival order; a freed lock is handed to the next waiter at
// once (no barging). A lock by the holder waits for ever (Rust may also deadlock). The
// condvar wakes a waiter spuriously when the executor asks (`condvar:spurious`).
import type {
  AsyncCondvar,
  AsyncMutex,
  AsyncMutexGuard,
  AsyncReadGuard,
  AsyncRwLock,
  AsyncWriteGuard,
  Locked,
  Outcome,
  Value,
  WaitCondition,
} from '../adapter/types.ts';

const OK: Outcome = { kind: 'Ok' };

/** The guard a mutex or an RwLock hands out. Using it after it was dropped is a bug of the caller: it throws. */
export class PromiseGuard implements AsyncWriteGuard {
  private live = true;

  constructor(
    readonly lock: Lockable,
    readonly mode: 'exclusive' | 'shared',
  ) {}

  get(): Value {
    this.check();
    return this.lock.value;
  }

  set(value: Value): void {
    this.check();
    if (this.mode === 'shared') throw new Error('a read guard cannot write');
    this.lock.value = value;
  }

  drop(): void {
    this.check();
    this.live = false;
    this.lock.release(this, false);
  }

  panic(): void {
    this.check();
    this.live = false;
    this.lock.release(this, true);
  }

  /** Gives the lock back without dropping through the API (a condvar wait unlocking); the guard is dead afterwards. */
  surrender(): void {
    this.check();
    this.live = false;
    this.lock.release(this, false);
  }

  private check(): void {
    if (!this.live) throw new Error('guard used after it was dropped');
  }
}

/** What guards need of their lock. */
export interface Lockable {
  value: Value;
  release(guard: PromiseGuard, panicking: boolean): void;
}

/** Someone waiting for the lock: a locker, or get_mut / into_inner waiting for it to be free. */
interface LockWaiter {
  readonly mode: 'exclusive' | 'shared' | 'peek';
  grant(): void;
}

export class PromiseMutex implements AsyncMutex, Lockable {
  value: Value;
  poisoned = false;
  holder: PromiseGuard | null = null;
  protected readonly waiters: LockWaiter[] = [];

  constructor(value: Value) {
    this.value = value;
  }

  lock(): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>> {
    if (this.holder === null && this.waiters.length === 0) return this.acquire();
    return new Promise((resolve) => this.waiters.push({ mode: 'exclusive', grant: () => resolve(this.acquire()) }));
  }

  tryLock(): Locked<AsyncMutexGuard> {
    if (this.isHeld()) return { outcome: { kind: 'WouldBlock' } };
    return this.acquire();
  }

  protected isHeld(): boolean {
    return this.holder !== null;
  }

  protected acquire(): Locked<PromiseGuard> {
    const guard = new PromiseGuard(this, 'exclusive');
    this.holder = guard;
    return { outcome: this.poisoned ? { kind: 'Poisoned' } : OK, guard };
  }

  release(guard: PromiseGuard, panicking: boolean): void {
    if (this.holder !== guard) throw new Error('released by a guard that does not hold the mutex');
    this.holder = null;
    this.poison(panicking);
    this.handOff();
  }

  /** A guard dropped while its thread panics poisons the mutex. */
  protected poison(panicking: boolean): void {
    if (panicking) this.poisoned = true;
  }

  /** The mutex is free: the next waiter gets it (get_mut / into_inner waiters see it free and pass it on). */
  protected handOff(): void {
    while (this.holder === null) {
      const next = this.waiters.shift();
      if (next === undefined) return;
      next.grant();
    }
  }

  isPoisoned(): boolean {
    return this.poisoned;
  }

  clearPoison(): void {
    this.poisoned = false;
  }

  getMut(): Outcome | Promise<Outcome> {
    const read = (): Outcome => ({ kind: this.poisoned ? 'Poisoned' : 'Ok', value: this.value });
    if (this.holder === null) return read();
    return new Promise((resolve) => this.waiters.push({ mode: 'peek', grant: () => resolve(read()) }));
  }

  intoInner(): Outcome | Promise<Outcome> {
    return this.getMut();
  }
}

export class PromiseRwLock implements AsyncRwLock, Lockable {
  value: Value;
  poisoned = false;
  readonly readers = new Set<PromiseGuard>();
  writer: PromiseGuard | null = null;
  /** Waiting readers, writers and get_mut calls, in arrival order. */
  protected readonly queue: LockWaiter[] = [];

  constructor(value: Value) {
    this.value = value;
  }

  read(): Locked<AsyncReadGuard> | Promise<Locked<AsyncReadGuard>> {
    // Writer-preferring, as Linux's futex lock: a reader waits behind a waiting writer.
    if (this.writer === null && this.queue.length === 0) return this.acquire('shared');
    return this.enqueue('shared');
  }

  write(): Locked<AsyncWriteGuard> | Promise<Locked<AsyncWriteGuard>> {
    if (this.isFree() && this.queue.length === 0) return this.acquire('exclusive');
    return this.enqueue('exclusive');
  }

  tryRead(): Locked<AsyncReadGuard> {
    if (this.writer !== null || this.queue.some((w) => w.mode === 'exclusive')) return { outcome: { kind: 'WouldBlock' } };
    return this.acquire('shared');
  }

  tryWrite(): Locked<AsyncWriteGuard> {
    if (!this.isFree()) return { outcome: { kind: 'WouldBlock' } };
    return this.acquire('exclusive');
  }

  protected isFree(): boolean {
    return this.writer === null && this.readers.size === 0;
  }

  private enqueue(mode: 'exclusive' | 'shared'): Promise<Locked<PromiseGuard>> {
    return new Promise((resolve) => this.queue.push({ mode, grant: () => resolve(this.acquire(mode)) }));
  }

  protected acquire(mode: 'exclusive' | 'shared'): Locked<PromiseGuard> {
    const guard = new PromiseGuard(this, mode);
    if (mode === 'exclusive') this.writer = guard;
    else this.readers.add(guard);
    return { outcome: this.poisoned ? { kind: 'Poisoned' } : OK, guard };
  }

  release(guard: PromiseGuard, panicking: boolean): void {
    if (guard.mode === 'exclusive') {
      if (this.writer !== guard) throw new Error('released by a write guard that does not hold the lock');
      this.writer = null;
    } else if (!this.readers.delete(guard)) {
      throw new Error('released by a read guard that does not hold the lock');
    }
    this.poison(guard, panicking);
    this.admit();
  }

  /** Only a writer's panic poisons (RW-POISON-1). */
  protected poison(guard: PromiseGuard, panicking: boolean): void {
    if (panicking && guard.mode === 'exclusive') this.poisoned = true;
  }

  /** Lets in, in order, every waiter that fits: readers while no writer holds, a writer (or get_mut) once the lock is free. */
  protected admit(): void {
    for (;;) {
      const head = this.queue[0];
      if (head === undefined) return;
      if (head.mode === 'shared' ? this.writer !== null : !this.isFree()) return;
      this.queue.shift();
      head.grant();
    }
  }

  isPoisoned(): boolean {
    return this.poisoned;
  }

  clearPoison(): void {
    this.poisoned = false;
  }

  getMut(): Outcome | Promise<Outcome> {
    const read = (): Outcome => ({ kind: this.poisoned ? 'Poisoned' : 'Ok', value: this.value });
    if (this.isFree() && this.queue.length === 0) return read();
    return new Promise((resolve) => this.queue.push({ mode: 'peek', grant: () => resolve(read()) }));
  }

  intoInner(): Outcome | Promise<Outcome> {
    return this.getMut();
  }
}

export type WakeReason = 'notified' | 'spurious' | 'timeout';

/** A thread blocked in a condvar wait, until something wakes it. */
export interface CondvarWaiter {
  wake(reason: WakeReason): void;
}

export class PromiseCondvar implements AsyncCondvar {
  protected readonly waiters: CondvarWaiter[] = [];

  async wait(guard: AsyncMutexGuard, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    const { mutex, reason } = this.unlockAndSleep(guard, undefined, spurious);
    await reason;
    return this.relock(mutex);
  }

  async waitTimeout(guard: AsyncMutexGuard, signal: AbortSignal, _timeoutMs: number, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    const { mutex, reason } = this.unlockAndSleep(guard, signal, spurious);
    const why = await reason;
    const relocked = await this.relock(mutex);
    return this.timedResult(relocked, why === 'timeout');
  }

  async waitWhile(guard: AsyncMutexGuard, condition: WaitCondition, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    let current = guard;
    while (condition(current.get() as Value)) {
      const { mutex, reason } = this.unlockAndSleep(current, undefined, spurious);
      await reason;
      const relocked = await this.relock(mutex);
      if (relocked.outcome.kind !== 'Ok') return relocked;
      current = relocked.guard!;
    }
    return { outcome: OK, guard: current };
  }

  async waitTimeoutWhile(guard: AsyncMutexGuard, signal: AbortSignal, _timeoutMs: number, condition: WaitCondition, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    let current = guard;
    for (;;) {
      // The condition first, then the clock (CV-TIMEOUT-2).
      if (!this.stillWaiting(condition, current)) return { outcome: { kind: 'Ok', value: false }, guard: current };
      const { mutex, reason } = this.unlockAndSleep(current, signal, spurious);
      const why = await reason;
      const relocked = await this.relock(mutex);
      if (relocked.outcome.kind !== 'Ok') return this.timedResult(relocked, why === 'timeout');
      current = relocked.guard!;
      const timedOut = this.timedOut(condition, current, why === 'timeout' || signal.aborted);
      if (timedOut !== undefined) return { outcome: { kind: 'Ok', value: timedOut }, guard: current };
    }
  }

  protected stillWaiting(condition: WaitCondition, guard: AsyncMutexGuard): boolean {
    return condition(guard.get() as Value);
  }

  /** After a wakeup, relocked: `false` once the condition is false, `true` if the time is up while it holds, else wait again. */
  protected timedOut(condition: WaitCondition, guard: AsyncMutexGuard, timeUp: boolean): boolean | undefined {
    if (!this.stillWaiting(condition, guard)) return false;
    return timeUp ? true : undefined;
  }

  notifyOne(): void {
    this.waiters[0]?.wake('notified');
  }

  notifyAll(): void {
    for (const waiter of [...this.waiters]) waiter.wake('notified');
  }

  /**
   * Registers the waiter and unlocks, in one step (nothing runs in between), and returns
   * the mutex to relock and the reason it will wake. The timer and the spurious trigger
   * wake it too; a trigger that already fired (a `wait_while` waiting again) is spent.
   */
  protected unlockAndSleep(guard: AsyncMutexGuard, signal: AbortSignal | undefined, spurious: AbortSignal | undefined): { mutex: PromiseMutex; reason: Promise<WakeReason> } {
    if (!(guard instanceof PromiseGuard) || !(guard.lock instanceof PromiseMutex)) throw new Error('a condvar waits with a guard of a PromiseMutex');
    const mutex = guard.lock;
    let wake!: (reason: WakeReason) => void;
    const reason = new Promise<WakeReason>((resolve) => (wake = resolve));
    let asleep = true;
    const onTimeout = () => waiter.wake('timeout');
    const onSpurious = () => waiter.wake('spurious');
    const waiter: CondvarWaiter = {
      wake: (why) => {
        if (!asleep) return;
        asleep = false;
        // A wait_while waits again on the same signals: its earlier rounds' listeners go.
        signal?.removeEventListener('abort', onTimeout);
        spurious?.removeEventListener('abort', onSpurious);
        this.forget(waiter);
        wake(why);
      },
    };
    this.waiters.push(waiter);
    this.unlock(guard);
    if (signal !== undefined) {
      if (signal.aborted) waiter.wake('timeout');
      else signal.addEventListener('abort', onTimeout, { once: true });
    }
    if (spurious !== undefined && !spurious.aborted) spurious.addEventListener('abort', onSpurious, { once: true });
    return { mutex, reason };
  }

  protected unlock(guard: PromiseGuard): void {
    guard.surrender();
  }

  protected forget(waiter: CondvarWaiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  protected async relock(mutex: PromiseMutex): Promise<Locked<AsyncMutexGuard>> {
    return mutex.lock();
  }

  private timedResult(relocked: Locked<AsyncMutexGuard>, timedOut: boolean): Locked<AsyncMutexGuard> {
    return { outcome: { kind: relocked.outcome.kind, value: timedOut }, guard: relocked.guard! };
  }
}
