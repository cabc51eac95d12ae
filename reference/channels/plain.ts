// A compact encoding for plain data — plain objects and dense arrays of numbers,
// strings, booleans, null and undefined — the common "small object" message. It is
// several times cheaper than v8.serialize (perf-anchors.md: ~3.8 µs per small object,
// slower than postMessage), and gives the same result as a structured clone for the
// values it accepts. Anything else (class instances, Maps, Dates, typed arrays, sparse
// arrays or arrays with extra properties, bigints, an object reached twice — a cycle or
// a shared reference, which structured clone preserves — or nesting deeper than 64)
// makes the encoder give up, and codec.ts falls back to v8.serialize.
//
// Format (little-endian): one tag byte per value, then
//   NULL, UNDEFINED, FALSE, TRUE: nothing    INT: int32    F64: float64
//   STR1: u32 length + Latin-1 bytes         STR2: u32 length + UTF-16 code units
//   ARRAY: u32 count + values                OBJECT: u32 count + (key string, value) pairs

import { types } from 'node:util';

const isProxy = types.isProxy;

const NULL = 1;
const UNDEFINED = 2;
const FALSE = 3;
const TRUE = 4;
const INT = 5;
const F64 = 6;
const STR1 = 7;
const STR2 = 8;
const ARRAY = 9;
const OBJECT = 10;

const MAX_DEPTH = 64;
const NON_LATIN1 = /[^\u0000-\u00ff]/;

// The scratch buffer values are encoded into: a Buffer over an ArrayBuffer of its own
// (not a pooled slice), so that an Int32Array over it is aligned and copyPlainTo can
// move the bytes into shared memory a word at a time.
let buf = Buffer.from(new ArrayBuffer(256));
let dv = new DataView(buf.buffer, 0, buf.byteLength);
let words = new Int32Array(buf.buffer);
let pos = 0;

function reserve(n: number): void {
  if (pos + n <= buf.length) return;
  const nb = Buffer.from(new ArrayBuffer(Math.max(buf.length * 2, (pos + n + 7) & ~7)));
  buf.copy(nb, 0, 0, pos);
  buf = nb;
  dv = new DataView(buf.buffer, 0, buf.byteLength);
  words = new Int32Array(buf.buffer);
}

/** Strings up to this length are copied by a JS loop (native Buffer calls cost more). */
const SHORT = 32;

function writeString(s: string): void {
  const n = s.length;
  if (n <= SHORT) {
    reserve(5 + 2 * n);
    const start = pos;
    let p = pos + 5;
    let latin1 = true;
    for (let i = 0; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (ch > 0xff) {
        latin1 = false;
        break;
      }
      buf[p++] = ch;
    }
    if (latin1) {
      buf[start] = STR1;
      dv.setUint32(start + 1, n, true);
      pos = p;
      return;
    }
    buf[start] = STR2;
    dv.setUint32(start + 1, n, true);
    p = start + 5;
    for (let i = 0; i < n; i++) {
      dv.setUint16(p, s.charCodeAt(i), true);
      p += 2;
    }
    pos = p;
    return;
  }
  if (!NON_LATIN1.test(s)) {
    reserve(5 + n);
    buf[pos] = STR1;
    dv.setUint32(pos + 1, n, true);
    pos += 5;
    pos += buf.write(s, pos, n, 'latin1');
  } else {
    reserve(5 + 2 * n);
    buf[pos] = STR2;
    dv.setUint32(pos + 1, n, true);
    pos += 5;
    pos += buf.write(s, pos, 2 * n, 'utf16le');
  }
}

// Objects already encoded in this value (a second visit means a cycle or a shared
// reference: give up). The first few go in a short list, which is cheaper than a Set
// for the usual small value (and cheaper to reset than an array's length).
const SEEN_LIST = 16;
const seenList: (object | null)[] = new Array<object | null>(SEEN_LIST).fill(null);
let seenCount = 0;
const seenSet = new Set<object>();
function visit(o: object): boolean {
  if (seenCount < SEEN_LIST) {
    for (let i = 0; i < seenCount; i++) if (seenList[i] === o) return false;
    seenList[seenCount++] = o;
    if (seenCount === SEEN_LIST) for (let i = 0; i < SEEN_LIST; i++) seenSet.add(seenList[i]!);
    return true;
  }
  if (seenSet.has(o)) return false;
  seenSet.add(o);
  return true;
}

