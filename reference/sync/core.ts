// What every sync primitive shares: its control buffer, state lock, waiter table,
// holder table, value cell, descriptor, and the driver of its blocking operations.
//
// Control buffer (Int32 words; hot words on their own 64-byte lines):
//   line 0  header: magic, kind, id, table offsets and capacities (read-only)
//   line 1  STATE_LOCK (runtime/lock.ts: records its owner, stolen from a dead one)
//   line 2  WAITER_COUNT: registered waiter entries (fast paths read it without the lock)
//   line 3  the primitive's hot word(s)        (P_HOT + i)
//   line 4  the primitive's other words        (P_MORE + i)
//   line 5  the value cell (value.ts), if any
//   then    the holder table ([token, count] per thread), the waiter table (waiters.ts)
//
// Blocking operations are generators, as in channels/ops.ts: they try under the state
// lock, register in the waiter table when they must wait, and yield "wait for this
// record until this deadline"; runSync (workers: Atomics.wait on the thread's park word,
// through schedule/hooks.ts) or runAsync (runtime/reactor.ts: Atomics.waitAsync, for
// the main thread) drives them, so each blocking algorithm exists once.
//
// Dead threads: registry.markThreadDead (runtime/watch.ts: a watched worker's `exit`
// event, or the worker's own process 'exit' handler) gives the dead thread's slot a new
// generation — every lock word, holder entry or runner word naming its token now reads
// as dead (registry.isAlive) — bumps the death epoch and wakes every parked thread. A
// woken waiter, and any later operation, sees the epoch moved and calls the primitive's
// `reap` under the state lock, which treats what the dead thread held as a panic
// (poison, release) and wakes the waiters it was holding back.

import { add, load, store } from '../runtime/atomics.ts';
import { lock, unlock } from '../runtime/lock.ts';
import { runAsync } from '../runtime/reactor.ts';
import { registryFor, type Registry } from '../runtime/registry.ts';
import { currentThread, effectiveSpin, type ThreadIdentity } from '../runtime/thread.ts';
import { TIMED_OUT, type Arm, type Op } from '../runtime/wait-op.ts';
import { SyncUsageError } from './errors.ts';
import { DEFAULT_MAX_VALUE_BYTES, VALUE_WORDS, ValueCell } from './value.ts';
import { WAITER_WORDS, WaiterTable } from './waiters.ts';

const LINE = 16;
const MAGIC = 0x53594e50; // "SYNP"

const H_MAGIC = 0;
const H_KIND = 1;
const H_ID = 2;
const H_WAITER_CAP = 3;
const H_WAITER_OFF = 4;
const H_HOLDER_CAP = 5;
const H_HOLDER_OFF = 6;
const H_HAS_VALUE = 7;
const STATE_LOCK = LINE * 1;
const WAITER_COUNT = LINE * 2;
/** First of the primitive's hot words (one cache line). */
export const P_HOT = LINE * 3;
/** First of the primitive's other words (one cache line). */
export const P_MORE = LINE * 4;
const VALUE_AT = LINE * 5;
const HOLDERS_AT = LINE * 6;
const HOLDER_WORDS = 2;

export type SyncKind = 'mutex' | 'rwlock' | 'condvar' | 'barrier' | 'once' | 'oncelock' | 'lazylock';
const KINDS: readonly SyncKind[] = ['mutex', 'rwlock', 'condvar', 'barrier', 'once', 'oncelock', 'lazylock'];

/** Options every primitive takes. */
export interface SyncOptions {
  /** Spin iterations before parking (default: the process default, see configure()). */
  readonly spin?: number;
  /** Most operations blocked on the primitive at once (default 64). */
  readonly maxWaiters?: number;
}

export interface ValueOptions extends SyncOptions {
  /** Largest encoded value, in bytes (default 16 MiB; address space reserved twice, not memory). */
  readonly maxValueBytes?: number;
}

/**
 * A handle in transit: a plain object of SharedArrayBuffers and numbers, posted with
 * postMessage (no transfer list) and rebuilt in the receiving thread with
 * `X.fromDescriptor(d)`.
 */
export interface SyncDescriptor {
  readonly syncspec: 'sync-handle';
  readonly kind: SyncKind;
  /** The process registry (runtime/registry.ts). */
  readonly registry: SharedArrayBuffer;
  /** The primitive's control buffer. */
  readonly control: SharedArrayBuffer;
  /** The value cell's two areas (value.ts), for primitives that hold a value. */
  readonly areas?: readonly [SharedArrayBuffer, SharedArrayBuffer];
  readonly spin?: number;
}

/** Returned by an attempt that must wait. */
export const WAIT = Symbol('wait');
export type Attempt<R> = R | typeof WAIT;
export { TIMED_OUT, deadlineOf, runSync, syncArm, type Arm, type Op, type TimedOptions, type WaitRequest } from '../runtime/wait-op.ts';

