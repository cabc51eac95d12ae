// Condvar: the chapter's sequential rules, then workers: no lost wakeup over many
// hand-offs (notify_one and notify_all, with and without injected spurious wakeups),
// the `if` pattern caught by injection where `while` is right, a dead waiter skipped.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Condvar, Mutex } from '../index.ts';
import { Actor, sleep } from '../test-support/harness.ts';

describe('Condvar, sequentially (spec/condvar.md)', () => {
  it('wait_timeout with nobody notifying times out and relocks (CV-TIMEOUT-1, CV-WAIT-2)', () => {
    const m = new Mutex(0);
    const cv = new Condvar();
    const g = m.lock().guard;
    const r = cv.waitTimeout(g, 10);
    expect(r.kind).toBe('Ok');
    expect(r.timedOut).toBe(true);
    expect(r.guard).toBe(g); // the same guard, holding the mutex again
    expect(m.tryLock().kind).toBe('WouldBlock');
    g.drop();
  });

  it('a notification with nobody waiting is lost (CV-NOTBUF-1)', () => {
    const m = new Mutex(0);
    const cv = new Condvar();
    cv.notifyOne();
    cv.notifyAll();
    const g = m.lock().guard;
    expect(cv.waitTimeout(g, 15).timedOut).toBe(true);
    g.drop();
  });

  it('wait_while checks first and does not unlock when the condition is false; wait_timeout_while(0) is not timed out then (CV-WHILE-1, CV-TIMEOUT-2)', () => {
    const m = new Mutex(3);
    const cv = new Condvar();
    const g = m.lock().guard;
    expect(cv.waitWhile(g, (v) => v < 3).kind).toBe('Ok');
    expect(m.tryLock().kind).toBe('WouldBlock');
    expect(cv.waitTimeoutWhile(g, 0, (v) => v === 0)).toMatchObject({ kind: 'Ok', timedOut: false });
    expect(cv.waitTimeoutWhile(g, 5, (v) => v === 3)).toMatchObject({ kind: 'Ok', timedOut: true });
    g.drop();
  });

  it('poisoning: Poisoned after a wait, but not when wait_while returns before waiting (CV-POISON-1/2)', () => {
    const m = new Mutex(4);
    const cv = new Condvar();
    m.lock().guard.panic();
    const g = m.lock().guard;
    expect(cv.waitTimeout(g, 1)).toMatchObject({ kind: 'Poisoned', timedOut: true });
    expect(g.get()).toBe(4);
    expect(cv.waitWhile(g, (v) => v !== 4).kind).toBe('Ok');
    expect(cv.waitTimeoutWhile(g, 1, (v) => v === 4)).toMatchObject({ kind: 'Poisoned' });
    g.drop();
  });

  it('the main thread waits asynchronously; a guard lent to a pending wait cannot be used', async () => {
    const m = new Mutex(0);
    const cv = new Condvar();
    const g = (await m.lockAsync()).guard;
    const p = cv.waitWhileAsync(g, (v) => v < 2);
    expect(() => g.get()).toThrow(/lent/);
    for (let i = 1; i <= 2; i++) {
      const h = (await m.lockAsync()).guard;
      h.set(i);
      cv.notifyAll();
      h.drop();
      await sleep(2);
    }
    const r = await p;
    expect(r.guard.get()).toBe(2);
    r.guard.drop();
  });

  it('a timed async wait with a signal times out when it aborts, relocked; a notification before the abort wins', async () => {
    const m = new Mutex(0);
    const cv = new Condvar();
    const ac = new AbortController();
    const p = cv.waitTimeoutAsync((await m.lockAsync()).guard, Infinity, { signal: ac.signal });
    await sleep(20);
    ac.abort();
    const r = await p;
    expect([r.kind, r.timedOut]).toEqual(['Ok', true]);
    r.guard.drop();
    const later = new AbortController();
    const q = cv.waitTimeoutWhileAsync((await m.lockAsync()).guard, Infinity, (v) => v === 0, { signal: later.signal });
    await sleep(5);
    const h = (await m.lockAsync()).guard;
    h.set(1);
    cv.notifyAll();
    h.drop();
    later.abort();
    const s = await q;
    expect([s.kind, s.timedOut, s.guard.get()]).toEqual(['Ok', false, 1]);
    s.guard.drop();
  });

  it('spurious injection is seeded: the same seed gives the same wakeups', () => {
    const m = new Mutex(0);
    const run = (seed: number): boolean[] => {
      const cv = new Condvar({ spurious: { probability: 0.3, seed } });
      const g = m.lock().guard;
      const out: boolean[] = [];
      for (let i = 0; i < 40; i++) out.push(cv.waitTimeout(g, 0).timedOut);
      g.drop();
      expect(cv.spuriousWakeups).toBe(out.filter((t) => !t).length);
      return out;
    };
    const a = run(42);
    expect(run(42)).toEqual(a);
    expect(a.some((t) => !t)).toBe(true); // some spurious
    expect(a.some((t) => t)).toBe(true); // some real waits
    expect(run(43)).not.toEqual(a);
  });
});

