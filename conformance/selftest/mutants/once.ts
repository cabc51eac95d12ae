// Barrier, Once, OnceLock and LazyLock mutants for the async executor: the testing
// promise implementations (conformance/testing/promise-once.ts) with one bug each.
import type { Initializer, OnceState, Outcome, Value } from '../../adapter/types.ts';
import { Changes, PromiseBarrier, PromiseLazyLock, PromiseOnce, PromiseOnceLock } from '../../testing/promise-once.ts';
import { promiseSyncAdapter, type SyncClasses } from '../../testing/promise-sync-adapter.ts';
import type { Mutant } from '../types.ts';

// --- Barrier ----------------------------------------------------------------------

/** The n-th arrival releases the others but waits itself, as the first party of the next generation. */
class LastArrivalWaits extends PromiseBarrier {
  override wait(): Outcome | Promise<Outcome> {
    if (this.waiting.length + 1 < Math.max(this.n, 1)) return super.wait();
    const released = this.waiting;
    this.waiting = [];
    released.forEach((party, i) => party(i === 0));
    return new Promise((resolve) => this.waiting.push((leader) => resolve({ kind: leader ? 'Leader' : 'Follower' })));
  }
}

/** A generation is released by its (n − 1)-th arrival. */
class ReleasesOneEarly extends PromiseBarrier {
  override wait(): Outcome | Promise<Outcome> {
    if (this.waiting.length + 2 < Math.max(this.n, 1)) return super.wait();
    return this.release();
  }
}

/** Not reusable: once a generation was released, every later call waits for ever. */
class NotReusable extends PromiseBarrier {
  private used = false;

  override wait(): Outcome | Promise<Outcome> {
    if (this.used) return new Promise(() => {});
    return super.wait();
  }

  protected override release(): { kind: string } {
    this.used = true;
    return super.release();
  }
}

/** A barrier for 1 (or 0) waits for a second party. */
class SmallBarrierWaits extends PromiseBarrier {
  constructor(n: number) {
    super(Math.max(n, 2));
  }
}

/** A barrier for 0 never releases anyone. */
class ZeroBarrierBlocks extends PromiseBarrier {
  override wait(): Outcome | Promise<Outcome> {
    return this.n === 0 ? new Promise(() => {}) : super.wait();
  }
}

/** The first party of each generation leads instead of the last. */
class FirstArrivalLeads extends PromiseBarrier {
  protected override release(): { kind: string } {
    const released = this.waiting;
    this.waiting = [];
    if (released.length === 0) return { kind: 'Leader' };
    released.forEach((party, i) => party(i === 0));
    return { kind: 'Follower' };
  }
}

/** Released parties are woken newest first. */
/**
 * The waiting parties are kept in a table keyed by the party count, not by barrier: two
 * barriers of one size count each other's arrivals (a static table, red team 14).
 */
const waitingBySize = new Map<number, ((leader: boolean) => void)[]>();
class WaitingKeyedBySize extends PromiseBarrier {
  constructor(n: number) {
    super(n);
    // The correct barrier's algorithm, with its waiting list stored in the shared table.
    Object.defineProperty(this, 'waiting', {
      get: () => waitingBySize.get(n) ?? waitingBySize.set(n, []).get(n),
      set: (list: ((leader: boolean) => void)[]) => waitingBySize.set(n, list),
    });
  }
}

class ReleasesInReverse extends PromiseBarrier {
  protected override release(): { kind: string } {
    this.waiting.reverse();
    return super.release();
  }
}

/**
 * Released parties leave a macrotask after the release (as a futex wake-up does), and each
 * party learns whether it leads as it leaves: the first to leave, by a count of departures
 * kept across generations. Right while a generation's parties all leave before the next
 * generation's do; wrong when a released party re-enters at once and another completes the
 * next generation before the parties released earlier have woken (red team 12's
 * bar-leader-first-out). Four parties invoking in one tick show it too; the three-party
 * scenario of run-async.test.ts, only an eager continuation.
 */
class LeaderFirstOut extends PromiseBarrier {
  private departures = 0;

  override wait(): Outcome | Promise<Outcome> {
    if (this.waiting.length + 1 < Math.max(this.n, 1)) {
      return new Promise((resolve) => this.waiting.push(() => setImmediate(() => resolve(this.depart()))));
    }
    const released = this.waiting;
    this.waiting = [];
    const outcome = this.depart();
    for (const party of released) party(false);
    return outcome;
  }