export class SyncCore {
  readonly ctl: Int32Array;
  readonly me: ThreadIdentity;
  readonly kind: SyncKind;
  readonly id: number;
  readonly waiters: WaiterTable;
  readonly value: ValueCell | null;
  spin: number | undefined;
  /** What the primitive does under the state lock when a thread of the process died. */
  reap: () => void = () => {};
  /** Death epoch this thread last reaped the primitive at. */
  private seenEpoch: number;
  private readonly holderCap: number;
  private readonly holderOff: number;

  private constructor(
    readonly sab: SharedArrayBuffer,
    readonly areas: readonly [SharedArrayBuffer, SharedArrayBuffer] | undefined,
    me: ThreadIdentity,
  ) {
    this.ctl = new Int32Array(sab);
    const c = this.ctl;
    if (Atomics.load(c, H_MAGIC) !== MAGIC) throw new SyncUsageError('not a sync primitive buffer');
    this.me = me;
    this.kind = KINDS[c[H_KIND]];
    this.id = c[H_ID];
    this.holderCap = c[H_HOLDER_CAP];
    this.holderOff = c[H_HOLDER_OFF];
    this.waiters = new WaiterTable(c, c[H_WAITER_OFF], c[H_WAITER_CAP], WAITER_COUNT, `${this.kind}-waiters`);
    this.value = c[H_HAS_VALUE] === 1 && areas !== undefined ? new ValueCell(c, VALUE_AT, areas) : null;
    this.seenEpoch = me.registry.deathEpoch();
  }

  get registry(): Registry {
    return this.me.registry;
  }

  static create(kind: SyncKind, options: ValueOptions & { holders?: number; hasValue?: boolean }): SyncCore {
    const me = currentThread();
    const waiterCap = options.maxWaiters ?? 64;
    if (!Number.isInteger(waiterCap) || waiterCap < 1) throw new RangeError('maxWaiters must be a positive integer');
    const holderCap = options.holders ?? 0;
    const waiterOff = HOLDERS_AT + holderCap * HOLDER_WORDS;
    const words = waiterOff + waiterCap * WAITER_WORDS;
    const sab = new SharedArrayBuffer(words * 4);
    const c = new Int32Array(sab);
    c[H_KIND] = KINDS.indexOf(kind);
    c[H_ID] = me.registry.nextChannelId(); // the registry's id counter: unique in the process
    c[H_WAITER_CAP] = waiterCap;
    c[H_WAITER_OFF] = waiterOff;
    c[H_HOLDER_CAP] = holderCap;
    c[H_HOLDER_OFF] = HOLDERS_AT;
    c[H_HAS_VALUE] = options.hasValue === true ? 1 : 0;
    void VALUE_WORDS;
    Atomics.store(c, H_MAGIC, MAGIC);
    const areas = options.hasValue === true ? ValueCell.createAreas(options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES) : undefined;
    const core = new SyncCore(sab, areas, me);
    core.spin = options.spin;
    return core;
  }

  /** This thread's view of a primitive received in a descriptor. */
  static attach(d: SyncDescriptor, kind: SyncKind): SyncCore {
    if (d === null || typeof d !== 'object' || d.syncspec !== 'sync-handle') throw new SyncUsageError('not a sync primitive descriptor');
    if (d.kind !== kind) throw new SyncUsageError(`this descriptor is a ${d.kind}'s, not a ${kind}'s`);
    registryFor(d.registry);
    const core = new SyncCore(d.control, d.areas, currentThread());
    core.spin = d.spin;
    return core;
  }

  descriptor(): SyncDescriptor {
    return {
      syncspec: 'sync-handle',
      kind: this.kind,
      registry: this.registry.sab,
      control: this.sab,
      ...(this.areas === undefined ? {} : { areas: this.areas }),
      ...(this.spin === undefined ? {} : { spin: this.spin }),
    };
  }

  /** Runs `f` with the state lock held. */
  withState<R>(label: string, f: () => R): R {
    lock(this.ctl, STATE_LOCK, this.me, label);
    try {
      return f();
    } finally {
      unlock(this.ctl, STATE_LOCK, label);
    }
  }

  /** Under the state lock: if a thread died since this thread last looked, reap. */
  reapIfNeeded(): void {
    const e = this.registry.deathEpoch();
    if (e === this.seenEpoch) return;
    this.seenEpoch = e;
    this.reap();
  }

  /** Has a thread died since this thread last reaped? (No lock: a cheap probe for fast paths.) */
  deathsUnseen(): boolean {
    return this.registry.deathEpoch() !== this.seenEpoch;
  }

  wakeAll(): number {
    return this.waiters.wake(this.registry, Infinity);
  }

  wakeOne(kind?: number): boolean {
    return this.waiters.wake(this.registry, 1, kind) === 1;
  }

  effectiveSpin(): number {
    return effectiveSpin(this.spin);
  }

  // ---- holders: per-thread counts (RwLock read shares, Barrier handles) ---------------

