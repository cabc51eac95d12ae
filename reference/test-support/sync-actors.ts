// Scenario functions for the sync primitives' tests (reference/sync/*.test.ts), run in
// actor workers like those of actors.ts (actor.worker.ts exposes both). They use the
// blocking API, as a worker does. `flags` arguments are plain Int32Arrays over
// SharedArrayBuffers that the tests use to observe and steer actors (not the primitives'
// memory).

import { Barrier, Condvar, LazyLock, Mutex, Once, OnceLock, RwLock, type MutexGuard, type SyncDescriptor } from '../index.ts';
import type { ActorContext } from './actors.ts';

/** Guards and handles an actor keeps between calls (released by its worker's death). */
const kept: unknown[] = [];

/** Busy-waits (this is test code steering an actor, not the implementation) until flags[i] !== 0. */
function until(flags: Int32Array, i: number): void {
  while (Atomics.load(flags, i) === 0);
}

/**
 * `n` critical sections: lock, read, write read + 1, unlock. Inside each, flags[0]
 * counts the threads in a critical section: seeing another one there is a violation of
 * mutual exclusion (counted in flags[1]).
 */
export function mutexIncrement(ctx: ActorContext, d: SyncDescriptor, n: number, flags: Int32Array): number {
  const m = Mutex.fromDescriptor<number>(d);
  ctx.emit('started');
  let poisoned = 0;
  for (let i = 0; i < n; i++) {
    const r = m.lock();
    if (r.kind === 'Poisoned') poisoned++;
    if (Atomics.add(flags, 0, 1) !== 0) Atomics.add(flags, 1, 1);
    r.guard.set(r.guard.get() + 1);
    Atomics.sub(flags, 0, 1);
    r.guard.drop();
  }
  m.drop();
  return poisoned;
}

/** Locks and keeps the guard (until the worker dies); optionally writes `value` first. */
export function mutexHold(ctx: ActorContext, d: SyncDescriptor, value?: unknown): string {
  const m = Mutex.fromDescriptor(d);
  const r = m.lock();
  if (value !== undefined) r.guard.set(value);
  kept.push(m, r.guard);
  ctx.emit('locked');
  return r.kind;
}

/** One lock (announced by 'locking'); returns the result kind and the value read. */
export function mutexLockOnce(ctx: ActorContext, d: SyncDescriptor): { kind: string; value: unknown } {
  const m = Mutex.fromDescriptor(d);
  ctx.emit('locking');
  const r = m.lock();
  const value = r.guard.get();
  r.guard.drop();
  return { kind: r.kind, value };
}

/** Takes the read (or write) lock and keeps it until the worker dies. */
export function rwHold(ctx: ActorContext, d: SyncDescriptor, mode: 'read' | 'write'): string {
  const l = RwLock.fromDescriptor(d);
  const r = mode === 'read' ? l.read() : l.write();
  kept.push(l, r.guard);
  ctx.emit('locked');
  return r.kind;
}

/** write() (announced by 'locking'); returns the result kind; drops the guard. */
export function rwWriteOnce(ctx: ActorContext, d: SyncDescriptor, value?: unknown): string {
  const l = RwLock.fromDescriptor(d);
  ctx.emit('locking');
  const r = l.write();
  if (value !== undefined) r.guard.set(value);
  r.guard.drop();
  return r.kind;
}

/**
 * Readers and writers: `n` rounds of either a write (value + 1, checked alone: flags[0]
 * counts writers inside, flags[2] readers inside) or a read (no writer inside). Returns
 * how many exclusion violations it saw (also added to flags[1]).
 */
export function rwMix(_ctx: ActorContext, d: SyncDescriptor, n: number, writeEvery: number, flags: Int32Array): number {
  const l = RwLock.fromDescriptor<number>(d);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    if (i % writeEvery === 0) {
      const w = l.write().guard;
      if (Atomics.add(flags, 0, 1) !== 0 || Atomics.load(flags, 2) !== 0) bad++;
      w.set(w.get() + 1);
      Atomics.sub(flags, 0, 1);
      w.drop();
    } else {
      const r = l.read().guard;
      Atomics.add(flags, 2, 1);
      if (Atomics.load(flags, 0) !== 0) bad++;
      r.get();
      Atomics.sub(flags, 2, 1);
      r.drop();
    }
  }
  Atomics.add(flags, 1, bad);
  l.drop();
  return bad;
}

/**
 * Ping-pong through a condvar: waits (waitWhile, or a hand-written while loop) until
 * the value has parity `parity`, adds one, notifies; `rounds` times. A lost wakeup hangs.
 */
