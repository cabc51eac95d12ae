// Mutex, RwLock and Condvar mutants for the async executor: the testing promise locks
// (conformance/testing/promise-locks.ts) with one bug each, plus the one-bug variants
// of conformance/testing/buggy-sync.ts.
import type { AsyncMutexGuard, AsyncReadGuard, AsyncWriteGuard, Locked, Outcome, Value, WaitCondition } from '../../adapter/types.ts';
import { PromiseCondvar, PromiseGuard, PromiseMutex, PromiseRwLock, type CondvarWaiter, type WakeReason } from '../../testing/promise-locks.ts';
import { promiseSyncAdapter, type SyncClasses } from '../../testing/promise-sync-adapter.ts';
import type { Mutant } from '../types.ts';

const OK: Outcome = { kind: 'Ok' };

// --- Mutex ------------------------------------------------------------------------

/** A mutex that can hand out guards beside its holder; the extra guards unlock nothing. */
class LeakyMutex extends PromiseMutex {
  protected readonly extra = new Set<PromiseGuard>();

  protected extraGuard(kind: 'Ok' | 'Poisoned'): Locked<AsyncMutexGuard> {
    const guard = new PromiseGuard(this, 'exclusive');
    this.extra.add(guard);
    return { outcome: { kind }, guard };
  }

  override release(guard: PromiseGuard, panicking: boolean): void {
    if (this.extra.delete(guard)) this.poison(panicking);
    else super.release(guard, panicking);
  }
}

/** lock on a held mutex does not wait: a second guard (two holders; a re-lock by the holder succeeds). */
class LockDoesNotWait extends LeakyMutex {
  override lock(): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>> {
    return this.isHeld() ? this.extraGuard(this.poisoned ? 'Poisoned' : 'Ok') : super.lock();
  }
}

/**
 * lock looks whether the mutex is free, then awaits before taking it: correct while one
 * task calls at a time, two holders when two call in the same tick (caught by bursts).
 */
class CheckThenAwaitLock extends LeakyMutex {
  override async lock(): Promise<Locked<AsyncMutexGuard>> {
    while (this.isHeld() || this.waiters.length > 0) await new Promise<void>((resolve) => this.waiters.push({ mode: 'exclusive', grant: resolve }));
    await Promise.resolve();
    // Taken meanwhile by the other caller: this one holds it too (a guard beside the holder's).
    return this.isHeld() ? this.extraGuard(this.poisoned ? 'Poisoned' : 'Ok') : this.acquire();
  }

  protected override handOff(): void {
    // Waiters here only look again; the first one in takes the mutex.
    this.waiters.shift()?.grant();
  }
}

/** try_lock on a poisoned mutex looks at the poison first: Poisoned, with a second guard, though another holds it. */
class TryLockPoisonFirst extends LeakyMutex {
  override tryLock(): Locked<AsyncMutexGuard> {
    if (this.poisoned && this.isHeld()) return this.extraGuard('Poisoned');
    return super.tryLock();
  }
}

/** Dropping the guard wakes no waiting lock: they wait for ever. */
class UnlockWakesNobody extends PromiseMutex {
  protected override handOff(): void {}
}

/** Writes through a guard are undone when it is dropped normally (kept only on panic). */
class WritesUndoneOnUnlock extends PromiseMutex {
  private snapshot: Value = null;

  protected override acquire(): Locked<PromiseGuard> {
    this.snapshot = this.value;
    return super.acquire();
  }

  override release(guard: PromiseGuard, panicking: boolean): void {
    if (!panicking) this.value = this.snapshot;
    super.release(guard, panicking);
  }
}

/** Writes made before a panic are rolled back. */
class PanicRollsBack extends PromiseMutex {
  private snapshot: Value = null;

  protected override acquire(): Locked<PromiseGuard> {
    this.snapshot = this.value;
    return super.acquire();
  }

  override release(guard: PromiseGuard, panicking: boolean): void {
    if (panicking) this.value = this.snapshot;
    super.release(guard, panicking);
  }
}

/** try_lock on a held mutex waits for it instead of returning WouldBlock. */
class TryLockWaits extends PromiseMutex {
  override tryLock(): Locked<AsyncMutexGuard> {
    return (this.isHeld() ? this.lock() : super.tryLock()) as Locked<AsyncMutexGuard>;
  }
}

/** lock on a poisoned mutex says Ok. */
class PoisonNotReported extends PromiseMutex {
  protected override acquire(): Locked<PromiseGuard> {
    const locked = super.acquire();
    return { outcome: OK, guard: locked.guard! };
  }
}

/** Any drop poisons once a panic happened anywhere: a normal drop after a panic of another mutex's guard poisons this one. */
const panics = { seen: 0 };
class NormalDropPoisonsAfterAnyPanic extends PromiseMutex {
  private readonly seenAt = panics.seen;

  protected override poison(panicking: boolean): void {
    if (panicking) panics.seen++;
    if (panicking || panics.seen > this.seenAt) this.poisoned = true;
  }
}

/** is_poisoned always says false. */
class IsPoisonedLies extends PromiseMutex {
  override isPoisoned(): boolean {
    return false;
  }
}

/** clear_poison does nothing. */
class ClearPoisonNoop extends PromiseMutex {
  override clearPoison(): void {}
}

