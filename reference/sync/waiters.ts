// The waiter table of a sync primitive: who is blocked on it, so that whoever changes
// the primitive's state can wake them.
//
// As for channels (channels/waiters.ts explains the protocol at length), a blocked
// operation does not wait on the primitive's memory: it registers a registry wait
// record (runtime/registry.ts) here and parks on its own thread's park word
// (runtime/thread.ts waitSync, or the async reactor). A waker selects an entry by
// CAS-ing the record from WAITING(seq) to SELECTED(seq) — a record whose seq moved on
// (the operation timed out, returned, or its thread died: registry.markThreadDead bumps
// the seq) can no longer be selected — and bumps the owner's park word. That is what
// lets the thread that sees a worker die wake every parked thread without knowing
// which primitive each one waits on.
//
// The entries carry a `kind` (RwLock: a reader or a writer) so that a waker can ask
// whether a writer is waiting. Every function here is called with the primitive's
// state lock held.

import { add, cas, load, store } from '../runtime/atomics.ts';
import { PHASE_SELECTED, PHASE_WAITING, recordState, type Registry } from '../runtime/registry.ts';
import type { WaitTicket } from '../runtime/thread.ts';

export const WAITER_WORDS = 4;
const E_STATE = 0;
const E_RECORD = 1;
const E_SEQ = 2;
const E_KIND = 3;
const FREE = 0;
const WAITING = 1;

export class WaiterTable {
  constructor(
    private readonly ctl: Int32Array,
    private readonly off: number,
    private readonly cap: number,
    /** Index of the count of registered entries (read without the lock by fast paths). */
    private readonly counter: number,
    private readonly label: string,
  ) {}

  private word(e: number, field: number): number {
    return this.off + e * WAITER_WORDS + field;
  }

  /** Registers `ticket`'s operation; returns the entry. */
  register(ticket: WaitTicket, kind: number): number {
    const c = this.ctl;
    const L = this.label;
    for (let e = 0; e < this.cap; e++) {
      if (load(c, this.word(e, E_STATE), `${L}:free?`) !== FREE) continue;
      store(c, this.word(e, E_RECORD), ticket.record, `${L}:register`);
      store(c, this.word(e, E_SEQ), ticket.seq, `${L}:register`);
      store(c, this.word(e, E_KIND), kind, `${L}:register`);
      store(c, this.word(e, E_STATE), WAITING, `${L}:register`);
      add(c, this.counter, 1, `${L}:count+`);
      return e;
    }
    throw new Error(`syncspec: more than ${this.cap} operations are blocked on one primitive at once (option maxWaiters)`);
  }

  /** Is entry `e` still `ticket`'s? (Readable without the lock: only the lock holder changes entries.) */
  owns(e: number, ticket: WaitTicket): boolean {
    const c = this.ctl;
    const L = this.label;
    return (
      e >= 0 &&
      load(c, this.word(e, E_STATE), `${L}:owns`) === WAITING &&
      load(c, this.word(e, E_RECORD), `${L}:owns`) === ticket.record &&
      load(c, this.word(e, E_SEQ), `${L}:owns`) === ticket.seq
    );
  }

  /** Removes entry `e` if it is still `ticket`'s. */
  unregister(e: number, ticket: WaitTicket): void {
    if (this.owns(e, ticket)) this.clear(e);
  }

  private clear(e: number): void {
    store(this.ctl, this.word(e, E_STATE), FREE, `${this.label}:clear`);
    add(this.ctl, this.counter, -1, `${this.label}:count-`);
  }

  /** Is the entry's operation still waiting (its record still WAITING with the entry's seq)? */
  private live(reg: Registry, e: number): boolean {
    const c = this.ctl;
    const L = this.label;
    const record = load(c, this.word(e, E_RECORD), `${L}:record`);
    const seq = load(c, this.word(e, E_SEQ), `${L}:seq`);
    return load(reg.i32, reg.recordWord(record), `${L}:record-state`) === recordState(seq, 0, PHASE_WAITING);
  }

  /**
   * Wakes up to `limit` waiting operations (of kind `kind`, or any if undefined), in
   * table order: each is selected, removed, and its thread woken. Entries whose
   * operation has moved on are removed on the way. Returns how many were woken.
   */
  wake(reg: Registry, limit: number, kind?: number): number {
    const c = this.ctl;
    const L = this.label;
    let woken = 0;
    for (let e = 0; e < this.cap && woken < limit; e++) {
      if (load(c, this.word(e, E_STATE), `${L}:scan`) !== WAITING) continue;
      if (kind !== undefined && load(c, this.word(e, E_KIND), `${L}:kind`) !== kind) {
        if (!this.live(reg, e)) this.clear(e);
        continue;
      }
      const record = load(c, this.word(e, E_RECORD), `${L}:select`);
      const seq = load(c, this.word(e, E_SEQ), `${L}:select`);
      const from = recordState(seq, 0, PHASE_WAITING);
      const ok = cas(reg.i32, reg.recordWord(record), from, recordState(seq, 0, PHASE_SELECTED), `${L}:select-cas`) === from;
      this.clear(e);
      if (ok) {
        reg.wakeOwner(record);
        woken++;
      }
    }
    return woken;
  }

  /** Is an operation of `kind` registered and still waiting? (Stale entries are removed on the way.) */
  hasWaiting(reg: Registry, kind: number): boolean {
    if (this.count() === 0) return false;
    const c = this.ctl;
    for (let e = 0; e < this.cap; e++) {
      if (load(c, this.word(e, E_STATE), `${this.label}:scan`) !== WAITING) continue;
      if (!this.live(reg, e)) {
        this.clear(e);
        continue;
      }
      if (load(c, this.word(e, E_KIND), `${this.label}:kind`) === kind) return true;
    }
    return false;
  }

  /** Registered entries (may include some whose operation has moved on). */
  count(): number {
    return load(this.ctl, this.counter, `${this.label}:count?`);
  }
}
