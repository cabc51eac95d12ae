// Waiter tables: the operations blocked on a channel, one table per side.
//
// An entry names a registry wait record and the seq of the operation using it
// (runtime/registry.ts), plus the operation's index in its select list and, for the
// rendezvous flavor, a packet holding a value image. The owner registers and
// unregisters its entries; a waker selects an entry by CAS-ing the record from
// WAITING(seq) to SELECTED(seq, sel) — so an operation registered on several channels
// (select) is selected exactly once — and then wakes the owner's thread.
//
// The `waiting` counter (RECV_WAITING / SEND_WAITING in layout.ts) counts WAITING
// entries. The other side reads it after every commit and takes the state lock only
// when it is non-zero: "notify only when the other side is flagged as waiting".
// Registration happens before the waiter's final re-check, and the commit before the
// counter read, both sequentially consistent, so no wakeup is lost.
//
// Every function here is called with STATE_LOCK held.

import { add, cas, load, store } from '../runtime/atomics.ts';
import { PHASE_SELECTED, PHASE_WAITING, recordState } from '../runtime/registry.ts';
import type { WaitTicket } from '../runtime/thread.ts';
import type { Registry } from '../runtime/registry.ts';
import { Image, readImage, writeImage } from './codec.ts';
import {
  C_RECV_TABLE_OFF,
  C_SEND_TABLE_OFF,
  C_WAITER_CAP,
  ENTRY_FREE,
  ENTRY_WAITING,
  E_PACKET,
  E_RECORD,
  E_SEL,
  E_SEQ,
  E_STATE,
  RECV_WAITING,
  SEND_WAITING,
  WAITER_WORDS,
  WAITING_MASK,
} from './layout.ts';

export interface Table {
  readonly ctl: Int32Array;
  readonly off: number;
  readonly cap: number;
  /** Index of the WAITING counter. */
  readonly counter: number;
  readonly label: string;
  /** The schedule-point labels of this table's steps, made once (not a string per step). */
  readonly at: TableLabels;
}

type TableLabels = Readonly<Record<'clear' | 'free' | 'owns' | 'record' | 'recount' | 'register' | 'scan' | 'select' | 'selectCas' | 'unregister' | 'waitingUp' | 'waitingDown' | 'waitingQ', string>>;

function labelsOf(label: string): TableLabels {
  return {
    clear: `${label}:clear`,
    free: `${label}:free?`,
    owns: `${label}:owns`,
    record: `${label}:record`,
    recount: `${label}:recount`,
    register: `${label}:register`,
    scan: `${label}:scan`,
    select: `${label}:select`,
    selectCas: `${label}:select-cas`,
    unregister: `${label}:unregister`,
    waitingUp: `${label}:waiting+`,
    waitingDown: `${label}:waiting-`,
    waitingQ: `${label}:waiting?`,
  };
}

export function recvTable(ctl: Int32Array): Table {
  return { ctl, off: ctl[C_RECV_TABLE_OFF], cap: ctl[C_WAITER_CAP], counter: RECV_WAITING, label: 'recv-waiters', at: labelsOf('recv-waiters') };
}

export function sendTable(ctl: Int32Array): Table {
  return { ctl, off: ctl[C_SEND_TABLE_OFF], cap: ctl[C_WAITER_CAP], counter: SEND_WAITING, label: 'send-waiters', at: labelsOf('send-waiters') };
}

export function entryWord(t: Table, e: number, field: number): number {
  return t.off + e * WAITER_WORDS + field;
}

/** Adds a WAITING entry for `ticket`; `packet` (rendezvous send) is copied into it. */
export function register(t: Table, ticket: WaitTicket, sel: number, packet: Image | null): number {
  const c = t.ctl;
  for (let e = 0; e < t.cap; e++) {
    if (load(c, entryWord(t, e, E_STATE), t.at.free) !== ENTRY_FREE) continue;
    store(c, entryWord(t, e, E_RECORD), ticket.record, t.at.register);
    store(c, entryWord(t, e, E_SEQ), ticket.seq, t.at.register);
    store(c, entryWord(t, e, E_SEL), sel, t.at.register);
    if (packet !== null) writeImage(c, entryWord(t, e, E_PACKET), packet);
    store(c, entryWord(t, e, E_STATE), ENTRY_WAITING, t.at.register);
    add(c, t.counter, 1, t.at.waitingUp);
    return e;
  }
  throw new Error(`syncspec: more than ${t.cap} operations are blocked on one side of a channel (channel option maxWaiters)`);
}

