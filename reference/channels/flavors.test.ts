// Channel semantics with real worker threads, for every flavor: FIFO per sender,
// blocking and unblocking, disconnection, iteration, select, mpmc, large values.
// Assertions never depend on timing: a "still blocked" check is one-sided (a generous
// grace, then the blocked call must not have returned) and every wait has a liveness
// deadline only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bounded, channel, selectAsync, syncChannel, unbounded, type Receiver, type Sender } from '../index.ts';
import { Actor, eventually, sleep } from '../test-support/harness.ts';

type Make = () => [Sender<unknown>, Receiver<unknown>];
const flavors: [string, Make][] = [
  ['unbounded', () => channel()],
  ['bounded(1)', () => syncChannel(1)],
  ['bounded(16)', () => syncChannel(16)],
  ['rendezvous', () => syncChannel(0)],
];

let a: Actor;
let b: Actor;
let c: Actor;

beforeAll(async () => {
  [a, b, c] = await Promise.all([Actor.start(), Actor.start(), Actor.start()]);
});

afterAll(async () => {
  await Promise.all([a.terminate(), b.terminate(), c.terminate()]);
});

/** Grace period for one-sided "has not returned" checks. */
const GRACE = 150;

describe.each(flavors)('%s', (_name, make) => {
  it('keeps FIFO order per sender with two concurrent senders, and ends at disconnection', async () => {
    const [tx, rx] = make();
    const n = 2000;
    const r = c.call<{ count: number; sum: number }>('recvAll', rx.transfer());
    const s1 = a.call<number>('sendRange', tx.clone().transfer(), 1, n);
    const s2 = b.call<number>('sendRange', tx.transfer(), 2, n);
    expect(await s1.done).toBe(n);
    expect(await s2.done).toBe(n);
    const values = (await r.done) as unknown as number[];
    expect(values.length).toBe(2 * n);
    for (const tag of [1, 2]) {
      const mine = values.filter((v) => Math.floor(v / 1e6) === tag).map((v) => v % 1e6);
      expect(mine).toEqual([...Array(n).keys()]);
    }
  });

  it('wakes every blocked sender with its own value when the receiver is dropped', async () => {
    const [tx, rx] = make();
    const blocks = rx.capacity !== undefined;
    // Fill what can be filled without blocking (an unbounded channel never fills).
    if (blocks) while (tx.trySend('fill').kind === 'Ok');
    const s1 = a.call<unknown[]>('sendValues', tx.clone().transfer(), ['A']);
    const s2 = b.call<unknown[]>('sendValues', tx.clone().transfer(), ['B']);
    await Promise.all([s1.event('sending'), s2.event('sending')]);
    await sleep(GRACE);
    if (blocks) {
      expect(s1.isSettled).toBe(false);
      expect(s2.isSettled).toBe(false);
    }
    rx.drop();
    const [r1, r2] = await Promise.all([s1.done, s2.done]);
    if (blocks) {
      expect(r1).toEqual([{ kind: 'Disconnected', value: 'A' }]);
      expect(r2).toEqual([{ kind: 'Disconnected', value: 'B' }]);
    }
    expect(tx.send('late')).toEqual({ kind: 'Disconnected', value: 'late' });
    expect(tx.trySend('late')).toEqual({ kind: 'Disconnected', value: 'late' });
    tx.drop();
  });

  it('wakes a blocked receiver at once when the last sender is dropped, not before (a clone keeps it connected)', async () => {
    const [tx, rx] = make();
    const r = a.call('recvOne', rx.transfer());
    await r.event('receiving');
    const tx2 = tx.clone();
    tx.drop();
    await sleep(GRACE);
    expect(r.isSettled).toBe(false);
    tx2.drop();
    expect(await r.done).toEqual({ kind: 'Disconnected' });
  });

  it('drains buffered values in order before reporting disconnection (iter ends)', async () => {
    const [tx, rx] = make();
    const r = a.call<unknown[]>('recvAll', rx.transfer());
    const s = b.call('sendValues', tx.transfer(), [1, 'two', { three: 3 }, [4], null, true, 7.5]);
    await s.done;
    expect(await r.done).toEqual([1, 'two', { three: 3 }, [4], null, true, 7.5]);
  });

  it('select receives exactly once across channels until all are disconnected', async () => {
    const [t1, r1] = make();
    const [t2, r2] = make();
    const sel = c.call<[number, unknown][]>('selectAll', [r1.transfer(), r2.transfer()]);
    const n = 300;
    const s1 = a.call('sendRange', t1.transfer(), 1, n);
    const s2 = b.call('sendRange', t2.transfer(), 2, n);
    await Promise.all([s1.done, s2.done]);
    const got = await sel.done;
    expect(got.length).toBe(2 * n);
    for (const [idx, tag] of [
      [0, 1],
      [1, 2],
    ]) {
      const mine = got.filter(([i]) => i === idx).map(([, v]) => v as number);
      expect(mine).toEqual([...Array(n).keys()].map((i) => tag * 1e6 + i));
    }
  });

  it('recvTimeout: a buffered value even with timeout 0, Timeout consumes nothing, then Disconnected', async () => {
    const [tx, rx] = make();
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Timeout' });
    expect(await rx.recvTimeoutAsync(20)).toEqual({ kind: 'Timeout' });
    const s = a.call('sendValues', tx.transfer(), [1, 2]);
    await s.event('sending#0');
    // The first value is buffered (or, rendezvous, its sender is blocked): timeout 0 takes it.
    const first = await eventually(() => {
      const r = rx.recvTimeout(0);
      return r.kind === 'Ok' ? r : undefined;
    });
    expect(first).toEqual({ kind: 'Ok', value: 1 });
    expect(await rx.recvTimeoutAsync(60_000)).toEqual({ kind: 'Ok', value: 2 });
    await s.done;
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Disconnected' });
    expect(rx.recvTimeout(50)).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('after the last sender is gone, values sent before still drain (timeout 0 and tryRecv)', async () => {
    const [tx, rx] = make();
    if (rx.capacity === 0) {
      tx.drop();
      expect(rx.recvTimeout(0)).toEqual({ kind: 'Disconnected' });
      rx.drop();
      return;
    }
    const values = rx.capacity === 1 ? ['x'] : ['x', 'y']; // what fits without a receiver
    await a.call('sendValues', tx.transfer(), values).done;
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Ok', value: 'x' });
    if (values.length === 2) expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: 'y' });
    expect(rx.tryRecv()).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('carries a 1 MiB value intact', async () => {
    const [tx, rx] = make();
    const r = a.call<{ kind: string; length: number; intact: boolean }>('recvBig', rx.transfer());
    const s = b.call('sendBig', tx.transfer(), 1 << 20);
    expect(await s.done).toBe('Ok');
    expect(await r.done).toEqual({ kind: 'Ok', length: 1 << 20, intact: true });
  });
});

describe('bounded blocking', () => {
  it('send blocks while n values are buffered and completes when a receive frees a slot', async () => {
    const [tx, rx] = syncChannel<number>(2);
    const s = a.call<unknown[]>('sendValues', tx.transfer(), [1, 2, 3]);
    // The third send must block until we receive.
    await s.event('sending#2');
    await sleep(GRACE);
    expect(s.isSettled).toBe(false);
    expect(await rx.recvAsync()).toEqual({ kind: 'Ok', value: 1 });
    expect(await s.done).toEqual([{ kind: 'Ok' }, { kind: 'Ok' }, { kind: 'Ok' }]);
    expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: 2 });
    expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: 3 });
    expect(rx.tryRecv()).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('try_send: exactly n succeed from empty, then Full; Disconnected wins over Full', () => {
    const [tx, rx] = syncChannel<number>(3);
    expect([1, 2, 3, 4, 5].map((v) => tx.trySend(v).kind)).toEqual(['Ok', 'Ok', 'Ok', 'Full', 'Full']);
    expect(tx.trySend(6)).toEqual({ kind: 'Full', value: 6 });
    rx.drop();
    expect(tx.trySend(7)).toEqual({ kind: 'Disconnected', value: 7 });
    tx.drop();
  });
});

