// Subtly wrong Mutex, RwLock, Condvar, Barrier, Once, OnceLock and LazyLock, one bug
// each, to show that the conformance engine catches them. Each overrides one step of the
// correct promise implementation (promise-locks.ts, promise-once.ts); the rest is shared.
// (A notification with nobody waiting may be lost, and a wait may wake for no reason:
// those are not bugs, and none of these variants relies on them.)
import type { Adapter, AsyncMutexGuard, Locked, Outcome, WaitCondition } from '../adapter/types.ts';
import { PromiseCondvar, PromiseGuard, PromiseMutex, PromiseRwLock } from './promise-locks.ts';
import { PromiseBarrier, PromiseLazyLock, PromiseOnce, PromiseOnceLock } from './promise-once.ts';
import { promiseSyncAdapter, type SyncClasses } from './promise-sync-adapter.ts';

/** try_lock on a held mutex hands out a second guard: two holders. */
class TryLockWhileHeld extends PromiseMutex {
  private readonly extra = new Set<PromiseGuard>();

  override tryLock(): Locked<AsyncMutexGuard> {
    if (!this.isHeld()) return super.tryLock();
    const guard = new PromiseGuard(this, 'exclusive');
    this.extra.add(guard);
    return { outcome: { kind: this.poisoned ? 'Poisoned' : 'Ok' }, guard };
  }

  override release(guard: PromiseGuard, panicking: boolean): void {
    if (this.extra.delete(guard)) this.poison(panicking);
    else super.release(guard, panicking);
  }
}

/** A panic under the lock does not poison the mutex. */
class PanicDoesNotPoison extends PromiseMutex {
  protected override poison(): void {}
}

/** Any later unlock clears the poison (a flag set per guard, not sticky). */
class UnlockClearsPoison extends PromiseMutex {
  protected override poison(panicking: boolean): void {
    this.poisoned = panicking;
  }
}

/** With two or more lockers waiting, an unlock wakes none of them. */
class UnlockLosesWaiters extends PromiseMutex {
  protected override handOff(): void {
    if (this.waiters.length <= 1) super.handOff();
  }
}

/** write() and try_write() only check for a writer: a writer gets in beside readers. */
class WriterBesideReaders extends PromiseRwLock {
  protected override isFree(): boolean {
    return this.writer === null;
  }
}

/** A reader's panic poisons the lock. */
class ReaderPanicPoisons extends PromiseRwLock {
  protected override poison(_guard: PromiseGuard, panicking: boolean): void {
    if (panicking) this.poisoned = true;
  }
}

/** An unlock lets in at most one waiting reader; the others wait on a lock they could share. */
class AdmitsOneReader extends PromiseRwLock {
  protected override admit(): void {
    const head = this.queue[0];
    if (head === undefined) return;
    if (head.mode === 'shared' ? this.writer !== null : !this.isFree()) return;
    this.queue.shift();
    head.grant();
  }
}

/** wait does not unlock the mutex: nobody can change the condition or notify under the lock. */
class WaitKeepsTheLock extends PromiseCondvar {
  protected override unlock(): void {}

  protected override async relock(mutex: PromiseMutex): Promise<Locked<AsyncMutexGuard>> {
    // It still holds the mutex: it takes it back without waiting, as a lock that never let go.
    const guard = mutex.holder!;
    return { outcome: { kind: mutex.poisoned ? 'Poisoned' : 'Ok' }, guard };
  }
}

/** notify_one wakes one waiter and forgets the others: a later notify_all does not reach them. */
class NotifyOneForgetsOthers extends PromiseCondvar {
  override notifyOne(): void {
    const [first, ...rest] = this.waiters;
    first?.wake('notified');
    for (const w of rest) this.forget(w);
  }
}

/** notify_all wakes every waiter but the last one registered. */
class NotifyAllSkipsLast extends PromiseCondvar {
  override notifyAll(): void {
    for (const waiter of this.waiters.slice(0, -1)) waiter.wake('notified');
  }
}

/** wait_timeout_while reports timed_out when its timer fired, without checking the condition first. */
class TimerBeforeCondition extends PromiseCondvar {
  protected override timedOut(condition: WaitCondition, guard: AsyncMutexGuard, timeUp: boolean): boolean | undefined {
    if (timeUp) return true;
    return this.stillWaiting(condition, guard) ? undefined : false;
  }
}

/** The n-th arrival leads, and so does the first waiting party: two leaders. */
class TwoLeaders extends PromiseBarrier {
  protected override release(): { kind: string } {
    const released = this.waiting;
    this.waiting = [];
    released.forEach((party, i) => party(i === 0));
    return { kind: 'Leader' };
  }
}

/** Nobody leads. */
class NoLeader extends PromiseBarrier {
  protected override release(): { kind: string } {
    super.release();
    return { kind: 'Follower' };
  }
}

/** The releasing arrival is counted into the next generation too: it starts one party short. */
class GenerationLeaksAParty extends PromiseBarrier {
  protected override release(): { kind: string } {
    const outcome = super.release();
    this.waiting.push(() => {});
    return outcome;
  }
}

/**
 * Sense reversal: a released party waits for the one-bit sense to change from what it
 * saw on arrival. When a whole next generation passes before its continuation runs, the
 * sense is back where it was, and it waits for ever (BAR-GEN-4).
 */
