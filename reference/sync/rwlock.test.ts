// RwLock: the chapter's sequential rules, then workers: readers and writers exclude
// each other under contention; a dead writer poisons; a dead reader's share is released.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RwLock, SyncPanic } from '../index.ts';
import { Actor, sleep } from '../test-support/harness.ts';

describe('RwLock, sequentially (spec/rwlock.md)', () => {
  it('readers share, a writer excludes; try_read / try_write (RW-EXCL-1, RW-TRY-1)', () => {
    const l = new RwLock(0);
    const r = l.tryRead();
    const r2 = l.read();
    expect(r.kind).toBe('Ok');
    expect(l.tryWrite().kind).toBe('WouldBlock');
    if (r.kind !== 'WouldBlock') r.guard.drop();
    r2.guard.drop();
    const w = l.tryWrite();
    expect(w.kind).toBe('Ok');
    expect(l.tryRead().kind).toBe('WouldBlock');
    expect(l.tryWrite().kind).toBe('WouldBlock');
    expect(() => l.read()).toThrow(SyncPanic); // the writer reading again would deadlock
    if (w.kind !== 'WouldBlock') w.guard.drop();
  });

  it("only a writer's panic poisons; poisoned locks still lock (RW-POISON-1..3, RW-INNER-1)", () => {
    const l = new RwLock(1);
    l.read().guard.panic();
    expect(l.isPoisoned()).toBe(false);
    const w = l.write().guard;
    w.set(7);
    w.panic();
    expect(l.isPoisoned()).toBe(true);
    const r = l.read();
    expect(r.kind).toBe('Poisoned');
    expect(r.guard.get()).toBe(7);
    expect(l.tryWrite().kind).toBe('WouldBlock');
    r.guard.drop();
    const t = l.tryWrite();
    expect(t.kind).toBe('Poisoned');
    if (t.kind !== 'WouldBlock') t.guard.drop();
    expect(l.getMut()).toEqual({ kind: 'Poisoned', value: 7 });
    l.clearPoison();
    expect(l.withWrite((g) => (g.set(8), g.get()))).toBe(8);
    expect(l.intoInner()).toEqual({ kind: 'Ok', value: 8 });
  });

  it('a recursive read never deadlocks, even with a writer waiting (RW-REENTRY-1); try_read may refuse then (RW-TRY-2)', async () => {
    const l = new RwLock(0);
    const r = (await l.readAsync()).guard;
    const w = l.writeAsync();
    await sleep(5);
    const again = l.read(); // this thread already reads: allowed past the waiting writer
    expect(again.kind).toBe('Ok');
    again.guard.drop();
    r.drop();
    const wg = (await w).guard;
    wg.set(1);
    wg.drop();
    expect(await l.withReadAsync((g) => g.get())).toBe(1);
  });
});

describe('RwLock across workers', () => {
  let a: Actor;
  let b: Actor;
  beforeAll(async () => {
    [a, b] = await Promise.all([Actor.start(), Actor.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.terminate(), b.terminate()]);
  });

  it('readers and writers exclude each other under contention; no write is lost', async () => {
    const n = 4000;
    const l = new RwLock(0);
    const f = new Int32Array(new SharedArrayBuffer(16));
    const [ba, bb] = await Promise.all([a.call('rwMix', l.transfer(), n, 3, f).done, b.call('rwMix', l.transfer(), n, 4, f).done]);
    expect([ba, bb]).toEqual([0, 0]);
    expect(l.getMut()).toEqual({ kind: 'Ok', value: Math.ceil(n / 3) + Math.ceil(n / 4) });
  });

  it('a waiting writer gets in when the readers leave (RW-WAKE-1)', async () => {
    const l = new RwLock(0);
    const r = (await l.readAsync()).guard;
    const w = a.call('rwWriteOnce', l.transfer(), 5);
    await w.event('locking');
    await sleep(20);
    expect(w.isSettled).toBe(false);
    r.drop();
    expect(await w.done).toBe('Ok');
    expect(await l.withReadAsync((g) => g.get())).toBe(5);
  });
});

describe('dead holders', () => {
  it('a writer that dies poisons the lock and lets the waiters in', async () => {
    const [holder, waiter] = await Promise.all([Actor.start(), Actor.start()]);
    const l = new RwLock(0);
    await holder.call('rwHold', l.transfer(), 'write').event('locked');
    const w = waiter.call('rwWriteOnce', l.transfer());
    await w.event('locking');
    // Either may get in first (the main thread's read or the worker's write): release at once.
    const mine = l.readAsync().then((r) => {
      r.guard.drop();
      return r.kind;
    });
    await holder.terminate();
    expect(await w.done).toBe('Poisoned');
    expect(await mine).toBe('Poisoned');
    await waiter.terminate();
  });

  it("a reader that dies gives its share back without poisoning", async () => {
    const holder = await Actor.start();
    const l = new RwLock(0);
    await holder.call('rwHold', l.transfer(), 'read').event('locked');
    expect(l.tryWrite().kind).toBe('WouldBlock');
    const w = l.writeAsync();
    await holder.terminate();
    const g = await w;
    expect(g.kind).toBe('Ok');
    g.guard.drop();
    expect(l.isPoisoned()).toBe(false);
  });
});
