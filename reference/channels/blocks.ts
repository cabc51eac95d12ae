// How the buffers of a channel's heap reach every thread that uses the channel.
//
// The problem: an unbounded channel must grow without a fixed cap and give memory back
// as it drains, and any channel must carry a 1 MiB value. Both need new shared memory
// at run time. A SharedArrayBuffer created in one thread reaches another only through
// postMessage, and a worker blocked in Atomics.wait runs no message handlers.
//
// Alternatives considered:
//  - One growable SharedArrayBuffer per channel: every thread sees it grow, but it can
//    never shrink, so a drained backlog would keep its memory forever.
//  - A MessagePort per pair of threads: ports are point-to-point and must be listed in
//    a transfer list, while channels are shared by any number of threads and handles
//    travel as plain objects.
//
// What we do: each thread that holds a handle of the channel opens a BroadcastChannel
// named after the channel. The thread that creates a buffer broadcasts it *before*
// publishing its id in shared memory. Node enqueues a broadcast message into every
// other open instance synchronously (checked on Node 20), so a thread that reads an id
// it does not know can take the message at once with receiveMessageOnPort — no event
// loop needed, which works inside a blocked worker. Memory is given back by dropping
// every reference: the freeing thread marks the buffer released and broadcasts it;
// threads forget released buffers when they next touch the heap, or from their event
// loop (an unref'd onmessage handler) when idle, and V8 frees the backing store once
// no thread references it.
//
// The one gap — a thread that joins later (a handle posted to a new worker) misses the
// broadcasts sent before it opened its instance — is closed by the heap (heap.ts):
// while a handle is in flight, no new buffer is created; the descriptor carries every
// live buffer.

import { BroadcastChannel, receiveMessageOnPort } from 'node:worker_threads';

/** The views of one heap buffer (a fresh SharedArrayBuffer or the growable spill arena). */
export interface SabViews {
  readonly id: number;
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  readonly buf: Buffer;
  /** BigInt64 view (segment links of unbounded channels). */
  readonly big: BigInt64Array;
  readonly dv: DataView;
  /** The spill arena (growable): its views must follow its length. */
  readonly growable: boolean;
}

type BlockMessage = { readonly t: 'block'; readonly id: number; readonly sab: SharedArrayBuffer } | { readonly t: 'free'; readonly id: number };

function makeViews(id: number, sab: SharedArrayBuffer): SabViews {
  // One read of the length: another thread may grow the spill arena between two reads,
  // and views of two lengths would pass get()'s staleness test (on u8) with a short i32.
  const length = sab.byteLength;
  return {
    id,
    sab,
    i32: new Int32Array(sab, 0, length >> 2),
    u8: new Uint8Array(sab, 0, length),
    buf: Buffer.from(sab, 0, length),
    big: new BigInt64Array(sab, 0, length >> 3),
    dv: new DataView(sab, 0, length),
    growable: (sab as { growable?: boolean }).growable === true,
  };
}

/** Header word of a fresh buffer (its first region) that says it was given back. */
export type ReleasedProbe = (v: SabViews) => boolean;

export class BlockMap {
  private readonly map = new Map<number, SabViews>();
  private readonly bc: BroadcastChannel;
  private closed = false;

  constructor(
    name: string,
    initial: readonly (readonly [number, SharedArrayBuffer])[],
    private readonly isReleased: ReleasedProbe,
  ) {
    // Open first: from here on no broadcast is missed.
    this.bc = new BroadcastChannel(name);
    this.bc.onmessage = (ev: unknown) => this.accept((ev as { data: BlockMessage }).data);
    // Idle threads drain from their event loop, but the instance must not keep it alive.
    (this.bc as unknown as { unref(): void }).unref();
    for (const [id, sab] of initial) this.map.set(id, makeViews(id, sab));
  }

  private accept(m: BlockMessage): void {
    if (this.closed) return;
    if (m.t === 'block') {
      if (!this.map.has(m.id)) {
        const v = makeViews(m.id, m.sab);
        if (!this.isReleased(v)) this.map.set(m.id, v);
      }
    } else {
      this.map.delete(m.id);
    }
  }

  /** Takes every pending broadcast now (synchronously). */
  drain(): void {
    for (;;) {
      const m = receiveMessageOnPort(this.bc as never) as { message: BlockMessage } | undefined;
      if (m === undefined) return;
      this.accept(m.message);
    }
  }

  /** The buffer with this id; it must have been broadcast or be in the initial set. */
  get(id: number): SabViews {
    let v = this.map.get(id);
    if (v !== undefined) {
      // (SharedArrayBuffer's byteLength getter is a runtime call: asked of the growable one only.)
      if (v.growable && v.u8.byteLength !== v.sab.byteLength) v = this.refresh(v);
      return v;
    }
    this.drain();
    v = this.map.get(id);
    if (v === undefined) throw new Error(`syncspec internal error: heap buffer ${id} was never broadcast to this thread`);
    return v;
  }

  /** A growable buffer grew: rebuild its views (Buffer views do not track length). */
  private refresh(v: SabViews): SabViews {
    const nv = makeViews(v.id, v.sab);
    this.map.set(v.id, nv);
    return nv;
  }

  /** Registers a buffer this thread created and tells every other thread about it. */
  publish(id: number, sab: SharedArrayBuffer): SabViews {
    const v = makeViews(id, sab);
    this.map.set(id, v);
    this.bc.postMessage({ t: 'block', id, sab } satisfies BlockMessage);
    return v;
  }

  /** Forgets a released buffer here and tells the other threads to forget it. */
  release(id: number): void {
    this.map.delete(id);
    this.bc.postMessage({ t: 'free', id } satisfies BlockMessage);
  }

  /** Forgets every buffer that another thread released. */
  prune(): void {
    this.drain();
    for (const [id, v] of this.map) if (this.isReleased(v)) this.map.delete(id);
  }

  /** The buffers this thread knows, for a descriptor (after a drain). */
  has(id: number): boolean {
    return this.map.has(id);
  }

  entries(): IterableIterator<SabViews> {
    return this.map.values();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.bc.close();
    this.map.clear();
  }
}