describe('Condvar across workers', () => {
  let a: Actor;
  let b: Actor;
  beforeAll(async () => {
    [a, b] = await Promise.all([Actor.start(), Actor.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.terminate(), b.terminate()]);
  });

  it.each([
    ['waitWhile, notify_one', 'waitWhile', 'one', null],
    ['a while loop, notify_all', 'loop', 'all', null],
    ['a while loop, notify_one, 30% spurious wakeups injected', 'loop', 'one', { probability: 0.3, seed: 42 }],
  ] as const)('no lost wakeup: two workers hand a counter back and forth 2000 times (%s)', async (_n, style, notify, spurious) => {
    const rounds = 1000;
    const m = new Mutex(0);
    const cv = new Condvar(spurious === null ? {} : { spurious });
    const [ra, rb] = await Promise.all([
      a.call<{ spurious: number }>('condvarPingPong', m.transfer(), cv.transfer(), 0, rounds, style, notify).done,
      b.call<{ spurious: number }>('condvarPingPong', m.transfer(), cv.transfer(), 1, rounds, style, notify).done,
    ]);
    expect(m.getMut()).toEqual({ kind: 'Ok', value: 2 * rounds });
    if (spurious !== null) {
      expect(cv.spuriousWakeups).toBeGreaterThan(0);
      // The loop saw them (some were absorbed before they could show, by a concurrent real wakeup).
      expect(ra.spurious + rb.spurious).toBeGreaterThan(0);
    }
  });

  it('with spurious wakeups injected, `if (cond) wait` acts on an unmet condition; waitWhile does not (CV-SPUR-1)', async () => {
    const m = new Mutex(0);
    const cv = new Condvar({ spurious: { probability: 1, seed: 1 } });
    // Nobody notifies: only a spurious wakeup can end the `if` pattern's wait.
    expect(await a.call('condvarIfPattern', m.transfer(), cv.transfer()).done).toBe(0);
    cv.setSpurious({ probability: 0.5, seed: 9 });
    const w = b.call('condvarWhilePattern', m.transfer(), cv.transfer());
    await w.event('checking');
    await sleep(30);
    expect(w.isSettled).toBe(false);
    const g = (await m.lockAsync()).guard;
    g.set(1);
    cv.notifyOne();
    g.drop();
    expect(await w.done).toBe(1);
    expect(cv.spuriousWakeups).toBeGreaterThan(1);
  });

  it('a waiter that died is skipped: notify_one wakes the next one', async () => {
    const dying = await Actor.start();
    const m = new Mutex(0);
    const cv = new Condvar();
    const d = dying.call('condvarWhilePattern', m.transfer(), cv.transfer());
    await d.event('checking');
    // Registered (and parked) before the main thread's wait: it comes first in the table.
    const g = (await m.lockAsync()).guard; // free once the worker waits
    const mine = cv.waitWhileAsync(g, (v) => v === 0);
    await dying.terminate();
    const h = (await m.lockAsync()).guard;
    h.set(5);
    h.drop();
    cv.notifyOne();
    const r = await mine;
    expect(r.guard.get()).toBe(5);
    r.guard.drop();
  });
});