/** One poison table for every mutex (red team 14): clear_poison clears them all, not only its own. */
const everyMutex = new Set<WeakRef<PromiseMutex>>();
class ClearPoisonClearsAll extends PromiseMutex {
  constructor(value: Value) {
    super(value);
    everyMutex.add(new WeakRef(this));
  }
  override clearPoison(): void {
    for (const ref of everyMutex) {
      const m = ref.deref();
      if (m === undefined) everyMutex.delete(ref);
      else m.poisoned = false;
    }
  }
}

/** get_mut / into_inner report Ok on a poisoned mutex. */
class InnerIgnoresPoison extends PromiseMutex {
  override getMut(): Outcome | Promise<Outcome> {
    const got = super.getMut();
    const ok = (o: Outcome): Outcome => ({ kind: 'Ok', value: o.value ?? null });
    return got instanceof Promise ? got.then(ok) : ok(got);
  }
}

/** Waiting lockers are served newest first. */
class LifoHandOff extends PromiseMutex {
  protected override handOff(): void {
    while (this.holder === null) {
      const next = this.waiters.pop();
      if (next === undefined) return;
      next.grant();
    }
  }
}

// --- RwLock -----------------------------------------------------------------------

/** A read guard excludes other readers: the RwLock is a Mutex. */
class ReadersExclude extends PromiseRwLock {
  override read(): Locked<AsyncReadGuard> | Promise<Locked<AsyncReadGuard>> {
    return this.write();
  }

  override tryRead(): Locked<AsyncReadGuard> {
    return this.tryWrite();
  }
}

/** write does not wait for another writer: two write guards. */
class TwoWriters extends PromiseRwLock {
  private readonly extra = new Set<PromiseGuard>();

  override write(): Locked<AsyncWriteGuard> | Promise<Locked<AsyncWriteGuard>> {
    if (this.writer !== null && this.readers.size === 0) {
      const guard = new PromiseGuard(this, 'exclusive');
      this.extra.add(guard);
      return { outcome: { kind: this.poisoned ? 'Poisoned' : 'Ok' }, guard };
    }
    return super.write();
  }

  override release(guard: PromiseGuard, panicking: boolean): void {
    if (this.extra.delete(guard)) this.poison(guard, panicking);
    else super.release(guard, panicking);
  }
}

/** read does not wait for a writer: a reader beside the writer. */
class ReaderBesideWriter extends PromiseRwLock {
  override read(): Locked<AsyncReadGuard> | Promise<Locked<AsyncReadGuard>> {
    return this.acquire('shared');
  }
}

/** The last reader's drop lets no waiting writer in. */
class ReaderDropWakesNobody extends PromiseRwLock {
  override release(guard: PromiseGuard, panicking: boolean): void {
    if (guard.mode === 'shared') {
      this.readers.delete(guard);
      this.poison(guard, panicking);
      return;
    }
    super.release(guard, panicking);
  }
}

/** Writes through a write guard are undone when it is dropped normally. */
class RwWritesUndone extends PromiseRwLock {
  private snapshot: Value = null;

  protected override acquire(mode: 'exclusive' | 'shared'): Locked<PromiseGuard> {
    if (mode === 'exclusive') this.snapshot = this.value;
    return super.acquire(mode);
  }

  override release(guard: PromiseGuard, panicking: boolean): void {
    if (guard.mode === 'exclusive' && !panicking) this.value = this.snapshot;
    super.release(guard, panicking);
  }
}

/** The value is kept in an Int32 slot when it is an integer: one beyond 32 bits comes back wrapped. */
class Int32ValueSlot extends PromiseMutex {
  override release(guard: PromiseGuard, panicking: boolean): void {
    if (typeof this.value === 'number' && Number.isInteger(this.value)) this.value = this.value | 0;
    super.release(guard, panicking);
  }
}

/** A RwLock whose write guard's drop stores `copy(value)` in place of the value. */
function storesCopies(copy: (value: Value) => Value): typeof PromiseRwLock {
  return class extends PromiseRwLock {
    override release(guard: PromiseGuard, panicking: boolean): void {
      if (guard.mode === 'exclusive') this.value = copy(this.value);
      super.release(guard, panicking);
    }
  };
}

/** A deep copy of `value` whose objects `rebuild` makes from their entries, copied already. */
function deepCopy(value: Value, rebuild: (entries: readonly (readonly [string, Value])[]) => Value): Value {
  if (Array.isArray(value)) return value.map((v) => deepCopy(v, rebuild));
  if (value === null || typeof value !== 'object') return value;
  return rebuild(Object.entries(value).map(([k, v]) => [k, deepCopy(v, rebuild)] as const));
}

/** A write guard's drop stores a copy made key by key (`out[k] = v`): an own `__proto__` key becomes the copy's prototype and is lost. */
const CopiesKeyByKey = storesCopies((value) =>
  deepCopy(value, (entries) => {
    const out: { [key: string]: Value } = {};
    for (const [k, v] of entries) out[k] = v;
    return out;
  }),
);

/** Waiting readers are let in at most eight at a time: the rest wait for the next release, on a free lock. */
class AdmitsEightReaders extends PromiseRwLock {
  protected override admit(): void {
    let readers = 0;
    for (;;) {
      const head = this.queue[0];
      if (head === undefined) return;
      if (head.mode === 'shared' ? this.writer !== null || readers === 8 : !this.isFree()) return;
      this.queue.shift();
      if (head.mode === 'shared') readers++;
      head.grant();
    }
  }
}

