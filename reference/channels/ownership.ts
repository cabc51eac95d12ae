// Who holds the channel's handles, and what happens when the last of a side is gone.
//
// Counts are kept per thread (the ownership table: thread token -> senders, receivers)
// beside the totals, so that the handles of a dead thread can be found and subtracted:
// a thread's token stops being alive when the watcher marks it dead
// (runtime/watch.ts), and the next thread to touch the channel after the registry's
// death epoch changed reaps it (reapIfNeeded). A handle in flight (descriptor made, not
// yet claimed) stays counted in the in-flight table under the thread that made it: if
// that thread dies first, the handle is reaped as dropped and a later claim fails.
//
// Disconnection (CHAN-DISC-1, XB-DISC-1):
//   last sender gone   -> SENDERS_GONE, every blocked receive is woken (CHAN-WAKE-R);
//   last receiver gone -> RECEIVERS_GONE, sends stop committing, buffered values are
//                         destroyed (CHAN-DROP-1), every blocked send is woken and returns
//                         its own value (CHAN-WAKE-S).

import { add, load, store } from '../runtime/atomics.ts';
import { lock, unlock } from '../runtime/lock.ts';
import type { ChannelCore } from './core.ts';
import {
  C_INFLIGHT_CAP,
  C_INFLIGHT_OFF,
  C_OWN_CAP,
  C_OWN_OFF,
  F_OWNER,
  F_ROLE,
  F_TOKEN,
  INFLIGHT_WORDS,
  NEXT_TOKEN,
  OWN_WORDS,
  O_RECEIVERS,
  O_SENDERS,
  O_TOKEN,
  RECEIVERS,
  RECEIVERS_GONE,
  ROLE_SENDER,
  SENDERS,
  SENDERS_GONE,
  STATE_LOCK,
} from './layout.ts';
import { wakeAll } from './waiters.ts';
import { becomeExclusive } from './flavors/exclusive.ts';

export type Role = typeof ROLE_SENDER | 2;

const roleField = (role: Role): number => (role === ROLE_SENDER ? O_SENDERS : O_RECEIVERS);
const totalWord = (role: Role): number => (role === ROLE_SENDER ? SENDERS : RECEIVERS);

function ownWord(core: ChannelCore, e: number, field: number): number {
  return core.ctl[C_OWN_OFF] + e * OWN_WORDS + field;
}

function inflightWord(core: ChannelCore, e: number, field: number): number {
  return core.ctl[C_INFLIGHT_OFF] + e * INFLIGHT_WORDS + field;
}

/** This thread's ownership entry, created if needed (STATE_LOCK held). */
function ownEntry(core: ChannelCore): number {
  const c = core.ctl;
  const tok = core.me.token;
  if (core.ownEntry >= 0 && load(c, ownWord(core, core.ownEntry, O_TOKEN), 'own:check') === tok) return core.ownEntry;
  const cap = c[C_OWN_CAP];
  let free = -1;
  for (let e = 0; e < cap; e++) {
    const t = load(c, ownWord(core, e, O_TOKEN), 'own:scan');
    if (t === tok) return (core.ownEntry = e);
    if (t === 0 && free < 0) free = e;
  }
  if (free < 0) throw new Error(`syncspec: more than ${cap} threads hold handles of one channel (channel option maxThreads)`);
  store(c, ownWord(core, free, O_SENDERS), 0, 'own:init');
  store(c, ownWord(core, free, O_RECEIVERS), 0, 'own:init');
  store(c, ownWord(core, free, O_TOKEN), tok, 'own:init');
  return (core.ownEntry = free);
}

function adjustOwn(core: ChannelCore, role: Role, delta: number): void {
  const e = ownEntry(core);
  const c = core.ctl;
  add(c, ownWord(core, e, roleField(role)), delta, 'own:count');
  if (load(c, ownWord(core, e, O_SENDERS), 'own:count') === 0 && load(c, ownWord(core, e, O_RECEIVERS), 'own:count') === 0) {
    store(c, ownWord(core, e, O_TOKEN), 0, 'own:free');
  }
}

function withState<T>(core: ChannelCore, label: string, f: () => T): T {
  lock(core.ctl, STATE_LOCK, core.me, label);
  try {
    return f();
  } finally {
    unlock(core.ctl, STATE_LOCK, label);
  }
}

/** Counts `n` new handles of `role` held by this thread (creation, clone). */
export function addHandles(core: ChannelCore, role: Role, n: number): void {
  if (role !== ROLE_SENDER) core.headCached = false;
  withState(core, 'own:add', () => {
    adjustOwn(core, role, n);
    add(core.ctl, totalWord(role), n, 'own:total+');
  });
  core.handles += n;
}

/** Counts one handle of `role` held by this thread as dropped. */
export function dropHandle(core: ChannelCore, role: Role): void {
  if (role !== ROLE_SENDER) core.headCached = false;
  withState(core, 'own:drop', () => {
    adjustOwn(core, role, -1);
    const left = add(core.ctl, totalWord(role), -1, 'own:total-') - 1;
    if (left === 0) disconnect(core, role);
  });
  releaseLocal(core);
}

function releaseLocal(core: ChannelCore): void {
  if (--core.handles === 0) core.detach();
}

