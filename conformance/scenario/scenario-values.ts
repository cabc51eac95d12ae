// The values generated scenarios send, set and store. A JavaScript implementation can
// mishandle a value's kind without mishandling its count: a truthiness test drops 0,
// "" or false; `null` or `undefined` used as "no value" swallows a null; a Set or a Map
// keyed by value merges two equal values; a copy through shared memory or a serializer
// garbles a string outside Latin-1 or an object. Unique small integers see none of it,
// so every scenario draws a value style, and the values of the scenario follow it.
import fc from 'fast-check';
import { sameValue, type Value } from '../../spec/model/types.ts';

/**
 * - `counting`: 1, 2, 3, ... (the simplest to read; what shrinking moves towards);
 * - `from-zero`: 0, 1, 2, ...;
 * - `kinds`: distinct values of every JSON kind: `null` first, then a string beyond
 *   Latin-1, `0`, an integer beyond 31 bits, a number no float32 holds, arrays, `""`, objects (with an own
 *   `__proto__` key among others, or keys "0" and "1"), `false`, longer strings, two values
 *   beyond 48 KiB, ...;
 * - `repeating`: each value twice in a row (0, 0, 1, 1, ...): equal values that are
 *   still two messages;
 * - `hollow`: empty and nested empty arrays and objects first (`[]`, `{}`, `[[]]`, ...),
 *   which a copy testing `.length` or `typeof` for "is it an array" garbles, then `kinds`'
 *   later values.
 */
export type ValueStyle = 'counting' | 'from-zero' | 'kinds' | 'repeating' | 'hollow';

export const VALUE_STYLES: readonly ValueStyle[] = ['counting', 'from-zero', 'kinds', 'repeating', 'hollow'];
/** Where values are compared with numbers (a condvar's predicates). */
export const NUMERIC_STYLES: readonly ValueStyle[] = ['counting', 'from-zero'];
/** Where which write won must stay visible (a OnceLock's initializers). */
export const DISTINCT_STYLES: readonly ValueStyle[] = ['counting', 'from-zero', 'kinds', 'hollow'];
/**
 * Where a write lands on a value already held (a Mutex's or RwLock's `set`): each value
 * differs from every other, and the lock scenarios skip the locks' initial values
 * (`ValueSequence`'s `avoid`: the 0 of `kinds`), so a lost write always shows.
 * (`from-zero` would first write the 0 already held, `repeating` every other value again.)
 */
export const CHANGING_STYLES: readonly ValueStyle[] = ['counting', 'kinds', 'hollow'];

/** The style among `styles` whose sequence (less the values in `avoid`) `values` is, from its start (undefined if none). */
export function styleOf(values: readonly Value[], styles: readonly ValueStyle[] = VALUE_STYLES, avoid: readonly Value[] = []): ValueStyle | undefined {
  return styles.find((style) => {
    const sequence = new ValueSequence(style, avoid);
    return values.every((v) => sameValue(v, sequence.take()));
  });
}

/** Shrinks towards `counting`. */
export function valueStyleArbitrary(styles: readonly ValueStyle[] = VALUE_STYLES): fc.Arbitrary<ValueStyle> {
  return fc.constantFrom(...styles);
}

/**
 * An object whose keys a copy by assignment or a keyed encoder garbles: `__proto__` (own,
 * as JSON.parse makes it; `out[k] = v` sets the prototype instead), an array index
 * (`"0"`, which objects list first), `hasOwnProperty` (own: `v.hasOwnProperty(k)` then
 * throws), the empty key, a key beyond Latin-1, and nesting.
 */
const TRICKY_KEYS: Value = JSON.parse('{"":0,"k":{"n":null,"s":"Ωmega","t":false},"ключ":["","é"],"__proto__":{"constructor":"x"},"hasOwnProperty":1,"0":"zero"}') as Value;