/** A write guard's drop stores a copy whose object keys are sorted (as serde_json's maps keep them): the same JSON value. */
const StoresKeysSorted = storesCopies((value) =>
  deepCopy(value, (entries) => {
    const out: { [key: string]: Value } = {};
    // defineProperty, not assignment: an own "__proto__" key stays a key.
    for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  }),
);

/** Waiting lock calls are kept in a table of eight: a ninth waiter is never registered, so no unlock ever hands it the mutex. */
class MutexWaitersOfEight extends PromiseMutex {
  override lock(): Locked<AsyncMutexGuard> | Promise<Locked<AsyncMutexGuard>> {
    if (this.waiters.length >= 8) return new Promise(() => {});
    return super.lock();
  }
}

/** The reader count is kept in three bits: with eight readers in, the lock looks free to a writer. */
class ReaderCountInThreeBits extends PromiseRwLock {
  protected override isFree(): boolean {
    return this.writer === null && this.readers.size % 8 === 0;
  }
}

/** notify_all wakes the first `batch` waiters (one array of wakers, not refilled); the others wait on. */
function notifyAllWakesFirst(batch: number): typeof PromiseCondvar {
  return class NotifyAllWakesFirst extends PromiseCondvar {
    override notifyAll(): void {
      for (const waiter of this.waiters.slice(0, batch)) waiter.wake('notified');
    }
  };
}

/**
 * Go's notify list with 8-bit counters: every wait takes a ticket (timed-out ones too),
 * notify_one wakes the waiter with the lowest ticket by plain order — not wrap-safe — and
 * moves `notify` past it; it does nothing once `notify` has caught up with `next`. When two
 * waiters straddle the wrap (tickets 255 and 0), the first notify_one wakes ticket 0 and
 * the second finds nothing outstanding: ticket 255 waits on. Only some 256 waits show it.
 */
class TicketsInEightBits extends PromiseCondvar {
  private readonly tickets = new WeakMap<CondvarWaiter, number>();
  private next = 0;
  private notify = 0;

  protected override unlockAndSleep(...args: Parameters<PromiseCondvar['unlockAndSleep']>): ReturnType<PromiseCondvar['unlockAndSleep']> {
    const ticket = this.next;
    this.next = (ticket + 1) & 255;
    const at = this.waiters.length;
    const sleeping = super.unlockAndSleep(...args);
    // Still listed unless its signal had already fired.
    if (this.waiters.length > at) this.tickets.set(this.waiters[at], ticket);
    return sleeping;
  }

  override notifyOne(): void {
    if (this.notify === this.next) return;
    let oldest: CondvarWaiter | undefined;
    for (const w of this.waiters) if (oldest === undefined || this.tickets.get(w)! < this.tickets.get(oldest)!) oldest = w;
    if (oldest === undefined) {
      this.notify = this.next;
      return;
    }
    this.notify = (this.tickets.get(oldest)! + 1) & 255;
    oldest.wake('notified');
  }

  override notifyAll(): void {
    this.notify = this.next;
    super.notifyAll();
  }
}

/** get_mut and into_inner report the poison flag as the last unlock left it: a clear_poison since is not seen. */
class InnerPoisonAtUnlock extends PromiseMutex {
  private poisonedAtUnlock = false;

  override release(guard: PromiseGuard, panicking: boolean): void {
    this.poisonedAtUnlock = this.poisoned || panicking;
    super.release(guard, panicking);
  }

  override getMut(): Outcome | Promise<Outcome> {
    const asAtUnlock = (read: Outcome): Outcome => ({ kind: this.poisonedAtUnlock ? 'Poisoned' : 'Ok', value: read.value as Value });
    const read = super.getMut();
    return read instanceof Promise ? read.then(asAtUnlock) : asAtUnlock(read);
  }
}

/** The guards a poisoned lock handed out (StickyGuardPoison's mutex records them). */
const poisonedGuards = new WeakSet<object>();

class RecordsPoisonedGuards extends PromiseMutex {
  protected override acquire(): Locked<PromiseGuard> {
    const locked = super.acquire();
    if (locked.outcome.kind === 'Poisoned') poisonedGuards.add(locked.guard!);
    return locked;
  }
}

/** A wait handed a guard that came from a poisoned lock says Poisoned, though the poison was cleared before it relocked. */
class StickyGuardPoison extends PromiseCondvar {
  override async waitTimeout(guard: AsyncMutexGuard, signal: AbortSignal, timeoutMs: number, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    const sticky = poisonedGuards.has(guard);
    const relocked = await super.waitTimeout(guard, signal, timeoutMs, spurious);
    return sticky ? { ...relocked, outcome: { kind: 'Poisoned', value: relocked.outcome.value as Value } } : relocked;
  }

  override async wait(guard: AsyncMutexGuard, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    const sticky = poisonedGuards.has(guard);
    const relocked = await super.wait(guard, spurious);
    return sticky ? { ...relocked, outcome: { kind: 'Poisoned' } } : relocked;
  }
}

