// A channel's heap: the shared memory for values that do not fit a 16-byte slot and for
// the segments of unbounded channels.
//
// Regions. The heap is a set of regions, each a bump allocator with a count of live
// bytes. A region is filled front to back; when an allocation does not fit, the region
// is sealed and a new one becomes current; a sealed region whose live count reaches 0
// is given back. The current region is rewound when it is empty, so a channel that
// keeps draining reuses one region forever. Bump allocation makes every heap critical
// section a single commit store (see runtime/lock.ts on dead lock owners), and the
// FIFO use of a channel suits it: regions empty in the order they were filled.
//
// Buffers. A region is normally a fresh SharedArrayBuffer of its own, so giving it
// back frees real memory (blocks.ts says how threads learn of new buffers and forget
// released ones). Small allocations share regions of 64 KiB, doubling with the number
// of live regions up to 1 MiB; an allocation of 48 KiB or more (a full-size segment of
// an unbounded channel, a large value) gets a region of its own, given back as soon as
// it is freed — so after a backlog drains, what stays is the segment in use and one
// small region. One empty region of at most 1 MiB is kept as a spare, so that a steady
// backlog does not create a buffer per region.
//
// Pins and the spill arena. While a handle of the channel is in flight to another
// thread (a descriptor made but not yet claimed) the receiving thread has not opened
// its broadcast instance, so a buffer created now would never reach it. Such regions
// are therefore carved out of the spill arena instead: one growable SharedArrayBuffer
// (created, and carried by every descriptor, from the first transfer on). Growth of a
// growable SAB is visible to every thread without messages; it cannot shrink, so its
// 64 KiB chunks are recycled through a chunk map rather than given back.

import { add, cas, load, store, sub } from '../runtime/atomics.ts';
import { lock, unlock } from '../runtime/lock.ts';
import { growSharedArrayBuffer, growableSharedArrayBuffer } from '../runtime/es2024.ts';
import type { ThreadIdentity } from '../runtime/thread.ts';
import type { BlockMap, SabViews } from './blocks.ts';
import {
  BLOCK_FREE,
  BLOCK_LIVE,
  BLOCK_SPARE,
  BLOCK_WORDS,
  B_BASE,
  B_SAB_ID,
  B_SIZE,
  B_STATE,
  C_BLOCK_CAP,
  C_BLOCK_TABLE_OFF,
  HEAP_CURRENT,
  HEAP_CURRENT_GEN,
  HEAP_FREE_EPOCH,
  HEAP_LIVE_REGIONS,
  HEAP_LOCK,
  HEAP_NEXT_SAB_ID,
  HEAP_PINS,
  HEAP_SPARE,
  HEAP_SPILL_ID,
} from './layout.ts';

// Region header, at the region's base (4 words).
export const REGION_HEADER = 32;
const R_BUMP = 0; // byte offset (from the region base) of the next free byte
const R_LIVE = 1; // bytes allocated and not yet freed
const R_SEALED = 2; // OPEN, SEALED (no more allocations), RETIRED (given back or spare)
const R_RELEASED = 3; // 1 once the region's own buffer was given back (threads forget it)
const R_SIZE = 4; // the region's size in bytes
const OPEN = 0;
const SEALED = 1;
const RETIRED = 2;

const ALLOC_HEADER = 8; // [region base, allocation size] before each payload

const MIN_REGION = 64 * 1024;
/** Shared regions grow with the number of live regions (a big backlog) up to this. */
const MAX_STD_REGION = 16 * 1024 * 1024;
/** Allocations of this size or more get a region of their own. */
const DEDICATED_MIN = 48 * 1024;
const SPARE_MAX = 1024 * 1024;
const SPILL_CHUNK = 64 * 1024;
const SPILL_MAX = 1024 * 1024 * 1024;

const align8 = (n: number): number => (n + 7) & ~7;

export class Heap {
  private readonly blockTable: number;
  private readonly blockCap: number;
  private seenFreeEpoch = 0;

