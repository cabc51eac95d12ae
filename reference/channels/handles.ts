// The public handles: Sender and Receiver.
//
// JavaScript has no destructors, so dropping is explicit: `drop()` or `using` (Symbol
// .dispose). A handle moves to another thread as a plain, structured-cloneable
// descriptor (`transfer()`), rebuilt there with `fromDescriptor`; the original handle is
// then unusable (a move, as when a Rust Sender is moved into a thread). Use after drop
// or transfer, a second drop, or a second claim of one descriptor throw a
// ChannelUsageError; channel outcomes are returned as values (results.ts).
//
// Blocking calls (send, recv, recvTimeout, iter, select) wait with Atomics.wait: use
// them in workers (the main thread may, but then runs no event loop meanwhile, which
// also delays noticing dead workers). The *Async variants return promises and wait with
// Atomics.waitAsync: use them on the main thread.

import { runAsync } from '../runtime/reactor.ts';
import { effectiveSpin } from '../runtime/thread.ts';
import { Image, decode, discard, encode } from './codec.ts';
import { ChannelCore, type ChannelOptions } from './core.ts';
import { ChannelUsageError } from './errors.ts';
import { FLAVOR_BOUNDED, FLAVOR_RENDEZVOUS, FLAVOR_UNBOUNDED, PROFILE_MPMC, PROFILE_MPSC, ROLE_RECEIVER, ROLE_SENDER, type FlavorCode } from './layout.ts';
import { TIMED_OUT, runSync, selectOp, sendOp, spinRecv, spinSend, syncArm, tryRecvImage, trySendImage } from './ops.ts';
import { addHandles, claim, dropHandle, transferOut, type Role } from './ownership.ts';
import { becomeExclusive } from './flavors/exclusive.ts';
import {
  DISCONNECTED,
  EMPTY,
  OK,
  TIMEOUT,
  disconnectedValue,
  full,
  okValue,
  type RecvResult,
  type RecvTimeoutResult,
  type SendResult,
  type Selected,
  type TryRecvResult,
  type TrySendResult,
} from './results.ts';

export type Flavor = 'unbounded' | 'bounded' | 'rendezvous';
export type Profile = 'mpsc' | 'mpmc';

/**
 * A handle in transit: a plain object of SharedArrayBuffers and numbers, so it can be
 * posted to a worker with postMessage (no transfer list needed) and rebuilt there.
 */
export interface HandleDescriptor {
  readonly syncspec: 'channel-handle';
  readonly role: 'sender' | 'receiver';
  /** The process registry (runtime/registry.ts). */
  readonly registry: SharedArrayBuffer;
  /** The channel's control buffer (layout.ts). */
  readonly control: SharedArrayBuffer;
  /** Every heap buffer the channel had when the handle left (heap.ts: pins). */
  readonly blocks: readonly (readonly [number, SharedArrayBuffer])[];
  /** Names this handle in the channel's in-flight table until claimed. */
  readonly token: number;
  readonly spin?: number;
}

const sendScratch = new Image();
const recvScratch = new Image();

type State = 'live' | 'dropped' | 'moved';

abstract class Handle implements Disposable {
  protected core: ChannelCore | null;
  private state: State = 'live';
  /** Async operations on this handle still waiting (it cannot be dropped or moved meanwhile). */
  private pendingAsync = 0;

  protected constructor(core: ChannelCore) {
    this.core = core;
  }

  protected abstract readonly role: Role;
  protected abstract readonly what: string;

  protected live(): ChannelCore {
    const c = this.core;
    if (c === null) throw new ChannelUsageError(`this ${this.what} was ${this.state === 'moved' ? 'transferred to another thread' : 'dropped'}`);
    return c;
  }

  get flavor(): Flavor {
    const f = this.live().flavor;
    return f === FLAVOR_UNBOUNDED ? 'unbounded' : f === FLAVOR_BOUNDED ? 'bounded' : 'rendezvous';
  }

  /** The bound of a bounded channel, 0 for rendezvous, undefined for unbounded. */
  get capacity(): number | undefined {
    const c = this.live();
    return c.flavor === FLAVOR_UNBOUNDED ? undefined : c.flavor === FLAVOR_RENDEZVOUS ? 0 : c.capacity;
  }

  get profile(): Profile {
    return this.live().mpmc ? 'mpmc' : 'mpsc';
  }