/** try_write on a held lock waits instead of returning WouldBlock. */
class TryWriteWaits extends PromiseRwLock {
  override tryWrite(): Locked<AsyncWriteGuard> {
    return (this.isFree() ? super.tryWrite() : this.write()) as Locked<AsyncWriteGuard>;
  }
}

/** Acquiring a poisoned RwLock says Ok. */
class RwPoisonNotReported extends PromiseRwLock {
  protected override acquire(mode: 'exclusive' | 'shared'): Locked<PromiseGuard> {
    const locked = super.acquire(mode);
    return { outcome: OK, guard: locked.guard! };
  }
}

/** A writer's panic does not poison. */
class RwPanicDoesNotPoison extends PromiseRwLock {
  protected override poison(): void {}
}

/** clear_poison does nothing. */
class RwClearPoisonNoop extends PromiseRwLock {
  override clearPoison(): void {}
}

/** get_mut / into_inner report Ok on a poisoned lock. */
class RwInnerIgnoresPoison extends PromiseRwLock {
  override getMut(): Outcome | Promise<Outcome> {
    const got = super.getMut();
    const ok = (o: Outcome): Outcome => ({ kind: 'Ok', value: o.value ?? null });
    return got instanceof Promise ? got.then(ok) : ok(got);
  }
}

/** Reader-preferring: a new reader gets in beside readers even while a writer waits. */
class ReaderPreferring extends PromiseRwLock {
  override read(): Locked<AsyncReadGuard> | Promise<Locked<AsyncReadGuard>> {
    if (this.writer === null && this.queue.every((w) => w.mode !== 'shared')) return this.acquire('shared');
    return super.read();
  }

  override tryRead(): Locked<AsyncReadGuard> {
    return this.writer === null ? this.acquire('shared') : { outcome: { kind: 'WouldBlock' } };
  }
}

// --- Condvar ----------------------------------------------------------------------

/** notify_one wakes nobody. */
class NotifyOneWakesNobody extends PromiseCondvar {
  override notifyOne(): void {}
}

/**
 * A woken waiter leaves the queue a microtask after notify_one woke it: a second notify_one
 * in the same synchronous stretch (`cv.notify_one(); cv.notify_one()`) wakes it again, and
 * the other waiter sleeps on (red team 18's Go-style notify list).
 */
class UnlinksWokenLate extends PromiseCondvar {
  protected override forget(waiter: CondvarWaiter): void {
    queueMicrotask(() => super.forget(waiter));
  }
}

/** notify_all wakes only the first waiter. */
class NotifyAllWakesOne extends PromiseCondvar {
  override notifyAll(): void {
    this.notifyOne();
  }
}

/** wait unlocks, then registers as a waiter a moment later: a notification in between is lost. */
class RegistersAfterUnlock extends PromiseCondvar {
  protected override unlockAndSleep(guard: AsyncMutexGuard, signal: AbortSignal | undefined, spurious: AbortSignal | undefined): { mutex: PromiseMutex; reason: Promise<WakeReason> } {
    const slept = super.unlockAndSleep(guard, signal, spurious);
    // The waiter registered by the correct code is taken off again, and put back only later.
    // Later: after more event-loop turns than the executor lets the library settle between
    // events, so another thread's notify_one can come in between.
    const waiter = this.waiters.pop()!;
    const later = (turns: number): void => void setImmediate(() => (turns === 0 ? this.waiters.push(waiter) : later(turns - 1)));
    later(8);
    return slept;
  }
}

/**
 * notify_one keeps a permit for the oldest waiter, which claims it a microtask later; a
 * wait that begins in between (another task, in the same tick) takes the permit and
 * returns, and the waiter the notification was meant for sleeps on.
 */
class NotificationAsPermit extends PromiseCondvar {
  private permits = 0;

  override notifyOne(): void {
    const oldest = this.waiters[0];
    if (oldest === undefined) return;
    this.permits++;
    void Promise.resolve().then(() => {
      if (this.permits === 0 || !this.waiters.includes(oldest)) return;
      this.permits--;
      oldest.wake('notified');
    });
  }

  protected override unlockAndSleep(guard: AsyncMutexGuard, signal: AbortSignal | undefined, spurious: AbortSignal | undefined): { mutex: PromiseMutex; reason: Promise<WakeReason> } {
    const slept = super.unlockAndSleep(guard, signal, spurious);
    if (this.permits > 0) {
      this.permits--;
      this.waiters.at(-1)!.wake('notified');
    }
    return slept;
  }
}

/** A guard a condvar gives back without taking the lock: dropping it unlocks nothing. */
class UnlockedGuard extends PromiseGuard {
  constructor(readonly mutex: PromiseMutex) {
    super(mutex, 'exclusive');
  }
  override drop(): void {}
  override surrender(): void {}
  override panic(): void {
    this.mutex.poisoned = true;
  }
}

/** wait returns without relocking the mutex. */
class WaitDoesNotRelock extends PromiseCondvar {
  protected override async relock(mutex: PromiseMutex): Promise<Locked<AsyncMutexGuard>> {
    return { outcome: { kind: mutex.poisoned ? 'Poisoned' : 'Ok' }, guard: new UnlockedGuard(mutex) };
  }
}

/** wait_while waits once before it looks at its condition. */
class WaitWhileWaitsFirst extends PromiseCondvar {
  override async waitWhile(guard: AsyncMutexGuard, condition: WaitCondition, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    const first = await this.wait(guard, spurious);
    if (first.outcome.kind !== 'Ok') return first;
    return super.waitWhile(first.guard!, condition, spurious);
  }
}