  private depart(): Outcome {
    return { kind: this.departures++ % Math.max(this.n, 1) === 0 ? 'Leader' : 'Follower' };
  }
}

/** Released parties leave a macrotask after the release; the last of its own generation to leave leads (allowed: one leader each). */
class LastOutLeads extends PromiseBarrier {
  /** How many parties of the current generation have arrived and not left. */
  private generation = { present: 0 };

  override wait(): Outcome | Promise<Outcome> {
    const generation = this.generation;
    generation.present++;
    const depart = (): Outcome => ({ kind: --generation.present === 0 ? 'Leader' : 'Follower' });
    if (this.waiting.length + 1 < Math.max(this.n, 1)) {
      return new Promise((resolve) => this.waiting.push(() => setImmediate(() => resolve(depart()))));
    }
    const released = this.waiting;
    this.waiting = [];
    this.generation = { present: 0 };
    const outcome = depart();
    for (const party of released) party(false);
    return outcome;
  }
}

// --- Once -------------------------------------------------------------------------

/** call_once runs its closure but never marks the Once complete: every call runs it again. */
class NeverCompletes extends PromiseOnce {
  protected override async run(f: () => void | Promise<void>): Promise<Outcome> {
    const outcome = await super.run(f);
    if (this.status === 'complete') this.status = 'incomplete';
    return outcome;
  }
}

/** A caller that finds a closure running runs its own too. */
class OnceRunsConcurrently extends PromiseOnce {
  override async callOnce(f: Initializer<void>): Promise<Outcome> {
    if (this.status === 'running') return this.run(() => f());
    return super.callOnce(f);
  }
}

/** is_completed is true as soon as a closure starts. */
class CompletedWhileRunning extends PromiseOnce {
  override isCompleted(): boolean {
    return this.status === 'complete' || this.status === 'running';
  }
}

/** Callers that find a closure running return Ok at once, before it completed. */
class WaitersReturnEarly extends PromiseOnce {
  override async callOnce(f: Initializer<void>): Promise<Outcome> {
    if (this.status === 'running') return { kind: 'Ok' };
    return super.callOnce(f);
  }
}

/** A panicking closure leaves the Once incomplete, not poisoned. */
class OncePanicDoesNotPoison extends PromiseOnce {
  protected override async run(f: () => void | Promise<void>): Promise<Outcome> {
    const outcome = await super.run(f);
    if (this.status === 'poisoned') this.status = 'incomplete';
    return outcome;
  }
}

/** call_once_force on a poisoned Once panics without running its closure, as call_once does. */
class ForceRefusesPoison extends PromiseOnce {
  override async callOnceForce(f: (state: OnceState) => void | Promise<void>): Promise<Outcome> {
    if (this.status === 'poisoned') return { kind: 'Panicked' };
    return super.callOnceForce(f);
  }
}

/** A panicking forced closure clears the poison (the Once is incomplete again). */
class ForcePanicUnpoisons extends PromiseOnce {
  override async callOnceForce(f: (state: OnceState) => void | Promise<void>): Promise<Outcome> {
    const outcome = await super.callOnceForce(f);
    if (outcome.kind === 'Panicked' && this.status === 'poisoned') this.status = 'incomplete';
    return outcome;
  }
}

/** call_once_force runs its closure even on a completed Once. */
class ForceRunsAgain extends PromiseOnce {
  override async callOnceForce(f: (state: OnceState) => void | Promise<void>): Promise<Outcome> {
    if (this.status === 'complete') return this.run(() => f({ isPoisoned: false }));
    return super.callOnceForce(f);
  }
}

/** A status change wakes the callers from a table of eight: the rest wait for a change that never comes. */
class ChangesOfEight extends Changes {
  override notify(): void {
    for (const w of this.waiters.splice(0).slice(0, 8)) w();
  }
}

/** A finished closure wakes at most eight of the callers waiting for it. */
class OnceWakesEight extends PromiseOnce {
  protected override readonly changes = new ChangesOfEight();
}

/** A finished initializer wakes at most eight of the callers waiting for it. */
class OnceLockWakesEight extends PromiseOnceLock {
  protected override readonly changes = new ChangesOfEight();
}

/** wait does not notice poisoning: it waits for a completion that never comes. */
class WaitMissesPoison extends PromiseOnce {
  override async wait(): Promise<Outcome> {
    return this.waitForce();
  }
}

