// The operations, independent of flavor: a non-blocking attempt first (the fast path,
// no allocation beyond the result), and, when it would block, a generator that
// registers in waiter tables, re-checks, and yields "wait for this record until this
// deadline". The generators are driven either synchronously (Atomics.wait through
// hooks.park: workers) or asynchronously (Atomics.waitAsync: reactor.ts, the main
// thread), so the blocking logic exists once.
//
// The receive side is written once, as select: `recv` is a select over one receiver.
//   1. try every receiver (from a random start: XB-SEL-1 wants no bias);
//   2. register one wait record in every receiver's table;
//   3. re-check readiness (consuming nothing); if ready, abort the record instead of
//      waiting; else wait;
//   4. unregister everywhere. A rendezvous sender may have completed the exchange into
//      our packet (the record was selected by it): that is the result. Otherwise go to
//      1, starting with the receiver that selected us, if any (it has something, and
//      trying it first keeps a wakeup from being lost for the other receivers).
// A record is selected at most once (CAS from WAITING), so at most one receive
// completes: "exactly one".

import { isControlled } from '../schedule/hooks.ts';
import { cas, load } from '../runtime/atomics.ts';
import { lock, unlock } from '../runtime/lock.ts';
import { PHASE_ABORTED, PHASE_SELECTED, PHASE_WAITING, phaseOf, recordState, selOf } from '../runtime/registry.ts';
import { ticketState, type WaitEnd, type WaitTicket } from '../runtime/thread.ts';
import { TIMED_OUT, type Arm, type Op } from '../runtime/wait-op.ts';
import { Image, decode, discard } from './codec.ts';
import type { ChannelCore } from './core.ts';
import type { RecvTry, SendTry } from './flavors/flavor.ts';
import { handOff } from './flavors/rendezvous.ts';
import { ENTRY_FILLED, ENTRY_FREE, ENTRY_TAKEN, E_STATE, STATE_LOCK } from './layout.ts';
import { reapIfNeeded, receiversGone } from './ownership.ts';
import { DISCONNECTED, OK, disconnectedValue, okValue, type SendResult, type Selected } from './results.ts';
import { clear, entryWord, owns, register, unregister, type Table } from './waiters.ts';

/** What a blocking generator waits for. */
export { TIMED_OUT, runSync, syncArm, type Arm, type Op, type WaitRequest } from '../runtime/wait-op.ts';

function withState<T>(core: ChannelCore, label: string, f: () => T): T {
  lock(core.ctl, STATE_LOCK, core.me, label);
  try {
    return f();
  } finally {
    unlock(core.ctl, STATE_LOCK, label);
  }
}

/** Takes the record out of WAITING ourselves; false if a waker selected it first. */
function abort(core: ChannelCore, t: WaitTicket): boolean {
  const from = recordState(t.seq, 0, PHASE_WAITING);
  return cas(core.registry.i32, t.word, from, recordState(t.seq, 0, PHASE_ABORTED), 'wait:abort') === from;
}

// ---- non-blocking attempts ------------------------------------------------------------

/** One send attempt; a dead receiver thread is noticed on 'full' (and at new segments). */
export function trySendImage(core: ChannelCore, img: Image): SendTry {
  let r = core.impl.trySend(core, img);
  if (r === 'ok') {
    if (core.checkDeathsSoon) {
      core.checkDeathsSoon = false;
      reapIfNeeded(core);
    }
    return r;
  }
  if (r === 'full' && reapIfNeeded(core)) r = core.impl.trySend(core, img);
  return r;
}

/** One receive attempt; a dead sender thread is noticed on 'empty'. */
export function tryRecvImage(core: ChannelCore, img: Image): RecvTry {
  let r = core.impl.tryRecv(core, img);
  if (r === 'empty' && reapIfNeeded(core)) r = core.impl.tryRecv(core, img);
  return r;
}

/**
 * A send found no room: spin a little re-reading the positions before the blocking
 * machinery (perf-anchors.md: a brief spin keeps two busy threads out of the
 * park/wake regime). Buffered flavors only: a rendezvous sender registers at once.
 */