  private holderWord(e: number, field: number): number {
    return this.holderOff + e * HOLDER_WORDS + field;
  }

  /** Adds `delta` to this thread's holder count (state lock held); returns the new count. */
  adjustHolder(delta: number, label: string): number {
    const c = this.ctl;
    const tok = this.me.token;
    let free = -1;
    for (let e = 0; e < this.holderCap; e++) {
      const t = load(c, this.holderWord(e, 0), `${label}:holder-scan`);
      if (t === tok) {
        const n = add(c, this.holderWord(e, 1), delta, `${label}:holder-count`) + delta;
        if (n <= 0) store(c, this.holderWord(e, 0), 0, `${label}:holder-free`);
        return n;
      }
      if (t === 0 && free < 0) free = e;
    }
    if (delta <= 0) return 0;
    if (free < 0) throw new Error(`syncspec: more than ${this.holderCap} threads hold this ${this.kind} at once (option maxThreads)`);
    store(c, this.holderWord(free, 1), delta, `${label}:holder-init`);
    store(c, this.holderWord(free, 0), tok, `${label}:holder-init`);
    return delta;
  }

  /** This thread's holder count. */
  holderCount(label: string): number {
    const c = this.ctl;
    for (let e = 0; e < this.holderCap; e++) {
      if (load(c, this.holderWord(e, 0), `${label}:holder-scan`) === this.me.token) return load(c, this.holderWord(e, 1), `${label}:holder-count`);
    }
    return 0;
  }

  /** Removes the entries of dead threads (state lock held); returns the sum of their counts. */
  reapHolders(label: string): number {
    const c = this.ctl;
    let sum = 0;
    for (let e = 0; e < this.holderCap; e++) {
      const t = load(c, this.holderWord(e, 0), `${label}:reap-holder`);
      if (t === 0 || this.registry.isAlive(t)) continue;
      sum += load(c, this.holderWord(e, 1), `${label}:reap-holder`);
      store(c, this.holderWord(e, 0), 0, `${label}:reap-holder`);
    }
    return sum;
  }

  // ---- waiting ------------------------------------------------------------------------

  /**
   * The generic blocking loop: runs `attempt` under the state lock (after reaping, if a
   * thread died) until it returns something other than WAIT; each time it returns WAIT,
   * the operation is registered as a waiter of `kind` in the same critical section
   * (so no wakeup between the attempt and the registration is lost) and waits.
   * `ready` (no lock) is spun on before each attempt after the first. With a deadline,
   * returns TIMED_OUT once it passed (never before one last attempt).
   */
  *until<R>(arm: Arm, kind: number, label: string, attempt: () => Attempt<R>, ready: (() => boolean) | null = null, deadline = Infinity): Op<R | typeof TIMED_OUT> {
    const spin = this.effectiveSpin();
    let first = true;
    let timedOut = false;
    for (;;) {
      if (!first && ready !== null && !timedOut) for (let k = 0; k < spin && !ready(); k++);
      first = false;
      const epoch = this.registry.deathEpoch();
      const t = arm();
      let e = -1;
      const r = this.withState(label, () => {
        this.reapIfNeeded();
        const a = attempt();
        if (a !== WAIT || timedOut) return a;
        e = this.waiters.register(t, kind);
        return WAIT;
      });
      if (r !== WAIT) return r;
      if (timedOut) return TIMED_OUT;
      const end = yield { ticket: t, deadline, epoch };
      if (this.waiters.owns(e, t)) this.withState(`${label}:unregister`, () => this.waiters.unregister(e, t));
      if (end === 'timeout') timedOut = true;
    }
  }
}

// ---- drivers ----------------------------------------------------------------------------

/** Runs a blocking operation as a promise on this thread's reactor (Atomics.waitAsync); `signal` ends its timed waits. */
export function runPromise<R>(make: (arm: Arm) => Op<R>, signal?: AbortSignal): Promise<R> {
  return runAsync(make, signal);
}

/** A handle's life: usable until dropped. */
export abstract class SyncHandle implements Disposable {
  protected dropped = false;
  protected abstract readonly core: SyncCore;
  protected abstract readonly what: string;

  protected live(): SyncCore {
    if (this.dropped) throw new SyncUsageError(`this ${this.what} handle was dropped`);
    return this.core;
  }

  get isDropped(): boolean {
    return this.dropped;
  }

  /**
   * A descriptor to post to another thread, where `fromDescriptor` makes a handle of
   * the same primitive. Unlike a channel handle this is not a move: the primitive is
   * shared (Rust: an Arc clone), and this handle stays usable.
   */
  transfer(): SyncDescriptor {
    return this.live().descriptor();
  }

  /** Drops this handle (Rust: drops an Arc); later use throws SyncUsageError. */
  drop(): void {
    this.live();
    this.dropped = true;
    this.onDrop();
  }

  protected onDrop(): void {}

  [Symbol.dispose](): void {
    if (!this.dropped) this.drop();
  }
}