/** wait_while returns after one wakeup whatever its condition. */
class WaitWhileChecksOnce extends PromiseCondvar {
  override async waitWhile(guard: AsyncMutexGuard, condition: WaitCondition, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    if (!condition(guard.get() as Value)) return { outcome: OK, guard };
    return this.wait(guard, spurious);
  }
}

/** wait_timeout ignores its timer: it waits for a notification. */
class WaitTimeoutIgnoresTimer extends PromiseCondvar {
  override async waitTimeout(guard: AsyncMutexGuard, _signal: AbortSignal, timeoutMs: number, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    return super.waitTimeout(guard, new AbortController().signal, timeoutMs, spurious);
  }
}

/** wait_timeout says it was notified (timed_out false) when its timer fired. */
class WaitTimeoutHidesTimeout extends PromiseCondvar {
  override async waitTimeout(guard: AsyncMutexGuard, signal: AbortSignal, timeoutMs: number, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    const r = await super.waitTimeout(guard, signal, timeoutMs, spurious);
    return { outcome: { kind: r.outcome.kind, value: false }, guard: r.guard! };
  }
}

/** A wait on a poisoned mutex relocks it and says Ok. */
class WaitHidesPoison extends PromiseCondvar {
  protected override async relock(mutex: PromiseMutex): Promise<Locked<AsyncMutexGuard>> {
    const r = await mutex.lock();
    return { outcome: r.outcome.kind === 'Poisoned' ? OK : r.outcome, guard: r.guard! };
  }
}

/** wait_while on a poisoned mutex returns Poisoned before it waits, its condition unmet. */
class WaitWhilePoisonFirst extends PromiseCondvar {
  override async waitWhile(guard: AsyncMutexGuard, condition: WaitCondition, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    if (guard instanceof PromiseGuard && guard.lock instanceof PromiseMutex && guard.lock.poisoned) return { outcome: { kind: 'Poisoned' }, guard };
    return super.waitWhile(guard, condition, spurious);
  }
}

/** notify_one wakes two waiters (allowed: the second is a spurious wakeup). */
class NotifyOneWakesTwo extends PromiseCondvar {
  override notifyOne(): void {
    for (const w of this.waiters.slice(0, 2)) w.wake('notified');
  }
}

/** notify_one wakes the newest waiter. */
class NotifyOneWakesNewest extends PromiseCondvar {
  override notifyOne(): void {
    this.waiters[this.waiters.length - 1]?.wake('notified');
  }
}

/** A notification with nobody waiting is kept, and wakes the next wait (allowed: a spurious wakeup). */
class NotificationRemembered extends PromiseCondvar {
  private pending = false;

  override notifyOne(): void {
    if (this.waiters.length === 0) this.pending = true;
    super.notifyOne();
  }

  protected override unlockAndSleep(guard: AsyncMutexGuard, signal: AbortSignal | undefined, spurious: AbortSignal | undefined): { mutex: PromiseMutex; reason: Promise<WakeReason> } {
    const slept = super.unlockAndSleep(guard, signal, spurious);
    if (this.pending) {
      this.pending = false;
      this.waiters[this.waiters.length - 1].wake('notified');
    }
    return slept;
  }
}

// --- found by red-teaming the chapters (written as outside adapters first) ---------

/** A panicking holder hands the mutex to the next waiter before it sets the poison flag: that waiter is told Ok. */
class PoisonAfterHandOff extends PromiseMutex {
  override release(guard: PromiseGuard, panicking: boolean): void {
    if (this.holder !== guard) throw new Error('released by a guard that does not hold the mutex');
    this.holder = null;
    this.handOff();
    this.poison(panicking);
  }
}

/** get_mut (and into_inner) read the value at once, without waiting for a live guard. */
/** A refused try_lock still counts itself among the live guards: get_mut and into_inner then wait for a guard nobody holds. */
class TryLockRefusalCounted extends PromiseMutex {
  private phantoms = 0;

  override tryLock(): ReturnType<PromiseMutex['tryLock']> {
    const tried = super.tryLock();
    if (tried.outcome.kind === 'WouldBlock') this.phantoms++;
    return tried;
  }

  override getMut(): Outcome | Promise<Outcome> {
    return this.phantoms > 0 ? new Promise<Outcome>(() => {}) : super.getMut();
  }
}

class GetMutDoesNotWait extends PromiseMutex {
  override getMut(): Outcome {
    return { kind: this.poisoned ? 'Poisoned' : 'Ok', value: this.value };
  }
}

/** The RwLock's get_mut (and into_inner) read the value at once, without waiting for live guards. */
class RwGetMutDoesNotWait extends PromiseRwLock {
  override getMut(): Outcome {
    return { kind: this.poisoned ? 'Poisoned' : 'Ok', value: this.value };
  }
}

/** wait_timeout's timed_out() says whether the timer had fired by the time the mutex was relocked, also after a notification. */
class TimedOutAfterRelock extends PromiseCondvar {
  override async waitTimeout(guard: AsyncMutexGuard, signal: AbortSignal, timeoutMs: number, spurious?: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    const relocked = await super.waitTimeout(guard, signal, timeoutMs, spurious);
    return { outcome: { kind: relocked.outcome.kind, value: signal.aborted }, guard: relocked.guard! };
  }
}

