// Sequential semantics in one thread (no workers): results, draining, timeouts,
// iteration, values, handle misuse, schedule hooks. The concurrent behaviour is in
// flavors.test.ts, liveness.test.ts and async.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import { installScheduleHooks } from '../schedule/hooks.ts';
import { ChannelUsageError, channel, syncChannel, trySelect, unbounded, type Receiver, type Sender } from '../index.ts';

type Make = () => [Sender<unknown>, Receiver<unknown>];
const buffered: [string, Make][] = [
  ['unbounded', () => channel()],
  ['bounded(4)', () => syncChannel(4)],
];

describe.each(buffered)('%s', (_n, make) => {
  it('drains buffered values in FIFO order after the last sender is dropped, then Disconnected', () => {
    const [tx, rx] = make();
    tx.send(1);
    tx.send(2);
    tx.drop();
    expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: 1 });
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Ok', value: 2 });
    expect(rx.tryRecv()).toEqual({ kind: 'Disconnected' });
    expect(rx.recv()).toEqual({ kind: 'Disconnected' });
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('recvTimeout returns a buffered value even with timeout 0; Timeout consumes nothing', () => {
    const [tx, rx] = make();
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Timeout' });
    expect(rx.recvTimeout(15)).toEqual({ kind: 'Timeout' });
    tx.send('a');
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Ok', value: 'a' });
    tx.send('b');
    expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: 'b' });
    tx.drop();
    rx.drop();
  });

  it('tryIter ends at the first Empty while senders live; a later tryIter yields more; iter ends at disconnection', () => {
    const [tx, rx] = make();
    tx.send(0);
    tx.send(1);
    expect([...rx.tryIter()]).toEqual([0, 1]);
    tx.send(2);
    expect([...rx.tryIter()]).toEqual([2]);
    tx.send(3);
    tx.drop();
    expect([...rx.iter()]).toEqual([3]);
    expect([...rx]).toEqual([]);
    rx.drop();
  });

  it('a clone keeps the channel connected', () => {
    const [tx, rx] = make();
    const tx2 = tx.clone();
    tx.drop();
    expect(rx.tryRecv()).toEqual({ kind: 'Empty' });
    tx2.send('x');
    tx2.drop();
    expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: 'x' });
    expect(rx.tryRecv()).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('after the receiver is dropped, send and trySend return the value as Disconnected', () => {
    const [tx, rx] = make();
    tx.send(1);
    rx.drop();
    expect(tx.send(2)).toEqual({ kind: 'Disconnected', value: 2 });
    expect(tx.trySend(3)).toEqual({ kind: 'Disconnected', value: 3 });
    tx.drop();
  });
});

describe('flavor specifics', () => {
  it('unbounded trySend is never Full', () => {
    const [tx, rx] = channel<number>();
    let ok = 0;
    for (let i = 0; i < 50_000; i++) if (tx.trySend(i).kind === 'Ok') ok++;
    expect(ok).toBe(50_000);
    let n = 0;
    let inOrder = true;
    for (const v of rx.tryIter()) if (v !== n++) inOrder = false;
    expect([n, inOrder]).toEqual([50_000, true]);
    tx.drop();
    rx.drop();
  });

  it('rendezvous: trySend is Full and tryRecv Empty with nobody blocked on the other side', () => {
    const [tx, rx] = syncChannel<number>(0);
    expect(tx.trySend(1)).toEqual({ kind: 'Full', value: 1 });
    expect(rx.tryRecv()).toEqual({ kind: 'Empty' });
    expect(rx.recvTimeout(5)).toEqual({ kind: 'Timeout' });
    tx.drop();
    expect(rx.tryRecv()).toEqual({ kind: 'Disconnected' });
    rx.drop();
  });

  it('a bounded ring keeps working across many wraps', () => {
    const [tx, rx] = syncChannel<number>(3);
    for (let i = 0; i < 10_000; i++) {
      expect(tx.trySend(i)).toEqual({ kind: 'Ok' });
      if (i % 2 === 1) {
        expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: i - 1 });
        expect(rx.tryRecv()).toEqual({ kind: 'Ok', value: i });
      }
    }
    tx.drop();
    rx.drop();
  });

  it('mpmc: buffered values survive while any receiver lives; dropping the last destroys them', () => {
    const [tx, rx] = unbounded<string>();
    const rx2 = rx.clone();
    tx.send('long enough to live in the heap: '.repeat(3));
    rx.drop();
    expect(rx2.tryRecv().kind).toBe('Ok');
    tx.send('another heap value, long enough'.repeat(2));
    rx2.drop();
    expect(tx.send('late')).toEqual({ kind: 'Disconnected', value: 'late' });
    tx.drop();
  });
});