/** Moves one handle out of this thread into the in-flight table; returns its token. */
export function transferOut(core: ChannelCore, role: Role): { token: number; blocks: [number, SharedArrayBuffer][] } {
  const r = withState(core, 'own:transfer', () => {
    const c = core.ctl;
    const cap = c[C_INFLIGHT_CAP];
    let e = 0;
    while (e < cap && load(c, inflightWord(core, e, F_TOKEN), 'inflight:scan') !== 0) e++;
    if (e === cap) throw new Error(`syncspec: more than ${cap} handles of one channel are in flight (channel option maxInFlight)`);
    const token = (add(c, NEXT_TOKEN, 1, 'inflight:token') + 1) & 0x7fffffff || 1;
    adjustOwn(core, role, -1);
    // Another thread may send from now on: the tail lock is needed again.
    if (role === ROLE_SENDER) core.exclusiveSender = false;
    else core.headCached = false;
    store(c, inflightWord(core, e, F_OWNER), core.me.token, 'inflight:init');
    store(c, inflightWord(core, e, F_ROLE), role, 'inflight:init');
    store(c, inflightWord(core, e, F_TOKEN), token, 'inflight:init');
    // Pinned under STATE_LOCK, so a reaper that removes this entry also unpins once.
    return { token, blocks: core.heap.pin() };
  });
  releaseLocal(core);
  return r;
}

/** Claims a handle in flight for this thread; false if it is gone (claimed, or its sender thread died). */
export function claim(core: ChannelCore, token: number, role: Role): boolean {
  const ok = withState(core, 'own:claim', () => {
    const c = core.ctl;
    const cap = c[C_INFLIGHT_CAP];
    for (let e = 0; e < cap; e++) {
      if (load(c, inflightWord(core, e, F_TOKEN), 'inflight:scan') !== token) continue;
      if (load(c, inflightWord(core, e, F_ROLE), 'inflight:role') !== role) return false;
      store(c, inflightWord(core, e, F_TOKEN), 0, 'inflight:claim');
      adjustOwn(core, role, 1);
      // The only sender left anywhere: no other thread can send until we transfer one.
      if (role === ROLE_SENDER && load(c, SENDERS, 'claim:senders') === 1) becomeExclusive(core);
      if (role !== ROLE_SENDER) core.headCached = false;
      core.heap.unpin();
      return true;
    }
    return false;
  });
  if (ok) core.handles++;
  else if (core.handles === 0) core.detach();
  return ok;
}

/** If a thread of the process died since this thread last looked, reap the channel. */
export function reapIfNeeded(core: ChannelCore): boolean {
  const epoch = core.registry.deathEpoch();
  if (epoch === core.seenDeathEpoch) return false;
  core.seenDeathEpoch = epoch;
  return withState(core, 'reap', () => reap(core));
}

/** Subtracts the handles of dead threads (STATE_LOCK held); returns whether any were found. */
function reap(core: ChannelCore): boolean {
  const c = core.ctl;
  const reg = core.registry;
  let found = false;
  const ownCap = c[C_OWN_CAP];
  for (let e = 0; e < ownCap; e++) {
    const tok = load(c, ownWord(core, e, O_TOKEN), 'reap:own');
    if (tok === 0 || reg.isAlive(tok)) continue;
    found = true;
    add(c, SENDERS, -load(c, ownWord(core, e, O_SENDERS), 'reap:senders'), 'reap:senders');
    add(c, RECEIVERS, -load(c, ownWord(core, e, O_RECEIVERS), 'reap:receivers'), 'reap:receivers');
    store(c, ownWord(core, e, O_TOKEN), 0, 'reap:own-free');
  }
  const inflightCap = c[C_INFLIGHT_CAP];
  for (let e = 0; e < inflightCap; e++) {
    if (load(c, inflightWord(core, e, F_TOKEN), 'reap:inflight') === 0) continue;
    if (reg.isAlive(load(c, inflightWord(core, e, F_OWNER), 'reap:inflight-owner'))) continue;
    found = true;
    const role = load(c, inflightWord(core, e, F_ROLE), 'reap:inflight-role') as Role;
    add(c, totalWord(role), -1, 'reap:inflight');
    store(c, inflightWord(core, e, F_TOKEN), 0, 'reap:inflight-free');
    core.heap.unpin();
  }
  if (load(c, SENDERS, 'reap:senders?') === 0 && load(c, SENDERS_GONE, 'reap:gone?') === 0) disconnect(core, ROLE_SENDER);
  if (load(c, RECEIVERS, 'reap:receivers?') === 0 && load(c, RECEIVERS_GONE, 'reap:gone?') === 0) disconnect(core, 2);
  return found;
}

/** The last handle of `role` is gone (STATE_LOCK held). */
function disconnect(core: ChannelCore, role: Role): void {
  const c = core.ctl;
  if (role === ROLE_SENDER) {
    store(c, SENDERS_GONE, 1, 'disconnect:senders');
    wakeAll(core.recv, core.registry);
  } else {
    store(c, RECEIVERS_GONE, 1, 'disconnect:receivers');
    core.impl.closeReceiving(core);
    wakeAll(core.send, core.registry);
  }
}

export function sendersGone(core: ChannelCore): boolean {
  return load(core.ctl, SENDERS_GONE, 'senders-gone?') !== 0;
}

export function receiversGone(core: ChannelCore): boolean {
  return load(core.ctl, RECEIVERS_GONE, 'receivers-gone?') !== 0;
}
