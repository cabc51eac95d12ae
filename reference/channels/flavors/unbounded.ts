// channel(): a linked list of segments allocated in the channel's heap (heap.ts), so
// the backlog has no fixed cap and drained segments are freed (and their regions given
// back). Segments start at 32 slots and double up to 4096.
//
// Segment layout (byte offsets from the segment's start, which is 8-aligned):
//   0  next: BigInt64 ref of the following segment ((buffer id << 32) | offset), 0 = none
//   8  base: position of slot 0
//   12 cap:  slot count
//   16 slots, 16 bytes each (a value image, codec.ts)
//
// Positions are int32 counters that wrap; a slot's index is `position - base`.
// Send side (TAIL_LOCK): when the tail segment is full, allocate a new one, link it from
// the old one (or from FIRST_SEG for the very first), publish it in TAIL_SEG with one
// 64-bit store, and bump TAIL_SEG_GEN so that other senders' caches notice. The value
// is committed by the store of the new tail, after the link: a receiver that sees the
// position also sees the link. A sender dying between these steps leaves at worst an
// unreachable segment (leaked), never a torn list.
// Receive side: at the end of a segment, follow its link, publish HEAD_SEG, free the old
// segment.

import { schedulePoint } from '../../schedule/hooks.ts';
import { add, load, loadBig, store, storeBig } from '../../runtime/atomics.ts';
import { closeLock, lock, unlock } from '../../runtime/lock.ts';
import { Image, discard, readImage, writeImage } from '../codec.ts';
import type { ChannelCore, SegmentCache } from '../core.ts';
import {
  FIRST_SEG_BIG,
  HEAD,
  HEAD_LOCK,
  HEAD_SEG_BIG,
  HEAD_SEG_GEN,
  NEXT_SEG_CAP,
  RECV_WAITING,
  SENDERS_GONE,
  SLOT_WORDS,
  TAIL,
  TAIL_LOCK,
  TAIL_SEG_BIG,
  TAIL_SEG_GEN,
} from '../layout.ts';
import type { FlavorImpl, RecvTry, SendTry } from './flavor.ts';
import { wakeOneReceiver } from './wake.ts';

const SEG_HEADER = 16;
const MAX_SEG_CAP = 4096;

function loadSeg(core: ChannelCore, seg: SegmentCache, ref: bigint, gen: number): void {
  seg.gen = gen;
  if (ref === 0n) {
    seg.views = null;
    seg.sabId = 0;
    return;
  }
  const sabId = Number(ref >> 32n);
  const offset = Number(ref & 0xffffffffn);
  const v = core.heap.views(sabId);
  seg.sabId = sabId;
  seg.offset = offset;
  seg.views = v;
  seg.base = load(v.i32, (offset >> 2) + 2, 'segment:base');
  seg.cap = load(v.i32, (offset >> 2) + 3, 'segment:cap');
}

function slotIndex(seg: SegmentCache, idx: number): number {
  return ((seg.offset + SEG_HEADER) >> 2) + idx * SLOT_WORDS;
}

function trySend(core: ChannelCore, img: Image): SendTry {
  const c = core.ctl;
  if (lock(c, TAIL_LOCK, core.me, 'send:tail') === 'closed') return 'closed';
  try {
    const t = load(c, TAIL, 'send:tail-pos');
    const seg = core.tailSeg;
    const gen = load(c, TAIL_SEG_GEN, 'send:seg-gen');
    if (seg.gen !== gen) loadSeg(core, seg, loadBig(core.big, TAIL_SEG_BIG, 'send:seg'), gen);
    let idx = (t - seg.base) | 0;
    if (seg.views === null || idx === seg.cap) {
      newSegment(core, seg, t);
      idx = 0;
    }
    schedulePoint('send:write-slot');
    writeImage(seg.views!.i32, slotIndex(seg, idx), img);
    store(c, TAIL, (t + 1) | 0, 'send:commit');
  } finally {
    unlock(c, TAIL_LOCK, 'send:tail');
  }
  if (load(c, RECV_WAITING, 'send:receivers-waiting?') !== 0) wakeOneReceiver(core);
  return 'ok';
}

function newSegment(core: ChannelCore, seg: SegmentCache, t: number): void {
  const c = core.ctl;
  const cap = load(c, NEXT_SEG_CAP, 'send:seg-cap');
  const v = core.heap.alloc(SEG_HEADER + cap * SLOT_WORDS * 4);
  const off = core.heap.lastOffset;
  storeBig(v.big, off >> 3, 0n, 'send:seg-init');
  store(v.i32, (off >> 2) + 2, t, 'send:seg-init');
  store(v.i32, (off >> 2) + 3, cap, 'send:seg-init');
  const ref = (BigInt(v.id) << 32n) | BigInt(off);
  if (seg.views !== null) storeBig(seg.views.big, seg.offset >> 3, ref, 'send:link');
  else storeBig(core.big, FIRST_SEG_BIG, ref, 'send:first-seg');
  storeBig(core.big, TAIL_SEG_BIG, ref, 'send:switch');
  const gen = add(c, TAIL_SEG_GEN, 1, 'send:seg-gen') + 1;
  if (cap < MAX_SEG_CAP) store(c, NEXT_SEG_CAP, cap * 2, 'send:seg-cap');
  seg.views = v;
  seg.sabId = v.id;
  seg.offset = off;
  seg.base = t;
  seg.cap = cap;
  seg.gen = gen;
  // A good moment to notice dead threads (unbounded sends never block otherwise).
  core.checkDeathsSoon = true;
}