/** wait_force returns as soon as the Once is poisoned, as if the panic had completed it. */
class WaitForceEndsAtPoison extends PromiseOnce {
  override async waitForce(): Promise<Outcome> {
    while (this.status !== 'complete' && this.status !== 'poisoned') await this.changes.next();
    return { kind: 'Ok' };
  }
}

// --- OnceLock ---------------------------------------------------------------------

/** get_or_init returns its initializer's value without storing it: the cell stays empty. */
class InitNotStored extends PromiseOnceLock {
  protected override async initialize(init: Initializer<Value>): Promise<Outcome> {
    this.status = 'running';
    let value: Value;
    try {
      value = await init();
    } catch {
      this.failed();
      this.changes.notify();
      return { kind: 'Panicked' };
    }
    this.status = 'incomplete';
    this.changes.notify();
    return { kind: 'Ok', value };
  }
}

/** get_or_init on a full cell runs its initializer again and stores the new value. */
class Reinitializes extends PromiseOnceLock {
  override async getOrInit(init: Initializer<Value>): Promise<Outcome> {
    if (this.status === 'complete') return this.initialize(init);
    return super.getOrInit(init);
  }
}

/** get waits while an initializer runs. */
class GetWaitsForInit extends PromiseOnceLock {
  override get(): Outcome {
    if (this.status === 'running') return this.wait().then((o) => ({ kind: 'Some', value: o.value! })) as unknown as Outcome;
    return super.get();
  }
}

/** set on a full cell overwrites the value. */
class SetOverwrites extends PromiseOnceLock {
  override async set(value: Value): Promise<Outcome> {
    if (this.status === 'complete') {
      this.value = value;
      return { kind: 'Ok' };
    }
    return super.set(value);
  }
}

/**
 * An initializer's panic is handed to the next caller too, as if it had been waiting on
 * it: that caller panics instead of running its own initializer.
 */
class PanicHandedOn extends PromiseOnceLock {
  private panicPending = false;

  protected override failed(): void {
    super.failed();
    this.panicPending = true;
  }

  override async getOrInit(init: Initializer<Value>): Promise<Outcome> {
    if (this.panicPending && this.status === 'incomplete') {
      this.panicPending = false;
      return { kind: 'Panicked' };
    }
    return super.getOrInit(init);
  }
}

/** wait on an empty cell returns at once, with no value. */
class OnceLockWaitDoesNotWait extends PromiseOnceLock {
  override async wait(): Promise<Outcome> {
    return { kind: 'Ok', value: this.value };
  }
}

/** take returns the value but leaves it in the cell. */
class TakeKeepsValue extends PromiseOnceLock {
  override async take(): Promise<Outcome> {
    while (this.status === 'running') await this.changes.next();
    return this.status === 'complete' ? { kind: 'Some', value: this.value } : { kind: 'None' };
  }
}

// --- LazyLock ---------------------------------------------------------------------

/** A force that finds the init closure running returns at once, without a value. */
class LazyForceDoesNotWait extends PromiseLazyLock {
  override async force(): Promise<Outcome> {
    if (this.status === 'running') return { kind: 'Ok', value: this.value };
    return super.force();
  }
}

/** get waits while the init closure runs. */
class LazyGetWaits extends PromiseLazyLock {
  override get(): Outcome {
    if (this.status !== 'running') return super.get();
    return (async () => {
      while (this.status === 'running') await this.changes.next();
      return super.get();
    })() as unknown as Outcome;
  }
}

// --- found by red-teaming the chapter (written as outside adapters first) ----------

/** A call_once that waited while another's closure ran runs its own closure when that one panicked, instead of panicking as poisoned. */
class WaiterRunsAfterPanic extends PromiseOnce {
  override async callOnce(f: Initializer<void>): Promise<Outcome> {
    let waited = false;
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok' };
      if (this.status === 'poisoned' && !waited) return { kind: 'Poisoned' };
      if (this.status === 'running') {
        waited = true;
        await this.changes.next();
        continue;
      }
      return this.run(() => f());
    }
  }
}

/** A panicking initializer empties the cell but wakes none of the callers waiting for it. */
class PanicWakesNobody extends PromiseOnceLock {
  protected override failed(): void {
    super.failed();
    const changes = this.changes as unknown as { notify(): void };
    const notify = changes.notify;
    changes.notify = () => {
      changes.notify = notify; // the notification that follows the failure is skipped
    };
  }
}

/**
 * A panic passes the turn to the longest-waiting caller only (a queue hand-off): when
 * that caller is a `wait`, it runs nothing and waits again, and the initializers behind
 * it wait for ever.
 */
