// Mutex: the chapter's sequential rules on the main thread, then real workers: mutual
// exclusion under contention (with and without spinning), and a terminated holder.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mutex, SyncPanic, SyncUsageError } from '../index.ts';
import { Actor, sleep } from '../test-support/harness.ts';

const flags = (n = 4) => new Int32Array(new SharedArrayBuffer(4 * n));

describe('Mutex, sequentially (spec/mutex.md)', () => {
  it('locks, reads and writes through the guard, unlocks (MUTEX-LOCK-1, MUTEX-DATA-1)', () => {
    const m = new Mutex<unknown>('a');
    const r = m.lock();
    expect(r.kind).toBe('Ok');
    expect(r.guard.get()).toBe('a');
    r.guard.set({ list: [1, 'two', null], nested: { ok: true } });
    r.guard.set(new Map([[1, new Date(0)]]));
    r.guard.drop();
    const g = m.lock().guard;
    expect(g.get()).toEqual(new Map([[1, new Date(0)]]));
    g.drop();
    expect(() => g.get()).toThrow(SyncUsageError);
    expect(() => g.drop()).toThrow(SyncUsageError);
  });

  it('try_lock: WouldBlock while held, by the holder too (MUTEX-TRY-1)', () => {
    const m = new Mutex(0);
    const g = m.tryLock();
    expect(g.kind).toBe('Ok');
    expect(m.tryLock().kind).toBe('WouldBlock');
    if (g.kind !== 'WouldBlock') g.guard.drop();
    expect(m.tryLock().kind).toBe('Ok');
  });

  it('a blocking re-lock by the holder panics instead of deadlocking (MUTEX-REENTRY-1)', () => {
    const m = new Mutex(0);
    const g = m.lock().guard;
    expect(() => m.lock()).toThrow(SyncPanic);
    expect(m.tryLock().kind).toBe('WouldBlock');
    g.drop();
  });

  it('a panic poisons; lock and try_lock still lock and say Poisoned; writes before the panic survive (MUTEX-POISON-1..3)', () => {
    const m = new Mutex(0);
    expect(m.isPoisoned()).toBe(false);
    const g = m.lock().guard;
    g.set(42);
    g.panic();
    expect(m.isPoisoned()).toBe(true);
    const t = m.tryLock();
    expect(t.kind).toBe('Poisoned');
    if (t.kind === 'WouldBlock') throw new Error('unreachable');
    expect(t.guard.get()).toBe(42);
    expect(m.tryLock().kind).toBe('WouldBlock'); // WouldBlock wins (MUTEX-TRY-2)
    t.guard.drop();
    const r = m.lock();
    expect(r.kind).toBe('Poisoned');
    r.guard.drop();
    expect(m.isPoisoned()).toBe(true); // sticky (MUTEX-POISON-5)
    m.clearPoison(); // MUTEX-CLEAR-1
    expect(m.isPoisoned()).toBe(false);
    expect(m.getMut()).toEqual({ kind: 'Ok', value: 42 });
  });

  it('withLock: a throw poisons and is rethrown; a return unlocks', () => {
    const m = new Mutex(1);
    expect(m.withLock((g) => g.get() + 1)).toBe(2);
    expect(() =>
      m.withLock((g) => {
        g.set(5);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(m.withLock((g, poisoned) => [g.get(), poisoned])).toEqual([5, true]);
  });

  it('into_inner and get_mut report poisoning with the value; the mutex is gone after into_inner (MUTEX-INNER-1)', () => {
    const m = new Mutex([1]);
    const g = m.lock().guard;
    g.set([1, 2]);
    g.panic();
    expect(m.getMut()).toEqual({ kind: 'Poisoned', value: [1, 2] });
    const other = Mutex.fromDescriptor(m.transfer());
    expect(m.intoInner()).toEqual({ kind: 'Poisoned', value: [1, 2] });
    expect(() => other.lock()).toThrow(SyncUsageError);
  });

  it('async: lockAsync waits for another task of the same thread; getMutAsync waits for the guard', async () => {
    const m = new Mutex(0);
    const first = await m.lockAsync();
    const second = m.lockAsync();
    const inner = m.getMutAsync();
    let settled = false;
    void second.then(() => (settled = true));
    await sleep(20);
    expect(settled).toBe(false);
    first.guard.set(1);
    first.guard.drop();
    const s = await second;
    expect(s.guard.get()).toBe(1);
    s.guard.set(2);
    s.guard.drop();
    expect(await inner).toEqual({ kind: 'Ok', value: 2 });
    expect(await m.withLockAsync(async (g) => g.get())).toBe(2);
  });
});

describe('Mutex across workers', () => {
  let a: Actor;
  let b: Actor;
  beforeAll(async () => {
    [a, b] = await Promise.all([Actor.start(), Actor.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.terminate(), b.terminate()]);
  });

  it.each([
    ['spinning', 1000, 20_000],
    ['parking at once (spin 0)', 0, 4_000],
  ])('mutual exclusion under contention, %s: no increment is lost, nobody is inside with another', async (_n, spin, n) => {
    await Promise.all([a.call('setSpin', spin).done, b.call('setSpin', spin).done]);
    const m = new Mutex(0);
    const f = flags();
    const [pa, pb] = await Promise.all([a.call('mutexIncrement', m.transfer(), n, f).done, b.call('mutexIncrement', m.transfer(), n, f).done]);
    expect([pa, pb]).toEqual([0, 0]);
    expect(f[1]).toBe(0);
    expect(m.getMut()).toEqual({ kind: 'Ok', value: 2 * n });
    await Promise.all([a.call('setSpin', 1000).done, b.call('setSpin', 1000).done]);
  });

  it('the main thread contends too (lockAsync) and a worker waits for the main thread', async () => {
    const m = new Mutex(0);
    const g = (await m.lockAsync()).guard;
    const r = a.call('mutexLockOnce', m.transfer());
    await r.event('locking');
    await sleep(30);
    expect(r.isSettled).toBe(false);
    g.set(7);
    g.drop();
    expect(await r.done).toEqual({ kind: 'Ok', value: 7 });
  });
});

describe('a worker that dies holding the guard poisons the mutex (death counts as a panic)', () => {
  it('waiters in the main thread and in another worker wake up, Poisoned, and see the last write', async () => {
    const [holder, waiter] = await Promise.all([Actor.start(), Actor.start()]);
    const m = new Mutex(0);
    await holder.call('mutexHold', m.transfer(), 99).event('locked');
    const w = waiter.call('mutexLockOnce', m.transfer());
    await w.event('locking');
    const mine = m.lockAsync();
    await sleep(30);
    expect(w.isSettled).toBe(false);
    await holder.terminate();
    const r = await mine;
    expect(r.kind).toBe('Poisoned');
    expect(r.guard.get()).toBe(99);
    r.guard.drop();
    expect(await w.done).toEqual({ kind: 'Poisoned', value: 99 });
    expect(m.isPoisoned()).toBe(true);
    await waiter.terminate();
  });

  it('with nobody waiting, the next is_poisoned / try_lock sees the death', async () => {
    const holder = await Actor.start();
    const m = new Mutex('v');
    await holder.call('mutexHold', m.transfer()).event('locked');
    expect(m.tryLock().kind).toBe('WouldBlock');
    await holder.terminate();
    expect(m.isPoisoned()).toBe(true);
    const t = m.tryLock();
    expect(t.kind).toBe('Poisoned');
    if (t.kind !== 'WouldBlock') t.guard.drop();
  });
});
