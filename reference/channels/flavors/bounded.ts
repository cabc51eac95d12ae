// sync_channel(n), n >= 1: a ring of n slots in the control buffer.
//
// Send side: TAIL_LOCK (which also says "no receiver left" by being CLOSED) guards the
// tail position and the slot writes; the commit is the store of the new tail. A thread
// that holds every sender skips the lock (exclusive.ts). Receive side: the head
// position, committed by a store; an mpsc receiver is alone on its side and takes no
// lock, mpmc receivers share HEAD_LOCK. Each side caches the other's position and
// re-reads it only when its cached value says full/empty, and wakes the other side only
// when that side's waiting counter is non-zero. So a message costs a handful of atomic
// operations per side and no shared line is written by both sides (perf-anchors.md,
// design consequences 1 and 2).
//
// Positions run modulo `core.modulus`, a multiple of n (layout.ts: ringModulus).

import { schedulePoint } from '../../schedule/hooks.ts';
import { load, store } from '../../runtime/atomics.ts';
import { isClosed, lock, unlock } from '../../runtime/lock.ts';
import { Image, discard, readImage, writeImage } from '../codec.ts';
import type { ChannelCore } from '../core.ts';
import { HEAD, HEAD_LOCK, RECV_GONE_BIT, RECV_WAITING, SEND_WAITING, SENDERS_GONE, SLOT_WORDS, TAIL, TAIL_LOCK, WAITING_MASK } from '../layout.ts';
import { abandon, closeReceiving, receiversGoneSignal } from './exclusive.ts';
import type { FlavorImpl, RecvTry, SendTry } from './flavor.ts';
import { wakeOneReceiver, wakeOneSender } from './wake.ts';

function used(core: ChannelCore, tail: number, head: number): number {
  const d = tail - head;
  return d < 0 ? d + core.modulus : d;
}

function next(core: ChannelCore, p: number): number {
  return p + 1 === core.modulus ? 0 : p + 1;
}

function slot(core: ChannelCore, p: number): number {
  return core.ringOff + (p % core.capacity) * SLOT_WORDS;
}

function trySend(core: ChannelCore, img: Image): SendTry {
  if (core.exclusiveSender) return trySendExclusive(core, img);
  const c = core.ctl;
  if (lock(c, TAIL_LOCK, core.me, 'send:tail') === 'closed') return 'closed';
  const t = load(c, TAIL, 'send:tail-pos');
  // If another sender moved the tail since our last send, our cached head may be
  // arbitrarily old (even a whole modulus behind): re-read it.
  if (core.lastTail !== t || used(core, t, core.cachedHead) >= core.capacity) {
    core.cachedHead = load(c, HEAD, 'send:head-pos');
    if (used(core, t, core.cachedHead) >= core.capacity) {
      unlock(c, TAIL_LOCK, 'send:tail');
      return 'full';
    }
  }
  schedulePoint('send:write-slot');
  writeImage(c, slot(core, t), img);
  const nt = next(core, t);
  store(c, TAIL, nt, 'send:commit');
  core.lastTail = nt;
  unlock(c, TAIL_LOCK, 'send:tail');
  if ((load(c, RECV_WAITING, 'send:receivers-waiting?') & WAITING_MASK) !== 0) wakeOneReceiver(core);
  return 'ok';
}

function trySendExclusive(core: ChannelCore, img: Image): SendTry {
  if (core.sendGone) return 'closed';
  const c = core.ctl;
  const t = core.localTail;
  if (used(core, t, core.cachedHead) >= core.capacity) {
    core.cachedHead = load(c, HEAD, 'send:head-pos');
    if (used(core, t, core.cachedHead) >= core.capacity) {
      // Disconnected wins over Full (CHAN-BND-3).
      if (!receiversGoneSignal(core)) return 'full';
      core.sendGone = true;
      return 'closed';
    }
  }
  schedulePoint('send:write-slot');
  writeImage(c, slot(core, t), img);
  const nt = next(core, t);
  store(c, TAIL, nt, 'send:commit');
  core.localTail = nt;
  const signal = load(c, RECV_WAITING, 'send:signal');
  if (signal !== 0) {
    if ((signal & RECV_GONE_BIT) !== 0) return abandon(core, t, (p, closed) => before(core, p, closed), drainLocked);
    wakeOneReceiver(core);
  }
  return 'ok';
}

/** Is position `p` before `closedTail` (among the positions a ring can hold)? */
function before(core: ChannelCore, p: number, closedTail: number): boolean {
  const d = used(core, closedTail, p);
  return d > 0 && d <= core.capacity;
}

function tryRecv(core: ChannelCore, img: Image): RecvTry {
  const c = core.ctl;
  const mpmc = core.mpmc;
  if (mpmc) lock(c, HEAD_LOCK, core.me, 'recv:head');
  let h: number;
  if (mpmc || !core.headCached) {
    h = load(c, HEAD, 'recv:head-pos');
  } else h = core.localHead;
  let avail = used(core, core.cachedTail, h);
  // 0: maybe empty; > capacity: another receiver (mpmc) overtook our cached tail.
  if (avail === 0 || avail > core.capacity) {
    core.cachedTail = load(c, TAIL, 'recv:tail-pos');
    avail = used(core, core.cachedTail, h);
    if (avail === 0) {
      // Senders commit before they drop, so once SENDERS_GONE is seen a re-read of the
      // tail shows every value ever sent (CHAN-DRAIN-1).
      const gone = load(c, SENDERS_GONE, 'recv:senders-gone?') !== 0;
      if (gone) core.cachedTail = load(c, TAIL, 'recv:tail-pos');
      if (!gone || core.cachedTail === h) {
        if (mpmc) unlock(c, HEAD_LOCK, 'recv:head');
        return gone ? 'disconnected' : 'empty';
      }
    }
  }
  schedulePoint('recv:read-slot');
  readImage(c, slot(core, h), img);
  const nh = next(core, h);
  store(c, HEAD, nh, 'recv:commit');
  if (mpmc) unlock(c, HEAD_LOCK, 'recv:head');
  else {
    core.localHead = nh;
    core.headCached = true;
  }
  if (load(c, SEND_WAITING, 'recv:senders-waiting?') !== 0) wakeOneSender(core);
  return 'ok';
}

function recvReady(core: ChannelCore): boolean {
  const c = core.ctl;
  return load(c, TAIL, 'recv-ready:tail') !== load(c, HEAD, 'recv-ready:head') || load(c, SENDERS_GONE, 'recv-ready:gone') !== 0;
}

function sendReady(core: ChannelCore): boolean {
  const c = core.ctl;
  if (isClosed(c, TAIL_LOCK, 'send-ready:closed') || core.sendGone) return true;
  return used(core, load(c, TAIL, 'send-ready:tail'), load(c, HEAD, 'send-ready:head')) < core.capacity;
}

const scratch = new Image();

/** Destroys the values in [HEAD, TAIL) (HEAD_LOCK held, no receiver left); returns TAIL. */
function drainLocked(core: ChannelCore): number {
  const c = core.ctl;
  const t = load(c, TAIL, 'drain:tail-pos');
  let h = load(c, HEAD, 'drain:head-pos');
  while (h !== t) {
    readImage(c, slot(core, h), scratch);
    h = next(core, h);
    store(c, HEAD, h, 'drain:discard');
    discard(scratch, core.heap);
  }
  return t;
}

export const bounded: FlavorImpl = { trySend, tryRecv, recvReady, sendReady, closeReceiving: (core) => closeReceiving(core, drainLocked) };