class PanicWakesFirstWaiter extends PromiseOnceLock {
  protected override failed(): void {
    super.failed();
    const changes = this.changes as unknown as { notify(): void; waiters: (() => void)[] };
    const notify = changes.notify;
    changes.notify = () => {
      changes.notify = notify;
      changes.waiters.shift()?.();
    };
  }
}

/** call_once_force reads the poison state when it arrives: a forced caller that waited for a closure that panicked tells its own closure "not poisoned". */
class ForceStateAtArrival extends PromiseOnce {
  override async callOnceForce(f: (state: OnceState) => void | Promise<void>): Promise<Outcome> {
    const state: OnceState = { isPoisoned: this.status === 'poisoned' };
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok' };
      if (this.status === 'running') {
        await this.changes.next();
        continue;
      }
      return this.run(() => f(state));
    }
  }
}

/** An access that waited while the init closure ran runs it again when it panicked; only later accesses see the poison. */
class LazyWaiterRerunsAfterPanic extends PromiseLazyLock {
  override async force(): Promise<Outcome> {
    if (this.status === 'poisoned') return { kind: 'Poisoned' };
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok', value: this.value };
      if (this.status === 'running') {
        await this.changes.next();
        continue;
      }
      return this.run();
    }
  }
}

/** The cell tells full from empty by its value (`value == null`, as `T | null` storage does): a stored null leaves it empty. */
class NullValueIsEmpty extends PromiseOnceLock {
  protected override fill(value: Value): void {
    super.fill(value);
    if (value === null) this.status = 'incomplete';
  }
}

/** The cell stores a copy that tells an array by a truthy `length`: `[]`, alone or nested, comes back as `{}`. */
class EmptyArrayStoredAsObject extends PromiseOnceLock {
  protected override fill(value: Value): void {
    super.fill(garbleEmptyArrays(value));
  }
}

function garbleEmptyArrays(value: Value): Value {
  if (Array.isArray(value)) return value.length ? value.map(garbleEmptyArrays) : {};
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, garbleEmptyArrays(v)]));
  return value;
}

/** The arrival count is kept in four bits: at a barrier of 16 or more, the 16th arrival counts as none and the generation never fills. */
class CountInFourBits extends PromiseBarrier {
  override wait(): Outcome | Promise<Outcome> {
    if (((this.waiting.length + 1) & 0xf) < Math.max(this.n, 1)) {
      return new Promise((resolve) => this.waiting.push((leader) => resolve({ kind: leader ? 'Leader' : 'Follower' })));
    }
    return this.release();
  }
}

/** The release wakes the waiting parties from a table of eight: at a barrier of more than nine, the rest of the generation waits for ever. */
class WakesAtMostEight extends PromiseBarrier {
  protected override release(): Outcome {
    const released = this.waiting.slice(0, 8);
    this.waiting = [];
    for (const party of released) party(false);
    return { kind: 'Leader' };
  }
}

/** Generations live in a ring of eight that is never renewed: from the ninth on, a party finds its generation passed and returns at once. */
class GenerationRingOfEight extends PromiseBarrier {
  private generations = 0;

  override wait(): Outcome | Promise<Outcome> {
    if (this.generations >= 8 && this.n > 1) return { kind: 'Follower' };
    return super.wait();
  }

  protected override release(): Outcome {
    this.generations++;
    return super.release();
  }
}

// --- the catalogue -----------------------------------------------------------------

function sync(prefix: string, chapter: string, id: string, bug: Mutant['bug'], description: string, classes: Partial<SyncClasses>, targets: readonly string[], equivalent?: string): Mutant {
  const name = `${prefix}-${id}`;
  return {
    id: name,
    executor: 'async',
    description,
    bug,
    chapters: [chapter],
    targets,
    ...(equivalent === undefined ? {} : { equivalent }),
    adapter: promiseSyncAdapter(name, classes, { notes: description }),
  };
}