class SenseReversal extends PromiseBarrier {
  private sense = false;
  private arrived = 0;
  private changes: (() => void)[] = [];

  override wait(): Outcome | Promise<Outcome> {
    const mine = this.sense;
    if (++this.arrived < Math.max(this.n, 1)) return this.released(mine);
    this.arrived = 0;
    this.sense = !this.sense;
    for (const wake of this.changes.splice(0)) wake();
    return { kind: 'Leader' };
  }

  private async released(mine: boolean): Promise<Outcome> {
    while (this.sense === mine) await new Promise<void>((resolve) => this.changes.push(resolve));
    return { kind: 'Follower' };
  }
}

/** A get_or_init that finds an initializer running runs its own too. */
class InitializesTwice extends PromiseOnceLock {
  protected override waitsForInitializer(): boolean {
    return false;
  }
}

/** A panicking initializer leaves the cell filled (with null), as a cached failure. */
class PanicFillsTheCell extends PromiseOnceLock {
  protected override failed(): void {
    this.fill(null);
  }
}

/** set does not wait for a running initializer: it stores, and the initializer overwrites it. */
class SetDoesNotWait extends PromiseOnceLock {
  protected override setWaits(): boolean {
    return false;
  }
}

/** call_once on a poisoned Once runs its closure again. */
class PoisonIgnored extends PromiseOnce {
  protected override poisonStops(): boolean {
    return false;
  }
}

/** A LazyLock whose init closure panicked runs it again on the next access. */
class LazyRetriesAfterPanic extends PromiseLazyLock {
  protected override afterPanic(): void {
    this.status = 'incomplete';
  }
}

export interface BuggySync {
  readonly adapter: Adapter;
  /** The chapter whose rules must catch it. */
  readonly chapter: 'mutex' | 'rwlock' | 'condvar' | 'barrier' | 'once';
  readonly bug: string;
}

function buggy(name: string, chapter: BuggySync['chapter'], bug: string, classes: Partial<SyncClasses>): BuggySync {
  return { adapter: promiseSyncAdapter(name, classes, { notes: bug }), chapter, bug };
}

export const buggySync: readonly BuggySync[] = [
  buggy('mutex-try-lock-while-held', 'mutex', 'try_lock on a held mutex gives a second guard', { Mutex: TryLockWhileHeld }),
  buggy('mutex-panic-does-not-poison', 'mutex', 'a panic under the lock does not poison', { Mutex: PanicDoesNotPoison }),
  buggy('mutex-unlock-clears-poison', 'mutex', 'the next clean unlock clears the poison', { Mutex: UnlockClearsPoison }),
  buggy('mutex-unlock-loses-waiters', 'mutex', 'an unlock with two lockers waiting wakes neither', { Mutex: UnlockLosesWaiters }),
  buggy('rwlock-writer-beside-readers', 'rwlock', 'a writer gets in while readers hold the lock', { RwLock: WriterBesideReaders }),
  buggy('rwlock-reader-panic-poisons', 'rwlock', "a reader's panic poisons", { RwLock: ReaderPanicPoisons }),
  buggy('rwlock-admits-one-reader', 'rwlock', 'an unlock lets in only one of the waiting readers', { RwLock: AdmitsOneReader }),
  buggy('condvar-wait-keeps-lock', 'condvar', 'wait does not unlock the mutex', { Condvar: WaitKeepsTheLock }),
  buggy('condvar-notify-one-forgets', 'condvar', 'notify_one wakes one waiter and drops the others (a lost wakeup)', { Condvar: NotifyOneForgetsOthers }),
  buggy('condvar-notify-all-skips-last', 'condvar', 'notify_all misses the last waiter (a lost wakeup)', { Condvar: NotifyAllSkipsLast }),
  buggy('condvar-timer-before-condition', 'condvar', 'wait_timeout_while says timed out when its timer fired, though the condition is false', { Condvar: TimerBeforeCondition }),
  buggy('barrier-two-leaders', 'barrier', 'two leaders per generation', { Barrier: TwoLeaders }),
  buggy('barrier-no-leader', 'barrier', 'no leader', { Barrier: NoLeader }),
  buggy('barrier-generation-leaks-party', 'barrier', 'the next generation starts one party short', { Barrier: GenerationLeaksAParty }),
  buggy('barrier-sense-reversal', 'barrier', 'a released party waits for a one-bit sense to change, and misses it when the next generation passes first', { Barrier: SenseReversal }),
  buggy('oncelock-initializes-twice', 'once', 'a second initializer runs while the first is running', { OnceLock: InitializesTwice }),
  buggy('oncelock-panic-fills-cell', 'once', 'a failing initializer leaves the cell filled', { OnceLock: PanicFillsTheCell }),
  buggy('oncelock-set-does-not-wait', 'once', 'set does not wait for a running initializer', { OnceLock: SetDoesNotWait }),
  buggy('once-poison-ignored', 'once', 'call_once runs its closure again on a poisoned Once', { Once: PoisonIgnored }),
  buggy('lazylock-retries-after-panic', 'once', 'a LazyLock whose init panicked runs it again', { LazyLock: LazyRetriesAfterPanic }),
];