  constructor(
    private readonly ctl: Int32Array,
    private readonly me: ThreadIdentity,
    readonly blocks: BlockMap,
  ) {
    this.blockTable = ctl[C_BLOCK_TABLE_OFF];
    this.blockCap = ctl[C_BLOCK_CAP];
  }

  /** For BlockMap: does this buffer's header say it was given back? */
  static isReleased(ctl: Int32Array, v: SabViews): boolean {
    if (v.id === Atomics.load(ctl, HEAP_SPILL_ID)) return false;
    return Atomics.load(v.i32, R_RELEASED) === 1;
  }

  views(sabId: number): SabViews {
    return this.blocks.get(sabId);
  }

  private entry(idx: number, field: number): number {
    return this.blockTable + idx * BLOCK_WORDS + field;
  }

  private maybePrune(): void {
    const e = load(this.ctl, HEAP_FREE_EPOCH, 'heap:free-epoch');
    if (e !== this.seenFreeEpoch) {
      this.seenFreeEpoch = e;
      this.blocks.prune();
    }
  }

  /** This thread's copy of the current region's entry, valid while HEAP_CURRENT_GEN is curGen. */
  private curGen = -1;
  /** (An id, not the views: a cache must not keep a given-back buffer alive.) 0: none. */
  private curSabId = 0;
  private curBase = 0;
  private curSize = 0;

  /**
   * Stores HEAP_CURRENT (caller holds HEAP_LOCK). The generation goes first: a thread
   * that dies between the two stores leaves caches invalidated, never stale.
   */
  private setCurrent(v: number): void {
    add(this.ctl, HEAP_CURRENT_GEN, 1, 'heap:current-gen');
    store(this.ctl, HEAP_CURRENT, v, 'heap:current');
  }

  /**
   * Allocates `n` bytes; returns the buffer and sets `lastOffset` to the payload's byte
   * offset in it. The payload stays valid until `free(buffer id, offset)`.
   */
  lastOffset = 0;
  alloc(n: number): SabViews {
    const need = align8(n + ALLOC_HEADER);
    const c = this.ctl;
    lock(c, HEAP_LOCK, this.me, 'heap:alloc');
    try {
      this.maybePrune();
      if (need >= DEDICATED_MIN) return this.dedicated(need);
      // The current region's entry, from this thread's cache while HEAP_CURRENT_GEN
      // says HEAP_CURRENT was not stored since (one load instead of four).
      const gen = load(c, HEAP_CURRENT_GEN, 'heap:current-gen');
      if (gen !== this.curGen) {
        const cur = load(c, HEAP_CURRENT, 'heap:current') - 1;
        if (cur >= 0) {
          this.curSabId = load(c, this.entry(cur, B_SAB_ID), 'heap:entry');
          this.curBase = load(c, this.entry(cur, B_BASE), 'heap:entry');
          this.curSize = load(c, this.entry(cur, B_SIZE), 'heap:entry');
        } else this.curSabId = 0;
        this.curGen = gen;
      }
      if (this.curSabId !== 0) {
        const v = this.blocks.get(this.curSabId);
        const base = this.curBase;
        const size = this.curSize;
        const hdr = base >> 2;
        let bump = load(v.i32, hdr + R_BUMP, 'heap:bump');
        if (bump + need > size && load(v.i32, hdr + R_LIVE, 'heap:live') === 0) {
          bump = REGION_HEADER; // empty: rewind
        }
        if (bump + need <= size) return this.carve(v, base, bump, need);
        this.seal(v, base);
      }
      const live = load(c, HEAP_LIVE_REGIONS, 'heap:live-regions');
      const idx = this.newRegion(Math.min(MAX_STD_REGION, MIN_REGION << Math.min(live >> 2, 8)));
      this.setCurrent(idx + 1);
      return this.carve(this.entryViews(idx), load(c, this.entry(idx, B_BASE), 'heap:entry'), REGION_HEADER, need);
    } finally {
      unlock(c, HEAP_LOCK, 'heap:alloc');
    }
  }

