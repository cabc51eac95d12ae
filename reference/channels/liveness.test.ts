// Liveness with real workers: a terminated worker's handles count as dropped (via
// spawn/trackWorker), a blocked receiver burns no CPU, and an unbounded backlog's memory
// is given back as it drains.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ChannelUsageError, Receiver, Sender, channel, syncChannel } from '../index.ts';
import { Actor, sleep } from '../test-support/harness.ts';

const GRACE = 150;

describe('a terminated worker counts as having dropped its handles', () => {
  it('idle sender holder terminated: the main thread blocked in recvAsync sees Disconnected', async () => {
    const w = await Actor.start();
    const [tx, rx] = channel<number>();
    await w.call('hold', tx.transfer()).done;
    const p = rx.recvAsync();
    let settled = false;
    void p.then(() => (settled = true));
    await sleep(GRACE);
    expect(settled).toBe(false);
    await w.terminate();
    expect(await p).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('sender holder terminated: a receiver blocked in recv in another worker wakes with Disconnected', async () => {
    const [holder, receiver] = await Promise.all([Actor.start(), Actor.start()]);
    const [tx, rx] = syncChannel<number>(0);
    const r = receiver.call('blockInRecv', rx.transfer());
    await r.event('receiving');
    await holder.call('hold', tx.transfer()).done;
    await sleep(GRACE);
    expect(r.isSettled).toBe(false);
    await holder.terminate();
    expect(await r.done).toEqual({ result: { kind: 'Disconnected' } });
    await receiver.terminate();
  });

  it('sender terminated while blocked in a rendezvous send: the receiver sees Disconnected, not the dead send', async () => {
    const w = await Actor.start();
    const [tx, rx] = syncChannel<string>(0);
    const s = w.call('sendValues', tx.transfer(), ['never']);
    await s.event('sending');
    await sleep(GRACE);
    await w.terminate();
    expect(await rx.recvAsync()).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it.each([
    ['bounded(1), full', () => syncChannel<string>(1), true],
    ['rendezvous', () => syncChannel<string>(0), false],
  ] as const)('receiver holder terminated (%s): a blocked sendAsync returns its value as Disconnected', async (_n, make, fill) => {
    const w = await Actor.start();
    const [tx, rx] = make();
    if (fill) expect(tx.send('fill')).toEqual({ kind: 'Ok' });
    await w.call('hold', rx.transfer()).done;
    const p = tx.sendAsync('mine');
    let settled = false;
    void p.then(() => (settled = true));
    await sleep(GRACE);
    expect(settled).toBe(false);
    await w.terminate();
    expect(await p).toEqual({ kind: 'Disconnected', value: 'mine' });
    tx.drop();
  });

  it('receiver terminated while blocked in recv: senders see Disconnected', async () => {
    const w = await Actor.start();
    const [tx, rx] = syncChannel<number>(1);
    const r = w.call('blockInRecv', rx.transfer());
    await r.event('receiving');
    await w.terminate();
    await expect(r.done).rejects.toThrow(/exited/);
    expect(await tx.sendAsync(1)).toEqual({ kind: 'Ok' }); // a slot is free: Ok is allowed before the death is noticed...
    expect(await tx.sendAsync(2)).toEqual({ kind: 'Disconnected', value: 2 }); // ...but a full channel notices it
    tx.drop();
  });

  it('a handle in flight from a thread that died counts as dropped, and its claim fails', async () => {
    const w = await Actor.start();
    const [tx, rx] = channel<number>();
    // The worker claims the sender and moves it back out; it dies before we claim it.
    const d = await w.call<ReturnType<Sender<number>['transfer']>>('bounce', tx.transfer()).done;
    await w.terminate();
    expect(await rx.recvAsync()).toEqual({ kind: 'Disconnected' });
    expect(() => Sender.fromDescriptor(d)).toThrow(ChannelUsageError);
    rx.drop();
  });

  it('a worker started by a terminated worker dies with it, and its handles count as dropped too', async () => {
    const parent = await Actor.start();
    const [tx, rx] = channel<number>();
    await parent.call('spawnHolder', tx.transfer()).done;
    const p = rx.recvAsync();
    await sleep(GRACE);
    await parent.terminate();
    expect(await p).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it.each([
    ['process.exit', 'exitNow'],
    ['an uncaught exception', 'crashSoon'],
  ])('an unwatched worker that ends by %s counts as having dropped its handles', async (_how, fn) => {
    const w = await Actor.start([], false);
    w.worker.on('error', () => {});
    const [tx, rx] = channel<number>();
    await w.call('hold', tx.transfer()).done;
    const p = rx.recvAsync();
    void w.call(fn, 7).done.catch(() => undefined);
    expect(await p).toEqual({ kind: 'Disconnected' });
    await w.exited;
    rx.drop();
  });

  it('a descriptor claimed back in its own thread works, and cannot be claimed twice', () => {
    const [tx, rx] = channel<number>();
    const d = rx.transfer();
    expect(() => rx.tryRecv()).toThrow(/transferred/);
    const rx2 = Receiver.fromDescriptor<number>(d);
    expect(() => Receiver.fromDescriptor(d)).toThrow(/already claimed/);
    tx.send(5);
    expect(rx2.tryRecv()).toEqual({ kind: 'Ok', value: 5 });
    tx.drop();
    rx2.drop();
  });
});

describe('handles in flight', () => {
  it('values sent while the receiver is still in flight (its descriptor not yet claimed) all arrive', async () => {
    // While a handle is in flight, new shared memory cannot reach its future thread by
    // broadcast, so the heap carves new regions out of the spill arena (heap.ts).
    const w = await Actor.start();
    const [tx, rx] = channel<unknown>();
    const d = rx.transfer();
    const n = 100_000;
    for (let i = 0; i < n; i++) tx.send(`a value long enough to need the heap #${i}`);
    tx.send(new Uint8Array(1 << 20).fill(9));
    tx.drop();
    const r = await w.call<{ count: number; intact: boolean; bigBytes: number }>('recvChecked', d, 'a value long enough to need the heap #').done;
    expect(r).toEqual({ count: n, intact: true, bigBytes: 1 << 20 });
    await w.terminate();
  });
});

describe('resources', () => {
  it('a receiver blocked for a second uses no measurable CPU', async () => {
    const w = await Actor.start();
    const [tx, rx] = channel<number>();
    const r = w.call('blockInRecv', rx.transfer());
    await r.event('receiving');
    await sleep(100); // past the short spin: parked
    const before = process.cpuUsage();
    const t0 = performance.now();
    await sleep(1000);
    const used = process.cpuUsage(before);
    const wall = performance.now() - t0;
    const cpuMs = (used.user + used.system) / 1000;
    console.log(`blocked receiver: ${cpuMs.toFixed(1)} ms CPU (whole process) over ${wall.toFixed(0)} ms`);
    // A spinning waiter would show about one core's worth (~1000 ms).
    expect(cpuMs).toBeLessThan(100);
    expect(r.isSettled).toBe(false);
    tx.send(1);
    expect(await r.done).toEqual({ result: { kind: 'Ok', value: 1 } });
    tx.drop();
    await w.terminate();
  });

  it.each([
    ['numbers', (i: number): unknown => i, 16],
    ['100-character strings', (i: number): unknown => `${'x'.repeat(94)}${String(i).padStart(6, '0')}`, 16 + 100],
  ] as const)('an unbounded backlog of 1e6 %s grows memory and gives it back as it drains', async (what, value, bytesPer) => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const w = await Actor.start();
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await w.call('gc').done;
        await sleep(20); // let this thread's broadcast handler forget released buffers
        gc();
      }
    };
    const [tx, rx] = channel<unknown>();
    await w.call('hold', rx.transfer()).done;
    await settle();
    const before = process.memoryUsage();
    const n = 1_000_000;
    for (let i = 0; i < n; i++) tx.send(value(i));
    await settle();
    const peak = process.memoryUsage();
    expect(await w.call('drainHeld').done).toBe(n);
    await settle();
    const after = process.memoryUsage();
    console.log(
      `unbounded backlog of ${n} ${what}: arrayBuffers ${mb(before.arrayBuffers)} -> ${mb(peak.arrayBuffers)} -> ${mb(after.arrayBuffers)} MiB; ` +
        `rss ${mb(before.rss)} -> ${mb(peak.rss)} -> ${mb(after.rss)} MiB (before -> at backlog -> drained)`,
    );
    // The sender (this thread) allocated the backlog's shared memory: it shows in this
    // thread's arrayBuffers, grows with the backlog and is given back after the drain
    // (down to the segment in use and a small region or spare: about 1 MiB at most).
    const grown = peak.arrayBuffers - before.arrayBuffers;
    expect(grown).toBeGreaterThan(n * bytesPer * 0.9);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(Math.max(grown * 0.1, 1.5 * 2 ** 20));
    tx.drop();
    await w.call('dropHeld').done;
    await w.terminate();
  });
});
