// The plain-data encoding (plain.ts): what it accepts must arrive exactly as a
// structured clone would make it; everything else must be refused (codec.ts then uses
// v8.serialize). These tests run the encoder and decoder directly, over shared memory.

import { describe, expect, it } from 'vitest';
import { copyPlainTo, decodePlain, encodePlain, encodePlainScratch } from './plain.ts';

const sab = new SharedArrayBuffer(1 << 20);
const shared = Buffer.from(sab);
const view = new DataView(sab);
const words = new Int32Array(sab);

/** Encodes into shared memory the way codec.ts does (scratch, then a word copy at an 8-aligned offset) and decodes. */
function roundTrip(v: unknown, at = 72): unknown {
  const n = encodePlainScratch(v);
  if (n < 0) throw new Error('refused');
  copyPlainTo(words, at, n);
  return decodePlain(shared, view, at);
}

/** The clone must match structuredClone: values, -0 and NaN, key order, prototypes. */
function expectLikeClone(v: unknown): void {
  const got = roundTrip(v);
  const want = structuredClone(v);
  expect(got).toStrictEqual(want);
  const walk = (a: unknown, b: unknown): void => {
    if (typeof b === 'number') {
      expect(Object.is(a, b)).toBe(true);
      return;
    }
    if (b === null || typeof b !== 'object') return;
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(Object.keys(a as object)).toEqual(Object.keys(b));
    for (const k of Object.keys(b)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
  };
  walk(got, want);
}

describe('plain data: accepted values arrive as structuredClone makes them', () => {
  it.each([
    ['the bench object', { id: 7, payload: 'xxxxxxxxxxxxxxxx' }],
    ['int32 bounds and beyond', [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -1.5]],
    ['-0, NaN, infinities', [-0, NaN, Infinity, -Infinity, { z: -0, n: NaN }]],
    ['undefined values and elements', { a: undefined, b: [undefined, null], c: null }],
    ['booleans', [true, false, { t: true, f: false }]],
    ['empty containers', [{}, [], { '': {} }, [[]]]],
    ['key order: integer-like keys first, then insertion order', { b: 1, 2: 'two', a: 2, 1: 'one', '-1': 3, '01': 4 }],
    ['the empty key and odd keys', { '': 1, ' ': 2, 'a.b': 3, constructor: 4, toString: 5, hasOwnProperty: 6 }],
    ['non-Latin-1 and long keys', { ключ: 1, '😀': 2, ['k'.repeat(24)]: 3, ['k'.repeat(25)]: 4, ['ÿé']: 5 }],
    ['nested objects and arrays', { a: { b: { c: [1, { d: [2, [3]] }] } } }],
    ['an array of 1000 numbers', Array.from({ length: 1000 }, (_, i) => i * 1.25)],
  ])('%s', (_name, v) => expectLikeClone(v));

  it('strings of every length up to 70, Latin-1 and UTF-16, lone surrogates', () => {
    for (let n = 0; n <= 70; n++) {
      expectLikeClone('x'.repeat(n));
      expectLikeClone('ÿ'.repeat(n));
      expectLikeClone('é€'.repeat(n));
      expectLikeClone({ ['k'.repeat(n)]: 'v'.repeat(n) });
    }
    expectLikeClone(['\ud800', 'a\udc00b', '\udfff\ud800', '\u0000', '\u00ff\u0100']);
  });

  it('keys that collide in the decoder cache, or share a length, are told apart', () => {
    // Many distinct keys of the same lengths: some share a cache slot, none may be confused.
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}`);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < keys.length; i += 2) {
        const o = { [keys[i]]: i, [keys[i + 1]]: i + 1 };
        expect(Object.keys(roundTrip(o) as object)).toEqual([keys[i], keys[i + 1]]);
      }
    }
    expectLikeClone({ ab: 1, ba: 2, aB: 3, Ab: 4 });
  });

  it('decodes at any 8-aligned offset and leaves neighbouring bytes alone', () => {
    shared.fill(0xee, 0, 4096);
    const v = { id: 1, payload: 'abc' }; // 3-char string: the length is not a multiple of 4
    const n = encodePlainScratch(v);
    copyPlainTo(words, 1024, n);
    expect(decodePlain(shared, view, 1024)).toStrictEqual(v);
    expect(shared[1023]).toBe(0xee);
    expect(shared[1024 + ((n + 3) & ~3)]).toBe(0xee);
  });

  it('the scratch encoding and encodePlain give the same bytes (sync/value.ts uses the latter)', () => {
    const v = { a: [1, 'two', { three: 3 }], b: 'ü😀' };
    const bytes = Buffer.from(encodePlain(v)!);
    const n = encodePlainScratch(v);
    copyPlainTo(words, 0, n);
    expect(shared.subarray(0, n).equals(bytes)).toBe(true);
  });

  it('a large value goes through the bulk copy', () => {
    const v = { rows: Array.from({ length: 3000 }, (_, i) => ({ i, s: `row ${i}`, f: i / 3 })) };
    expectLikeClone(v);
  });
});

describe('plain data: everything else is refused (codec.ts falls back to v8.serialize)', () => {
  class Point {
    x = 1;
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const sharedRef = { s: 1 };
  it.each([
    ['a class instance', () => new Point()],
    ['a null-prototype object', () => Object.assign(Object.create(null), { k: 1 })],
    ['an object with another object as prototype', () => Object.create({ inherited: 1 })],
    ['an own __proto__ key', () => JSON.parse('{"__proto__": {"x": 1}}')],
    ['a sparse array', () => [1, , 3]],
    ['an array with an extra property', () => Object.assign([1, 2], { extra: true })],
    ['an Array subclass', () => new (class MyArray extends Array {})()],
    ['a Map, a Set, a Date, a RegExp', () => [new Map(), new Set(), new Date(0), /x/]],
    ['boxed primitives', () => [new Number(1), new String('s'), new Boolean(false)]],
    ['typed arrays and buffers', () => ({ t: new Uint8Array(4), b: new ArrayBuffer(4) })],
    ['an Error', () => new Error('x')],
    ['a bigint', () => ({ n: 1n })],
    ['a symbol', () => [Symbol('s')]],
    ['a function', () => ({ f: () => 1 })],
    ['a Proxy', () => ({ p: new Proxy({}, {}) })],
    ['a Proxy of an array', () => new Proxy([1], {})],
    ['a cycle', () => cyclic],
    ['a shared reference', () => ({ a: sharedRef, b: sharedRef })],
    ['a shared reference after more than 16 objects', () => {
      const many = Array.from({ length: 20 }, (_, i) => ({ i }));
      return { many, again: many[18] };
    }],
    ['nesting deeper than 64', () => JSON.parse('['.repeat(70) + ']'.repeat(70))],
  ])('%s', (_name, make) => {
    expect(encodePlainScratch(make())).toBe(-1);
    expect(encodePlain(make())).toBeNull();
  });

  it('nesting of exactly 64 levels is accepted', () => {
    expectLikeClone(JSON.parse('['.repeat(64) + ']'.repeat(64)));
  });

  it('many distinct objects (past the short seen-list) are accepted', () => {
    expectLikeClone(Array.from({ length: 100 }, (_, i) => ({ i, inner: { i } })));
  });

  it('a getter that throws propagates, and the next value encodes cleanly', () => {
    const bad = { a: { b: 1 }, get c(): never { throw new Error('getter'); } };
    expect(() => encodePlainScratch(bad)).toThrow('getter');
    // The objects seen before the throw must not count as seen now.
    const o = { b: 1 };
    expectLikeClone({ x: o, y: [o.b] });
    expectLikeClone(Array.from({ length: 20 }, (_, i) => ({ i })));
  });

  it('a getter runs once, as in a structured clone, and its value is sent', () => {
    let calls = 0;
    const v = { get g() { calls++; return 'got'; } };
    expect(roundTrip(v)).toStrictEqual({ g: 'got' });
    expect(calls).toBe(1);
  });
});
