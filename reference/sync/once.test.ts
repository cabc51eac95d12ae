// Once, OnceLock, LazyLock: the chapter's sequential rules, then workers: one
// initializer under contention, a failing initializer retried by a waiter, set waiting
// for an initializer, and a runner that dies (a panic: Once poisoned, OnceLock empty).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LazyLock, Once, OnceLock, PoisonedError, SyncPanic } from '../index.ts';
import { Actor, sleep } from '../test-support/harness.ts';

const flags = (n = 4) => new Int32Array(new SharedArrayBuffer(4 * n));

describe('sequentially (spec/once.md)', () => {
  it('Once: run, no-ops after completion, poisoning, call_once_force (ONCE-*)', () => {
    const o = new Once();
    expect(o.isCompleted()).toBe(false);
    expect(() =>
      o.callOnce(() => {
        throw new Error('panic');
      }),
    ).toThrow('panic');
    expect(o.isCompleted()).toBe(false);
    expect(o.callOnce(() => {})).toEqual({ kind: 'Poisoned' });
    expect(o.wait()).toEqual({ kind: 'Poisoned' });
    let seen: boolean | null = null;
    expect(o.callOnceForce((s) => void (seen = s.isPoisoned()))).toEqual({ kind: 'Ran', value: true });
    expect(seen).toBe(true);
    expect(o.isCompleted()).toBe(true);
    expect(o.callOnce(() => {})).toEqual({ kind: 'Ok' });
    expect(o.callOnceForce(() => {})).toEqual({ kind: 'Ok' });
    expect(o.waitForce()).toEqual({ kind: 'Ok' });
    const fresh = new Once();
    expect(fresh.callOnce(() => {})).toEqual({ kind: 'Ran' });
  });

  it('OnceLock: get, get_or_init, set, take; a failing initializer leaves it empty (OL-*)', () => {
    const cell = new OnceLock<unknown>();
    expect(cell.get()).toEqual({ kind: 'None' });
    expect(() =>
      cell.getOrInit(() => {
        throw new Error('panic');
      }),
    ).toThrow('panic');
    expect(cell.get()).toEqual({ kind: 'None' });
    expect(cell.getOrInit(() => ({ a: [1, 2] }))).toEqual({ a: [1, 2] });
    expect(cell.getOrInit(() => 8)).toEqual({ a: [1, 2] });
    expect(cell.set(2)).toEqual({ kind: 'Err', value: 2 });
    expect(cell.wait()).toEqual({ a: [1, 2] });
    expect(cell.take()).toEqual({ kind: 'Some', value: { a: [1, 2] } });
    expect(cell.take()).toEqual({ kind: 'None' });
    expect(cell.set('x')).toEqual({ kind: 'Ok' });
    expect(cell.get()).toEqual({ kind: 'Some', value: 'x' });
  });

  it('re-entrant initialization panics instead of deadlocking', () => {
    const cell = new OnceLock<number>();
    expect(() => cell.getOrInit(() => cell.getOrInit(() => 1))).toThrow(SyncPanic);
    expect(cell.get()).toEqual({ kind: 'None' });
    const o = new Once();
    expect(() => o.callOnce(() => void o.callOnce(() => {}))).toThrow(SyncPanic);
  });

  it('LazyLock: first use runs init; a panicking init poisons it for good (LAZY-*)', async () => {
    let runs = 0;
    const lazy = new LazyLock(() => ++runs * 11);
    expect(lazy.get()).toEqual({ kind: 'None' });
    expect(lazy.force()).toBe(11);
    expect(await lazy.forceAsync()).toBe(11);
    expect(lazy.get()).toEqual({ kind: 'Some', value: 11 });
    expect(runs).toBe(1);
    const bad = new LazyLock<number>(() => {
      throw new Error('init');
    });
    expect(() => bad.force()).toThrow('init');
    expect(() => bad.force()).toThrow(PoisonedError);
    expect(bad.get()).toEqual({ kind: 'None' });
  });

  it('LazyLock: forceAsync awaits an init closure that returns a promise; force() refuses one (and is poisoned by it)', async () => {
    const lazy = new LazyLock<number>(() => new Promise<number>((r) => setTimeout(() => r(5), 5)));
    expect(await Promise.all([lazy.forceAsync(), lazy.forceAsync()])).toEqual([5, 5]);
    expect(lazy.force()).toBe(5);
    const eager = new LazyLock<number>(async () => 6);
    expect(() => eager.force()).toThrow(/returned a promise/);
    await expect(eager.forceAsync()).rejects.toThrow(PoisonedError);
  });

  it('async: getOrInitAsync waits for another task of the thread, whose initializer may be async', async () => {
    const cell = new OnceLock<number>();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = cell.getOrInitAsync(async () => {
      await gate;
      return 1;
    });
    const second = cell.getOrInitAsync(() => 2);
    const waiter = cell.waitAsync();
    await sleep(10);
    expect(cell.get()).toEqual({ kind: 'None' });
    release();
    expect(await Promise.all([first, second, waiter])).toEqual([1, 1, 1]);
  });
});