/** try_lock's fast path says Ok on a poisoned mutex (lock says Poisoned). */
class TryLockHidesPoison extends PromiseMutex {
  override tryLock(): Locked<AsyncMutexGuard> {
    const locked = super.tryLock();
    return locked.guard === undefined ? locked : { outcome: { kind: 'Ok' }, guard: locked.guard };
  }
}

/** The condvar binds to the mutex of its first wait, and every later wait relocks that one. */
class RelocksFirstMutex extends PromiseCondvar {
  private bound: PromiseMutex | null = null;

  protected override unlockAndSleep(guard: AsyncMutexGuard, signal: AbortSignal | undefined, spurious: AbortSignal | undefined): { mutex: PromiseMutex; reason: Promise<WakeReason> } {
    const slept = super.unlockAndSleep(guard, signal, spurious);
    this.bound ??= slept.mutex;
    return { mutex: this.bound, reason: slept.reason };
  }
}

/** A reader that waited (behind a writer) is told Ok, though the writer's panic poisoned the lock. */
class QueuedReadHidesPoison extends PromiseRwLock {
  override read(): Locked<AsyncReadGuard> | Promise<Locked<AsyncReadGuard>> {
    const locked = super.read();
    if (!(locked instanceof Promise)) return locked;
    return locked.then((l) => ({ outcome: { kind: 'Ok' }, guard: l.guard! }));
  }
}

// --- the catalogue -----------------------------------------------------------------

const CHAPTERS = { mutex: ['mutex', 'condvar'], rwlock: ['rwlock'], condvar: ['condvar'] } as const;

function lock(primitive: 'mutex' | 'rwlock' | 'condvar', id: string, bug: Mutant['bug'], description: string, classes: Partial<SyncClasses>, targets: readonly string[], equivalent?: string): Mutant {
  const name = `${primitive}-${id}`;
  return {
    id: name,
    executor: 'async',
    description,
    bug,
    chapters: CHAPTERS[primitive],
    targets,
    ...(equivalent === undefined ? {} : { equivalent }),
    adapter: promiseSyncAdapter(name, classes, { notes: description }),
  };
}

