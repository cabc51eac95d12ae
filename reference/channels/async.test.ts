// The promise API on the main thread, against workers using the blocking API.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonPendingAsync, channel, selectTimeoutAsync, syncChannel, unbounded } from '../index.ts';
import { Actor, sleep } from '../test-support/harness.ts';

let w: Actor;
beforeAll(async () => {
  w = await Actor.start();
});
afterAll(async () => {
  await w.terminate();
});

const GRACE = 150;

function pending<T>(p: Promise<T>): () => boolean {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  return () => !settled;
}

describe('main-thread async API', () => {
  it('sendAsync waits while a bounded channel is full and completes when a worker receives', async () => {
    const [tx, rx] = syncChannel<number>(1);
    expect(await tx.sendAsync(1)).toEqual({ kind: 'Ok' });
    const p = tx.sendAsync(2);
    const isPending = pending(p);
    await sleep(GRACE);
    expect(isPending()).toBe(true);
    const r = w.call<number[]>('recvAll', rx.transfer());
    expect(await p).toEqual({ kind: 'Ok' });
    tx.drop();
    expect(await r.done).toEqual([1, 2]);
  });

  it('sendAsync on a rendezvous channel resolves only once a worker took the value', async () => {
    const [tx, rx] = syncChannel<string>(0);
    const p = tx.sendAsync('v');
    const isPending = pending(p);
    await sleep(GRACE);
    expect(isPending()).toBe(true);
    const r = w.call('recvOne', rx.transfer());
    expect(await p).toEqual({ kind: 'Ok' });
    expect(await r.done).toEqual({ kind: 'Ok', value: 'v' });
    tx.drop();
  });

  it('recvAsync resolves with a worker-sent value; iterAsync ends at disconnection', async () => {
    const [tx, rx] = channel<number>();
    const s = w.call('sendRange', tx.transfer(), 0, 500);
    const got: number[] = [];
    for await (const v of rx) got.push(v);
    await s.done;
    expect(got).toEqual([...Array(500).keys()]);
    rx.drop();
  });

  it('recvTimeoutAsync: Timeout consumes nothing; a value sent later is still there', async () => {
    const [tx, rx] = syncChannel<number>(0);
    expect(await rx.recvTimeoutAsync(30)).toEqual({ kind: 'Timeout' });
    const s = w.call('sendValues', tx.transfer(), [5]);
    expect(await rx.recvTimeoutAsync(60_000)).toEqual({ kind: 'Ok', value: 5 });
    await s.done;
    expect(await rx.recvTimeoutAsync(60_000)).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('many concurrent recvAsync on mpmc receivers each get a distinct value', async () => {
    const [tx, rx] = unbounded<number>();
    const rxs = [rx, ...Array.from({ length: 7 }, () => rx.clone())];
    const ps = rxs.flatMap((r) => [r.recvAsync(), r.recvAsync()]);
    await sleep(20);
    const s = w.call('sendRange', tx.transfer(), 0, 16);
    const got = await Promise.all(ps);
    await s.done;
    expect(got.map((g) => (g.kind === 'Ok' ? g.value : -1)).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    for (const r of rxs) r.drop();
  });

  it('a handle with a pending async operation cannot be dropped or moved until it settles', async () => {
    const [tx, rx] = channel<number>();
    const p = rx.recvAsync();
    expect(() => rx.drop()).toThrow(/pending/);
    expect(() => rx.transfer()).toThrow(/pending/);
    tx.send(1);
    expect(await p).toEqual({ kind: 'Ok', value: 1 });
    rx.drop();
    tx.drop();
  });

  it('a timed receive with a signal (and no time limit) times out when the signal aborts, and not before', async () => {
    const [tx, rx] = channel<number>();
    const ac = new AbortController();
    const p = rx.recvTimeoutAsync(Infinity, { signal: ac.signal });
    const isPending = pending(p);
    await sleep(GRACE);
    expect(isPending()).toBe(true);
    ac.abort();
    expect(await p).toEqual({ kind: 'Timeout' });
    // A value sent before the abort wins over it; an already aborted signal still takes a value that is there.
    const late = new AbortController();
    const q = rx.recvTimeoutAsync(Infinity, { signal: late.signal });
    tx.send(1);
    late.abort();
    expect(await q).toEqual({ kind: 'Ok', value: 1 });
    tx.send(2);
    expect(await rx.recvTimeoutAsync(Infinity, { signal: late.signal })).toEqual({ kind: 'Ok', value: 2 });
    expect(await selectTimeoutAsync([rx], Infinity, { signal: late.signal })).toEqual({ kind: 'Timeout' });
    tx.drop();
    rx.drop();
  });

  it('abandoned operations give their wait records back: more of them than the pool holds, in turn', async () => {
    let abandoned = 0;
    for (let round = 0; round < 6; round++) {
      const chans = Array.from({ length: 1000 }, () => syncChannel<number>(0));
      const ps = chans.map(([, rx]) => rx.recvAsync());
      await sleep(1);
      abandoned += abandonPendingAsync();
    }
    expect(abandoned).toBe(6000);
    // The reactor works on: a new operation waits and completes.
    const [tx, rx] = channel<number>();
    const p = rx.recvAsync();
    tx.send(3);
    expect(await p).toEqual({ kind: 'Ok', value: 3 });
  });

  it('selectTimeoutAsync times out, then reports the ready receiver', async () => {
    const [t1, r1] = channel<number>();
    const [t2, r2] = syncChannel<number>(0);
    expect(await selectTimeoutAsync([r1, r2], 20)).toEqual({ kind: 'Timeout' });
    const s = w.call('sendValues', t2.transfer(), [8]);
    expect(await selectTimeoutAsync([r1, r2], 60_000)).toEqual({ index: 1, outcome: { kind: 'Ok', value: 8 } });
    await s.done;
    t1.drop();
    r1.drop();
    r2.drop();
  });
});