describe('values', () => {
  const samples: [string, unknown][] = [
    ['integers', 42],
    ['-0', -0],
    ['NaN', NaN],
    ['Infinity', -Infinity],
    ['true', true],
    ['false', false],
    ['null', null],
    ['undefined', undefined],
    ['empty string', ''],
    ['short string', 'ab'],
    ['8-char string', 'abcdefgh'],
    ['long Latin-1 string', 'é'.repeat(1000)],
    ['UTF-16 string', 'h€llo, wörld — 😀'],
    ['short UTF-16 string', '€'],
    ['object', { a: 1, b: [true, null, 'x'], c: { d: 'e' } }],
    ['array', [1, 'two', [3]]],
    ['Map', new Map([[1, 'one']])],
    ['Date', new Date(0)],
    ['BigInt', 12345678901234567890n],
    ['Uint8Array', new Uint8Array([1, 2, 3])],
    ['Float64Array', new Float64Array([1.5, -2.5])],
  ];
  it.each(samples)('%s round-trips through every flavor', (_n, v) => {
    for (const [tx, rx] of [channel<unknown>(), syncChannel<unknown>(2)]) {
      expect(tx.send(v)).toEqual({ kind: 'Ok' });
      const r = rx.tryRecv();
      expect(r.kind).toBe('Ok');
      expect((r as { value: unknown }).value).toEqual(v);
      if (typeof v === 'number') expect(Object.is((r as { value: unknown }).value, v)).toBe(true);
      tx.drop();
      rx.drop();
    }
  });

  const plainish: [string, () => unknown][] = [
    ['nested plain data', () => ({ a: [1, -0, 2.5, NaN, 'x', 'ü', '😀'], b: { c: null, d: undefined, e: true }, '': [] })],
    ['an array with undefined', () => [undefined, 1]],
    ['a sparse array', () => [1, , 3]],
    ['an array with an extra property', () => Object.assign([1, 2], { extra: 'yes' })],
    ['an own __proto__ key', () => JSON.parse('{"__proto__": {"x": 1}, "y": 2}')],
    ['a class instance', () => new (class Point { constructor(readonly x = 1) {} })()],
    ['a null-prototype object', () => Object.assign(Object.create(null), { k: 1 })],
    ['deep nesting', () => JSON.parse('['.repeat(100) + ']'.repeat(100))],
    ['large plain data', () => ({ rows: Array.from({ length: 5000 }, (_, i) => ({ i, s: `row ${i}` })) })],
  ];
  it.each(plainish)('%s arrives exactly as structuredClone would make it', (_n, make) => {
    const [tx, rx] = channel<unknown>();
    tx.send(make());
    const r = rx.tryRecv() as { kind: string; value: unknown };
    expect(r.kind).toBe('Ok');
    expect(r.value).toStrictEqual(structuredClone(make()));
    expect(Object.getPrototypeOf(r.value)).toBe(Object.getPrototypeOf(structuredClone(make())));
    tx.drop();
    rx.drop();
  });

  it('shared references and cycles are preserved (structured clone), a Proxy is refused', () => {
    const [tx, rx] = channel<unknown>();
    const shared = { s: 1 };
    tx.send({ a: shared, b: shared });
    const r1 = (rx.tryRecv() as { value: { a: object; b: object } }).value;
    expect(r1.a).toBe(r1.b);
    const cyc: { self?: unknown } = {};
    cyc.self = cyc;
    tx.send(cyc);
    const r2 = (rx.tryRecv() as { value: { self: unknown } }).value;
    expect(r2.self).toBe(r2);
    expect(() => tx.send(new Proxy({}, {}))).toThrow();
    expect(rx.tryRecv()).toEqual({ kind: 'Empty' });
    tx.drop();
    rx.drop();
  });

  it('a non-cloneable value throws at send and changes nothing', () => {
    const [tx, rx] = channel<unknown>();
    expect(() => tx.send(() => 1)).toThrow();
    expect(rx.tryRecv()).toEqual({ kind: 'Empty' });
    tx.drop();
    rx.drop();
  });

  it('Disconnected(v) returns the very value sent', () => {
    const [tx, rx] = syncChannel<object>(1);
    rx.drop();
    const v = { big: 'x'.repeat(100) };
    const r = tx.send(v);
    expect(r.kind).toBe('Disconnected');
    expect((r as { value: object }).value).toBe(v);
    tx.drop();
  });
});

