// The value a Mutex, RwLock, OnceLock or LazyLock protects, in shared memory.
//
// Values are structured-clone values, copied in and out (a `get` returns a fresh copy:
// write a changed value back with `set`). Numbers, booleans, null and undefined live in
// a 4-word image in the control buffer; strings, plain data (channels/plain.ts: the
// channels' compact encoding, reused) and everything else (v8.serialize) are bytes in
// one of two *areas*: growable SharedArrayBuffers created with the primitive, so every
// thread that has the descriptor sees them grow without messages. Growable buffers
// cannot shrink: an area keeps the size of the largest value it held (at most
// `maxValueBytes`, default 16 MiB, reserved as address space only). That is the simple
// approach the channels' heap (channels/heap.ts) avoids for backlogs; a lock holds one
// value, so it is good enough here.
//
// Double buffering makes every write a single commit: the writer (the lock holder, or
// the running initializer) fills the area and image *not* in use, then stores the
// selector. A thread terminated in the middle of a write left the committed value
// untouched, so a lock taken over from a dead holder needs no repair (runtime/lock.ts
// explains the same rule for the channels' critical sections).

import { deserialize, serialize } from 'node:v8';
import { add, load, store } from '../runtime/atomics.ts';
import { growSharedArrayBuffer, growableSharedArrayBuffer } from '../runtime/es2024.ts';
import { decodePlain, encodePlain } from '../channels/plain.ts';

/** Int32 words a value cell takes in the control buffer. */
export const VALUE_WORDS = 12;
const V_SELECTOR = 0; // which image/area holds the committed value (0 or 1)
const V_VERSION = 1; // bumped by every commit (OnceLock's reads check it: a seqlock)
const V_IMAGE = 2; // two images of 4 words: [tag, length, p0, p1]

const T_UNDEFINED = 1;
const T_NULL = 2;
const T_FALSE = 3;
const T_TRUE = 4;
const T_NUMBER = 5;
const T_LATIN1 = 6;
const T_UTF16 = 7;
const T_PLAIN = 8;
const T_SERIALIZED = 9;

export const DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;
const NON_LATIN1 = /[^\u0000-\u00ff]/;
const f64 = new Float64Array(1);
const f64words = new Int32Array(f64.buffer);

interface AreaViews {
  length: number;
  buf: Buffer;
  dv: DataView;
}

export class ValueCell {
  private readonly views: (AreaViews | null)[] = [null, null];

  constructor(
    private readonly ctl: Int32Array,
    private readonly at: number,
    readonly areas: readonly [SharedArrayBuffer, SharedArrayBuffer],
  ) {}

  /** The two areas of a new cell. */
  static createAreas(maxBytes: number): [SharedArrayBuffer, SharedArrayBuffer] {
    if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new RangeError('maxValueBytes must be a non-negative integer');
    return [growableSharedArrayBuffer(0, maxBytes), growableSharedArrayBuffer(0, maxBytes)];
  }

  private area(s: number, need: number): AreaViews {
    const sab = this.areas[s];
    if (sab.byteLength < need) {
      const max = (sab as unknown as { maxByteLength: number }).maxByteLength;
      if (need > max) throw new RangeError(`syncspec: a value of ${need} bytes does not fit (maxValueBytes is ${max})`);
      growSharedArrayBuffer(sab, Math.min(max, Math.max(need, 2 * sab.byteLength, 256)));
    }
    let v = this.views[s];
    if (v === null || v.length !== sab.byteLength) {
      v = { length: sab.byteLength, buf: Buffer.from(sab, 0, sab.byteLength), dv: new DataView(sab, 0, sab.byteLength) };
      this.views[s] = v;
    }
    return v;
  }

  /**
   * Writes `value` as the new committed value. Only the thread that has the exclusive
   * right to write (lock holder, running initializer) calls this. Throws before any
   * visible effect if the value cannot be cloned or does not fit.
   */
  write(value: unknown, label: string): void {
    const s = 1 - load(this.ctl, this.at + V_SELECTOR, `${label}:value-selector`);
    const img = this.at + V_IMAGE + 4 * s;
    const c = this.ctl;
    let tag: number;
    let length = 0;
    let p0 = 0;
    let p1 = 0;
    switch (typeof value) {
      case 'undefined':
        tag = T_UNDEFINED;
        break;
      case 'boolean':
        tag = value ? T_TRUE : T_FALSE;
        break;
      case 'number':
        tag = T_NUMBER;
        f64[0] = value;
        p0 = f64words[0];
        p1 = f64words[1];
        break;
      case 'string': {
        const latin1 = !NON_LATIN1.test(value);
        tag = latin1 ? T_LATIN1 : T_UTF16;
        length = latin1 ? value.length : 2 * value.length;
        this.area(s, length).buf.write(value, 0, length, latin1 ? 'latin1' : 'utf16le');
        break;
      }
      default: {
        if (value === null) {
          tag = T_NULL;
          break;
        }
        const plain = encodePlain(value);
        const bytes = plain ?? serialize(value);
        tag = plain !== null ? T_PLAIN : T_SERIALIZED;
        length = bytes.byteLength;
        this.area(s, length).buf.set(bytes, 0);
      }
    }
    // Plain stores: published by the selector store below (the commit).
    c[img] = tag;
    c[img + 1] = length;
    c[img + 2] = p0;
    c[img + 3] = p1;
    store(c, this.at + V_SELECTOR, s, `${label}:value-commit`);
    add(c, this.at + V_VERSION, 1, `${label}:value-version`);
  }

  /** A fresh copy of the committed value. */
  read(label: string): unknown {
    const s = load(this.ctl, this.at + V_SELECTOR, `${label}:value-selector`);
    const img = this.at + V_IMAGE + 4 * s;
    const c = this.ctl;
    const tag = c[img];
    const length = c[img + 1];
    switch (tag) {
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_NUMBER:
        f64words[0] = c[img + 2];
        f64words[1] = c[img + 3];
        return f64[0];
      case T_LATIN1:
      case T_UTF16:
        return this.area(s, length).buf.toString(tag === T_LATIN1 ? 'latin1' : 'utf16le', 0, length);
      case T_PLAIN: {
        const v = this.area(s, length);
        return decodePlain(v.buf, v.dv, 0);
      }
      case T_SERIALIZED: {
        // Copy out first: a deserialized typed array must not alias shared memory.
        const copy = Buffer.allocUnsafe(length);
        this.area(s, length).buf.copy(copy, 0, 0, length);
        return deserialize(copy);
      }
      default:
        throw new Error(`syncspec internal error: bad value tag ${tag}`);
    }
  }

  /** Bumped by every write. */
  version(label: string): number {
    return load(this.ctl, this.at + V_VERSION, `${label}:value-version`);
  }
}
