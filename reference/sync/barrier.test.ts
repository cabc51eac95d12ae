// Barrier: small barriers, generations and leaders with real workers, and what a dead
// party does ('break' by default, Rust's 'ignore' on request).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Barrier } from '../index.ts';
import { Actor, sleep } from '../test-support/harness.ts';

describe('Barrier, on the main thread (spec/barrier.md)', () => {
  it('n = 0 and n = 1 never block and always lead (BAR-SMALL-0/1)', async () => {
    for (const n of [0, 1]) {
      const b = new Barrier(n);
      expect(b.wait().kind).toBe('Leader');
      expect(b.wait().kind).toBe('Leader');
      expect((await b.waitAsync()).isLeader).toBe(true);
    }
  });

  it('the n-th arrival leads and releases; the barrier is reusable (BAR-WAIT-2, BAR-GEN-1)', async () => {
    const b = new Barrier(3);
    for (let gen = 0; gen < 3; gen++) {
      const p1 = b.waitAsync();
      const p2 = b.waitAsync();
      let settled = false;
      void Promise.race([p1, p2]).then(() => (settled = true));
      await sleep(5);
      expect(settled).toBe(false);
      expect(b.wait().kind).toBe('Leader'); // the third arrival: returns at once
      expect([(await p1).kind, (await p2).kind]).toEqual(['Follower', 'Follower']);
    }
  });

  it('surplus callers start the next generation (BAR-GEN-3)', async () => {
    const b = new Barrier(2);
    const ps = [b.waitAsync(), b.waitAsync(), b.waitAsync()];
    const kinds = (await Promise.all(ps.slice(0, 2))).map((r) => r.kind).sort();
    expect(kinds).toEqual(['Follower', 'Leader']);
    expect(b.wait().kind).toBe('Leader');
    expect((await ps[2]).kind).toBe('Follower');
  });
});

describe('Barrier across workers', () => {
  let a: Actor;
  let b: Actor;
  beforeAll(async () => {
    [a, b] = await Promise.all([Actor.start(), Actor.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.terminate(), b.terminate()]);
  });

  it('exactly one leader per generation over 300 generations of three parties (BAR-LEAD-1, BAR-GEN-2)', async () => {
    const k = 300;
    const bar = new Barrier(3);
    const ca = a.call<string[]>('barrierWaits', bar.transfer(), k);
    const cb = b.call<string[]>('barrierWaits', bar.transfer(), k);
    const mine: string[] = [];
    for (let i = 0; i < k; i++) mine.push((await bar.waitAsync()).kind);
    const [ra, rb] = await Promise.all([ca.done, cb.done]);
    // A party's i-th call belongs to generation i: its next call never joins the one it left.
    for (let i = 0; i < k; i++) expect([ra[i], rb[i], mine[i]].filter((x) => x === 'Leader')).toHaveLength(1);
    expect([...ra, ...rb, ...mine].every((x) => x === 'Leader' || x === 'Follower')).toBe(true);
  });
});

describe('a dead party', () => {
  it("breaks the barrier by default: waiting parties and later waits return Broken (no hang)", async () => {
    const [w1, w2] = await Promise.all([Actor.start(), Actor.start()]);
    const bar = new Barrier(4);
    const c1 = w1.call('barrierWaitOnce', bar.transfer());
    await c1.event('arriving');
    await w2.call('barrierHold', bar.transfer()).done; // holds a handle, never arrives
    const mine = bar.waitAsync();
    await sleep(20);
    expect(c1.isSettled).toBe(false);
    await w2.terminate();
    expect(await mine).toEqual({ kind: 'Broken', isLeader: false });
    expect(await c1.done).toBe('Broken');
    expect(bar.isBroken()).toBe(true);
    expect(bar.wait().kind).toBe('Broken');
    await w1.terminate();
  });

  it("with onDeath: 'ignore' (Rust), a dead party's arrival still counts and the rest are released", async () => {
    const w = await Actor.start();
    const bar = new Barrier(3, { onDeath: 'ignore' });
    const c = w.call('barrierWaitOnce', bar.transfer());
    await c.event('arriving');
    await sleep(20);
    await w.terminate();
    const mine = bar.waitAsync();
    expect(bar.wait().kind).toBe('Leader');
    expect((await mine).kind).toBe('Follower');
    expect(bar.isBroken()).toBe(false);
  });

  it('a handle dropped before the death does not break it', async () => {
    const w = await Actor.start();
    const bar = new Barrier(2);
    expect(await w.call('barrierWaits', bar.transfer(), 0).done).toEqual([]); // claims and drops
    await w.terminate();
    expect(bar.isBroken()).toBe(false);
    const p = bar.waitAsync();
    expect(bar.wait().kind).toBe('Leader');
    expect((await p).kind).toBe('Follower');
  });
});