/** Is entry `e` still the one `ticket` registered? */
export function owns(t: Table, e: number, ticket: WaitTicket): boolean {
  const c = t.ctl;
  return (
    load(c, entryWord(t, e, E_STATE), t.at.owns) !== ENTRY_FREE &&
    load(c, entryWord(t, e, E_RECORD), t.at.owns) === ticket.record &&
    load(c, entryWord(t, e, E_SEQ), t.at.owns) === ticket.seq
  );
}

/**
 * Removes the entry if it is still `ticket`'s; returns its state before removal
 * (ENTRY_FREE if a waker already removed it). A FILLED/TAKEN packet (only those: a
 * WAITING entry's packet words are leftovers) is copied to `packet`.
 */
export function unregister(t: Table, e: number, ticket: WaitTicket, packet: Image | null): number {
  if (!owns(t, e, ticket)) return ENTRY_FREE;
  const c = t.ctl;
  const st = load(c, entryWord(t, e, E_STATE), t.at.unregister);
  if (packet !== null && st !== ENTRY_WAITING) readImage(c, entryWord(t, e, E_PACKET), packet);
  clear(t, e, st);
  return st;
}

/** Frees entry `e` whose current state is `st`. */
export function clear(t: Table, e: number, st: number): void {
  store(t.ctl, entryWord(t, e, E_STATE), ENTRY_FREE, t.at.clear);
  if (st === ENTRY_WAITING) add(t.ctl, t.counter, -1, t.at.waitingDown);
}

/** Tries to select entry `e` (WAITING): CAS its record to SELECTED. */
export function select(t: Table, reg: Registry, e: number): boolean {
  const c = t.ctl;
  const record = load(c, entryWord(t, e, E_RECORD), t.at.select);
  const seq = load(c, entryWord(t, e, E_SEQ), t.at.select);
  const sel = load(c, entryWord(t, e, E_SEL), t.at.select);
  const w = reg.recordWord(record);
  const from = recordState(seq, 0, PHASE_WAITING);
  return cas(reg.i32, w, from, recordState(seq, sel, PHASE_SELECTED), t.at.selectCas) === from;
}

/**
 * Wakes up to `limit` waiting operations, in table order: each is selected and removed.
 * Entries whose operation has moved on (timed out, selected through another channel,
 * owner dead) are removed on the way. Returns how many were woken.
 */
function wake(t: Table, reg: Registry, limit: number): number {
  const c = t.ctl;
  let woken = 0;
  for (let e = 0; e < t.cap && woken < limit; e++) {
    if (load(c, entryWord(t, e, E_STATE), t.at.scan) !== ENTRY_WAITING) continue;
    const ok = select(t, reg, e);
    const record = load(c, entryWord(t, e, E_RECORD), t.at.record);
    clear(t, e, ENTRY_WAITING);
    if (ok) {
      reg.wakeOwner(record);
      woken++;
    }
  }
  // A scan that ran to the end has seen every entry: bring the table's counts up to date.
  if (woken < limit) recount(t);
  return woken;
}

/** Wakes one waiting operation; returns whether one was woken. */
export function wakeOne(t: Table, reg: Registry): boolean {
  return wake(t, reg, 1) === 1;
}

/** Wakes every waiting operation (disconnection). */
export function wakeAll(t: Table, reg: Registry): void {
  wake(t, reg, Infinity);
}

/**
 * After a full scan found no entry to wake, make the counter agree with the table
 * (STATE_LOCK held). It can only disagree after a thread died between an entry's state
 * store and the counter's update; left alone, an over-count would make "is anyone
 * waiting?" probes answer yes forever.
 */
export function recount(t: Table): void {
  const c = t.ctl;
  let n = 0;
  for (let e = 0; e < t.cap; e++) if (load(c, entryWord(t, e, E_STATE), t.at.recount) === ENTRY_WAITING) n++;
  const w = load(c, t.counter, t.at.recount);
  if ((w & WAITING_MASK) !== n) store(c, t.counter, (w & ~WAITING_MASK) | n, t.at.recount);
}

export function waitingCount(t: Table): number {
  return load(t.ctl, t.counter, t.at.waitingQ) & WAITING_MASK;
}