  /**
   * A large allocation (a big segment, a large value) gets a region of its own, sealed at
   * once: it is given back as soon as that one allocation is freed, and a long-lived
   * small allocation can never pin it.
   */
  private dedicated(need: number): SabViews {
    const idx = this.newRegion(align8(need + REGION_HEADER));
    const v = this.entryViews(idx);
    const base = load(this.ctl, this.entry(idx, B_BASE), 'heap:entry');
    this.carve(v, base, REGION_HEADER, need);
    store(v.i32, (base >> 2) + R_SEALED, SEALED, 'heap:seal');
    return v;
  }

  private entryViews(idx: number): SabViews {
    return this.blocks.get(load(this.ctl, this.entry(idx, B_SAB_ID), 'heap:entry'));
  }

  private carve(v: SabViews, base: number, bump: number, need: number): SabViews {
    const hdr = base >> 2;
    add(v.i32, hdr + R_LIVE, need, 'heap:live+');
    store(v.i32, hdr + R_BUMP, bump + need, 'heap:bump');
    const at = base + bump;
    v.i32[at >> 2] = base;
    v.i32[(at >> 2) + 1] = need;
    this.lastOffset = at + ALLOC_HEADER;
    return v;
  }

  /** Seals the current region (caller holds HEAP_LOCK); gives it back if already empty. */
  private seal(v: SabViews, base: number): void {
    this.setCurrent(0);
    store(v.i32, (base >> 2) + R_SEALED, SEALED, 'heap:seal');
    if (load(v.i32, (base >> 2) + R_LIVE, 'heap:live') === 0) this.retire(v, base);
  }

  /** A new empty region of at least `size` bytes (the spare, a fresh buffer, or spill); returns its table index. */
  private newRegion(size: number): number {
    const c = this.ctl;
    const spare = load(c, HEAP_SPARE, 'heap:spare?') - 1;
    if (spare >= 0 && load(c, this.entry(spare, B_SIZE), 'heap:spare-size') >= size) {
      this.initHeader(this.entryViews(spare), load(c, this.entry(spare, B_BASE), 'heap:entry'), load(c, this.entry(spare, B_SIZE), 'heap:entry'));
      store(c, HEAP_SPARE, 0, 'heap:spare-reuse');
      store(c, this.entry(spare, B_STATE), BLOCK_LIVE, 'heap:spare-reuse');
      add(c, HEAP_LIVE_REGIONS, 1, 'heap:live-regions');
      return spare;
    }
    let idx = -1;
    for (let i = 0; i < this.blockCap; i++) {
      if (load(c, this.entry(i, B_STATE), 'heap:free-entry?') === BLOCK_FREE) {
        idx = i;
        break;
      }
    }
    if (idx < 0) throw new RangeError(`syncspec: channel heap has more than ${this.blockCap} regions`);
    let v: SabViews;
    let base: number;
    if (load(c, HEAP_PINS, 'heap:pins') === 0) {
      // Normal case: a buffer of its own, broadcast before its id is published.
      const id = add(c, HEAP_NEXT_SAB_ID, 1, 'heap:next-id');
      v = this.blocks.publish(id, new SharedArrayBuffer(size));
      base = 0;
    } else {
      size = Math.ceil(size / SPILL_CHUNK) * SPILL_CHUNK;
      base = this.spillTake(size);
      v = this.spill();
    }
    this.initHeader(v, base, size);
    store(c, this.entry(idx, B_SAB_ID), v.id, 'heap:entry-init');
    store(c, this.entry(idx, B_BASE), base, 'heap:entry-init');
    store(c, this.entry(idx, B_SIZE), size, 'heap:entry-init');
    store(c, this.entry(idx, B_STATE), BLOCK_LIVE, 'heap:entry-init');
    add(c, HEAP_LIVE_REGIONS, 1, 'heap:live-regions');
    return idx;
  }

