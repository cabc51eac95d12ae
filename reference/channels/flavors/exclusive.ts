// The exclusive-sender fast path of the buffered flavors.
//
// When one thread holds every sender of a channel and none is in flight
// (core.exclusiveSender), no other thread can send, so the tail lock is not needed to
// order senders: a send is "write the slot, store the new tail, read the receivers'
// signal word" — two atomic operations, as in the minimal ring of perf-anchors.md.
//
// What the lock also did was to stop sends from committing once the last receiver is
// gone. Without it, the receiver's drop and a send meet Dekker-style:
//   drop (closeReceiving, under HEAD_LOCK): set RECV_GONE_BIT in the signal word; load
//        the tail; destroy the buffered values up to it; record it as CLOSED_TAIL.
//   send: store the new tail; load the signal word.
// Both sequentially consistent, so a send that does not see the bit committed before
// the drop's tail load: it linearizes before the drop and returns Ok (its value was
// received, or destroyed by the drop: CHAN-SEND-2). A send that sees the bit takes
// HEAD_LOCK (so the drop's drain is over) and compares its position with CLOSED_TAIL:
// below it, Ok as before; at or past it, it committed after the drop, so it destroys
// what is left itself and returns Disconnected (CHAN-SEND-3). From then on this thread
// knows the channel is closed (core.sendGone) and writes nothing more.
//
// An exclusive sender never holds a lock, so its death needs no repair: its last send
// is committed or not.

import { load, or, store } from '../../runtime/atomics.ts';
import { closeLock, lock, unlock } from '../../runtime/lock.ts';
import type { ChannelCore } from '../core.ts';
import { CLOSED_TAIL, HEAD_LOCK, RECV_GONE_BIT, RECV_WAITING, TAIL, TAIL_LOCK } from '../layout.ts';
import type { SendTry } from './flavor.ts';

/**
 * After an exclusive send committed position `pos` and saw RECV_GONE_BIT: Ok if the
 * commit came before the drop, else destroy the values left (ours included) and 'gone'.
 */
export function abandon(core: ChannelCore, pos: number, before: (pos: number, closedTail: number) => boolean, drainLocked: (core: ChannelCore) => number): SendTry {
  core.sendGone = true;
  const c = core.ctl;
  lock(c, HEAD_LOCK, core.me, 'send:abandon');
  try {
    if (before(pos, load(c, CLOSED_TAIL, 'send:closed-tail'))) return 'ok';
    drainLocked(core);
    return 'gone';
  } finally {
    unlock(c, HEAD_LOCK, 'send:abandon');
  }
}

/**
 * The last receiver is gone: the drop's part of the protocol above, shared by the
 * buffered flavors. Caller holds STATE_LOCK. Senders that use TAIL_LOCK are shut out
 * first (closing a lock a dead thread held needs no repair, see above); then, under
 * HEAD_LOCK, the gone bit is set, the buffered values are destroyed and the tail they
 * ended at is recorded for exclusive senders racing the drop.
 */
export function closeReceiving(core: ChannelCore, drainLocked: (core: ChannelCore) => number): void {
  const c = core.ctl;
  if (lock(c, TAIL_LOCK, core.me, 'close:tail') === 'ok') closeLock(c, TAIL_LOCK, 'close:tail');
  lock(c, HEAD_LOCK, core.me, 'close:head');
  try {
    or(c, RECV_WAITING, RECV_GONE_BIT, 'close:gone-bit');
    store(c, CLOSED_TAIL, drainLocked(core), 'close:closed-tail');
  } finally {
    unlock(c, HEAD_LOCK, 'close:head');
  }
}

/** The signal word says no receiver is left. */
export function receiversGoneSignal(core: ChannelCore): boolean {
  return (load(core.ctl, RECV_WAITING, 'send:signal') & RECV_GONE_BIT) !== 0;
}

/** Takes over the tail as an exclusive sender (channel creation, or a claim that left us the only sender). */
export function becomeExclusive(core: ChannelCore): void {
  core.exclusiveSender = true;
  core.localTail = load(core.ctl, TAIL, 'exclusive:tail');
  core.tailSeg.gen = -1; // reload the unbounded tail segment from shared memory
}