export function spinSend(core: ChannelCore, img: Image, spin: number): SendTry {
  let r: SendTry = 'full';
  if (core.rendezvous) return r;
  for (let k = 0; k < spin && r === 'full'; k++) if (core.impl.sendReady(core)) r = trySendImage(core, img);
  return r;
}

/** A receive found nothing: spin a little before registering as a waiter. */
export function spinRecv(core: ChannelCore, img: Image, spin: number): RecvTry {
  let r: RecvTry = 'empty';
  for (let k = 0; k < spin && r === 'empty'; k++) if (core.impl.recvReady(core)) r = tryRecvImage(core, img);
  return r;
}

// ---- spinning and collecting ------------------------------------------------------

/**
 * Before registering as a waiter, re-read the other side's position a bounded number of
 * times (perf-anchors.md: a brief spin keeps two busy threads out of the 15-20 µs
 * park/wake regime). Registering is what makes the other side take the state lock to
 * wake us, so it is worth avoiding when the wait would be short. Never in controlled
 * runs (`spin` is 0 there, see effectiveSpin) and never in async waits.
 */
function spinUntil(ready: () => boolean, spin: number): boolean {
  for (let k = 0; k < spin; k++) if (ready()) return true;
  return false;
}

/**
 * Removes our entry `e` from a table after the wait. An entry that a waker completed
 * (FILLED / TAKEN: only we change it from there) or already removed needs no lock; a
 * still-WAITING one does (a waker may be handling it right now).
 */
function collect(core: ChannelCore, table: Table, e: number, t: WaitTicket, packet: Image | null): number {
  if (!owns(table, e, t)) return ENTRY_FREE;
  const st = load(core.ctl, entryWord(table, e, E_STATE), 'collect:entry');
  if (st === ENTRY_FILLED || st === ENTRY_TAKEN) return unregister(table, e, t, packet);
  return withState(core, 'collect', () => unregister(table, e, t, packet));
}

// ---- send -------------------------------------------------------------------------------

/** Blocking send of an encoded value after a first attempt found no room. */
export function* sendOp<T>(core: ChannelCore, value: T, img: Image, arm: Arm, spin: number): Op<SendResult<T>> {
  return core.rendezvous ? yield* sendRendezvous(core, value, img, arm, spin) : yield* sendBuffered(core, value, img, arm, spin);
}

function* sendBuffered<T>(core: ChannelCore, value: T, img: Image, arm: Arm, spin: number): Op<SendResult<T>> {
  let first = true; // the caller spun already (spinSend)
  for (;;) {
    if (first || !spinUntil(() => core.impl.sendReady(core), spin)) {
      first = false;
      reapIfNeeded(core);
      const t = arm();
      const e = withState(core, 'send:register', () => register(core.send, t, 0, null));
      if (core.impl.sendReady(core)) abort(core, t);
      else yield { ticket: t, deadline: Infinity, epoch: core.seenDeathEpoch };
      collect(core, core.send, e, t, null);
    }
    const r = trySendImage(core, img);
    if (r === 'ok') return OK;
    if (r !== 'full') {
      if (r === 'closed') discard(img, core.heap);
      return disconnectedValue(value);
    }
  }
}