  get isDropped(): boolean {
    return this.core === null;
  }

  /**
   * Runs a blocking operation of this handle as a promise. While it waits the handle
   * is in use — as a Rust receiver is borrowed by a pending recv — so drop and transfer
   * throw until it settles.
   */
  protected async pending<R>(run: () => Promise<R>): Promise<R> {
    this.pendingAsync++;
    try {
      return await run();
    } finally {
      this.pendingAsync--;
    }
  }

  private notBusy(what: string): void {
    if (this.pendingAsync > 0) throw new ChannelUsageError(`cannot ${what} this ${this.what} while an async operation on it is pending`);
  }

  /** Drops the handle (Rust `drop`). Dropping twice throws. */
  drop(): void {
    const c = this.live();
    this.notBusy('drop');
    this.core = null;
    this.state = 'dropped';
    dropHandle(c, this.role);
  }

  [Symbol.dispose](): void {
    if (this.core !== null) this.drop();
  }

  /**
   * Moves the handle out of this thread: returns a descriptor to post to another
   * thread, where `fromDescriptor` rebuilds it. This handle becomes unusable. Until it
   * is claimed, the handle counts as held by this thread (if this thread dies first, it
   * counts as dropped and the claim fails).
   */
  transfer(): HandleDescriptor {
    const c = this.live();
    this.notBusy('transfer');
    this.core = null;
    this.state = 'moved';
    const { token, blocks } = transferOut(c, this.role);
    const d: HandleDescriptor = {
      syncspec: 'channel-handle',
      role: this.role === ROLE_SENDER ? 'sender' : 'receiver',
      registry: c.registry.sab,
      control: c.sab,
      blocks,
      token,
      ...(c.spin === undefined ? {} : { spin: c.spin }),
    };
    return d;
  }
}

function claimDescriptor(d: HandleDescriptor, role: Role): ChannelCore {
  if (d === null || typeof d !== 'object' || d.syncspec !== 'channel-handle') throw new ChannelUsageError('not a channel handle descriptor');
  if ((d.role === 'sender') !== (role === ROLE_SENDER)) throw new ChannelUsageError(`this descriptor is a ${d.role}'s`);
  const core = ChannelCore.attach(d.registry, d.control, d.blocks, d.spin);
  if (!claim(core, d.token, role)) {
    throw new ChannelUsageError(`this ${d.role} descriptor was already claimed, or the thread that made it exited before it was claimed (the handle then counts as dropped)`);
  }
  return core;
}

export class Sender<T = unknown> extends Handle {
  protected readonly role = ROLE_SENDER;
  protected readonly what = 'sender';

  /** @internal use channel(), syncChannel(), unbounded(), bounded(), clone() or fromDescriptor(). */
  constructor(core: ChannelCore) {
    super(core);
  }

  /** Rebuilds a sender from a descriptor made by `transfer()` in another (or this) thread. */
  static fromDescriptor<T = unknown>(d: HandleDescriptor): Sender<T> {
    return new Sender<T>(claimDescriptor(d, ROLE_SENDER));
  }

  /**
   * Sends a value: Ok, or Disconnected(value) if no receiver is left. Blocks while a
   * bounded channel is full, and on a rendezvous channel until a receive takes the
   * value; never blocks on an unbounded channel.
   */
  send(value: T): SendResult<T> {
    const core = this.live();
    encode(value, core.heap, sendScratch);
    let r = trySendImage(core, sendScratch);
    if (r === 'ok') return OK;
    const spin = effectiveSpin(core.spin);
    if (r === 'full') r = spinSend(core, sendScratch, spin);
    if (r === 'ok') return OK;
    if (r !== 'full') {
      if (r === 'closed') discard(sendScratch, core.heap);
      return disconnectedValue(value);
    }
    const img = new Image();
    img.copyFrom(sendScratch);
    return runSync(sendOp(core, value, img, syncArm, spin), spin);
  }

  /**
   * Sends without blocking: Ok, Full(value) (no room; on a rendezvous channel: no
   * receive is blocked right now), or Disconnected(value) (wins over Full).
   */
  trySend(value: T): TrySendResult<T> {
    const core = this.live();
    encode(value, core.heap, sendScratch);
    const r = trySendImage(core, sendScratch);
    if (r === 'ok') return OK;
    if (r !== 'gone') discard(sendScratch, core.heap);
    return r === 'full' ? full(value) : disconnectedValue(value);
  }