/**
 * Distinct from one another and from every later value, each a JSON value that survives a
 * round trip. The first value of a scenario is the one most often stored and read back, so
 * `null` comes first (a truthiness test and a `== null` test both lose it), then a string
 * beyond Latin-1 and 0; the rest follow within the first few sends. Strings come in the
 * lengths a copy into shared memory treats apart (empty, up to 8 characters, beyond 32,
 * beyond Latin-1), and inside arrays and objects as well as alone: an encoder has a path
 * for each, and a value nested in another is written by another path again.
 */
/** An array nested twenty deep around 1. */
const DEEP: Value = Array.from({ length: 19 }).reduce<Value>((inner) => [inner], [1]);

const FIRST_KINDS: readonly Value[] = [
  null,
  'ü€𝄞',
  0,
  // Beyond 31 bits: an Int32 slot (or a fast path for what fits 32 unsigned bits) wraps it.
  3_000_000_000,
  // No float32 holds it: a Float32Array slot rounds it (every value above is exact in one).
  0.1,
  [null, [false, true, '', 'ωμέγα', `${'ж'.repeat(40)}!`, 'é'.repeat(33)], -0.5],
  '',
  true,
  false,
  TRICKY_KEYS,
  // A Latin-1 string of 7 that parses as JSON: a decoder that sniffs strings makes it a number.
  '1234567',
  // Array-like keys with number values: not an array.
  { '0': 1, '1': 2 },
  'é'.repeat(40),
  // A numeric length: not an array either (an "is array-like" test makes it one).
  { length: 2, unit: 'm' },
  // Beyond 4 KiB: a library that gives a long value more room (a second slot, another
  // region, a chunked copy) has a path no short value takes.
  `${'L'.repeat(5000)}·`,
  // Beyond 48 KiB, in an array and in an object, one after the other: a library that gives a
  // large value a buffer of its own (two at once, while both wait to be received) has a
  // path no shorter value takes, and a decoder that recurses on a string's length
  // overflows its stack.
  [`${'B'.repeat(70_000)}·`],
  { big: `${'ж'.repeat(40_000)}!` },
  // Twenty deep: a copy or an encoder that stops at some depth cuts it.
  DEEP,
  [],
  {},
  -1,
  // Beyond 32 bits (a Uint32 slot keeps 7).
  2 ** 32 + 7,
  Number.MAX_SAFE_INTEGER,
  // 2^24 + 1, the first integer a float32 rounds.
  16_777_217,
];

/** Empty containers, and containers of them: each distinct from the others. */
const HOLLOW: readonly Value[] = [[], {}, [[]], { '': {} }, [{}], { a: [] }, [[], {}], [[[]]], { a: [{}], b: {} }, [null, []]];

/** Past FIRST_KINDS, the n-th value is of kind n mod 6, carrying n to stay distinct. */
function laterKind(n: number): Value {
  switch (n % 6) {
    case 0:
      return n;
    case 1:
      return `s${n}`;
    case 2:
      return { v: n };
    case 3:
      return `${'ω'.repeat(20)}${n}`;
    case 4:
      return [n, `${n}`];
    default:
      return `${'L'.repeat(n % 12 === 5 ? 200 : 1500)}${n}`;
  }
}

/** The n-th value (n = 0, 1, 2, ...) of a scenario drawn in `style`. */
export function styledValue(style: ValueStyle, n: number): Value {
  switch (style) {
    case 'counting':
      return n + 1;
    case 'from-zero':
      return n;
    case 'repeating':
      return n >> 1;
    case 'kinds':
      return n < FIRST_KINDS.length ? FIRST_KINDS[n] : laterKind(n);
    case 'hollow':
      return n < HOLLOW.length ? HOLLOW[n] : laterKind(n);
  }
}

/** Hands out a scenario's values in order, skipping those in `avoid` (a lock's initial value: a lost write of it would not show). */
export class ValueSequence {
  private next = 0;
  constructor(
    readonly style: ValueStyle,
    private readonly avoid: readonly Value[] = [],
  ) {}
  take(): Value {
    for (;;) {
      const v = styledValue(this.style, this.next++);
      if (!this.avoid.some((a) => sameValue(a, v))) return v;
    }
  }
}