function forgetSeen(): void {
  for (let i = 0; i < seenCount; i++) seenList[i] = null;
  seenCount = 0;
  if (seenSet.size > 0) seenSet.clear();
}

function writeNumber(v: number): void {
  // -0 is not an int32 for us: 1 / -0 is -Infinity (Object.is would cost a call).
  if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
    reserve(5);
    buf[pos] = INT;
    dv.setInt32(pos + 1, v, true);
    pos += 5;
  } else {
    reserve(9);
    buf[pos] = F64;
    dv.setFloat64(pos + 1, v, true);
    pos += 9;
  }
}

function writeValue(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'number':
      writeNumber(v);
      return true;
    case 'string':
      writeString(v);
      return true;
    case 'boolean':
      reserve(1);
      buf[pos++] = v ? TRUE : FALSE;
      return true;
    case 'undefined':
      reserve(1);
      buf[pos++] = UNDEFINED;
      return true;
    case 'object': {
      if (v === null) {
        reserve(1);
        buf[pos++] = NULL;
        return true;
      }
      if (depth >= MAX_DEPTH) return false;
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype) {
        // A Proxy cannot be structured-cloned: let v8.serialize throw the right error.
        if (isProxy(v) || !visit(v)) return false;
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        const n = keys.length;
        reserve(5);
        buf[pos] = OBJECT;
        dv.setUint32(pos + 1, n, true);
        pos += 5;
        for (let i = 0; i < n; i++) {
          const k = keys[i];
          if (k === '__proto__') return false; // assigning it back would set the prototype
          writeString(k);
          if (!writeValue(o[k], depth + 1)) return false;
        }
        return true;
      }
      if (proto === Array.prototype) {
        if (isProxy(v) || !visit(v)) return false;
        const a = v as unknown[];
        const n = a.length;
        // Holes and extra properties survive a structured clone but not this format.
        if (Object.keys(a).length !== n) return false;
        reserve(5);
        buf[pos] = ARRAY;
        dv.setUint32(pos + 1, n, true);
        pos += 5;
        for (let i = 0; i < n; i++) if (!writeValue(a[i], depth + 1)) return false;
        return true;
      }
      // Class instances, null prototypes (a clone has Object.prototype), Maps, Dates,
      // boxed primitives, typed arrays, other realms' objects: v8.serialize.
      return false;
    }
    default:
      return false;
  }
}

/**
 * Encodes `v` into this thread's scratch buffer if it is plain data; returns its byte
 * length, or -1 if the value needs the structured-clone serializer. The bytes stay in
 * the scratch buffer until the next call: take them with copyPlainTo.
 */
export function encodePlainScratch(v: unknown): number {
  pos = 0;
  let ok: boolean;
  try {
    ok = writeValue(v, 0);
  } finally {
    // (Also when a getter throws: the next value starts from a clean slate.)
    if (seenCount > 0) forgetSeen();
  }
  return ok ? pos : -1;
}

/**
 * Copies the `length` bytes encodePlainScratch left in the scratch buffer to byte
 * offset `at` (a multiple of 4) of `dst`, an Int32Array over the destination buffer
 * with room for `length` rounded up to a multiple of 4 bytes.
 */
export function copyPlainTo(dst: Int32Array, at: number, length: number): void {
  const w = at >> 2;
  const n = (length + 3) >> 2;
  if (n <= 64) {
    for (let i = 0; i < n; i++) dst[w + i] = words[i];
  } else {
    dst.set(words.subarray(0, n), w);
  }
}

/**
 * Encodes `v` if it is plain data; returns the bytes (a view of a reused scratch buffer,
 * valid until the next call) or null if the value needs the structured-clone serializer.
 */
export function encodePlain(v: unknown): Uint8Array | null {
  const n = encodePlainScratch(v);
  return n < 0 ? null : buf.subarray(0, n);
}

