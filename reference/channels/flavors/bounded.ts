// sync_channel(n), n >= 1: a ring of n slots in the control buffer.
//
// Send side: TAIL_LOCK (which also says "no receiver left" by being CLOSED) guards the
// tail position and the slot writes; the commit is the store of the new tail. Receive
// side: the head position, committed by a store; an mpsc receiver is alone on its side
// and takes no lock, mpmc receivers share HEAD_LOCK. Each side caches the other's
// position and re-reads it only when its cached value says full/empty, and wakes the
// other side only when that side's waiting counter is non-zero. So a message costs a
// handful of atomic operations per side and no shared line is written by both sides
// (perf-anchors.md, design consequences 1 and 2).
//
// Positions run modulo `core.modulus`, a multiple of n (layout.ts: ringModulus).

import { schedulePoint } from '../../schedule/hooks.ts';
import { load, store } from '../../runtime/atomics.ts';
import { closeLock, isClosed, lock, unlock } from '../../runtime/lock.ts';
import { Image, discard, readImage, writeImage } from '../codec.ts';
import type { ChannelCore } from '../core.ts';
import { HEAD, HEAD_LOCK, RECV_WAITING, SEND_WAITING, SENDERS_GONE, TAIL, TAIL_LOCK, SLOT_WORDS } from '../layout.ts';
import type { FlavorImpl, RecvTry, SendTry } from './flavor.ts';
import { wakeOneReceiver, wakeOneSender } from './wake.ts';

function used(core: ChannelCore, tail: number, head: number): number {
  const d = tail - head;
  return d < 0 ? d + core.modulus : d;
}

function next(core: ChannelCore, p: number): number {
  return p + 1 === core.modulus ? 0 : p + 1;
}

function trySend(core: ChannelCore, img: Image): SendTry {
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
  writeImage(c, core.ringOff + (t % core.capacity) * SLOT_WORDS, img);
  const nt = next(core, t);
  store(c, TAIL, nt, 'send:commit');
  core.lastTail = nt;
  unlock(c, TAIL_LOCK, 'send:tail');
  if (load(c, RECV_WAITING, 'send:receivers-waiting?') !== 0) wakeOneReceiver(core);
  return 'ok';
}

function tryRecv(core: ChannelCore, img: Image): RecvTry {
  const c = core.ctl;
  const mpmc = core.mpmc;
  if (mpmc) lock(c, HEAD_LOCK, core.me, 'recv:head');
  const h = load(c, HEAD, 'recv:head-pos');
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
  readImage(c, core.ringOff + (h % core.capacity) * SLOT_WORDS, img);
  store(c, HEAD, next(core, h), 'recv:commit');
  if (mpmc) unlock(c, HEAD_LOCK, 'recv:head');
  if (load(c, SEND_WAITING, 'recv:senders-waiting?') !== 0) wakeOneSender(core);
  return 'ok';
}

function recvReady(core: ChannelCore): boolean {
  const c = core.ctl;
  return load(c, TAIL, 'recv-ready:tail') !== load(c, HEAD, 'recv-ready:head') || load(c, SENDERS_GONE, 'recv-ready:gone') !== 0;
}

function sendReady(core: ChannelCore): boolean {
  const c = core.ctl;
  if (isClosed(c, TAIL_LOCK, 'send-ready:closed')) return true;
  return used(core, load(c, TAIL, 'send-ready:tail'), load(c, HEAD, 'send-ready:head')) < core.capacity;
}

function closeReceiving(core: ChannelCore): void {
  const c = core.ctl;
  if (lock(c, TAIL_LOCK, core.me, 'close:tail') === 'ok') closeLock(c, TAIL_LOCK, 'close:tail');
  lock(c, HEAD_LOCK, core.me, 'close:head');
  const t = load(c, TAIL, 'close:tail-pos');
  let h = load(c, HEAD, 'close:head-pos');
  const img = scratch;
  while (h !== t) {
    readImage(c, core.ringOff + (h % core.capacity) * SLOT_WORDS, img);
    h = next(core, h);
    store(c, HEAD, h, 'close:discard');
    discard(img, core.heap);
  }
  unlock(c, HEAD_LOCK, 'close:head');
}

const scratch = new Image();

export const bounded: FlavorImpl = { trySend, tryRecv, recvReady, sendReady, closeReceiving };