export function condvarPingPong(ctx: ActorContext, md: SyncDescriptor, cd: SyncDescriptor, parity: number, rounds: number, style: 'waitWhile' | 'loop', notify: 'one' | 'all'): { spurious: number } {
  const m = Mutex.fromDescriptor<number>(md);
  const cv = Condvar.fromDescriptor(cd);
  ctx.emit('started');
  let spurious = 0;
  for (let i = 0; i < rounds; i++) {
    let g = m.lock().guard;
    if (style === 'waitWhile') {
      g = cv.waitWhile(g, (v) => v % 2 !== parity).guard;
    } else {
      while (g.get() % 2 !== parity) {
        g = cv.wait(g).guard;
        if (g.get() % 2 !== parity) spurious++;
      }
    }
    g.set(g.get() + 1);
    if (notify === 'one') cv.notifyOne();
    else cv.notifyAll();
    g.drop();
  }
  return { spurious };
}

/** The wrong pattern: `if (value === 0) wait` once; returns the value it then acts on. */
export function condvarIfPattern(ctx: ActorContext, md: SyncDescriptor, cd: SyncDescriptor): unknown {
  const m = Mutex.fromDescriptor<number>(md);
  const cv = Condvar.fromDescriptor(cd);
  let g: MutexGuard<number> = m.lock().guard;
  ctx.emit('checking');
  if (g.get() === 0) g = cv.wait(g).guard;
  const v = g.get();
  g.drop();
  return v;
}

/** The right pattern: waitWhile(value === 0); returns the value it then acts on. */
export function condvarWhilePattern(ctx: ActorContext, md: SyncDescriptor, cd: SyncDescriptor): unknown {
  const m = Mutex.fromDescriptor<number>(md);
  const cv = Condvar.fromDescriptor(cd);
  const g0 = m.lock().guard;
  ctx.emit('checking');
  const g = cv.waitWhile(g0, (v) => v === 0).guard;
  const v = g.get();
  g.drop();
  return v;
}

/** `k` waits on a barrier; the result kinds in order. */
export function barrierWaits(ctx: ActorContext, d: SyncDescriptor, k: number): string[] {
  const b = Barrier.fromDescriptor(d);
  ctx.emit('started');
  const out: string[] = [];
  for (let i = 0; i < k; i++) out.push(b.wait().kind);
  b.drop();
  return out;
}

/** Claims a barrier handle and keeps it (so the worker's death breaks the barrier). */
export function barrierHold(ctx: ActorContext, d: SyncDescriptor): string {
  kept.push(Barrier.fromDescriptor(d));
  ctx.emit('holding');
  return 'holding';
}

/** One barrier wait, announced by 'arriving'. */
export function barrierWaitOnce(ctx: ActorContext, d: SyncDescriptor): string {
  const b = Barrier.fromDescriptor(d);
  kept.push(b);
  ctx.emit('arriving');
  return b.wait().kind;
}

/**
 * getOrInit with an initializer that counts its runs in flags[0] and, if `hold`, waits
 * until flags[1] !== 0 before finishing; `fail`: it then throws. Returns the value, or
 * 'threw'.
 */
export function onceLockInit(ctx: ActorContext, d: SyncDescriptor, value: unknown, flags: Int32Array, hold: boolean, fail: boolean): unknown {
  const cell = OnceLock.fromDescriptor(d);
  ctx.emit('calling');
  try {
    return cell.getOrInit(() => {
      Atomics.add(flags, 0, 1);
      ctx.emit('initializing');
      if (hold) until(flags, 1);
      if (fail) throw new Error('initializer failed');
      return value;
    });
  } catch {
    return 'threw';
  }
}

/** Many getOrInit calls racing: each counts its initializer runs in flags[0]; returns the values seen. */
export function onceLockRace(_ctx: ActorContext, _unused: null, cells: number, tag: number, flags: Int32Array, ds: SyncDescriptor[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < cells; i++) {
    const cell = OnceLock.fromDescriptor(ds[i]);
    out.push(
      cell.getOrInit(() => {
        Atomics.add(flags, i, 1);
        return tag;
      }),
    );
  }
  return out;
}

/** OnceLock.set, announced by 'setting'. */
export function onceLockSet(ctx: ActorContext, d: SyncDescriptor, value: unknown): unknown {
  const cell = OnceLock.fromDescriptor(d);
  ctx.emit('setting');
  return cell.set(value);
}

/** Once.callOnce whose closure counts in flags[0] and, if `hold`, waits for flags[1]; `fail` throws. */
export function onceCall(ctx: ActorContext, d: SyncDescriptor, flags: Int32Array, hold: boolean, fail: boolean): unknown {
  const once = Once.fromDescriptor(d);
  ctx.emit('calling');
  try {
    return once.callOnce(() => {
      Atomics.add(flags, 0, 1);
      ctx.emit('running');
      if (hold) until(flags, 1);
      if (fail) throw new Error('closure failed');
    }).kind;
  } catch {
    return 'threw';
  }
}

/** LazyLock.force with an init that counts in flags[0] and returns `value`. */
export function lazyForce(_ctx: ActorContext, d: SyncDescriptor, value: unknown, flags: Int32Array): unknown {
  const lazy = LazyLock.fromDescriptor(d, () => {
    Atomics.add(flags, 0, 1);
    return value;
  });
  return lazy.force();
}