  /** `send` as a promise (waits with Atomics.waitAsync: for the main thread). */
  sendAsync(value: T): Promise<SendResult<T>> {
    const core = this.live();
    const img = new Image();
    encode(value, core.heap, img);
    const r = trySendImage(core, img);
    if (r === 'ok') return Promise.resolve(OK);
    if (r !== 'full') {
      if (r === 'closed') discard(img, core.heap);
      return Promise.resolve(disconnectedValue(value));
    }
    return this.pending(() => runAsync((arm) => sendOp(core, value, img, arm, 0)));
  }

  /** Another sender of the same channel (keeps it connected, CHAN-DISC-1). */
  clone(): Sender<T> {
    const core = this.live();
    addHandles(core, ROLE_SENDER, 1);
    return new Sender<T>(core);
  }
}

export class Receiver<T = unknown> extends Handle implements Iterable<T>, AsyncIterable<T> {
  protected readonly role = ROLE_RECEIVER;
  protected readonly what = 'receiver';

  /** @internal */
  constructor(core: ChannelCore) {
    super(core);
  }

  static fromDescriptor<T = unknown>(d: HandleDescriptor): Receiver<T> {
    return new Receiver<T>(claimDescriptor(d, ROLE_RECEIVER));
  }

  /** @internal the core, for select. */
  coreForSelect(): ChannelCore {
    return this.live();
  }

  /** @internal select's async variants hold their receivers like recvAsync does. */
  holdWhile<R>(run: () => Promise<R>): Promise<R> {
    return this.pending(run);
  }

  /**
   * Receives a value: Ok(value), or Disconnected once nothing is buffered and no sender
   * is left. Blocks while the channel is empty and a sender is alive.
   */
  recv(): RecvResult<T> {
    const core = this.live();
    let r = tryRecvImage(core, recvScratch);
    const spin = r === 'empty' ? effectiveSpin(core.spin) : 0;
    if (r === 'empty') r = spinRecv(core, recvScratch, spin);
    if (r === 'ok') return okValue(decode(recvScratch, core.heap) as T);
    if (r === 'disconnected') return DISCONNECTED;
    return (runSync(selectOp<T>([core], Infinity, syncArm, 0, spin), spin) as Selected<T>).outcome;
  }

  /** Receives without blocking: Ok(value), Empty (a sender is alive), or Disconnected. */
  tryRecv(): TryRecvResult<T> {
    const core = this.live();
    const r = tryRecvImage(core, recvScratch);
    if (r === 'ok') return okValue(decode(recvScratch, core.heap) as T);
    return r === 'disconnected' ? DISCONNECTED : EMPTY;
  }

  /**
   * Like recv, but gives up after `ms` milliseconds with Timeout (consuming nothing). A
   * buffered value is returned even for ms = 0 and after disconnection.
   */
  recvTimeout(ms: number): RecvTimeoutResult<T> {
    const deadline = deadlineOf(ms);
    const core = this.live();
    let r = tryRecvImage(core, recvScratch);
    const spin = r === 'empty' && ms > 0 ? effectiveSpin(core.spin) : 0;
    if (r === 'empty') r = spinRecv(core, recvScratch, spin);
    if (r === 'ok') return okValue(decode(recvScratch, core.heap) as T);
    if (r === 'disconnected') return DISCONNECTED;
    const s = runSync(selectOp<T>([core], deadline, syncArm, 0, spin), spin);
    return s === TIMED_OUT ? TIMEOUT : s.outcome;
  }

  /** `recv` as a promise (for the main thread). */
  recvAsync(): Promise<RecvResult<T>> {
    const core = this.live();
    const r = tryRecvImage(core, recvScratch);
    if (r === 'ok') return Promise.resolve(okValue(decode(recvScratch, core.heap) as T));
    if (r === 'disconnected') return Promise.resolve(DISCONNECTED);
    return this.pending(() => runAsync((arm) => selectOp<T>([core], Infinity, arm, 0, 0))).then((s) => (s as Selected<T>).outcome);
  }