  private initHeader(v: SabViews, base: number, size: number): void {
    const hdr = base >> 2;
    store(v.i32, hdr + R_SIZE, size, 'heap:init');
    store(v.i32, hdr + R_BUMP, REGION_HEADER, 'heap:init');
    store(v.i32, hdr + R_LIVE, 0, 'heap:init');
    store(v.i32, hdr + R_RELEASED, 0, 'heap:init');
    store(v.i32, hdr + R_SEALED, OPEN, 'heap:init');
  }

  /** Frees the allocation whose payload is at `offset` in buffer `sabId`. */
  free(sabId: number, offset: number): void {
    const v = this.blocks.get(sabId);
    const at = (offset - ALLOC_HEADER) >> 2;
    const base = v.i32[at];
    const size = v.i32[at + 1];
    const hdr = base >> 2;
    const left = sub(v.i32, hdr + R_LIVE, size, 'heap:live-') - size;
    if (left === 0) {
      const sealed = load(v.i32, hdr + R_SEALED, 'heap:sealed?');
      if (sealed === SEALED) {
        lock(this.ctl, HEAP_LOCK, this.me, 'heap:free');
        try {
          this.retire(v, base);
        } finally {
          unlock(this.ctl, HEAP_LOCK, 'heap:free');
        }
      } else if (sealed === OPEN && load(v.i32, hdr + R_SIZE, 'heap:size') > SPARE_MAX) {
        // A big current region (grown during a big backlog) that just became empty:
        // give it back now rather than keep it as the current region.
        lock(this.ctl, HEAP_LOCK, this.me, 'heap:free');
        try {
          if (load(v.i32, hdr + R_LIVE, 'heap:live') === 0 && load(v.i32, hdr + R_SEALED, 'heap:sealed?') === OPEN) {
            const cur = load(this.ctl, HEAP_CURRENT, 'heap:current') - 1;
            if (cur >= 0 && load(this.ctl, this.entry(cur, B_SAB_ID), 'heap:entry') === v.id && load(this.ctl, this.entry(cur, B_BASE), 'heap:entry') === base) {
              this.seal(v, base);
            }
          }
        } finally {
          unlock(this.ctl, HEAP_LOCK, 'heap:free');
        }
      }
    }
    this.maybePrune();
  }

