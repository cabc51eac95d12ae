// sync_channel(0): no buffer; a value passes directly from a blocked operation's packet.
// Like std (mpmc/zero.rs), the whole flavor runs under one mutex, STATE_LOCK.
//
// A blocked `send` registers a send entry whose packet holds its value; a blocked
// receive registers a receive entry with an empty packet. A newcomer of the other side
// completes the exchange under the lock: it selects the waiter's record (a CAS that a
// select over several channels lets succeed once), moves the value — into the
// receiver's packet (FILLED), or out of the sender's (TAKEN) — and wakes the waiter.
// Hence try_send succeeds only while some receive is blocked (CHAN-RDV-2), try_recv only
// while some send is blocked, and that send then returns Ok (CHAN-RDV-3).
//
// The blocking halves (registering, waiting, collecting the packet) are in ops.ts.

import { add, load, store } from '../../runtime/atomics.ts';
import { lock, unlock } from '../../runtime/lock.ts';
import { discard, readImage, writeImage, type Image } from '../codec.ts';
import type { ChannelCore } from '../core.ts';
import {
  ENTRY_FILLED,
  ENTRY_TAKEN,
  ENTRY_WAITING,
  E_PACKET,
  E_RECORD,
  E_STATE,
  RECEIVERS_GONE,
  RECV_WAITING,
  SEND_WAITING,
  SENDERS_GONE,
  STATE_LOCK,
} from '../layout.ts';
import { clear, entryWord, recount, select, waitingCount } from '../waiters.ts';
import type { FlavorImpl, RecvTry, SendTry } from './flavor.ts';

/** Gives `img` to a blocked receive, if there is one (STATE_LOCK held). */
export function handOff(core: ChannelCore, img: Image): boolean {
  const t = core.recv;
  if (waitingCount(t) === 0) return false;
  const c = core.ctl;
  for (let e = 0; e < t.cap; e++) {
    if (load(c, entryWord(t, e, E_STATE), 'rdv-send:scan') !== ENTRY_WAITING) continue;
    if (select(t, core.registry, e)) {
      writeImage(c, entryWord(t, e, E_PACKET), img);
      store(c, entryWord(t, e, E_STATE), ENTRY_FILLED, 'rdv-send:fill');
      add(c, RECV_WAITING, -1, 'rdv-send:waiting-');
      core.registry.wakeOwner(load(c, entryWord(t, e, E_RECORD), 'rdv-send:record'));
      return true;
    }
    // That operation timed out or was completed through another channel of its select.
    clear(t, e, ENTRY_WAITING);
  }
  recount(t);
  return false;
}

/** Takes the value of a blocked send into `img`, if there is one (STATE_LOCK held). */
export function takeFromSender(core: ChannelCore, img: Image): boolean {
  const t = core.send;
  if (waitingCount(t) === 0) return false;
  const c = core.ctl;
  for (let e = 0; e < t.cap; e++) {
    if (load(c, entryWord(t, e, E_STATE), 'rdv-recv:scan') !== ENTRY_WAITING) continue;
    if (select(t, core.registry, e)) {
      readImage(c, entryWord(t, e, E_PACKET), img);
      store(c, entryWord(t, e, E_STATE), ENTRY_TAKEN, 'rdv-recv:take');
      add(c, SEND_WAITING, -1, 'rdv-recv:waiting-');
      core.registry.wakeOwner(load(c, entryWord(t, e, E_RECORD), 'rdv-recv:record'));
      return true;
    }
    // The sender's record moved on without it (it died): drop its value.
    readImage(c, entryWord(t, e, E_PACKET), img);
    clear(t, e, ENTRY_WAITING);
    discard(img, core.heap);
  }
  recount(t);
  return false;
}

function trySend(core: ChannelCore, img: Image): SendTry {
  const c = core.ctl;
  // Without the lock first: with no receive registered the answer is Full (or
  // Disconnected) at the moment of these loads, as under the lock, and a blocking send
  // then registers at once (ops.ts) instead of taking the lock twice per message.
  if (load(c, RECEIVERS_GONE, 'rdv-send:receivers-gone?') !== 0) return 'closed';
  if (waitingCount(core.recv) === 0) return 'full';
  lock(c, STATE_LOCK, core.me, 'rdv-send');
  try {
    if (load(c, RECEIVERS_GONE, 'rdv-send:receivers-gone?') !== 0) return 'closed';
    return handOff(core, img) ? 'ok' : 'full';
  } finally {
    unlock(c, STATE_LOCK, 'rdv-send');
  }
}

function tryRecv(core: ChannelCore, img: Image): RecvTry {
  const c = core.ctl;
  // Without the lock first: no send registered means Empty, or Disconnected once no
  // sender is left (a registered sender holds a sender, so the count is read first).
  if (waitingCount(core.send) === 0) return load(c, SENDERS_GONE, 'rdv-recv:senders-gone?') !== 0 ? 'disconnected' : 'empty';
  lock(c, STATE_LOCK, core.me, 'rdv-recv');
  try {
    if (takeFromSender(core, img)) return 'ok';
    return load(c, SENDERS_GONE, 'rdv-recv:senders-gone?') !== 0 ? 'disconnected' : 'empty';
  } finally {
    unlock(c, STATE_LOCK, 'rdv-recv');
  }
}

function recvReady(core: ChannelCore): boolean {
  return waitingCount(core.send) !== 0 || load(core.ctl, SENDERS_GONE, 'recv-ready:gone') !== 0;
}

function sendReady(core: ChannelCore): boolean {
  return waitingCount(core.recv) !== 0 || load(core.ctl, RECEIVERS_GONE, 'send-ready:gone') !== 0;
}

function closeReceiving(): void {
  // Nothing is buffered; blocked senders are woken by the caller and take their values back.
}

export const rendezvous: FlavorImpl = { trySend, tryRecv, recvReady, sendReady, closeReceiving };