export const lockMutants: readonly Mutant[] = [
  lock('mutex', 'lock-does-not-wait', 'two-holders', 'lock on a held mutex returns a second guard at once', { Mutex: LockDoesNotWait }, ['MUTEX-EXCL-1', 'MUTEX-LOCK-1', 'MUTEX-REENTRY-1']),
  lock('mutex', 'check-then-await', 'two-holders', 'lock sees the mutex free, awaits, then takes it: two tasks calling in one tick both hold it', { Mutex: CheckThenAwaitLock }, ['MUTEX-EXCL-1']),
  lock('mutex', 'try-lock-poison-first', 'two-holders', 'try_lock on a poisoned mutex held by another says Poisoned and hands out a guard', { Mutex: TryLockPoisonFirst }, ['MUTEX-TRY-2']),
  lock('mutex', 'unlock-wakes-nobody', 'lost-wakeup', 'dropping the guard wakes no waiting lock', { Mutex: UnlockWakesNobody }, ['MUTEX-LOCK-2']),
  lock('mutex', 'writes-undone-on-unlock', 'stale-data', 'writes through a guard are undone when it is dropped', { Mutex: WritesUndoneOnUnlock }, ['MUTEX-DATA-1']),
  lock('mutex', 'panic-rolls-back', 'stale-data', 'writes made before a panic are rolled back', { Mutex: PanicRollsBack }, ['MUTEX-POISON-3']),
  lock('mutex', 'try-lock-waits', 'blocks', 'try_lock on a held mutex waits', { Mutex: TryLockWaits }, ['MUTEX-TRY-1']),
  lock('mutex', 'poison-not-reported', 'no-poison', 'lock on a poisoned mutex says Ok', { Mutex: PoisonNotReported }, ['MUTEX-POISON-2']),
  lock('mutex', 'normal-drop-poisons-after-a-panic', 'wrong-poison', "after any mutex's guard panicked, a normal drop poisons", { Mutex: NormalDropPoisonsAfterAnyPanic }, ['MUTEX-POISON-4']),
  lock('mutex', 'is-poisoned-lies', 'no-poison', 'is_poisoned always says false', { Mutex: IsPoisonedLies }, ['MUTEX-POISON-5']),
  lock('mutex', 'clear-poison-noop', 'wrong-poison', 'clear_poison does nothing', { Mutex: ClearPoisonNoop }, ['MUTEX-CLEAR-1']),
  lock('mutex', 'clear-poison-clears-all', 'wrong-poison', 'clear_poison clears the poison of every mutex, not only its own', { Mutex: ClearPoisonClearsAll }, ['MUTEX-CLEAR-1']),
  lock('mutex', 'inner-ignores-poison', 'no-poison', 'get_mut and into_inner say Ok on a poisoned mutex', { Mutex: InnerIgnoresPoison }, ['MUTEX-INNER-1']),
  lock('rwlock', 'readers-exclude', 'blocks', 'a read guard excludes other readers', { RwLock: ReadersExclude }, ['RW-EXCL-1', 'RW-READ-1']),
  lock('rwlock', 'two-writers', 'two-holders', 'write on a write-locked lock returns a second write guard', { RwLock: TwoWriters }, ['RW-EXCL-1', 'RW-WRITE-1', 'RW-REENTRY-1']),
  lock('rwlock', 'reader-beside-writer', 'two-holders', 'read does not wait for a writer', { RwLock: ReaderBesideWriter }, ['RW-EXCL-1', 'RW-READ-1']),
  lock('rwlock', 'reader-drop-wakes-nobody', 'lost-wakeup', "a read guard's drop lets no waiting writer in", { RwLock: ReaderDropWakesNobody }, ['RW-WAKE-1']),
  lock('mutex', 'int32-value-slot', 'wrong-result', 'an integer value is kept in an Int32 slot: one beyond 32 bits comes back wrapped', { Mutex: Int32ValueSlot }, ['MUTEX-DATA-1']),
  lock('rwlock', 'copies-key-by-key', 'wrong-result', 'a write guard\'s drop stores a copy made key by key, which loses an own __proto__ key', { RwLock: CopiesKeyByKey }, ['RW-DATA-1']),
  lock('rwlock', 'writes-undone', 'stale-data', 'writes through a write guard are undone when it is dropped', { RwLock: RwWritesUndone }, ['RW-DATA-1']),
  lock('rwlock', 'try-write-waits', 'blocks', 'try_write on a held lock waits', { RwLock: TryWriteWaits }, ['RW-TRY-1']),
  lock('rwlock', 'poison-not-reported', 'no-poison', 'acquiring a poisoned lock says Ok', { RwLock: RwPoisonNotReported }, ['RW-POISON-2']),
  lock('rwlock', 'panic-does-not-poison', 'no-poison', "a writer's panic does not poison", { RwLock: RwPanicDoesNotPoison }, ['RW-POISON-1']),
  lock('rwlock', 'clear-poison-noop', 'wrong-poison', 'clear_poison does nothing', { RwLock: RwClearPoisonNoop }, ['RW-POISON-3']),
  lock('rwlock', 'inner-ignores-poison', 'no-poison', 'get_mut and into_inner say Ok on a poisoned lock', { RwLock: RwInnerIgnoresPoison }, ['RW-INNER-1']),
  lock('condvar', 'notify-one-wakes-nobody', 'lost-wakeup', 'notify_one wakes nobody', { Condvar: NotifyOneWakesNobody }, ['CV-NOTIFY-1']),
  lock('condvar', 'unlinks-woken-late', 'lost-wakeup', 'a woken waiter leaves the queue a microtask after notify_one woke it: two notify_one in one stretch wake it twice', { Condvar: UnlinksWokenLate }, ['CV-NOTIFY-1']),
  lock('condvar', 'notify-all-wakes-one', 'lost-wakeup', 'notify_all wakes only the first waiter', { Condvar: NotifyAllWakesOne }, ['CV-NOTIFY-2']),
  lock('condvar', 'registers-after-unlock', 'lost-wakeup', 'wait unlocks, then registers as a waiter a moment later', { Condvar: RegistersAfterUnlock }, ['CV-LOST-1']),
  lock('condvar', 'notification-as-permit', 'lost-wakeup', 'notify_one leaves a permit that a wait beginning in the same tick takes from the waiter it was meant for', { Condvar: NotificationAsPermit }, ['CV-NOTIFY-1']),
  lock('condvar', 'wait-does-not-relock', 'two-holders', 'wait returns without relocking the mutex', { Condvar: WaitDoesNotRelock }, ['CV-WAIT-2']),
  lock('condvar', 'wait-while-waits-first', 'blocks', 'wait_while waits once before it looks at its condition', { Condvar: WaitWhileWaitsFirst }, ['CV-WHILE-1']),
  lock('condvar', 'wait-while-checks-once', 'wrong-result', 'wait_while returns after one wakeup whatever its condition', { Condvar: WaitWhileChecksOnce }, ['CV-WHILE-2', 'CV-CLIENT-1']),
  lock('condvar', 'wait-timeout-ignores-timer', 'blocks', 'wait_timeout ignores its timer', { Condvar: WaitTimeoutIgnoresTimer }, ['CV-TIMEOUT-1']),
  lock('condvar', 'wait-hides-poison', 'no-poison', 'a wait on a poisoned mutex says Ok', { Condvar: WaitHidesPoison }, ['CV-POISON-1']),
  lock('condvar', 'wait-while-poison-first', 'wrong-poison', 'wait_while on a poisoned mutex returns Poisoned before waiting, its condition unmet', { Condvar: WaitWhilePoisonFirst }, ['CV-POISON-2']),
  lock('mutex', 'poison-after-hand-off', 'no-poison', 'a panicking holder hands the mutex on before poisoning it: the waiter it wakes is told Ok', { Mutex: PoisonAfterHandOff }, ['MUTEX-POISON-1', 'MUTEX-POISON-2']),
  lock('mutex', 'try-lock-refusal-counted', 'blocks', 'a refused try_lock counts as a live guard, so get_mut and into_inner wait for ever', { Mutex: TryLockRefusalCounted }, ['MUTEX-INNER-1']),
  lock('mutex', 'get-mut-does-not-wait', 'two-holders', 'get_mut and into_inner return while another thread holds a guard', { Mutex: GetMutDoesNotWait }, ['MUTEX-INNER-1']),
  lock('rwlock', 'get-mut-does-not-wait', 'two-holders', 'get_mut and into_inner return while guards are live', { RwLock: RwGetMutDoesNotWait }, ['RW-INNER-1']),
  lock('mutex', 'try-lock-hides-poison', 'no-poison', 'try_lock says Ok on a poisoned mutex', { Mutex: TryLockHidesPoison }, ['MUTEX-TRY-2']),
  lock('rwlock', 'queued-read-hides-poison', 'no-poison', 'a reader that waited behind a panicking writer is told Ok', { RwLock: QueuedReadHidesPoison }, ['RW-POISON-2']),
  lock('condvar', 'relocks-first-mutex', 'two-holders', 'a condvar used with a second mutex relocks the first one', { Condvar: RelocksFirstMutex }, ['CV-MULTI-1']),
  // Equivalent: behaviour the spec allows.
  lock('condvar', 'timed-out-after-relock', 'spec-allowed', 'wait_timeout says timed_out() == true when its timer fired while it relocked, though a notification woke it', { Condvar: TimedOutAfterRelock }, [], 'timed_out() says the timeout is known to have elapsed, which it has by the time the wait returns (CV-TIMEOUT-1)'),
  lock('mutex', 'lifo-hand-off', 'spec-allowed', 'an unlock hands the mutex to the newest waiter', { Mutex: LifoHandOff }, [], 'which waiter gets the lock is unspecified (MUTEX-FAIR-1)'),
  lock('rwlock', 'admits-eight-readers', 'lost-wakeup', 'a released write lock lets in at most eight waiting readers; the rest wait on a free lock', { RwLock: AdmitsEightReaders }, ['RW-WAKE-1']),
  lock('mutex', 'waiters-of-eight', 'lost-wakeup', 'waiting lock calls are kept in a table of eight: a ninth waiter is never handed the mutex', { Mutex: MutexWaitersOfEight }, ['MUTEX-LOCK-2']),
  lock('rwlock', 'reader-count-in-three-bits', 'two-holders', 'the reader count is kept in three bits: with eight readers in, a writer gets the lock too', { RwLock: ReaderCountInThreeBits }, ['RW-TRY-1']),
  lock('condvar', 'tickets-in-eight-bits', 'lost-wakeup', 'waits take tickets from an 8-bit counter and notify_one wakes the lowest ticket, not wrap-safe: after some 256 waits a notify_one is lost', { Condvar: TicketsInEightBits }, ['CV-NOTIFY-1', 'CV-NOTIFY-2']),
  lock('condvar', 'notify-all-wakes-eight', 'lost-wakeup', 'notify_all wakes the first eight waiters only', { Condvar: notifyAllWakesFirst(8) }, ['CV-NOTIFY-2']),
  lock('condvar', 'notify-all-wakes-thirty-two', 'lost-wakeup', 'notify_all wakes one batch of 32 waiters (a waker array, as Tokio fills, not refilled) and stops: the 33rd waits on', { Condvar: notifyAllWakesFirst(32) }, ['CV-NOTIFY-2']),
  lock('mutex', 'inner-poison-at-unlock', 'wrong-poison', 'get_mut and into_inner report poison as the last unlock left it, blind to a clear_poison since', { Mutex: InnerPoisonAtUnlock }, ['MUTEX-INNER-1']),
  lock('condvar', 'sticky-guard-poison', 'wrong-poison', 'a wait handed a guard from a poisoned lock says Poisoned though the poison was cleared before it relocked', { Mutex: RecordsPoisonedGuards, Condvar: StickyGuardPoison }, ['CV-POISON-1']),
  lock('rwlock', 'stores-keys-sorted', 'spec-allowed', "a write guard's drop stores a copy with every object's keys sorted", { RwLock: StoresKeysSorted }, [], 'JSON objects are unordered: the same value (RW-DATA-1; red team 13 found key order compared)'),
  lock('rwlock', 'reader-preferring', 'spec-allowed', 'new readers get in while a writer waits', { RwLock: ReaderPreferring }, [], 'whether a waiting writer holds back new readers is unspecified (RW-FAIR-1, RW-TRY-2)'),
  lock('condvar', 'notify-one-wakes-two', 'spec-allowed', 'notify_one wakes two waiters', { Condvar: NotifyOneWakesTwo }, [], 'the second wakeup is a spurious one, which waits allow (CV-SPUR-1)'),
  lock('condvar', 'notify-one-wakes-newest', 'spec-allowed', 'notify_one wakes the newest waiter', { Condvar: NotifyOneWakesNewest }, [], 'which waiter notify_one wakes is unspecified (CV-NOTIFY-3)'),
  lock('condvar', 'notification-remembered', 'spec-allowed', 'a notification with nobody waiting wakes the next wait', { Condvar: NotificationRemembered }, [], 'the early return is a spurious wakeup, which waits allow (CV-SPUR-1, CV-NOTBUF-1)'),
  lock('condvar', 'wait-timeout-hides-timeout', 'spec-allowed', 'wait_timeout says timed_out() == false when its timer fired', { Condvar: WaitTimeoutHidesTimeout }, [], 'a spurious wakeup at the deadline says the same (CV-SPUR-1)'),
];