describe('across workers', () => {
  let a: Actor;
  let b: Actor;
  beforeAll(async () => {
    [a, b] = await Promise.all([Actor.start(), Actor.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.terminate(), b.terminate()]);
  });

  it('exactly one initializer runs per cell among racing callers, and all get its value (OL-INIT-3)', async () => {
    const n = 200;
    const cells = Array.from({ length: n }, () => new OnceLock<number>());
    const f = flags(n);
    const ds = () => cells.map((c) => c.transfer());
    const [ra, rb] = await Promise.all([a.call<number[]>('onceLockRace', null, n, 1, f, ds()).done, b.call<number[]>('onceLockRace', null, n, 2, f, ds()).done]);
    for (let i = 0; i < n; i++) {
      expect(f[i]).toBe(1);
      expect(ra[i]).toBe(rb[i]);
      expect(cells[i].get()).toEqual({ kind: 'Some', value: ra[i] });
    }
  });

  it('a failing initializer: the waiter behind it runs its own (OL-PANIC-2)', async () => {
    const cell = new OnceLock<string>();
    const f = flags();
    const failing = a.call('onceLockInit', cell.transfer(), 'A', f, true, true);
    await failing.event('initializing');
    const waiting = b.call('onceLockInit', cell.transfer(), 'B', f, false, false);
    await waiting.event('calling');
    const mine = cell.getOrInitAsync(() => {
      Atomics.add(f, 0, 1);
      return 'main';
    });
    await sleep(20);
    expect(waiting.isSettled).toBe(false);
    Atomics.store(f, 1, 1); // let A's initializer fail
    expect(await failing.done).toBe('threw');
    const winner = await waiting.done;
    expect(await mine).toBe(winner);
    expect(['B', 'main']).toContain(winner);
    expect(f[0]).toBe(2); // A's, then exactly one more
  });

  it('set during another thread\'s initialization waits, then hands its value back (OL-SET-2)', async () => {
    const cell = new OnceLock<number>();
    const f = flags();
    const init = a.call('onceLockInit', cell.transfer(), 7, f, true, false);
    await init.event('initializing');
    const s = b.call('onceLockSet', cell.transfer(), 3);
    await s.event('setting');
    await sleep(20);
    expect(s.isSettled).toBe(false);
    Atomics.store(f, 1, 1);
    expect(await init.done).toBe(7);
    expect(await s.done).toEqual({ kind: 'Err', value: 3 });
  });

  it('Once: racing callers, one closure runs; a waiter sees a panicking closure as Poisoned (ONCE-CALL-3, ONCE-POISON-2)', async () => {
    const ok = new Once();
    const f1 = flags();
    const rs = await Promise.all([a.call('onceCall', ok.transfer(), f1, false, false).done, b.call('onceCall', ok.transfer(), f1, false, false).done, ok.callOnceAsync(() => void Atomics.add(f1, 0, 1)).then((r) => r.kind)]);
    expect(f1[0]).toBe(1);
    expect(rs.filter((k) => k === 'Ran')).toHaveLength(1);
    const bad = new Once();
    const f2 = flags();
    const runner = a.call('onceCall', bad.transfer(), f2, true, true);
    await runner.event('running');
    const waiter = b.call('onceCall', bad.transfer(), f2, false, false);
    await waiter.event('calling');
    Atomics.store(f2, 1, 1);
    expect(await runner.done).toBe('threw');
    expect(await waiter.done).toBe('Poisoned');
  });

  it('LazyLock across threads: one init, one value', async () => {
    const f = flags();
    const lazy = new LazyLock(() => {
      Atomics.add(f, 0, 1);
      return 'main';
    });
    const vs = await Promise.all([a.call('lazyForce', lazy.transfer(), 'a', f).done, b.call('lazyForce', lazy.transfer(), 'b', f).done, lazy.forceAsync()]);
    expect(f[0]).toBe(1);
    expect(new Set(vs).size).toBe(1);
  });
});

describe('a runner that dies counts as a panicking closure', () => {
  it('OnceLock: left empty, and a waiter initializes it', async () => {
    const w = await Actor.start();
    const cell = new OnceLock<string>();
    const f = flags();
    const c = w.call('onceLockInit', cell.transfer(), 'never', f, true, false);
    await c.event('initializing');
    const mine = cell.getOrInitAsync(() => 'main');
    await sleep(20);
    expect(cell.get()).toEqual({ kind: 'None' });
    await w.terminate();
    expect(await mine).toBe('main');
  });

  it('Once: poisoned; waiters see Poisoned, call_once_force completes it', async () => {
    const w = await Actor.start();
    const o = new Once();
    const f = flags();
    const c = w.call('onceCall', o.transfer(), f, true, false);
    await c.event('running');
    const waiting = o.waitAsync();
    await w.terminate();
    expect(await waiting).toEqual({ kind: 'Poisoned' });
    expect(await o.callOnceAsync(() => {})).toEqual({ kind: 'Poisoned' });
    expect(o.callOnceForce(() => {})).toEqual({ kind: 'Ran', value: true });
    expect(o.isCompleted()).toBe(true);
  });
});