describe('handles', () => {
  it('dropping twice, or using a dropped or transferred handle, throws ChannelUsageError', () => {
    const [tx, rx] = channel<number>();
    const tx2 = tx.clone();
    tx.drop();
    expect(() => tx.drop()).toThrow(ChannelUsageError);
    expect(() => tx.send(1)).toThrow(/dropped/);
    expect(() => tx.clone()).toThrow(ChannelUsageError);
    tx2.transfer();
    expect(() => tx2.send(1)).toThrow(/transferred/);
    rx.drop();
    expect(() => rx.tryRecv()).toThrow(ChannelUsageError);
  });

  it('Symbol.dispose drops the handle (and is harmless after drop)', () => {
    const [tx, rx] = channel<number>();
    {
      const d = tx[Symbol.dispose].bind(tx);
      d();
    }
    expect(tx.isDropped).toBe(true);
    expect(rx.tryRecv()).toEqual({ kind: 'Disconnected' });
    rx[Symbol.dispose]();
    rx[Symbol.dispose]();
  });

  it('reports flavor, capacity and profile', () => {
    const [a, ra] = channel();
    const [b, rb] = syncChannel(3);
    const [c, rc] = syncChannel(0);
    const [d, rd] = unbounded();
    expect([a.flavor, a.capacity, a.profile]).toEqual(['unbounded', undefined, 'mpsc']);
    expect([b.flavor, b.capacity]).toEqual(['bounded', 3]);
    expect([c.flavor, c.capacity]).toEqual(['rendezvous', 0]);
    expect(rd.profile).toBe('mpmc');
    for (const h of [a, ra, b, rb, c, rc, d, rd]) h.drop();
  });

  it('trySelect is Empty when nothing is ready', () => {
    const [t1, r1] = channel<number>();
    const [t2, r2] = syncChannel<number>(0);
    expect(trySelect([r1, r2])).toEqual({ kind: 'Empty' });
    t1.send(4);
    expect(trySelect([r1, r2])).toEqual({ index: 0, outcome: { kind: 'Ok', value: 4 } });
    for (const h of [t1, r1, t2, r2]) h.drop();
  });
});

describe('schedule hooks', () => {
  afterEach(() => installScheduleHooks(null));

  it('every shared-memory step passes a schedule point; waits go through park; no spinning when controlled', () => {
    const labels: string[] = [];
    let parks = 0;
    installScheduleHooks({
      point: (label) => void labels.push(label),
      park: () => {
        parks++;
        return 'timed-out'; // the coordinator fires the timeout
      },
      unpark: () => 0,
    });
    const [tx, rx] = syncChannel<number>(1);
    expect(tx.send(1)).toEqual({ kind: 'Ok' });
    expect(labels).toContain('send:commit');
    expect(rx.recvTimeout(0)).toEqual({ kind: 'Ok', value: 1 });
    labels.length = 0;
    // Empty: recvTimeout must park (so the coordinator sees the wait) rather than spin,
    // and takes the coordinator's timeout as its own.
    expect(rx.recvTimeout(1_000_000)).toEqual({ kind: 'Timeout' });
    expect(parks).toBe(1);
    expect(labels.length).toBeLessThan(200); // a 1000-iteration spin would show
    tx.drop();
    rx.drop();
  });
});