/** Moves the head segment cache to the next segment and frees the drained one. */
function advanceHead(core: ChannelCore, seg: SegmentCache): void {
  const c = core.ctl;
  const nextRef = seg.views === null ? loadBig(core.big, FIRST_SEG_BIG, 'recv:first-seg') : loadBig(seg.views.big, seg.offset >> 3, 'recv:link');
  const oldId = seg.views === null ? 0 : seg.sabId;
  const oldOff = seg.offset;
  storeBig(core.big, HEAD_SEG_BIG, nextRef, 'recv:switch');
  const gen = add(c, HEAD_SEG_GEN, 1, 'recv:seg-gen') + 1;
  loadSeg(core, seg, nextRef, gen);
  if (oldId !== 0) core.heap.free(oldId, oldOff);
}

function refreshHead(core: ChannelCore, seg: SegmentCache): void {
  // An mpsc receiver is the only one to move the head segment: its cache is valid once
  // loaded. mpmc receivers check the generation under HEAD_LOCK.
  if (!core.mpmc && seg.gen !== -1) return;
  const gen = load(core.ctl, HEAD_SEG_GEN, 'recv:seg-gen');
  if (seg.gen !== gen) loadSeg(core, seg, loadBig(core.big, HEAD_SEG_BIG, 'recv:seg'), gen);
}

function tryRecv(core: ChannelCore, img: Image): RecvTry {
  const c = core.ctl;
  const mpmc = core.mpmc;
  if (mpmc) lock(c, HEAD_LOCK, core.me, 'recv:head');
  try {
    const h = load(c, HEAD, 'recv:head-pos');
    if (((core.cachedTail - h) | 0) <= 0) {
      core.cachedTail = load(c, TAIL, 'recv:tail-pos');
      if (((core.cachedTail - h) | 0) <= 0) {
        const gone = load(c, SENDERS_GONE, 'recv:senders-gone?') !== 0;
        if (gone) core.cachedTail = load(c, TAIL, 'recv:tail-pos');
        if (!gone || core.cachedTail === h) return gone ? 'disconnected' : 'empty';
      }
    }
    const seg = core.headSeg;
    refreshHead(core, seg);
    let idx = (h - seg.base) | 0;
    if (seg.views === null || idx === seg.cap) {
      advanceHead(core, seg);
      idx = 0;
    }
    schedulePoint('recv:read-slot');
    readImage(seg.views!.i32, slotIndex(seg, idx), img);
    store(c, HEAD, (h + 1) | 0, 'recv:commit');
    return 'ok';
  } finally {
    if (mpmc) unlock(c, HEAD_LOCK, 'recv:head');
  }
}

function recvReady(core: ChannelCore): boolean {
  const c = core.ctl;
  return load(c, TAIL, 'recv-ready:tail') !== load(c, HEAD, 'recv-ready:head') || load(c, SENDERS_GONE, 'recv-ready:gone') !== 0;
}

function sendReady(): boolean {
  return true; // never full
}

const scratch = new Image();

function closeReceiving(core: ChannelCore): void {
  const c = core.ctl;
  if (lock(c, TAIL_LOCK, core.me, 'close:tail') === 'ok') closeLock(c, TAIL_LOCK, 'close:tail');
  lock(c, HEAD_LOCK, core.me, 'close:head');
  try {
    const seg = core.headSeg;
    const gen = load(c, HEAD_SEG_GEN, 'close:seg-gen');
    if (seg.gen !== gen) loadSeg(core, seg, loadBig(core.big, HEAD_SEG_BIG, 'close:seg'), gen);
    const t = load(c, TAIL, 'close:tail-pos');
    let h = load(c, HEAD, 'close:head-pos');
    while (h !== t) {
      let idx = (h - seg.base) | 0;
      if (seg.views === null || idx === seg.cap) {
        advanceHead(core, seg);
        idx = 0;
      }
      readImage(seg.views!.i32, slotIndex(seg, idx), scratch);
      h = (h + 1) | 0;
      store(c, HEAD, h, 'close:discard');
      discard(scratch, core.heap);
    }
    // Nothing will be sent or received any more: give the last segment back too.
    if (seg.views !== null) {
      const id = seg.sabId;
      const off = seg.offset;
      storeBig(core.big, HEAD_SEG_BIG, 0n, 'close:seg');
      add(c, HEAD_SEG_GEN, 1, 'close:seg-gen');
      seg.views = null;
      seg.gen = -1;
      core.heap.free(id, off);
    }
  } finally {
    unlock(c, HEAD_LOCK, 'close:head');
  }
}

export const unbounded: FlavorImpl = { trySend, tryRecv, recvReady, sendReady, closeReceiving };
