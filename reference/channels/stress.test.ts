// Concurrency stress with real workers (light: two cores are shared): many senders and
// receivers, select over several channels, receives racing timeouts. Checked: every
// value is received exactly once, in per-sender order for each receiver, and nothing
// hangs. This finds lost wakeups and double deliveries that single scenarios miss.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bounded, unbounded, type Receiver, type Sender } from '../index.ts';
import { Actor } from '../test-support/harness.ts';

let actors: Actor[];
beforeAll(async () => {
  actors = await Promise.all([Actor.start(), Actor.start(), Actor.start(), Actor.start()]);
});
afterAll(async () => {
  await Promise.all(actors.map((a) => a.terminate()));
});

type Make = () => [Sender<number>, Receiver<number>];
const flavors: [string, Make][] = [
  ['unbounded', () => unbounded<number>()],
  ['bounded(1)', () => bounded<number>(1)],
  ['bounded(8)', () => bounded<number>(8)],
  ['rendezvous', () => bounded<number>(0)],
];

/** Every sent value exactly once; each receiver saw each sender's values in order. */
function checkDelivery(perReceiver: number[][], tags: number[], n: number): void {
  const all = perReceiver.flat().sort((x, y) => x - y);
  const expected = tags.flatMap((t) => [...Array(n).keys()].map((i) => t * 1e6 + i)).sort((x, y) => x - y);
  expect(all).toEqual(expected);
  for (const seen of perReceiver) {
    for (const t of tags) {
      const mine = seen.filter((v) => Math.floor(v / 1e6) === t);
      expect(mine).toEqual([...mine].sort((x, y) => x - y));
    }
  }
}

// With the default spin, and with none (every wait parks: the wakeup paths).
const cases = [1000, 0].flatMap((spin) => flavors.map(([name, make]) => [`${name}, spin ${spin}`, make, spin] as const));

describe.each(cases)('%s (mpmc)', (_name, make, spin) => {
  beforeAll(async () => {
    await Promise.all(actors.map((a) => a.call('setSpin', spin).done));
  });

  it('two senders, two receivers selecting over two channels: exactly once, per-sender order', async () => {
    const [a, b, c, d] = actors;
    const [t1, r1] = make();
    const [t2, r2] = make();
    const n = 2000;
    const sel1 = c.call<[number, number][]>('selectAll', [r1.clone().transfer(), r2.clone().transfer()]);
    const sel2 = d.call<[number, number][]>('selectAll', [r1.transfer(), r2.transfer()]);
    const s1 = a.call<number>('sendBursty', t1.transfer(), 1, n, 97, 50);
    const s2 = b.call<number>('sendBursty', t2.transfer(), 2, n, 89, 50);
    expect([await s1.done, await s2.done]).toEqual([n, n]);
    const [g1, g2] = await Promise.all([sel1.done, sel2.done]);
    // A value's tag says which channel it came from: check the select index matched.
    for (const [i, v] of [...g1, ...g2]) expect(Math.floor(v / 1e6)).toBe(i + 1);
    checkDelivery([g1.map(([, v]) => v), g2.map(([, v]) => v)], [1, 2], n);
  });

  it('receives racing short timeouts consume nothing: every value arrives exactly once', async () => {
    const [a, b, c, d] = actors;
    const [tx, rx] = make();
    const n = 2000;
    const r1 = c.call<{ values: number[]; timeouts: number }>('recvTimeoutLoop', rx.clone().transfer(), 0.05);
    const r2 = d.call<{ values: number[]; timeouts: number }>('recvTimeoutLoop', rx.transfer(), 1);
    const s1 = a.call<number>('sendBursty', tx.clone().transfer(), 1, n, 50, 200);
    const s2 = b.call<number>('sendBursty', tx.transfer(), 2, n, 61, 200);
    expect([await s1.done, await s2.done]).toEqual([n, n]);
    const [v1, v2] = await Promise.all([r1.done, r2.done]);
    checkDelivery([v1.values, v2.values], [1, 2], n);
  });
});