  private findEntry(sabId: number, base: number): number {
    for (let i = 0; i < this.blockCap; i++) {
      if (
        load(this.ctl, this.entry(i, B_STATE), 'heap:find') !== BLOCK_FREE &&
        load(this.ctl, this.entry(i, B_SAB_ID), 'heap:find') === sabId &&
        load(this.ctl, this.entry(i, B_BASE), 'heap:find') === base
      ) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Gives a sealed, empty region back (caller holds HEAP_LOCK). Exactly once: the
   * SEALED -> RETIRED transition is the guard, since both the sealer and the last freer
   * may get here.
   */
  private retire(v: SabViews, base: number): void {
    const hdr = base >> 2;
    if (cas(v.i32, hdr + R_SEALED, SEALED, RETIRED, 'heap:retire') !== SEALED) return;
    const idx = this.findEntry(v.id, base);
    if (idx < 0) return;
    const c = this.ctl;
    const size = load(c, this.entry(idx, B_SIZE), 'heap:entry');
    sub(c, HEAP_LIVE_REGIONS, 1, 'heap:live-regions');
    if (v.id === load(c, HEAP_SPILL_ID, 'heap:spill-id')) {
      this.spillGive(base, size);
      store(c, this.entry(idx, B_STATE), BLOCK_FREE, 'heap:entry-free');
      return;
    }
    if (size <= SPARE_MAX && load(c, HEAP_SPARE, 'heap:spare?') === 0) {
      store(c, this.entry(idx, B_STATE), BLOCK_SPARE, 'heap:entry-spare');
      store(c, HEAP_SPARE, idx + 1, 'heap:entry-spare');
      return;
    }
    store(c, this.entry(idx, B_STATE), BLOCK_FREE, 'heap:entry-free');
    store(v.i32, hdr + R_RELEASED, 1, 'heap:released');
    add(c, HEAP_FREE_EPOCH, 1, 'heap:free-epoch');
    this.blocks.release(v.id);
  }

  // ---- spill arena (see header) ----------------------------------------------------

  /** The spill arena, created (and broadcast) on first use; caller holds HEAP_LOCK. */
  private spill(): SabViews {
    const c = this.ctl;
    const id = load(c, HEAP_SPILL_ID, 'heap:spill-id');
    if (id !== 0) return this.blocks.get(id);
    const nid = add(c, HEAP_NEXT_SAB_ID, 1, 'heap:next-id');
    const sab = growableSharedArrayBuffer(SPILL_CHUNK, SPILL_MAX);
    new Int32Array(sab)[0] = 1; // chunk 0 holds the chunk map
    // The id first (no other thread can look it up before we release HEAP_LOCK), so
    // that Heap.isReleased never mistakes the arena's chunk map for a region header.
    store(c, HEAP_SPILL_ID, nid, 'heap:spill-id');
    return this.blocks.publish(nid, sab);
  }

  /** First fit of `size` bytes (whole chunks) in the spill arena, growing it if needed. */
  private spillTake(size: number): number {
    let v = this.spill();
    const k = size / SPILL_CHUNK;
    let chunks = v.sab.byteLength / SPILL_CHUNK;
    let run = 0;
    for (let i = 1; i < chunks; i++) {
      if (load(v.i32, i, 'heap:chunk?') === 0) {
        if (++run === k) return this.spillMark(v, i - k + 1, k, 1);
      } else run = 0;
    }
    const from = chunks - run;
    const target = Math.min(SPILL_MAX / SPILL_CHUNK, Math.max(from + k, chunks * 2));
    if (from + k > target) throw new RangeError('syncspec: channel spill arena exhausted (1 GiB while a handle was in flight)');
    growSharedArrayBuffer(v.sab, target * SPILL_CHUNK);
    v = this.blocks.get(v.id);
    chunks = target;
    return this.spillMark(v, from, k, 1);
  }

  private spillMark(v: SabViews, first: number, k: number, value: number): number {
    for (let i = first; i < first + k; i++) store(v.i32, i, value, 'heap:chunk-mark');
    return first * SPILL_CHUNK;
  }

  private spillGive(base: number, size: number): void {
    this.spillMark(this.spill(), base / SPILL_CHUNK, size / SPILL_CHUNK, 0);
  }

  // ---- pins (handles in flight) ------------------------------------------------------

  /**
   * Pins the heap for a handle about to travel to another thread and returns every
   * buffer that thread needs: the live and spare regions' buffers and the spill arena.
   */
  pin(): [number, SharedArrayBuffer][] {
    const c = this.ctl;
    lock(c, HEAP_LOCK, this.me, 'heap:pin');
    try {
      this.spill();
      add(c, HEAP_PINS, 1, 'heap:pin');
      const ids = new Set<number>([load(c, HEAP_SPILL_ID, 'heap:spill-id')]);
      for (let i = 0; i < this.blockCap; i++) {
        if (load(c, this.entry(i, B_STATE), 'heap:pin-scan') !== BLOCK_FREE) ids.add(load(c, this.entry(i, B_SAB_ID), 'heap:pin-scan'));
      }
      // Resolved under the lock, so none of them can be given back meanwhile.
      return [...ids].map((id) => [id, this.blocks.get(id).sab]);
    } finally {
      unlock(c, HEAP_LOCK, 'heap:pin');
    }
  }

  unpin(): void {
    lock(this.ctl, HEAP_LOCK, this.me, 'heap:unpin');
    try {
      sub(this.ctl, HEAP_PINS, 1, 'heap:unpin');
    } finally {
      unlock(this.ctl, HEAP_LOCK, 'heap:unpin');
    }
  }
}