describe('rendezvous specifics', () => {
  it('send completes only when a receive took the value', async () => {
    const [tx, rx] = syncChannel<string>(0);
    const s = a.call<unknown[]>('sendValues', tx.transfer(), ['x']);
    await s.event('sending');
    await sleep(GRACE);
    expect(s.isSettled).toBe(false);
    expect(await rx.recvAsync()).toEqual({ kind: 'Ok', value: 'x' });
    expect(await s.done).toEqual([{ kind: 'Ok' }]);
    rx.drop();
  });

  it('trySend is Full with an idle receiver and Ok while a receiver is blocked in recv', async () => {
    const [tx, rx] = syncChannel<string>(0);
    expect(tx.trySend('early')).toEqual({ kind: 'Full', value: 'early' });
    const r = a.call('recvOne', rx.transfer());
    await r.event('receiving');
    // The receiver registers itself shortly after announcing: poll until trySend lands.
    await eventually(() => (tx.trySend('handoff').kind === 'Ok' ? true : undefined));
    expect(await r.done).toEqual({ kind: 'Ok', value: 'handoff' });
    expect(tx.trySend('gone')).toEqual({ kind: 'Disconnected', value: 'gone' });
    tx.drop();
  });

  it('tryRecv takes the value of a sender blocked in send, whose send then returns Ok', async () => {
    const [tx, rx] = syncChannel<number>(0);
    expect(rx.tryRecv()).toEqual({ kind: 'Empty' });
    const s = a.call<unknown[]>('sendValues', tx.transfer(), [42]);
    await s.event('sending');
    const got = await eventually(() => {
      const r = rx.tryRecv();
      return r.kind === 'Ok' ? r : undefined;
    });
    expect(got).toEqual({ kind: 'Ok', value: 42 });
    expect(await s.done).toEqual([{ kind: 'Ok' }]);
    expect(rx.tryRecv()).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('a receiver whose recvTimeout expired no longer makes trySend succeed', async () => {
    const [tx, rx] = syncChannel<number>(0);
    const r = a.call('recvOne', rx.transfer(), 20, false);
    expect(await r.done).toEqual({ kind: 'Timeout' });
    expect(tx.trySend(1)).toEqual({ kind: 'Full', value: 1 });
    await a.call('dropHeld').done;
    expect(tx.trySend(1)).toEqual({ kind: 'Disconnected', value: 1 });
    tx.drop();
  });
});

describe('mpmc profile', () => {
  it.each([
    ['unbounded', () => unbounded<number>()],
    ['bounded(4)', () => bounded<number>(4)],
    ['rendezvous', () => bounded<number>(0)],
  ] as const)('%s: each value is received exactly once across two receivers', async (_n, make) => {
    const [tx, rx] = make();
    const r1 = a.call<number[]>('recvAll', rx.clone().transfer());
    const r2 = b.call<number[]>('recvAll', rx.transfer());
    const n = 3000;
    const s = c.call<number>('sendRange', tx.transfer(), 0, n);
    expect(await s.done).toBe(n);
    const [v1, v2] = await Promise.all([r1.done, r2.done]);
    expect([...v1, ...v2].sort((x, y) => x - y)).toEqual([...Array(n).keys()]);
    // Each receiver sees its share in send order.
    for (const v of [v1, v2]) expect(v).toEqual([...v].sort((x, y) => x - y));
  });

  it('senders see Disconnected only when the last receiver is dropped', () => {
    const [tx, rx] = bounded<number>(1);
    const rx2 = rx.clone();
    rx.drop();
    expect(tx.send(1)).toEqual({ kind: 'Ok' });
    expect(tx.trySend(2)).toEqual({ kind: 'Full', value: 2 });
    rx2.drop();
    expect(tx.trySend(3)).toEqual({ kind: 'Disconnected', value: 3 });
    tx.drop();
  });

  it('an mpsc receiver cannot be cloned', () => {
    const [tx, rx] = channel();
    expect(() => rx.clone()).toThrow(/cannot be cloned/);
    tx.drop();
    rx.drop();
  });
});

describe('select', () => {
  it('selectAsync wakes for the receiver that becomes ready and reports its index', async () => {
    const [t1, r1] = syncChannel<number>(0);
    const [t2, r2] = channel<number>();
    const sel = selectAsync([r1, r2]);
    const s = a.call('sendValues', t2.transfer(), [9]);
    expect(await sel).toEqual({ index: 1, outcome: { kind: 'Ok', value: 9 } });
    await s.done;
    // r2 is now disconnected and empty: select reports that as ready too.
    expect(await selectAsync([r1, r2])).toEqual({ index: 1, outcome: { kind: 'Disconnected' } });
    t1.drop();
    r1.drop();
    r2.drop();
  });
});
