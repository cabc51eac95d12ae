import { describe, expect, it } from 'vitest';
import { formatValue, sameValue, type Value } from '../../spec/model/types.ts';
import { parseExample } from '../../spec/toolchain/example/parse-example.ts';
import { styledValue, ValueSequence, VALUE_STYLES, type ValueStyle } from './scenario-values.ts';

const first = (style: ValueStyle, n: number) => Array.from({ length: n }, (_, i) => styledValue(style, i));

describe('scenario values', () => {
  it('count from 1 or 0, or repeat each value twice', () => {
    expect(first('counting', 4)).toEqual([1, 2, 3, 4]);
    expect(first('from-zero', 4)).toEqual([0, 1, 2, 3]);
    expect(first('repeating', 6)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('of every kind: null first, every falsy one and a string beyond Latin-1 within the first nine, all distinct', () => {
    const kinds = first('kinds', 500);
    expect(kinds[0]).toBe(null);
    for (const falsy of [0, '', false]) expect(kinds.slice(0, 9)).toContain(falsy);
    expect(kinds.slice(0, 2).some((v) => typeof v === 'string' && /[^\u0000-\u00ff]/.test(v))).toBe(true);
    const kindOf = (v: Value) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
    expect([...new Set(kinds.map(kindOf))].sort()).toEqual(['array', 'boolean', 'null', 'number', 'object', 'string']);
    // Past the fixed first values the kinds go on cycling: numbers, arrays, objects, and strings short, long and beyond Latin-1.
    // Strings of every length a shared-memory copy treats apart, alone and inside arrays and objects, within the first thirteen.
    const strings = kinds.slice(0, 13).flatMap(function stringsIn(v: Value): string[] {
      return typeof v === 'string' ? [v] : v !== null && typeof v === 'object' ? Object.values(v).flatMap(stringsIn) : [];
    });
    for (const length of [0, 5, 7, 40]) expect(strings.some((s) => s.length === length), `a string of ${length}`).toBe(true);
    expect(kinds.slice(0, 12).filter((v) => typeof v === 'string' && v.length >= 5 && v.length <= 8)).not.toEqual([]);
    const nested = (v: Value) => v !== null && typeof v === 'object' && Object.values(v).some((x) => typeof x === 'string' || (x !== null && typeof x === 'object'));
    expect(kinds.slice(0, 12).filter(nested).flatMap((v) => JSON.stringify(v).match(/[^\u0000-\u00ff]/g) ?? [])).not.toEqual([]);
    expect(kinds.slice(0, 9)).toContain(true);
    // A number no float32 holds, early; the first integer a float32 rounds, later.
    expect(kinds.slice(0, 6).some((v) => typeof v === 'number' && Math.fround(v) !== v)).toBe(true);
    expect(kinds.slice(0, 26)).toContain(2 ** 24 + 1);
    // An integer beyond 31 bits, own keys __proto__ and "0", and array-like keys, early too; one beyond 32 bits later.
    expect(kinds.slice(0, 4).some((v) => typeof v === 'number' && Number.isInteger(v) && v !== (v | 0))).toBe(true);
    expect(kinds.slice(0, 22).some((v) => typeof v === 'number' && Number.isSafeInteger(v) && v !== v >>> 0)).toBe(true);
    expect(kinds.slice(0, 12).some((v) => v !== null && typeof v === 'object' && Object.hasOwn(v, '__proto__') && Object.hasOwn(v, '0'))).toBe(true);
    expect(kinds.slice(0, 12)).toContainEqual({ '0': 1, '1': 2 });
    // An object with a numeric length key, and an array twenty deep, soon after.
    expect(kinds.slice(0, 16)).toContainEqual({ length: 2, unit: 'm' });
    const depth = (v: Value): number => (Array.isArray(v) ? 1 + Math.max(0, ...v.map(depth)) : 0);
    expect(Math.max(...kinds.slice(0, 18).map(depth))).toBeGreaterThanOrEqual(20);
    // A string beyond 4 KiB soon after too, and long ones (1,500 characters) among the later kinds.
    expect(kinds.slice(0, 16).some((v) => typeof v === 'string' && v.length > 4096)).toBe(true);
    // Two values beyond 48 KiB in a row (as UTF-8), one a Latin-1 string of over 50,000 characters in an array.
    const large = kinds.slice(0, 18).map((v) => Buffer.byteLength(JSON.stringify(v)) > 49_152);
    expect(large.some((big, i) => big && large[i + 1])).toBe(true);
    expect(kinds.slice(0, 18).some((v) => Array.isArray(v) && v.some((x) => typeof x === 'string' && x.length > 50_000 && /^[\u0000-\u00ff]*$/.test(x)))).toBe(true);
    expect(kinds.slice(16).filter((v) => typeof v === 'string' && v.length > 1024).length).toBeGreaterThan(20);
    const later = kinds.slice(20);
    expect([...new Set(later.map(kindOf))].sort()).toEqual(['array', 'number', 'object', 'string']);
    expect(later.some((v) => typeof v === 'string' && /[^\u0000-\u00ff]/.test(v))).toBe(true);
    expect(later.some((v) => typeof v === 'string' && v.length > 100)).toBe(true);
    const texts = kinds.map((v) => formatValue(v));
    expect(new Set(texts).size).toBe(kinds.length);
  });

  it('hollow: empty arrays and objects first, then nested empties, all distinct', () => {
    const hollow = first('hollow', 200);
    expect(hollow.slice(0, 3)).toEqual([[], {}, [[]]]);
    const texts = hollow.map((v) => formatValue(v));
    expect(new Set(texts).size).toBe(hollow.length);
  });

  it('survive JSON and structured clone unchanged, as the process and threads executors move them', () => {
    for (const style of VALUE_STYLES) {
      for (const v of first(style, 60)) {
        expect(sameValue(JSON.parse(JSON.stringify(v)), v)).toBe(true);
        expect(sameValue(structuredClone(v), v)).toBe(true);
      }
    }
  });

  it('print and read back in the example notation, so a counterexample can be pasted into a chapter', () => {
    const values = [...first('kinds', 30), ...first('hollow', 12)];
    const text = ['title: kinds', 'let tx, rx = channel()', `main: ${values.map((v) => `tx.send(${formatValue(v)})`).join('; ')}`].join('\n');
    const parsed = parseExample(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.example.scenario.prefix.map((op) => op.args[0])).toEqual(values);
  });

  it('hand out values in order', () => {
    const seq = new ValueSequence('kinds');
    expect([seq.take(), seq.take(), seq.take()]).toEqual([null, 'ü€𝄞', 0]);
  });
});
