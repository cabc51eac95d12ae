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

let buf = Buffer.allocUnsafe(256);
let dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
let pos = 0;

function reserve(n: number): void {
  if (pos + n <= buf.length) return;
  const nb = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
  buf.copy(nb, 0, 0, pos);
  buf = nb;
  dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
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
    pos += buf.write(s, pos, 'latin1');
  } else {
    reserve(5 + 2 * n);
    buf[pos] = STR2;
    dv.setUint32(pos + 1, n, true);
    pos += 5;
    pos += buf.write(s, pos, 'utf16le');
  }
}

// Objects already encoded in this value (a second visit means a cycle or a shared
// reference: give up). A short array is cheaper than a Set for the usual small value.
const seenList: object[] = [];
const seenSet = new Set<object>();
function visit(o: object): boolean {
  if (seenSet.size > 0) {
    if (seenSet.has(o)) return false;
    seenSet.add(o);
    return true;
  }
  if (seenList.includes(o)) return false;
  seenList.push(o);
  if (seenList.length > 16) {
    for (const x of seenList) seenSet.add(x);
  }
  return true;
}

function writeValue(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v && !Object.is(v, -0)) {
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
      // A Proxy cannot be structured-cloned: let v8.serialize throw the right error.
      if (depth >= MAX_DEPTH || isProxy(v) || !visit(v)) return false;
      const proto = Object.getPrototypeOf(v);
      if (proto === Array.prototype) {
        const a = v as unknown[];
        // Holes and extra properties survive a structured clone but not this format.
        if (Object.keys(a).length !== a.length) return false;
        reserve(5);
        buf[pos] = ARRAY;
        dv.setUint32(pos + 1, a.length, true);
        pos += 5;
        for (let i = 0; i < a.length; i++) if (!writeValue(a[i], depth + 1)) return false;
        return true;
      }
      if (proto === Object.prototype || proto === null) {
        if (proto === null) return false; // a clone has Object.prototype: leave it to v8
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        reserve(5);
        buf[pos] = OBJECT;
        dv.setUint32(pos + 1, keys.length, true);
        pos += 5;
        for (const k of keys) {
          if (k === '__proto__') return false; // assigning it back would set the prototype
          writeString(k);
          if (!writeValue(o[k], depth + 1)) return false;
        }
        return true;
      }
      return false;
    }
    default:
      return false;
  }
}

/**
 * Encodes `v` if it is plain data; returns the bytes (a view of a reused scratch buffer,
 * valid until the next call) or null if the value needs the structured-clone serializer.
 */
export function encodePlain(v: unknown): Uint8Array | null {
  pos = 0;
  const ok = writeValue(v, 0);
  seenList.length = 0;
  if (seenSet.size > 0) seenSet.clear();
  return ok ? buf.subarray(0, pos) : null;
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
    const s = b.latin1Slice !== undefined ? b.latin1Slice(rpos, rpos + n) : b.toString('latin1', rpos, rpos + n);
    rpos += n;
    return s;
  }
  const s = b.ucs2Slice !== undefined ? b.ucs2Slice(rpos, rpos + 2 * n) : b.toString('utf16le', rpos, rpos + 2 * n);
  rpos += 2 * n;
  return s;
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
        const k = readString(rbuf[rpos++]);
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