  /** `recvTimeout` as a promise (for the main thread); `options.signal` times it out when it aborts. */
  recvTimeoutAsync(ms: number, options?: TimedOptions): Promise<RecvTimeoutResult<T>> {
    const deadline = deadlineOf(ms, options);
    const core = this.live();
    const r = tryRecvImage(core, recvScratch);
    if (r === 'ok') return Promise.resolve(okValue(decode(recvScratch, core.heap) as T));
    if (r === 'disconnected') return Promise.resolve(DISCONNECTED);
    return this.pending(() => runAsync((arm) => selectOp<T>([core], deadline, arm, 0, 0), options?.signal)).then((s) => (s === TIMED_OUT ? TIMEOUT : s.outcome));
  }

  /** Blocking iteration: values until disconnection (Rust `iter()`). */
  *iter(): Generator<T, void, undefined> {
    for (;;) {
      const r = this.recv();
      if (r.kind !== 'Ok') return;
      yield r.value;
    }
  }

  /** Non-blocking iteration: values until the first Empty or Disconnected (Rust `try_iter()`). */
  *tryIter(): Generator<T, void, undefined> {
    for (;;) {
      const r = this.tryRecv();
      if (r.kind !== 'Ok') return;
      yield r.value;
    }
  }

  [Symbol.iterator](): Iterator<T> {
    return this.iter();
  }

  /** Async iteration: values until disconnection. */
  async *iterAsync(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const r = await this.recvAsync();
      if (r.kind !== 'Ok') return;
      yield r.value;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterAsync();
  }

  /** Another receiver sharing the stream (mpmc profile only: each value goes to one receiver). */
  clone(): Receiver<T> {
    const core = this.live();
    if (!core.mpmc) throw new ChannelUsageError('an mpsc Receiver cannot be cloned (use unbounded()/bounded() for the mpmc profile)');
    addHandles(core, ROLE_RECEIVER, 1);
    return new Receiver<T>(core);
  }
}

/** A descriptor of either role. */
export function fromDescriptor<T = unknown>(d: HandleDescriptor): Sender<T> | Receiver<T> {
  return d.role === 'sender' ? Sender.fromDescriptor<T>(d) : Receiver.fromDescriptor<T>(d);
}

import { deadlineOf, type TimedOptions } from '../runtime/wait-op.ts';

export { deadlineOf };

// ---- constructors -----------------------------------------------------------------------

export interface CreateOptions extends ChannelOptions {
  /** 'mpsc' (std::sync::mpsc, default) or 'mpmc' (crossbeam / std::sync::mpmc: receivers clone). */
  readonly profile?: Profile;
}

function create<T>(flavor: FlavorCode, capacity: number, options: CreateOptions): [Sender<T>, Receiver<T>] {
  const core = ChannelCore.create(flavor, capacity, options.profile === 'mpmc' ? PROFILE_MPMC : PROFILE_MPSC, options);
  addHandles(core, ROLE_SENDER, 1);
  addHandles(core, ROLE_RECEIVER, 1);
  becomeExclusive(core);
  return [new Sender<T>(core), new Receiver<T>(core)];
}

/** Rust `mpsc::channel()`: unbounded; send never blocks. */
export function channel<T = unknown>(options: CreateOptions = {}): [Sender<T>, Receiver<T>] {
  return create<T>(FLAVOR_UNBOUNDED, 0, options);
}

/** Rust `mpsc::sync_channel(n)`: bounded by n >= 1, or a rendezvous channel for n = 0. */
export function syncChannel<T = unknown>(capacity: number, options: CreateOptions = {}): [Sender<T>, Receiver<T>] {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 2 ** 28) throw new RangeError('capacity must be an integer in [0, 2^28]');
  return create<T>(capacity === 0 ? FLAVOR_RENDEZVOUS : FLAVOR_BOUNDED, capacity, options);
}

/** crossbeam `unbounded()`: the mpmc profile (receivers can be cloned). */
export function unbounded<T = unknown>(options: ChannelOptions = {}): [Sender<T>, Receiver<T>] {
  return channel<T>({ ...options, profile: 'mpmc' });
}

/** crossbeam `bounded(n)`: the mpmc profile; n = 0 is a rendezvous channel. */
export function bounded<T = unknown>(capacity: number, options: ChannelOptions = {}): [Sender<T>, Receiver<T>] {
  return syncChannel<T>(capacity, { ...options, profile: 'mpmc' });
}