// ---- decoding (straight from shared memory) -----------------------------------------

let rbuf: Buffer;
let rdv: DataView;
let rpos = 0;

// Buffer's latin1Slice/ucs2Slice are what toString(encoding) dispatches to; calling
// them directly saves the dispatch on every key and string.
type SliceBuffer = Buffer & { latin1Slice?(start: number, end: number): string; ucs2Slice?(start: number, end: number): string };

function readString(tag: number): string {
  const n = rdv.getUint32(rpos, true);
  rpos += 4;
  const b = rbuf as SliceBuffer;
  if (tag === STR1) {
    const s = n <= 16 ? shortLatin1(rpos, n) : b.latin1Slice !== undefined ? b.latin1Slice(rpos, rpos + n) : b.toString('latin1', rpos, rpos + n);
    rpos += n;
    return s;
  }
  const s = b.ucs2Slice !== undefined ? b.ucs2Slice(rpos, rpos + 2 * n) : b.toString('utf16le', rpos, rpos + 2 * n);
  rpos += 2 * n;
  return s;
}

const fromCharCode = String.fromCharCode;

/** A Latin-1 string of at most 16 bytes at `at`, made in JS (cheaper than a native slice). */
function shortLatin1(at: number, n: number): string {
  const b = rbuf;
  if (n < 4) {
    if (n === 0) return '';
    if (n === 1) return fromCharCode(b[at]);
    if (n === 2) return fromCharCode(b[at], b[at + 1]);
    return fromCharCode(b[at], b[at + 1], b[at + 2]);
  }
  const head = fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
  return n === 4 ? head : head + shortLatin1(at + 4, n - 4);
}

// Object keys repeat from message to message: a small direct-mapped cache of the keys
// decoded last (Latin-1, up to KEY_MAX bytes) gives back the same string, which V8 has
// already internalized, so both the slice and the property store get cheaper. A hit is
// checked byte by byte, so a collision only costs a miss.
const KEY_MAX = 24;
const KEY_SLOTS = 256;
const keyCache: string[] = new Array<string>(KEY_SLOTS).fill('');

function readKey(): string {
  const tag = rbuf[rpos++];
  if (tag !== STR1) return readString(tag);
  const n = rdv.getUint32(rpos, true);
  if (n > KEY_MAX) return readString(tag);
  const at = rpos + 4;
  const b = rbuf;
  let h = n;
  for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + b[at + i]) | 0;
  const slot = h & (KEY_SLOTS - 1);
  const c = keyCache[slot];
  rpos = at + n;
  if (c.length === n) {
    let i = 0;
    while (i < n && c.charCodeAt(i) === b[at + i]) i++;
    if (i === n) return c;
  }
  const k = n <= 16 ? shortLatin1(at, n) : b.toString('latin1', at, at + n);
  keyCache[slot] = k;
  return k;
}

function readValue(): unknown {
  const tag = rbuf[rpos++];
  switch (tag) {
    case NULL:
      return null;
    case UNDEFINED:
      return undefined;
    case FALSE:
      return false;
    case TRUE:
      return true;
    case INT: {
      const v = rdv.getInt32(rpos, true);
      rpos += 4;
      return v;
    }
    case F64: {
      const v = rdv.getFloat64(rpos, true);
      rpos += 8;
      return v;
    }
    case STR1:
    case STR2:
      return readString(tag);
    case ARRAY: {
      const n = rdv.getUint32(rpos, true);
      rpos += 4;
      const a = new Array<unknown>(n);
      for (let i = 0; i < n; i++) a[i] = readValue();
      return a;
    }
    case OBJECT: {
      const n = rdv.getUint32(rpos, true);
      rpos += 4;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = readKey();
        o[k] = readValue();
      }
      return o;
    }
    default:
      throw new Error(`syncspec internal error: bad plain-data tag ${tag}`);
  }
}

/** Decodes plain data at `offset` in `b` (a Buffer over shared memory, with its DataView). */
export function decodePlain(b: Buffer, view: DataView, offset: number): unknown {
  rbuf = b;
  rdv = view;
  rpos = offset;
  return readValue();
}
