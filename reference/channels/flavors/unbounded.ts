// channel(): a linked list of segments allocated in the channel's heap (heap.ts), so
// the backlog has no fixed cap and drained segments are freed (and their regions given
// back). Segments start at 32 slots and double up to 4096, then grow with the backlog.
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
import { lock, unlock } from '../../runtime/lock.ts';
import { Image, discard, readImage, writeImage } from '../codec.ts';
import type { ChannelCore, SegmentCache } from '../core.ts';
import { abandon, closeReceiving } from './exclusive.ts';
import {
  FIRST_SEG_BIG,
  HEAD,
  HEAD_LOCK,
  HEAD_SEG_BIG,
  HEAD_SEG_GEN,
  NEXT_SEG_CAP,
  RECV_GONE_BIT,
  RECV_WAITING,
  SENDERS_GONE,
  WAITING_MASK,
  SLOT_WORDS,
  TAIL,
  TAIL_LOCK,
  TAIL_SEG_BIG,
  TAIL_SEG_GEN,
} from '../layout.ts';
import type { FlavorImpl, RecvTry, SendTry } from './flavor.ts';
import { wakeOneReceiver } from './wake.ts';

const SEG_HEADER = 16;
const BASE_SEG_CAP = 4096;
const MAX_SEG_CAP = 1 << 18;

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
  if (core.exclusiveSender) return trySendExclusive(core, img);
  const c = core.ctl;
  if (lock(c, TAIL_LOCK, core.me, 'send:tail') === 'closed') return 'closed';
  try {
    const t = load(c, TAIL, 'send:tail-pos');
    const seg = core.tailSeg;
    const gen = load(c, TAIL_SEG_GEN, 'send:seg-gen');
    if (seg.gen !== gen) loadSeg(core, seg, loadBig(core.big, TAIL_SEG_BIG, 'send:seg'), gen);
    writeAt(core, seg, t, img);
    store(c, TAIL, (t + 1) | 0, 'send:commit');
  } finally {
    unlock(c, TAIL_LOCK, 'send:tail');
  }
  if ((load(c, RECV_WAITING, 'send:receivers-waiting?') & WAITING_MASK) !== 0) wakeOneReceiver(core);
  return 'ok';
}

/** Exclusive sender (exclusive.ts): no lock; the tail segment cache is always current. */
function trySendExclusive(core: ChannelCore, img: Image): SendTry {
  if (core.sendGone) return 'closed';
  const c = core.ctl;
  const t = core.localTail;
  const seg = core.tailSeg;
  if (seg.gen === -1) loadSeg(core, seg, loadBig(core.big, TAIL_SEG_BIG, 'send:seg'), load(c, TAIL_SEG_GEN, 'send:seg-gen'));
  writeAt(core, seg, t, img);
  store(c, TAIL, (t + 1) | 0, 'send:commit');
  core.localTail = (t + 1) | 0;
  const signal = load(c, RECV_WAITING, 'send:signal');
  if (signal !== 0) {
    if ((signal & RECV_GONE_BIT) !== 0) return abandon(core, t, (p, closed) => ((closed - p) | 0) > 0, drainLocked);
    wakeOneReceiver(core);
  }
  return 'ok';
}

/** Writes the image of position `t` into the tail segment, starting a new segment if it is full. */
function writeAt(core: ChannelCore, seg: SegmentCache, t: number, img: Image): void {
  let idx = (t - seg.base) | 0;
  if (seg.views === null || idx === seg.cap) {
    newSegment(core, seg, t);
    idx = 0;
  }
  schedulePoint('send:write-slot');
  writeImage(seg.views!.i32, slotIndex(seg, idx), img);
}

function newSegment(core: ChannelCore, seg: SegmentCache, t: number): void {
  const c = core.ctl;
  // Segments double from 32 slots to 4096, and beyond that grow with the backlog (a
  // 32nd of it, up to 2^18 slots = 4 MiB), so that a huge backlog needs few segments
  // (the heap holds at most 1024 regions) while what stays after it drains is small.
  const backlog = (t - load(c, HEAD, 'send:head-pos')) | 0;
  let cap = load(c, NEXT_SEG_CAP, 'send:seg-cap');
  while (cap < MAX_SEG_CAP && cap * 32 < backlog) cap *= 2;
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
  store(c, NEXT_SEG_CAP, Math.min(cap * 2, BASE_SEG_CAP), 'send:seg-cap');
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
    const h = mpmc || !core.headCached ? load(c, HEAD, 'recv:head-pos') : core.localHead;
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
    if (!mpmc) {
      core.localHead = (h + 1) | 0;
      core.headCached = true;
    }
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

/** Destroys the values in [HEAD, TAIL) (HEAD_LOCK held, no receiver left); returns TAIL. */
function drainLocked(core: ChannelCore): number {
  const c = core.ctl;
  const seg = core.headSeg;
  const gen = load(c, HEAD_SEG_GEN, 'drain:seg-gen');
  if (seg.gen !== gen) loadSeg(core, seg, loadBig(core.big, HEAD_SEG_BIG, 'drain:seg'), gen);
  const t = load(c, TAIL, 'drain:tail-pos');
  let h = load(c, HEAD, 'drain:head-pos');
  while (h !== t) {
    let idx = (h - seg.base) | 0;
    if (seg.views === null || idx === seg.cap) {
      advanceHead(core, seg);
      idx = 0;
    }
    readImage(seg.views!.i32, slotIndex(seg, idx), scratch);
    h = (h + 1) | 0;
    store(c, HEAD, h, 'drain:discard');
    discard(scratch, core.heap);
  }
  // The segment the head is in stays: an exclusive sender may still be writing into it
  // (exclusive.ts); it goes with the channel.
  return t;
}

export const unbounded: FlavorImpl = { trySend, tryRecv, recvReady, sendReady, closeReceiving: (core) => closeReceiving(core, drainLocked) };
