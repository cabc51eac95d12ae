// ChannelCore: one thread's view of one channel — typed-array views of its control
// buffer, its heap, the flavor's code, and the per-thread caches (the peer's index).
// All handles of a channel held by one thread share one core; the core lives while the
// thread holds at least one handle (it then closes its broadcast instance).

import { registryFor, type Registry } from '../runtime/registry.ts';
import { currentThread, type ThreadIdentity } from '../runtime/thread.ts';
import { BlockMap, type SabViews } from './blocks.ts';
import { Heap } from './heap.ts';
import {
  C_CAPACITY,
  C_CHANNEL_ID,
  C_FLAVOR,
  C_MAGIC,
  C_PROFILE,
  C_RING_OFF,
  FLAVOR_BOUNDED,
  FLAVOR_RENDEZVOUS,
  FLAVOR_UNBOUNDED,
  MAGIC,
  PROFILE_MPMC,
  createControl,
  ringModulus,
  type FlavorCode,
} from './layout.ts';
import { recvTable, sendTable, type Table } from './waiters.ts';
import type { FlavorImpl } from './flavors/flavor.ts';
import { bounded } from './flavors/bounded.ts';
import { unbounded } from './flavors/unbounded.ts';
import { rendezvous } from './flavors/rendezvous.ts';

export interface ChannelOptions {
  /** Spin iterations before parking (default: the process default, see configure()). */
  readonly spin?: number;
  /** Most operations that can be blocked at once on one side of the channel (default 64). */
  readonly maxWaiters?: number;
  /** Most threads that can hold handles of the channel at once (default 64). */
  readonly maxThreads?: number;
  /** Most handles in flight between threads at once (default 64). */
  readonly maxInFlight?: number;
}

/** Cached position of an unbounded channel's segment (flavors/unbounded.ts). */
export interface SegmentCache {
  sabId: number;
  offset: number;
  base: number;
  cap: number;
  gen: number;
  views: SabViews | null;
}

const cores = new Map<string, ChannelCore>();

export class ChannelCore {
  readonly ctl: Int32Array;
  readonly big: BigInt64Array;
  readonly flavor: FlavorCode;
  readonly capacity: number;
  readonly mpmc: boolean;
  readonly channelId: number;
  readonly key: string;
  readonly heap: Heap;
  readonly impl: FlavorImpl;
  readonly recv: Table;
  readonly send: Table;
  readonly ringOff: number;
  readonly modulus: number;
  spin: number | undefined;

  // Per-thread caches of the peer's index (perf-anchors.md: touch shared words rarely).
  cachedHead = 0;
  cachedTail = 0;
  /** Tail position after this thread's last send (bounded.ts). */
  lastTail = -1;
  /**
   * This thread holds every sender handle of the channel and none is in flight, so no
   * other thread can send: sends skip the tail lock (flavors/exclusive.ts). Only this
   * thread can end that state (by transferring a sender), so a plain field suffices.
   */
  exclusiveSender = false;
  /** The tail position, while exclusiveSender. */
  localTail = 0;
  /**
   * An mpsc receiver is the only writer of the head position while it exists, so its
   * thread keeps the head here instead of re-reading it (reset when a receiver handle
   * arrives in or leaves this thread).
   */
  headCached = false;
  localHead = 0;
  /** An exclusive sender saw that no receiver is left. */
  sendGone = false;
  readonly tailSeg: SegmentCache = { sabId: 0, offset: 0, base: 0, cap: 0, gen: -1, views: null };
  readonly headSeg: SegmentCache = { sabId: 0, offset: 0, base: 0, cap: 0, gen: -1, views: null };

  /** Registry death epoch this thread last reaped the channel at (ownership.ts). */
  seenDeathEpoch: number;
  /** Set by fast paths that passed a natural checkpoint (a new segment): check for dead threads. */
  checkDeathsSoon = false;
  /** Handles of this channel held by this thread. */
  handles = 0;
  /** This thread's entry in the ownership table (-1: none yet). */
  ownEntry = -1;

  private constructor(
    readonly sab: SharedArrayBuffer,
    readonly me: ThreadIdentity,
    blocks: readonly (readonly [number, SharedArrayBuffer])[],
  ) {
    this.ctl = new Int32Array(sab);
    if (Atomics.load(this.ctl, C_MAGIC) !== MAGIC) throw new Error('syncspec: not a channel buffer');
    this.big = new BigInt64Array(sab, 0, sab.byteLength >> 3);
    this.flavor = this.ctl[C_FLAVOR] as FlavorCode;
    this.capacity = this.ctl[C_CAPACITY];
    this.mpmc = this.ctl[C_PROFILE] === PROFILE_MPMC;
    this.channelId = this.ctl[C_CHANNEL_ID];
    this.key = `${me.registry.id}:${this.channelId}`;
    const ctl = this.ctl;
    this.heap = new Heap(ctl, me, new BlockMap(`syncspec:${this.key}`, blocks, (v) => Heap.isReleased(ctl, v)));
    this.recv = recvTable(ctl);
    this.send = sendTable(ctl);
    this.ringOff = ctl[C_RING_OFF];
    this.modulus = this.flavor === FLAVOR_BOUNDED ? ringModulus(this.capacity) : 0;
    this.impl = this.flavor === FLAVOR_BOUNDED ? bounded : this.flavor === FLAVOR_UNBOUNDED ? unbounded : rendezvous;
    this.seenDeathEpoch = me.registry.deathEpoch();
  }

  get registry(): Registry {
    return this.me.registry;
  }

  get rendezvous(): boolean {
    return this.flavor === FLAVOR_RENDEZVOUS;
  }

  static create(flavor: FlavorCode, capacity: number, profile: number, options: ChannelOptions): ChannelCore {
    const me = currentThread();
    const reg = me.registry;
    const sab = createControl({
      flavor,
      capacity,
      profile,
      channelId: reg.nextChannelId(),
      registryId: reg.id,
      ownCap: options.maxThreads ?? 64,
      inflightCap: options.maxInFlight ?? 64,
      waiterCap: options.maxWaiters ?? 64,
      blockCap: 1024,
    });
    const core = new ChannelCore(sab, me, []);
    core.spin = options.spin;
    cores.set(core.key, core);
    return core;
  }

  /** This thread's core for a channel received in a descriptor (shared with other handles of it). */
  static attach(registrySab: SharedArrayBuffer, control: SharedArrayBuffer, blocks: readonly (readonly [number, SharedArrayBuffer])[], spin: number | undefined): ChannelCore {
    const reg = registryFor(registrySab);
    const me = currentThread();
    const ctl = new Int32Array(control);
    const key = `${reg.id}:${Atomics.load(ctl, C_CHANNEL_ID)}`;
    const existing = cores.get(key);
    if (existing !== undefined) return existing;
    const core = new ChannelCore(control, me, blocks);
    core.spin = spin;
    cores.set(key, core);
    return core;
  }

  /** Called when this thread's last handle of the channel is gone. */
  detach(): void {
    cores.delete(this.key);
    this.heap.blocks.close();
  }
}