function* sendRendezvous<T>(core: ChannelCore, value: T, img: Image, arm: Arm, spin: number): Op<SendResult<T>> {
  // No spin before registering here: a rendezvous receiver spins waiting for a sender
  // to register (selectOp), so the sender registers at once and spins afterwards, on its
  // record (runtime/thread.ts: waitSync), until a receiver has taken the value.
  void spin;
  for (;;) {
    reapIfNeeded(core);
    const t = arm();
    let e = -1;
    const first = withState(core, 'rdv-send:register', () => {
      if (receiversGone(core)) return 'closed';
      if (handOff(core, img)) return 'ok';
      e = register(core.send, t, 0, img);
      return 'wait';
    });
    if (first === 'ok') return OK;
    if (first === 'closed') {
      discard(img, core.heap);
      return disconnectedValue(value);
    }
    for (;;) {
      const end = yield { ticket: t, deadline: Infinity, epoch: core.seenDeathEpoch };
      // Taken: a receiver has the value (CHAN-RDV-1); only we touch the entry from there.
      if (owns(core.send, e, t) && load(core.ctl, entryWord(core.send, e, E_STATE), 'rdv-send:entry') === ENTRY_TAKEN) {
        unregister(core.send, e, t, null);
        return OK;
      }
      const st = withState(core, 'rdv-send:collect', () => {
        if (!owns(core.send, e, t)) return receiversGone(core) ? 'closed' : 'retry';
        const s = load(core.ctl, entryWord(core.send, e, E_STATE), 'rdv-send:entry');
        if (s === ENTRY_TAKEN) {
          clear(core.send, e, s);
          return 'ok';
        }
        if (receiversGone(core) || end === 'changed') {
          clear(core.send, e, s);
          return receiversGone(core) ? 'closed' : 'retry';
        }
        return 'wait';
      });
      if (st === 'ok') return OK;
      if (st === 'closed') {
        discard(img, core.heap);
        return disconnectedValue(value);
      }
      if (st === 'retry') break;
      reapIfNeeded(core); // woken by a death: maybe the receivers are gone now
    }
  }
}

// ---- receive / select -----------------------------------------------------------------

/** Non-blocking select: the first receiver (from a random start) with a value or disconnected, or null. */
export function trySelectNow<T>(cores: readonly ChannelCore[], img: Image, start: number): Selected<T> | null {
  const n = cores.length;
  for (let k = 0; k < n; k++) {
    const i = (start + k) % n;
    const r = tryRecvImage(cores[i], img);
    if (r === 'ok') return { index: i, outcome: okValue(decode(img, cores[i].heap) as T) };
    if (r === 'disconnected') return { index: i, outcome: DISCONNECTED };
  }
  return null;
}

export function randomStart(n: number): number {
  return n > 1 ? Math.floor(Math.random() * n) : 0;
}

/** Blocking select (and recv, recvTimeout) after a first attempt found nothing. */
export function* selectOp<T>(cores: readonly ChannelCore[], deadline: number, arm: Arm, start: number, spin: number): Op<Selected<T> | typeof TIMED_OUT> {
  const n = cores.length;
  const img = new Image();
  const packet = new Image();
  const anyReady = (): boolean => {
    for (const c of cores) if (c.impl.recvReady(c)) return true;
    return false;
  };
  let timedOut = false;
  let tried = true; // the caller made the first attempt
  for (;;) {
    if (!tried) {
      const r = trySelectNow<T>(cores, img, start);
      if (r !== null) return r;
    }
    if (timedOut) return TIMED_OUT;
    // Past the deadline already (recvTimeout(0)): no need to register. Not in controlled
    // runs, where a timeout is the coordinator's choice, made through park.
    if (deadline !== Infinity && !isControlled() && performance.now() >= deadline) return TIMED_OUT;
    if (!tried && spinUntil(anyReady, spin)) continue; // (the caller spun before the first round)
    tried = false;
    const epoch = cores[0].registry.deathEpoch();
    let reaped = false;
    for (const c of cores) reaped = reapIfNeeded(c) || reaped;
    if (reaped) continue;
    const t = arm();
    const entries = cores.map((c, i) => withState(c, 'recv:register', () => register(c.recv, t, i, null)));
    let end: WaitEnd = 'changed';
    if (anyReady()) abort(cores[0], t);
    else end = yield { ticket: t, deadline, epoch };
    if (end === 'timeout' && abort(cores[0], t)) timedOut = true; // else: selected meanwhile
    let filled = -1;
    for (let i = 0; i < n; i++) {
      if (collect(cores[i], cores[i].recv, entries[i], t, packet) === ENTRY_FILLED) filled = i;
    }
    if (filled >= 0) {
      // A rendezvous sender handed its value to us (and has returned Ok).
      if (timedOut) throw new Error('syncspec internal error: filled after abort');
      return { index: filled, outcome: okValue(decode(packet, cores[filled].heap) as T) };
    }
    const s = ticketState(cores[0].me, t);
    if (phaseOf(s) === PHASE_SELECTED) start = selOf(s);
  }
}