export const onceMutants: readonly Mutant[] = [
  sync('barrier', 'barrier', 'last-arrival-waits', 'lost-wakeup', 'the n-th arrival releases the others but waits itself', { Barrier: LastArrivalWaits }, ['BAR-WAIT-2']),
  sync('barrier', 'barrier', 'releases-one-early', 'generation', 'a generation is released by its (n − 1)-th arrival', { Barrier: ReleasesOneEarly }, ['BAR-WAIT-1', 'BAR-WAIT-3']),
  sync('barrier', 'barrier', 'not-reusable', 'generation', 'after the first release every call waits for ever', { Barrier: NotReusable }, ['BAR-GEN-1']),
  sync('barrier', 'barrier', 'small-barrier-waits', 'blocks', 'a barrier for 1 or 0 waits for a second party', { Barrier: SmallBarrierWaits }, ['BAR-SMALL-1', 'BAR-SMALL-0']),
  sync('barrier', 'barrier', 'zero-barrier-blocks', 'blocks', 'a barrier for 0 never releases', { Barrier: ZeroBarrierBlocks }, ['BAR-SMALL-0']),
  sync('barrier', 'barrier', 'count-in-four-bits', 'lost-wakeup', 'the arrival count is kept in four bits: a barrier of 16 or more never fills', { Barrier: CountInFourBits }, ['BAR-WAIT-2']),
  sync('barrier', 'barrier', 'wakes-at-most-eight', 'lost-wakeup', 'the release wakes at most eight waiting parties: at a barrier of ten or more the rest wait for ever', { Barrier: WakesAtMostEight }, ['BAR-WAIT-2']),
  sync('barrier', 'barrier', 'generation-ring-of-eight', 'generation', 'generations live in a ring of eight never renewed: from the ninth, a party returns at once', { Barrier: GenerationRingOfEight }, ['BAR-GEN-1']),
  sync('barrier', 'barrier', 'leader-first-out', 'generation', 'the leader is the first party to leave, counted across generations: a party that re-enters at once, and another completing the next generation, lead it astray', { Barrier: LeaderFirstOut }, ['BAR-LEAD-1']),
  sync('once', 'once', 'wakes-at-most-eight', 'lost-wakeup', 'a finished closure wakes at most eight of the callers waiting for it: the rest wait for ever', { Once: OnceWakesEight }, ['ONCE-WAIT-1']),
  sync('oncelock', 'once', 'wakes-at-most-eight', 'lost-wakeup', 'a finished initializer wakes at most eight of the callers waiting for it: the rest wait for ever', { OnceLock: OnceLockWakesEight }, ['OL-PANIC-2']),
  sync('once', 'once', 'never-completes', 'initializes-twice', 'call_once runs its closure but never completes the Once', { Once: NeverCompletes }, ['ONCE-CALL-1', 'ONCE-CALL-2']),
  sync('once', 'once', 'runs-concurrently', 'initializes-twice', 'a caller that finds a closure running runs its own too', { Once: OnceRunsConcurrently }, ['ONCE-CALL-3']),
  sync('once', 'once', 'completed-while-running', 'wrong-result', 'is_completed is true once a closure starts', { Once: CompletedWhileRunning }, ['ONCE-DONE-1']),
  sync('once', 'once', 'waiters-return-early', 'does-not-block', 'callers that find a closure running return Ok before it completed', { Once: WaitersReturnEarly }, ['ONCE-DONE-2', 'ONCE-CALL-3']),
  sync('once', 'once', 'panic-does-not-poison', 'no-poison', 'a panicking closure leaves the Once incomplete', { Once: OncePanicDoesNotPoison }, ['ONCE-POISON-1']),
  sync('once', 'once', 'force-refuses-poison', 'wrong-poison', 'call_once_force on a poisoned Once panics without running', { Once: ForceRefusesPoison }, ['ONCE-FORCE-1']),
  sync('once', 'once', 'force-panic-unpoisons', 'early-unpoison', 'a panicking forced closure clears the poison', { Once: ForcePanicUnpoisons }, ['ONCE-FORCE-3']),
  sync('once', 'once', 'force-runs-again', 'initializes-twice', 'call_once_force runs on a completed Once', { Once: ForceRunsAgain }, ['ONCE-FORCE-2']),
  sync('once', 'once', 'wait-misses-poison', 'lost-wakeup', 'wait on a poisoned Once waits for ever', { Once: WaitMissesPoison }, ['ONCE-WAIT-1']),
  sync('once', 'once', 'wait-force-ends-at-poison', 'does-not-block', 'wait_force returns once the Once is poisoned', { Once: WaitForceEndsAtPoison }, ['ONCE-WAIT-2']),
  sync('oncelock', 'once', 'init-not-stored', 'lost-value', "get_or_init returns its initializer's value without storing it", { OnceLock: InitNotStored }, ['OL-INIT-1']),
  sync('oncelock', 'once', 'reinitializes', 'initializes-twice', 'get_or_init on a full cell runs its initializer again', { OnceLock: Reinitializes }, ['OL-INIT-2', 'OL-VALUE-1']),
  sync('oncelock', 'once', 'get-waits-for-init', 'blocks', 'get waits while an initializer runs', { OnceLock: GetWaitsForInit }, ['OL-GET-1']),
  sync('oncelock', 'once', 'set-overwrites', 'wrong-result', 'set on a full cell overwrites the value', { OnceLock: SetOverwrites }, ['OL-SET-1', 'OL-VALUE-1']),
  sync('oncelock', 'once', 'panic-handed-on', 'wrong-result', "an initializer's panic is handed to the next caller, which runs nothing", { OnceLock: PanicHandedOn }, ['OL-PANIC-2']),
  sync('oncelock', 'once', 'wait-does-not-wait', 'does-not-block', 'wait on an empty cell returns at once', { OnceLock: OnceLockWaitDoesNotWait }, ['OL-WAIT-1']),
  sync('oncelock', 'once', 'take-keeps-value', 'duplicated-value', 'take returns the value and leaves it in the cell', { OnceLock: TakeKeepsValue }, ['OL-TAKE-1']),
  sync('lazylock', 'once', 'force-does-not-wait', 'does-not-block', 'a force that finds the init closure running returns at once, without a value', { LazyLock: LazyForceDoesNotWait }, ['LAZY-INIT-1']),
  sync('lazylock', 'once', 'get-waits', 'blocks', 'get waits while the init closure runs', { LazyLock: LazyGetWaits }, ['LAZY-GET-1']),
  sync('once', 'once', 'waiter-runs-after-panic', 'initializes-twice', 'a call_once that waited for a closure that panicked runs its own instead of panicking', { Once: WaiterRunsAfterPanic }, ['ONCE-POISON-2']),
  sync('oncelock', 'once', 'panic-wakes-first-waiter', 'lost-wakeup', 'a panicking initializer wakes only the caller that waited longest, even a wait that then waits again', { OnceLock: PanicWakesFirstWaiter }, ['OL-PANIC-2']),
  sync('oncelock', 'once', 'panic-wakes-nobody', 'lost-wakeup', 'a panicking initializer wakes none of the callers waiting for it', { OnceLock: PanicWakesNobody }, ['OL-PANIC-2']),
  sync('once', 'once', 'force-state-at-arrival', 'wrong-result', 'a call_once_force that waited for a panicking closure tells its own closure the Once is not poisoned', { Once: ForceStateAtArrival }, ['ONCE-FORCE-1']),
  sync('lazylock', 'once', 'waiter-reruns-after-panic', 'initializes-twice', 'an access that waited for a panicking init closure runs it again instead of panicking as poisoned', { LazyLock: LazyWaiterRerunsAfterPanic }, ['LAZY-POISON-1']),
  sync('oncelock', 'once', 'empty-array-stored-as-object', 'wrong-result', 'a stored [] (alone or nested) reads back as {}', { OnceLock: EmptyArrayStoredAsObject }, ['OL-VALUE-1']),
  sync('oncelock', 'once', 'null-value-is-empty', 'initializes-twice', 'a stored null reads as an empty cell: get says None, the next get_or_init or set fills it again', { OnceLock: NullValueIsEmpty }, ['OL-VALUE-1', 'OL-SET-1']),
  sync('barrier', 'barrier', 'waiting-keyed-by-size', 'does-not-block', 'waiting parties are kept per party count, so two barriers of one size count each other\'s arrivals', { Barrier: WaitingKeyedBySize }, ['BAR-WAIT-3']),
  // Equivalent: behaviour the spec allows.
  sync('barrier', 'barrier', 'first-arrival-leads', 'spec-allowed', 'the first party of each generation leads, not the last', { Barrier: FirstArrivalLeads }, [], 'which party leads is implementation-defined (BAR-LEAD-2)'),
  sync('barrier', 'barrier', 'last-out-leads', 'spec-allowed', 'released parties leave a macrotask later; the last of its generation to leave leads', { Barrier: LastOutLeads }, [], 'which party leads is implementation-defined, one per generation (BAR-LEAD-2)'),
  sync('barrier', 'barrier', 'releases-in-reverse', 'spec-allowed', 'released parties are woken newest first', { Barrier: ReleasesInReverse }, [], 'released parties return in any order (BAR-UNSPEC-1)'),
];
